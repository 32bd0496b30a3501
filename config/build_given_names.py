"""Write config/given_names.yaml from the list of first names in the PyPI package gender-guesser.

Usage:  python config/build_given_names.py [NAM_DICT] > config/given_names.yaml

NAM_DICT defaults to the `nam_dict.txt` of an installed gender-guesser (0.4.0): Jörg Michael's list of
about 48,000 first names from 54 countries with their gender (2008), released under the GNU Free
Documentation License 1.2 or later, so the file written here is under that licence too. Names the list
spells with "+" (Arabic, Chinese and Korean names written as one word, two or hyphenated) are left
out, and so are names whose frequency is below MIN_FREQUENCY in every country (the list's scale is
logarithmic, 1 to 13: at 1 are "Red", "Price", "Take", "Ice", words far more often than names); its gender
codes M / 1M / ?M are male, F / 1F / ?F female, ? either. Hand-made additions and
corrections go to config/first_names.yaml, which people.py applies over this file.
"""
from __future__ import annotations

import sys
from pathlib import Path

HEADER = """\
# Given names from 54 countries, written by config/build_given_names.py from nam_dict.txt of the PyPI
# package gender-guesser 0.4.0 (Jörg Michael, 2008). Licence: GNU Free Documentation License 1.2 or
# later (no invariant sections); this file, derived from it, is under the same licence.
# Do not edit: rerun the script. Corrections go to first_names.yaml, applied over this file.
"""
MIN_FREQUENCY = 2
GENDERS = {"M": "male", "1M": "male", "?M": "male", "F": "female", "1F": "female", "?F": "female", "?": "unisex"}


def given_names(nam_dict: str) -> dict[str, list[str]]:
    """male / female / unisex -> names, each name in the first of them the list gives it."""
    seen: dict[str, str] = {}
    for line in nam_dict.splitlines():
        code, name = line[:2].strip(), line[3:29].strip()
        if line.startswith("#") or code not in GENDERS or not name or "+" in name or not name[0].isupper():
            continue
        if max((int(f, 16) for f in line[30:].strip() if f in "0123456789ABCD"), default=0) < MIN_FREQUENCY:
            continue
        gender = GENDERS[code]
        # A name the list gives to men and women alike says nothing about gender.
        seen[name] = gender if seen.get(name, gender) == gender else "unisex"
    groups: dict[str, list[str]] = {"male": [], "female": [], "unisex": []}
    for name, gender in sorted(seen.items()):
        groups[gender].append(name)
    return groups


def render(groups: dict[str, list[str]]) -> str:
    lines = [HEADER]
    for gender, names in groups.items():
        lines.append(f"{gender}: [")
        for start in range(0, len(names), 10):
            lines.append("  " + ", ".join(f'"{n}"' for n in names[start:start + 10]) + ",")
        lines.append("]")
    return "\n".join(lines) + "\n"


def default_source() -> Path:
    import gender_guesser

    return Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else default_source()
    sys.stdout.write(render(given_names(source.read_text(encoding="utf-8"))))

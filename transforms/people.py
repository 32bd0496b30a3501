"""Find the people an article names, with the role and country it gives them.

Rule-based and cheap (a few regex passes per article): capitalised-word chunks are split into a role
prefix ("US Defense Secretary") and a name ("Pete Hegseth"); a chunk is a person when the gazetteer
knows it, a role or courtesy title precedes it, it starts with a known given name, or it is the
subject of a speech verb. Surname-only mentions and typos ("Jaishanakar") join the full name they
refer to, and role nouns ("the defense secretary") join the person holding that role.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process
from text_unidecode import unidecode

from transforms.model import Person, Span
from transforms.settings import read_data_file
from transforms.spelling import american

# Capitalised words that open sentences or clauses but are never part of a name.
FUNCTION_WORDS = frozenset("""
A About Above According Across After Again Against Ago All Almost Along Already Also Although Always
Among An And Another Any Anyone Anything Are As At Back Be Because Been Before Being Below Besides
Between Both But By Can Could Despite Did Do Does Down During Each Either Else Even Ever Every
Everyone Everything Few For From Further Had Has Have He Her Here Hers Herself Him Himself His How She
However I If In Inside Instead Into Is It Its Itself Just Last Later Least Less Like Many May Me
Meanwhile Might More Most Much Must My Neither Never Nevertheless New Next No Nobody None Nor Not
Nothing Now Of Off Often On Once One Only Or Other Others Our Out Over Per Perhaps Rather Read
Since So Some Someone Something Sometimes Soon Still Such Than That The Their Them Then There
Therefore These They This Those Though Through Thus To Today Together Tomorrow Too Toward Towards
Under Unless Until Up Upon Us Very Was We Were What Whatever When Where Whether Which While Who
Whoever Whom Whose Why Will With Within Without Would Yes Yesterday Yet You Your Meanwhile Asked Speaking
Thank Thanks Great Good Dear Sure Well Oh Hey Let Please Mr Mrs Ms Dr Um Uh Hmm Ah Wow
January February March April May June July August September October November December
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
""".split())

# One capitalised token: an acronym with periods (U.S.), an initial (S. or S), an abbreviated title
# (Sen.), or a word that may carry an apostrophe or hyphen (O'Neill, Al-Sisi, McConnell).
# Letters beyond ASCII count, so that "Gonzàlez" and "Raúl" stay whole.
# Latin letters, including the extended ranges of Turkish, Polish, Czech, Romanian and Vietnamese
# names (Aydın, Wałęsa, Ștefan, Nguyễn), which Python's `re` cannot select by case on its own.
_EXTENDED_LATIN = [chr(c) for c in (*range(0x100, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isalpha()]
_UPPER = "A-ZÀ-ÖØ-Þ" + "".join(c for c in _EXTENDED_LATIN if c.isupper())
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ" + "".join(_EXTENDED_LATIN)
_TOKEN = (rf"(?:[A-Z]\.){{2,}}|[A-Z][a-z]{{1,3}}\.(?=\s)|[A-Z]\.?(?=\s+[A-Z])"
          rf"|[{_UPPER}][{_LETTER}]*(?:[-'’][{_LETTER}]+)*")
_CONNECTOR = r"(?:of|of\s+the|for|de|des|del|da|van|von|bin|al|la|le|du|der|dos|ibn)"
# Lower-case particles inside a name ("von der Leyen", "de la Torre", "bin Salman").
NAME_PARTICLES = frozenset({"van", "von", "der", "de", "del", "da", "du", "dos", "la", "le", "bin", "ibn", "al"})
CHUNK_RE = re.compile(
    rf"(?<![\w’'-])(?:{_TOKEN})(?:(?:[ \t]+{_CONNECTOR}){{0,2}}[ \t]+(?:{_TOKEN}))*")
TOKEN_RE = re.compile(rf"{_TOKEN}|{_CONNECTOR}\b")
POSSESSIVE_RE = re.compile(r"[’']s?$")
SPEECH_AFTER_RE = re.compile(
    r"^\s*(?:,[^,\n]{1,80},\s*)?(?:(?:also|then|later|has|had|have|would|will|once|again|recently|"
    r"previously|further|repeatedly|publicly|reportedly|\w+ly)\s+)*"
    r"(?:said|says|say|stated|states|told|tells|added|adds|wrote|writes|posted|tweeted|noted|"
    r"explained|argued|asked|asks|insisted|continued|claimed|replied|responded|warned|announced|"
    r"acknowledged|admitted|recalled|suggested|urged|stressed|emphasi[sz]ed|declared|thanked|"
    r"testified|conceded|observed|predicted|promised|vowed|pledged|complained|contended|maintained|"
    r"reiterated|concluded|went on|goes on|spoke|greeted|met|who(?!\s*\?)|,\s+(?:a|an|the)\s|,\s+who\s)\b")
# The end of SPEECH_AFTER_RE when what it found is an apposition (", a ...", ", the ...").
APPOSITION_END_RE = re.compile(r",\s+(?:a|an|the)\s$")
# What before a name says it is a person's: a speech verb, then at most a few words of a role but no
# preposition ("said Marquette pollster Charles Franklin", not "wrote Jo Roe for Morning Consult"),
# or a lower-case role noun right before it ("Republican pollster Daron Shaw", "researcher Ann Lee").
SPEECH_BEFORE_RE = re.compile(
    r"\b(?:said|says|according to|stated|wrote|added|told|explained|asked|argued|noted|recalled|"
    r"continued|insisted|warned|agreed|agrees|remembered|tweeted|explains|adds|writes)"
    r"(?:\s+(?!(?:for|of|at|in|with|from|to|on|by|and|or|that|who)\b)[\w.’'-]+){0,4}\s*,?\s+$")
ROLE_NOUN_BEFORE_RE = re.compile(r"(?<![\w’'-])(?P<noun>[a-z]{3,}(?:er|or|ist|ian|ant|ent|man|woman|ee|ive))\s+$")
# Words after which a role noun is a verb ("to host", "will chair").
VERB_BEFORE_RE = re.compile(r"\b(?:to|will|would|can|could|should|may|might|must|did|does|do)\s+$")
# A lone capitalised word followed by a verb: a surname used as a subject ("Hayek confirmed").
SUBJECT_WORD_RE = re.compile(r"(?<![\w’'-])([A-Z][\w’'-]+)\s+(?:[a-z]+ly\s+)?(?:said|says|told|[a-z]{3,}ed)\b")
INITIAL_RE = re.compile(r"^[A-Z]\.?$")
# A journal in a reference, then its year and volume, its abbreviated name maybe running on over a few
# words ("J Immunol. 2014;192", "J Dermatol, Venereol Leprol. 2012;10").
CITED_JOURNAL_RE = re.compile(r"\.?(?:,?\s+[A-Z][a-z]+\.?){0,3}\s*(?:19|20)\d\d\s*[;:]")
# Before a name in a reference's author list, an author written surname first: "Mayorga C, Blanca M.".
AUTHOR_BEFORE_RE = re.compile(r"\b[A-Z][\w’'-]+\s+[A-Z]{1,2},\s+$")
# What follows "the X" when X is a thing, a place or an institution rather than a person named with an
# article: punctuation, a verb, or a small word ("the Louvre has", "in the Commons,", "the Exchequer said").
AFTER_THE_THING_RE = re.compile(r"[’']?\s*(?:[,.;:)!?]|$|(?:has|had|is|was|said|says|say|and|or|of|in|on|to|for|at|"
                                r"[a-z]+ed)\b)")
# A word for a work, then its title: "a TV series called Fat Actress", "the movie The Princess Diaries".
WORK_BEFORE_RE = re.compile(r"\b(?:series|show|book|film|movie|album|song|novel|game|programme|program|podcast|"
                            r"autobiography|memoir|play)(?:\s+(?:called|titled|entitled))?\s*,?\s+$")
PLACE_PREPOSITIONS = r"(?:in|near|outside|across|throughout)"
PLACE_PREPOSITION_BEFORE_RE = re.compile(rf"\b{PLACE_PREPOSITIONS}\s+$")
# Last words that make a name a place (a constituency, a district), not a surname.
COMPASS_WORDS = frozenset({"North", "South", "East", "West", "Central"})
# First words of English place names ("South Bend", "Santa Cruz", "Fort Worth"), never of a person's.
PLACE_FIRST_WORDS = frozenset({"North", "South", "East", "West", "San", "Santa", "Fort", "Port", "Mount", "Lake",
                               "Cape"})
CONTRACTION_RE = re.compile(r"[’'](?:m|d|ve|ll|re)$")
# A capital inside a word after a lower-case letter ("YouTube", "iPhone"), except after the particles
# that names glue on (McConnell, MacArthur, DiMaggio, DeSantis, LeBron, VanDyke, FitzGerald).
CAMEL_CASE_RE = re.compile(r"^(?!(?:Mc|Mac|Di|De|Da|Du|La|Le|Van|Von|Fitz|O)[A-Z])[A-Z]?[a-z]+[A-Z]")
# Offices addressed with a courtesy title ("Mr. Minister", "Madam Speaker"), which no surname spells.
ADDRESSED_ROLES = frozenset({"Minister", "President", "Speaker", "Secretary", "Chairman", "Chairwoman", "Chair",
                             "Ambassador", "Mayor", "Governor", "Prime", "Vice", "Commissioner", "Director",
                             "Chancellor", "Senator", "Attorney", "Premier"})
# ", a researcher at the Brookings Institution,": an apposition whose head is a role noun, with the
# organisation or country it is a role of.
ROLE_AFTER_NAME_RE = re.compile(
    r",\s+(?:(?:a|an|the|its|his|her|their)\s+)?(?!(?:who|which|that|whose|whom)\b)"
    r"(?P<role>(?:(?:[A-Z][\w.&-]*(?:’s|'s)?|(?!(?:who|was|is|has|had|and|but)\b)[a-z][\w-]*)\s+){0,4}?"
    r"(?P<head>[a-z]{3,})(?:\s+(?:of|at|for|with|in|to)\s+(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+(?:of\s+|for\s+|and\s+)?"
    r"[A-Z][\w.&’'-]*){0,5})?)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)\s*[,.;]")
# Words of ROLE_NOUN_BEFORE_RE's shape that are not roles ("after", "whenever", "percent").
NOT_ROLE_NOUNS = frozenset("""after under over never ever whenever however whether either neither rather
    other another together later sooner percent moment comment statement government agent event
    content consent present recent current frequent silent patent parent extent intent accent
    giant distant instant constant relevant significant important ancient efficient sufficient
    prominent permanent dominant decent urgent native captive massive positive negative active
    passive executive upper lower inner outer former latter""".split())
# A lone word is compared for a typo with at most this many people sharing its initial, the latest
# named: an article names a handful, and comparing with each of thousands (a list of names) was
# quadratic.
TYPO_CANDIDATES = 200
# Capitalised words (an organisation, a nationality), qualifiers, then a lower-case role word, ending
# right before a name: "Kremlin spokesman ", "former president ".
LOWERCASE_ROLE_BEFORE_RE = re.compile(
    r"(?<![\w’'-])(?P<role>(?:[A-Z][\w.’'-]*\s+(?:of\s+|for\s+)?){0,4}"
    r"(?:(?:former|acting|deputy|senior|chief|top|then|interim)\s+){0,2}(?P<head>[a-z]+))(?P<gap>\s+)$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


# Letters that the transliterations of one name write differently (Russian and Ukrainian names in
# English, German, French, Polish and Spanish: Zelensky/Selenskyj/Zełenski, Putin/Poutine,
# Vladimir/Wladimir, Volodymyr/Volodímir; the BGN/PCGN, Duden, French and Spanish conventions), each
# pair folded to one spelling.
_SPELLING_FOLDS = (("ou", "u"), ("w", "v"), ("z", "s"), ("j", "y"), ("y", "i"), ("kh", "h"))


def spelling_key(word: str) -> str:
    """One word as its spellings across languages and transliterations agree: Latin letters (ł -> l,
    ß -> ss, Cyrillic), the letters transliterations swap folded, doubled letters single, and the
    endings -yj/-yy/-iy/-i one ("Selenskyj", "Zelenskyy", "Zełenski", "Зеленский": "selensky";
    "Poutine": "putin"). A key to compare names with, never a name to show."""
    folded = re.sub(r"[^a-z]", "", unidecode(word).casefold())
    for written, spoken in _SPELLING_FOLDS:
        folded = folded.replace(written, spoken)
    folded = re.sub(r"(.)\1+", r"\1", folded)
    folded = re.sub(r"(?<=..)i+$", "y", folded)
    return re.sub(r"(?<=...)ine$", "in", folded)   # French writes Russian -in as -ine (Poutine, Lénine)


def stem_key(word: str, endings: tuple[str, ...]) -> str:
    """`spelling_key` without a case ending ("Putina", "Putinowi", "Putins" -> "putin"; "Dudy" and
    "Duda" -> "dud"; "Anny", "Anna" -> "an"), `endings` being spelling keys, longest first; at least
    two letters stay."""
    key = spelling_key(word)
    ending = next((e for e in endings if key.endswith(e) and len(key) - len(e) >= 2), "")
    return re.sub(r"(?<=..)y$", "", key[:len(key) - len(ending)])


def _bare_word(word: str) -> str:
    return word.rstrip(".").replace("’", "'")


@dataclass
class KnownPerson:
    """A gazetteer entry: who a person is when an article gives no more."""

    name: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    country: str | None = None
    gender: str | None = None


@dataclass
class PeopleGazetteer:
    """Known people, title words, nationalities, organisations and given names (all from config/)."""

    people: list[KnownPerson]
    title_words: frozenset[str]                 # words allowed in a role written before a name
    role_heads: frozenset[str]                  # words that make a role a person's role
    role_abbreviations: dict[str, str]          # "EAM" -> "External Affairs Minister"
    honorifics: dict[str, str | None]           # "Mr." -> "m"
    country_words: dict[str, str]               # "Australian" -> "Australia", "U.S." -> "US"
    capitals: dict[str, str]                    # "Washington" -> "US"
    organisations: dict[str, str]               # written form -> canonical organisation name
    org_head_words: frozenset[str]
    given_names: dict[str, str | None]          # "Hillary" -> "f", "Terry" -> None
    group_nouns: frozenset[str] = frozenset()   # "officials", "investigators": groups, never a surname
    case_endings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> spelling keys
    places: frozenset[str] = frozenset()        # countries, US states, big cities: "Hong Kong", "Boston"
    common_given_names: frozenset[str] = frozenset()  # those of the hand-made first_names.yaml
    by_key: dict[str, KnownPerson] = field(default_factory=dict)
    _by_stem: dict[tuple[str, ...], dict[str, set[int]]] = field(default_factory=dict)  # see `stems`

    def __post_init__(self) -> None:
        for known in self.people:
            for written in (known.name, *known.aliases):
                self.by_key.setdefault(person_key(written), known)

    def endings(self, language: str | None) -> tuple[str, ...]:
        """The case endings of a language, longest first (none for a language not known: a text too
        short to tell gets the English rules, and English "Williams" is not an inflected "William")."""
        return tuple(sorted(set(self.case_endings.get(language or "", ())), key=lambda e: (-len(e), e)))

    def lookup(self, name: str, endings: tuple[str, ...] = ()) -> KnownPerson | None:
        """The known person written so, else the one whose name is this one in another language,
        transliteration or case ("Wolodymyr Selenskyj", "Władimira Putina")."""
        if known := self.by_key.get(person_key(name)):
            return known
        words = name.split()
        owners = self.stems(endings).get(" ".join(stem_key(w, endings) for w in words), set())
        return self.people[next(iter(owners))] if len(owners) == 1 else None

    def lookup_surname(self, surname: str, endings: tuple[str, ...] = ()) -> KnownPerson | None:
        """The one known person with this surname (in any spelling or case); None when none or several."""
        wanted = stem_key(person_key(surname), endings)
        found = {id(p): p for p in self.people if stem_key(p.name.split()[-1], endings) == wanted}
        return next(iter(found.values())) if len(found) == 1 else None

    def stems(self, endings: tuple[str, ...]) -> dict[str, set[int]]:
        """Stem keys of every known name and alias -> the people (by index) written so."""
        if endings not in self._by_stem:
            stems: dict[str, set[int]] = {}
            for index, known in enumerate(self.people):
                for written in (known.name, *known.aliases):
                    stems.setdefault(" ".join(stem_key(w, endings) for w in written.split()), set()).add(index)
            self._by_stem[endings] = stems
        return self._by_stem[endings]


def load_people_gazetteer(people_path: Path, organisations_path: Path,
                          languages_folder: Path | None = None) -> PeopleGazetteer:
    """Read people.yaml and organisations.yaml, plus roles.yaml, countries.yaml, given_names.yaml and
    places.yaml (generated) and first_names.yaml (hand-made) from the folder of people.yaml (all optional
    but people.yaml), and the `case_endings` of each language file in `languages_folder` (by default
    the `languages` folder beside people.yaml), where the rest of each language's data lives."""
    people_path, organisations_path = Path(people_path), Path(organisations_path)
    folder = people_path.parent
    languages_folder = Path(languages_folder) if languages_folder is not None else folder / "languages"
    case_endings: dict[str, tuple[str, ...]] = {}
    for path in sorted(languages_folder.glob("*.yaml")) if languages_folder.is_dir() else []:
        language_raw = read_data_file(path)
        if language_raw.get("case_endings"):
            case_endings[str(language_raw.get("language") or path.stem)] = tuple(
                spelling_key(str(e)) for e in language_raw["case_endings"])
    people_raw = read_data_file(people_path)
    roles_raw = read_data_file(folder / "roles.yaml") if (folder / "roles.yaml").exists() else {}
    countries_raw = read_data_file(folder / "countries.yaml") if (folder / "countries.yaml").exists() else {}
    names_raw = read_data_file(folder / "first_names.yaml") if (folder / "first_names.yaml").exists() else {}
    generated_raw = read_data_file(folder / "given_names.yaml") if (folder / "given_names.yaml").exists() else {}
    places_raw = read_data_file(folder / "places.yaml") if (folder / "places.yaml").exists() else {}
    orgs_raw = read_data_file(organisations_path) if organisations_path.exists() else {}

    people = [KnownPerson(name=str(p["name"]), aliases=[str(a) for a in p.get("aliases") or []],
                          role=p.get("role"), country=p.get("country"), gender=p.get("gender"))
              for p in people_raw.get("people") or []]
    country_words: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for country, entry in (countries_raw.get("countries") or {}).items():
        for word in entry.get("words") or []:
            country_words[str(word)] = str(country)
        for word in entry.get("capitals") or []:
            capitals[str(word)] = str(country)
    organisations: dict[str, str] = {}
    for canonical, aliases in (orgs_raw.get("organisations") or {}).items():
        for written in (canonical, *(aliases or [])):
            organisations[str(written)] = str(canonical)
    given_names = _given_names(generated_raw)
    # A word the other lists give a meaning ("France", "May", "General") is no given name here.
    not_names = {*country_words, *capitals, *organisations, *FUNCTION_WORDS,
                 *(_bare_word(str(w)) for key in ("title_words", "role_heads") for w in roles_raw.get(key) or []),
                 *(_bare_word(str(w)) for w in orgs_raw.get("head_words") or [])}
    given_names = {n: g for n, g in given_names.items() if n not in not_names}
    common_given_names = _given_names(names_raw)
    given_names.update(common_given_names)  # the hand-made list, last: its corrections win
    for word in names_raw.get("not_given_names") or []:
        given_names.pop(str(word), None)
    # A place that is also a given name or a known person's name ("Sofia", "Austin") stays a name.
    surnames = {w for p in people for written in (p.name, *p.aliases) for w in written.split()}
    places = frozenset(str(p) for p in places_raw.get("places") or []) - given_names.keys() - surnames
    return PeopleGazetteer(
        people=people,
        title_words=frozenset(_bare_word(w) for w in roles_raw.get("title_words") or []),
        role_heads=frozenset(_bare_word(w) for w in roles_raw.get("role_heads") or []),
        role_abbreviations={str(k): str(v) for k, v in (roles_raw.get("abbreviations") or {}).items()},
        honorifics={_bare_word(str(k)): v for k, v in (roles_raw.get("honorifics") or {}).items()},
        country_words=country_words,
        capitals=capitals,
        organisations=organisations,
        org_head_words=frozenset(_bare_word(w) for w in orgs_raw.get("head_words") or []),
        given_names=given_names,
        group_nouns=frozenset(str(w).casefold() for w in roles_raw.get("group_nouns") or []),
        places=places,
        common_given_names=frozenset(common_given_names),
        case_endings=case_endings,
    )


def _given_names(raw: dict) -> dict[str, str | None]:
    """Name -> "m" / "f" / None (unisex) of a list of given names (first_names.yaml, given_names.yaml)."""
    names: dict[str, str | None] = {str(n): None for n in raw.get("unisex") or []}
    names.update({str(n): "m" for n in raw.get("male") or []})
    names.update({str(n): "f" for n in raw.get("female") or []})
    return names


def person_key(name: str) -> str:
    """Normalised key: case, accents, periods, possessives and courtesy titles do not matter."""
    words = [w for w in re.split(r"[\s.]+", _fold(name).replace("’", "'")) if w]
    while words and words[0] in {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "shri", "smt", "prof"}:
        words = words[1:]
    if words:
        words[-1] = re.sub(r"'s?$", "", words[-1])
    return " ".join(words)


def _spelling(name: str) -> str:
    """`person_key` with each word's `stem_key`: one key for a name in every spelling. Letters with no
    accent to drop (ł, ø, đ) are transliterated first, as `person_key` alone drops them ("Wołodymyr")."""
    return " ".join(stem_key(w, ()) for w in person_key(unidecode(name)).split())


def _canonical_form(tokens: list[str]) -> str:
    """Name as written, with initials given a period ("S Jaishankar" -> "S. Jaishankar")."""
    return " ".join(f"{t}." if len(t) == 1 and t.isupper() else t for t in tokens)


@dataclass
class _Candidate:
    """One capitalised chunk read as (role prefix, honorific, name tokens)."""

    start: int          # of the name part
    end: int
    name_tokens: list[str]
    role: str | None
    role_start: int
    country: str | None
    gender: str | None
    evidence: bool      # something beyond capitalisation says it is a person


def _split_chunk(text: str, match: re.Match, gaz: PeopleGazetteer, endings: tuple[str, ...] = (),
                 written_words: WrittenWords | None = None) -> _Candidate | None:
    """Split one capitalised chunk into its role prefix and name; None when no name is left."""
    tokens = [(m.start() + match.start(), m.end() + match.start(), m.group()) for m in TOKEN_RE.finditer(match.group())]
    # Sentence-initial words ("The", "But", "According") are not part of what follows. (Found by index:
    # dropping them one list copy at a time was quadratic in a long run of capitalised words.)
    first = next((i for i, (_, _, written) in enumerate(tokens) if not written[0].islower() and not (
        _bare_word(written) in FUNCTION_WORDS and _bare_word(written) not in gaz.honorifics)), len(tokens))
    # A word of four letters with a period ("Kiew.", "Iran.") ends a sentence unless it is a title
    # ("Sen.", "Gen."): the name starts after it.
    ends = [j for j, (_, _, written) in enumerate(tokens[:-1]) if len(written) > 2 and written.endswith(".")
            and _bare_word(written) not in gaz.honorifics and _bare_word(written) not in gaz.title_words]
    tokens = tokens[max(first, ends[-1] + 1 if ends else 0):]
    if len(tokens) > 1 and _opens_sentence(text, tokens[0][0]) and _is_sentence_word(tokens, gaz, written_words):
        tokens = tokens[1:]  # "Unlike Hitler", "Afterwards Penny Mordaunt"
    if not tokens:
        return None
    role_tokens: list[str] = []
    role_start = tokens[0][0]
    country = None
    gender = None
    honorific = False
    i = 0
    while i < len(tokens):
        word = _bare_word(tokens[i][2])
        written = tokens[i][2]
        if honorific:
            break  # after "Mr." comes the name, even one that reads as a title ("Mr. King")
        if word in gaz.honorifics:
            gender = gaz.honorifics[word]
            honorific = True
        elif written in gaz.country_words and i + 1 < len(tokens):
            country = gaz.country_words[written]
            role_tokens.append(written)
        elif written in gaz.role_abbreviations and i + 1 < len(tokens):
            role_tokens.append(gaz.role_abbreviations[written])
        elif (word in gaz.title_words or written in gaz.title_words) and i + 1 < len(tokens):
            role_tokens.append(written)
        elif written[0].islower() and role_tokens:  # "of", "for" inside a role
            role_tokens.append(written)
        else:
            break
        i += 1
    name = tokens[i:]
    if not honorific:
        # An unknown word before a title is part of the role: "Oversight Chairman Jason Chaffetz".
        last_title = max((j for j, (_, _, w) in enumerate(name[:-1]) if _bare_word(w) in gaz.role_heads), default=-1)
        if last_title >= 0:
            role_tokens.extend(w for _, _, w in name[:last_title + 1])
            name = name[last_title + 1:]
    if role_tokens and role_tokens[-1][0].islower() and len(name) == 1:
        return None  # "Minister of Industry": the word after "of" completes the role
    given = [j for j, (_, _, w) in enumerate(name[:-1]) if j > 0 and w in gaz.given_names]
    if given and not any(w in gaz.given_names or INITIAL_RE.match(w) for _, _, w in name[:given[0]]):
        # "Attorney for the District of Massachusetts Joshua Levy", "Supervisor Alfredo Pedroza": what
        # stands before a given name belongs to the role.
        role_tokens.extend(w for _, _, w in name[:given[0]])
        name = name[given[0]:]
    if not name or name[0][2][0].islower():
        return None
    # A lower-case connector ends the name ("Hegseth of the Pentagon"), except the particles of a name
    # that a given name opens ("Ursula von der Leyen", "Carlos de la Torre").
    particles_kept = bool(name) and name[0][2] in gaz.given_names
    for j, (_, _, written) in enumerate(name):
        if written[0].islower() and not (particles_kept and written in NAME_PARTICLES and j + 1 < len(name)):
            name = name[:j]
            break
    words = [POSSESSIVE_RE.sub("", w) if len(w) > 2 else w for _, _, w in name]
    words = [w.rstrip(".") if not INITIAL_RE.match(w) else w for w in words]
    known = gaz.lookup(" ".join(w.rstrip(".") if len(w) > 2 else w for w in words), endings)
    if known is None and len(words) > 1 and (window := _known_window(words, gaz, endings)):
        # A known name inside a longer run of capitalised words: "Präsident Wolodymyr Selenskyj",
        # "Selon Zelensky" (languages that capitalise nouns, or a word this list does not know).
        first, last, known = window
        name, words = name[first:last], words[first:last]
    # A given name makes "Jim Jordan" a person, not the country; a courtesy title makes "Mr. King" one.
    given_first = len(words) > 1 and words[0] in gaz.given_names
    if honorific and words and _bare_word(words[0]) in ADDRESSED_ROLES:
        return None  # "Mr. Minister", "Madam President": an address to an office, not a name ("Mr. King" is one)
    if not known and not (honorific and len(words) == 1) and any(
            _bare_word(w) in FUNCTION_WORDS or _bare_word(w) in gaz.org_head_words or w in gaz.organisations
            or (not given_first and (w in gaz.country_words or w in gaz.capitals or w in gaz.places))
            or _bare_word(w) in gaz.title_words for w in words):
        return None
    if not known and " ".join(words) in gaz.organisations:
        return None  # "Page Six", "Eli Lilly": an organisation the list knows by its whole name
    # (A given name of the long generated list does not make "San Diego Gas" a person's name.)
    if not known and (" ".join(words) in gaz.places or not (given_first and words[0] in gaz.common_given_names) and any(
            " ".join(words[j:j + 2]) in gaz.places for j in range(len(words) - 1))):
        return None  # "Hong Kong", "Sri Lanka", "San Diego"
    if len(words) > 4 or all(INITIAL_RE.match(w) for w in words):
        return None
    if any(POSSESSIVE_RE.search(w) and len(w) > 2 for _, _, w in name[:-1]):
        return None  # "David’s Sling", "Trump’s Tower": something of someone's, not a name
    if any(w.isupper() and len(w) > 1 and "." not in w for w in words):  # acronyms: NATO, QUAD
        return None
    if not known and any(CONTRACTION_RE.search(w) or CAMEL_CASE_RE.match(w) for w in words):
        return None  # "I'm", "We’ve"; "YouTube", "ConcernedApe": a product or a handle, not a name
    if not known and written_words is not None and " ".join(words) in written_words.brands():
        return None  # "Betty Crocker™", "Bluetooth®": a brand wherever the text writes it
    if not known and CITED_JOURNAL_RE.match(text, name[-1][1]):
        return None  # "J Immunol. 2014;192(7)": a journal in a reference, before its year and volume
    if not known and WORK_BEFORE_RE.search(text, max(0, match.start() - 40), match.start()):
        return None  # "a TV series called Fat Actress", "her autobiography, Lady Sings the Blues": a title
    after_the = text[max(0, name[0][0] - 4):name[0][0]].casefold() == "the " or (
        not role_tokens and text[max(0, match.start() - 4):match.start()] == "the ")
    if not known and not honorific and after_the and AFTER_THE_THING_RE.match(text, _name_end(text, name)):
        return None  # "the Louvre has", "in the Commons,", "of the Dallas Cowboys.": a thing or a place
    if not known and (words[-1] in COMPASS_WORDS and _has_compass_sibling(words, written_words)
                      or len(words) > 1 and words[0] in PLACE_FIRST_WORDS
                      or len(words) == 1 and words[0].endswith("s") and words[0][:-1] in gaz.country_words
                      or words[-1].casefold() in gaz.group_nouns or re.fullmatch(r"[A-Z]{2,}s", words[-1])):
        return None  # "Dudley North", "Santa Cruz" (places); "Americans", "Young Officers", "Tory MPs" (groups)
    while role_tokens and role_tokens[-1][0].islower():
        role_tokens.pop()
    heads = {_bare_word(w) for w in " ".join(role_tokens).split()}
    has_head = bool(heads & gaz.role_heads)
    role = " ".join(role_tokens) if has_head else None
    start = name[0][0]
    end = _name_end(text, name)
    words = [w.rstrip(".") if len(w) > 1 else w for w in words]
    # A name from the long generated list that the text also writes in lower case ("Olive Oil" beside
    # "olive", "Line Height" beside "line") is that word here; the hand-made list's names always count.
    # A given name says nothing before a country that is no given name ("Christian America"; "Jim Jordan"
    # stays a name) or before a word the text also writes in lower case ("Grant Support" beside
    # "support", "Herb Focaccia" beside "focaccia").
    has_given_name = len(words) > 1 and words[0] in gaz.given_names and not (
        words[-1] in gaz.country_words and words[-1] not in gaz.given_names) and not (
        words[0] not in gaz.common_given_names and written_words is not None and words[0].casefold() in written_words
    ) and not (written_words is not None and len(words[-1]) > 2 and written_words.in_prose(words[-1].casefold()))
    given_gender = gaz.given_names[words[0]] if has_given_name else None
    # "J. Adams", "T. Moody": an initial before a surname is how news writes a person.
    initialled = len(words) > 1 and all(INITIAL_RE.match(w) for w in words[:-1]) and not INITIAL_RE.match(words[-1])
    # A lone word "in" which something stands is a place, whatever clause follows ("a councilman in
    # Hendersonville, who was").
    in_place = len(words) == 1 and PLACE_PREPOSITION_BEFORE_RE.search(text, max(0, start - 12), start) is not None
    evidence = (has_head or honorific or known is not None or has_given_name or initialled
                or not in_place and _speech_after(text, end, len(words) == 1, gaz) or (
                    len(words) > 1 and _named_by_context(text, role_start if role else start, gaz)))
    return _Candidate(start=start, end=end, name_tokens=words, role=role,
                      role_start=role_start if role else start,
                      country=country if role else None, gender=gender or given_gender, evidence=evidence)


def _speech_after(text: str, end: int, lone_word: bool, gaz: PeopleGazetteer) -> bool:
    """Whether a speech verb or a clause about someone follows a name. After a lone word, an apposition
    counts only when it gives a role ("Hayek, a researcher,"): "Golem, a global supercomputer" and
    "64-bit Windows, the 32-bit Python" name things. (Asked of longer names too, it cost PolNeAR train
    speakers more than the few things it kept out.)"""
    speech = SPEECH_AFTER_RE.match(text[end:end + 120])
    if speech is None:
        return False
    return not (lone_word and APPOSITION_END_RE.search(speech.group()) and _role_apposition(text, end, gaz) is None)


def _has_compass_sibling(words: list[str], written_words: WrittenWords | None) -> bool:
    """Whether a name ending in a compass point is one of several districts: "Milton Keynes North" (three
    words), or "Dudley North" in a text that also writes "Dudley South" ("Cornel West" is a person)."""
    return len(words) > 2 or written_words is not None and any(
        (words[0], point) in written_words.compass_names() for point in COMPASS_WORDS - {words[-1]})


def _name_end(text: str, name: list[tuple[int, int, str]]) -> int:
    """Where a name's tokens end in the text, without a possessive or a full stop."""
    last_start, _, written = name[-1]
    end = last_start + len(written.rstrip("’'s") if written.endswith(("’s", "'s")) else written)
    return end - 1 if text[end - 1] == "." else end


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start].rstrip(" \t").rstrip("\"“”’)")
    return not before or before[-1] in ".!?…:\n"


def _is_sentence_word(tokens: list[tuple[int, int, str]], gaz: PeopleGazetteer,
                      written_words: WrittenWords | None) -> bool:
    """Whether the capitalised word opening a sentence is an ordinary word, not the start of a name:
    a given name follows it ("Afterwards Penny Mordaunt"), or the text writes it in lower case too
    ("Unlike Hitler" beside "unlike"). A given name, title or country opening a name is no such word."""
    word = _bare_word(tokens[0][2])
    if word in gaz.given_names or word in gaz.honorifics or word in gaz.title_words or word in gaz.role_abbreviations \
            or tokens[0][2] in gaz.country_words or INITIAL_RE.match(word) or word in gaz.role_heads:
        return False
    return tokens[1][2] in gaz.given_names or (written_words is not None and word.casefold() in written_words)


def _list_parts(text: str, match: re.Match, gaz: PeopleGazetteer) -> list[re.Match]:
    """A run of names from a list of signatories, written without commas ("Dexter Filkins Federico
    Finchelstein", "Bari Weiss Cornel West Sean Wilentz"), cut before each given name that follows two
    words or more of a name."""
    tokens = list(TOKEN_RE.finditer(match.group()))
    initial = next((i for i, t in enumerate(tokens[:-1])
                    if i and INITIAL_RE.match(t.group()) and t.group().endswith(".")), 0)
    if initial and AUTHOR_BEFORE_RE.search(text, max(0, match.start() - 40), match.start()):
        # In a reference's author list ("Mayorga C, Blanca M. Nonimmediate allergic reactions"), the
        # initial ends the author and a title starts.
        return [p for p in (CHUNK_RE.match(text, match.start(), match.start() + tokens[initial].end()),
                            CHUNK_RE.match(text, match.start() + tokens[initial + 1].start(), match.end())) if p]
    if len(tokens) < 4:
        return [match]
    # A given name right after the first word of the name is a middle name ("Then Iain Duncan Smith"),
    # not a new person.
    first = next((i for i, t in enumerate(tokens) if _bare_word(t.group()) not in FUNCTION_WORDS), len(tokens))
    # Names start after the last role word or connector: "US Secretary of State Marco Rubio" is one
    # person, "American Federation of Teachers Bari Weiss Cornel West" is Bari Weiss and Cornel West.
    start = max([first, *(i + 1 for i, t in enumerate(tokens) if t.group()[0].islower()
                          or _bare_word(t.group()) in gaz.title_words or _bare_word(t.group()) in gaz.role_heads
                          or t.group() in gaz.country_words or _bare_word(t.group()) in gaz.honorifics)])
    cuts: list[int] = []
    for j in range(start + 2, len(tokens) - 1):
        part_start = cuts[-1] if cuts else start
        # (Not after a role noun in a part no given name opens: "Baark Volunteer Coordinator Bonnie Young"
        # is a role, then a name.)
        if tokens[j].group() in gaz.given_names and tokens[j + 1].group()[0].isupper() and not (
                tokens[part_start].group() not in gaz.given_names
                and ROLE_NOUN_BEFORE_RE.search(tokens[j - 1].group().casefold() + " ")):
            cuts.append(j)
    if not cuts and len(tokens) - start == 4 and tokens[start].group() in gaz.given_names and not any(
            INITIAL_RE.match(t.group()) or t.group()[0].islower() or _bare_word(t.group()) in FUNCTION_WORDS
            or _bare_word(t.group()) in gaz.org_head_words for t in tokens[start:]):
        cuts = [start + 2]  # four words from a given name are two people: "Elliot Ackerman Saladin Ambar"
    bounds = [0, *cuts, len(tokens)]
    parts = [CHUNK_RE.match(text, match.start() + tokens[a].start(), match.start() + tokens[b - 1].end())
             for a, b in zip(bounds, bounds[1:])]
    return [p for p in parts if p]


def _known_window(words: list[str], gaz: PeopleGazetteer, endings: tuple[str, ...]
                  ) -> tuple[int, int, KnownPerson] | None:
    """The longest, then first, run of `words` (of at most four, as a name is) that the gazetteer knows
    as a name or alias; each word's keys made once, as a hostile text can be one run of thousands."""
    keys = [person_key(w) for w in words]
    stems = [stem_key(w, endings) for w in words]
    by_stem = gaz.stems(endings)
    for length in range(min(len(words) - 1, 4), 0, -1):
        for first in range(len(words) - length + 1):
            if known := gaz.by_key.get(" ".join(keys[first:first + length])):
                return first, first + length, known
            owners = by_stem.get(" ".join(stems[first:first + length]), ())
            if len(owners) == 1:
                return first, first + length, gaz.people[next(iter(owners))]
    return None


def _named_by_context(text: str, start: int, gaz: PeopleGazetteer) -> bool:
    """Whether what stands before a full name the lists do not know says it is a person: a speech
    verb ("said Daron Shaw") or a role noun ("pollster Daron Shaw", "researcher Ann Lee")."""
    before = text[max(0, start - 60):start]
    if SPEECH_BEFORE_RE.search(before):
        return True
    noun = ROLE_NOUN_BEFORE_RE.search(before)
    return noun is not None and noun["noun"] not in FUNCTION_WORDS and noun["noun"] not in NOT_ROLE_NOUNS


@dataclass
class _Entity:
    """A person being assembled from the article's mentions."""

    tokens: list[str]
    role: str | None
    country: str | None
    gender: str | None
    mentions: list[Span] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    known: KnownPerson | None = None

    @property
    def surname(self) -> str:
        return self.tokens[-1]


def _same_name(a: list[str], b: list[str], endings: tuple[str, ...] = ()) -> bool:
    """Full names that are one person: same surname and compatible given names or initials.

    Accents, transliteration and the case `endings` do not matter ("Honoré-Paul" is "Honore-Paul",
    "Wołodymyr Zełenski" is "Volodymyr Zelensky", "Władimira Putina" is "Vladimir Putin"): two names
    that get one person id must be one person of the article, or the article would link that id twice."""
    if stem_key(a[-1], endings) != stem_key(b[-1], endings):
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    fa, fb = stem_key(a[0].rstrip("."), endings), stem_key(b[0].rstrip("."), endings)
    initial_a, initial_b = _fold(a[0][0]), _fold(b[0][0])
    return fa == fb or (len(a[0].rstrip(".")) == 1 and _fold(b[0]).startswith(initial_a)) or (
        len(b[0].rstrip(".")) == 1 and _fold(a[0]).startswith(initial_b))


def _with_lowercase_role(text: str, cand: _Candidate, gaz: PeopleGazetteer) -> _Candidate:
    """A role written in lower case right before the name: "Kremlin spokesman Dmitry Peskov",
    "Russian Foreign Ministry spokeswoman Maria Zakharova", "former president Lech Wałęsa"."""
    if cand.role is not None:
        return cand
    match = LOWERCASE_ROLE_BEFORE_RE.search(text, max(0, cand.start - 80), cand.start)
    if match is None or match["head"].capitalize() not in gaz.role_heads:
        return cand
    if match["role"] == match["head"] and VERB_BEFORE_RE.search(text, max(0, match.start() - 10), match.start()):
        return cand  # "went to NBC to host Crossover", "will judge the show": the role noun is a verb there
    words = match["role"].split()
    while words and _bare_word(words[0]) in FUNCTION_WORDS and words[0] not in gaz.country_words:
        words = words[1:]
    country = next((gaz.country_words[w] for w in words if w in gaz.country_words), None)
    role = " ".join(words)
    return _Candidate(start=cand.start, end=cand.end, name_tokens=cand.name_tokens, role=role,
                      role_start=cand.start - len(match["role"]) - len(match["gap"]), country=country,
                      gender=cand.gender, evidence=True)


def find_people(text: str, gazetteer: PeopleGazetteer, language: str | None = None) -> list[Person]:
    """Every person the article names, one per real person, with all their mentions; a name inflected
    by the case endings of the article's `language` is its nominative."""
    endings = gazetteer.endings(language)
    written_words = WrittenWords(text)
    candidates = [_with_lowercase_role(text, c, gazetteer) for m in CHUNK_RE.finditer(text)
                  for part in _list_parts(text, m, gazetteer)
                  if (c := _split_chunk(text, part, gazetteer, endings, written_words))]
    entities: list[_Entity] = []
    # Entities by folded surname and by gazetteer entry, and each one's mention starts in order: looking
    # them up by walking every entity (and every mention) made an article naming many people quadratic.
    by_surname: dict[str, list[_Entity]] = {}
    by_known: dict[int, _Entity] = {}
    mention_starts: dict[int, list[int]] = {}

    def add_entity(entity: _Entity) -> None:
        entities.append(entity)
        by_surname.setdefault(stem_key(entity.surname, endings), []).append(entity)
        if entity.known is not None:
            by_known.setdefault(id(entity.known), entity)

    def attach(entity: _Entity, span: Span, written: str) -> None:
        entity.mentions.append(span)
        bisect.insort(mention_starts.setdefault(id(entity), []), span.start)
        if written not in entity.written:
            entity.written.append(written)

    def last_start_before(entity: _Entity, position: int) -> int:
        starts = mention_starts.get(id(entity), [])
        index = bisect.bisect_left(starts, position)
        return starts[index - 1] if index else -1

    # Full names first, so that a surname before the full name ("Hegseth meets ...") still joins it.
    singles: list[_Candidate] = []
    subject_words: set[str] | None = None
    for cand in candidates:
        key_name = " ".join(cand.name_tokens)
        known = gazetteer.lookup(key_name, endings)
        if len(cand.name_tokens) == 1 and not known:
            singles.append(cand)
            continue
        same_person = None if known else next((e for e in by_surname.get(stem_key(cand.name_tokens[-1], endings), [])
                                               if _same_name(e.tokens, cand.name_tokens, endings)), None)
        if not cand.evidence and not known and same_person is None:
            # A full name whose surname stands alone elsewhere as a subject ("Hayek confirmed"); one the
            # article named already, maybe in another case ("Borisem Pistoriusem"), needs no more.
            if subject_words is None:
                subject_words = {m[1] for m in SUBJECT_WORD_RE.finditer(text)
                                 if not text[max(0, m.start() - 2):m.start()].rstrip()[-1:].isalpha()}
            # (Not when someone else the article named carries that surname: "Dion emerged" is Céline Dion,
            # no evidence for a "Canine Dion".)
            if cand.name_tokens[-1] not in subject_words or stem_key(cand.name_tokens[-1], endings) in by_surname:
                continue
        span = Span(cand.start, cand.end, text[cand.start:cand.end])
        entity = by_known.get(id(known)) if known else same_person
        if entity is None:
            entity = _Entity(tokens=known.name.split() if known else cand.name_tokens, role=None,
                             country=None, gender=(known.gender if known else None), known=known)
            add_entity(entity)
        elif len(cand.name_tokens) > len(entity.tokens) and not entity.known:
            entity.tokens = cand.name_tokens
        if cand.role and entity.role is None:
            entity.role, entity.country = cand.role, cand.country
            span = Span(cand.role_start, cand.end, text[cand.role_start:cand.end])
        entity.gender = entity.gender or cand.gender
        attach(entity, Span(cand.start, cand.end, text[cand.start:cand.end]), span.text)

    # Full names no longer change from here on: entities by folded given name, and those whose surname
    # could have a typo (6 letters or more) by its initial, with the surname casefolded.
    by_given: dict[str, list[_Entity]] = {}
    by_initial: dict[str, tuple[list[_Entity], list[str]]] = {}

    def index_names(entity: _Entity) -> None:
        if len(entity.tokens) > 1:
            by_given.setdefault(_fold(entity.tokens[0]), []).append(entity)
        if len(entity.surname) >= 6:
            same_initial, surnames = by_initial.setdefault(entity.surname[0], ([], []))
            same_initial.append(entity)
            surnames.append(entity.surname.casefold())

    for entity in entities:
        index_names(entity)
    for cand in singles:
        word = cand.name_tokens[0]
        span = Span(cand.start, cand.end, text[cand.start:cand.end])
        matches = list(by_surname.get(stem_key(word, endings), []))
        if not matches and len(word) >= 4:
            matches = list(by_given.get(_fold(word), []))
        if not matches and len(word) >= 6:
            # A typo of a surname ("Jaishanakar"): close in spelling, same first letter; among the
            # latest TYPO_CANDIDATES people so, compared in one call.
            same_initial, surnames = by_initial.get(word[0], ([], []))
            recent = len(same_initial) - len(surnames[-TYPO_CANDIDATES:])
            close = process.extract(word.casefold(), surnames[recent:], scorer=fuzz.ratio, score_cutoff=85, limit=None)
            matches = [same_initial[recent + i] for i in sorted(i for _, _, i in close)]
        def fits(role: str | None, gender: str | None) -> bool:
            """The mention's courtesy title or role agrees with this person's."""
            return bool((cand.gender and gender == cand.gender) or (
                cand.role and role and set(cand.role.casefold().split()) & set(role.casefold().split())))

        if len(matches) > 1:
            # "Mr. Obama" / "President Obama": the courtesy title or role tells which of them.
            matches = [e for e in matches if fits(e.role or (e.known and e.known.role), e.gender)] or matches
        elif matches and (cand.role or cand.gender):
            # "President Obama" in an article that so far named only "Michelle Obama": the known
            # president, when the title fits him and not her.
            other = gazetteer.lookup_surname(word, endings)
            if other and other is not matches[0].known and fits(other.role, other.gender) and \
                    not fits(matches[0].role or (matches[0].known and matches[0].known.role), matches[0].gender):
                matches = []
        if matches:
            # Two people sharing the surname: the one named most recently before this mention.
            before = [e for e in matches if last_start_before(e, cand.start) >= 0]
            entity = max(before or matches, key=lambda e: last_start_before(e, cand.start))
            attach(entity, span, word)
            continue
        known = gazetteer.lookup_surname(word, endings) if cand.evidence else None
        # A lone word the article also writes in lower case ("Culture", "Recession", "Chrome" beside
        # "culture", "recession", "chrome") is that word, whatever verb or title stands by it ("General
        # Information" beside "information"); with no title, so is one it writes in the plural ("the only
        # Sixer who" beside "the Sixers": one of a team or a party).
        if not known and not cand.gender and (
                word.casefold() in gazetteer.group_nouns or word.casefold() in written_words
                or not cand.role and (_is_sentence_adverb(text, cand.start, word) or word in written_words.places()
                                      or f"{word}s" in written_words)):
            continue
        # A given name standing alone is a surname when something says it is a person ("Warren said").
        if known or cand.evidence:
            entity = _Entity(tokens=known.name.split() if known else [word], role=cand.role,
                             country=cand.country, gender=cand.gender or (known.gender if known else None),
                             known=known)
            add_entity(entity)
            index_names(entity)
            attach(entity, span, word)
    for entity in entities:
        if entity.role is None:
            _take_role_after_name(text, entity, gazetteer)
    _attach_role_nouns(text, entities, gazetteer)
    return [_to_person(e) for e in entities]


def _role_apposition(text: str, position: int, gaz: PeopleGazetteer) -> re.Match | None:
    """The apposition at `position` when its head is a person's role (", a researcher at the Brookings
    Institution,"), else None."""
    apposition = ROLE_AFTER_NAME_RE.match(text, position)
    if apposition is None:
        return None
    head = apposition["head"]
    if head.capitalize() not in gaz.role_heads and not ROLE_NOUN_BEFORE_RE.search(head + " ") \
            or head in NOT_ROLE_NOUNS:
        return None
    return apposition


def _take_role_after_name(text: str, entity: _Entity, gaz: PeopleGazetteer) -> None:
    """A role given in an apposition after the name: "Jane Roe, a researcher at the Brookings
    Institution,", "Ivan Petrov, Russia's ambassador,"; its country when it names one."""
    for mention in entity.mentions:
        apposition = _role_apposition(text, mention.end, gaz)
        if apposition is None:
            continue
        role = apposition["role"].strip()
        entity.role = role
        entity.country = next((gaz.country_words[w] for w in re.findall(r"[\w.]+", role.replace("’s", "").replace("'s", ""))
                               if w in gaz.country_words), None)
        return


def _role_words(role: str) -> set[str]:
    return {american(w) for w in re.findall(r"[a-z]+", role.casefold())}


class _RoleHolders:
    """The article's people grouped by role, so that a role noun is weighed against each distinct role
    once rather than against every person (quadratic in an article naming hundreds of secretaries)."""

    def __init__(self, people: list[tuple[str | None, int]]) -> None:
        """`people`: (role, first mention) of each person, by index."""
        self.holders: dict[str, list[tuple[int, int]]] = {}   # role -> (first mention, index), sorted
        for index, (role, first_mention) in enumerate(people):
            if role:
                self.holders.setdefault(role, []).append((first_mention, index))
        for holders in self.holders.values():
            holders.sort()
        self.last_index = {role: max(index for _, index in holders) for role, holders in self.holders.items()}
        self.words = {role: _role_words(role) for role in self.holders}
        self.roles_by_word: dict[str, list[str]] = {}
        for role, words in self.words.items():
            for word in words:
                self.roles_by_word.setdefault(word, []).append(role)

    def resolve(self, phrase_words: list[str], head: str, position: int) -> int | None:
        """Index of the person whose role matches "the <modifiers> <head>": the most role words in
        common, then named last before `position`, then the last named."""
        wanted = {american(w) for w in phrase_words} | {head}
        best: tuple[int, int, int] | None = None
        for role in self.roles_by_word.get(head, []):
            have = self.words[role]
            if not (wanted - {head}) <= have | {"top", "former", "current", "new"}:
                continue
            holders = self.holders[role]
            before = bisect.bisect_left(holders, (position, -1))
            # Named before `position`: the latest such; otherwise none counts as earlier, the last wins.
            first_mention, index = holders[before - 1] if before else (-1, self.last_index[role])
            score = (len(wanted & have), first_mention, index)
            if best is None or score > best:
                best = score
        return best[2] if best else None


def _attach_role_nouns(text: str, entities: list[_Entity], gaz: PeopleGazetteer) -> None:
    """Add "the defense secretary" to the mentions of whoever the article gave that role."""
    heads = sorted({h.casefold() for h in gaz.role_heads if "." not in h}, key=len, reverse=True)
    role_noun_re = re.compile(rf"\b[Tt]he\s+((?:[a-z][a-z-]+\s+){{0,3}}?)({'|'.join(map(re.escape, heads))})\b")
    holders = _RoleHolders([(e.role or (e.known.role if e.known else None), min((m.start for m in e.mentions), default=0))
                            for e in entities])
    for match in role_noun_re.finditer(text):
        head = match.group(2)
        index = holders.resolve(match.group(1).split(), head, match.start())
        if index is not None:
            entities[index].mentions.append(Span(match.start(), match.end(), match.group()))
            if match.group() not in entities[index].written:
                entities[index].written.append(match.group())


class WrittenWords:
    """Whether a text writes a word standing alone (no letter, digit or hyphen beside it).

    One pass over the text instead of one search of the whole text per capitalised word, which made
    a long text of many capitalised words quadratic."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._runs: set[str] | None = None
        self._prose: set[str] | None = None
        self._compass: set[tuple[str, str]] | None = None
        self._brands: set[str] | None = None
        self._places: set[str] | None = None
        self._searched: dict[str, bool] = {}

    def places(self) -> set[str]:
        """The capitalised words the text writes right after "in", "near", ... ("in Cambridge and
        Watertown", "runs in Windows"), not as a possessive ("in Smith’s view"): a place or a thing
        there, and so wherever it stands alone."""
        if self._places is None:
            self._places = set(re.findall(rf"\b{PLACE_PREPOSITIONS}\s+([A-Z][\w-]*)\b(?![’'])", self.text))
        return self._places

    def brands(self) -> set[str]:
        """The capitalised words the text marks as a brand with ™ or ® ("Betty Crocker™ Super Moist™")."""
        if self._brands is None:
            self._brands = set(re.findall(rf"(?<![\w’'-])((?:{_TOKEN})(?: (?:{_TOKEN}))*)\s?[™®]", self.text))
        return self._brands

    def compass_names(self) -> set[tuple[str, str]]:
        """(word, compass point) of every capitalised word the text follows with one ("Dudley North")."""
        if self._compass is None:
            self._compass = set(re.findall(rf"(?<![\w’'-])([A-Z][\w’'-]*) ({'|'.join(COMPASS_WORDS)})\b", self.text))
        return self._compass

    def in_prose(self, word: str) -> bool:
        """Whether the text writes `word` (lower case) as a word of a sentence, not as a piece of an
        address or handle ("marco.longhi.mp@parliament.uk" writes no "longhi")."""
        if self._prose is None:
            self._prose = set(re.findall(r"(?<![\w.@/#-])([a-z][a-z-]*)(?=[\s,;:!?)]|\.(?!\w)|$)", self.text))
        return word in self._prose

    def __contains__(self, word: str) -> bool:
        if self._runs is None:
            self._runs = set(re.findall(r"[\w-]+", self.text))
        parts = re.split(r"[^\w-]+", word)
        if len(parts) == 1:
            return word in self._runs  # standing alone, a word of letters, digits and hyphens is a whole run
        # Each part between apostrophes or periods is a whole run too; only then is the text searched.
        if not all(part in self._runs for part in parts if part):
            return False
        if word not in self._searched:
            self._searched[word] = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", self.text) is not None
        return self._searched[word]


def _is_sentence_adverb(text: str, start: int, word: str) -> bool:
    """A lone capitalised word that opens a sentence and is followed by a comma is a sentence adverb
    ("Finally,", "Moreover,"), not a surname."""
    return _opens_sentence(text, start) and text[start + len(word):start + len(word) + 1] == ","


def _to_person(entity: _Entity) -> Person:
    known = entity.known
    name = known.name if known else _canonical_form(entity.tokens)
    role = entity.role or (known.role if known else None)
    country = entity.country or (known.country if known else None)
    aliases = [w for w in entity.written if w != name]
    return Person(name=name, role=role, country=country,
                  mentions=sorted(entity.mentions, key=lambda s: s.start), aliases=aliases)


def person_gender(person: Person, gazetteer: PeopleGazetteer, text: str) -> str | None:
    """m / f / None: from the gazetteer, a courtesy title, or a known given name."""
    known = gazetteer.lookup(person.name)
    if known and known.gender:
        return known.gender
    for mention in person.mentions:
        before = text[max(0, mention.start - 6):mention.start]
        for title, gender in gazetteer.honorifics.items():
            if gender and re.search(rf"\b{re.escape(title)}\.?\s+$", before):
                return gender
    return gazetteer.given_names.get(person.name.split()[0]) if " " in person.name else None


class PeopleIndex:
    """The canonical people known so far (the warehouse's, then this run's) and how to find them.

    A written name finds its person by exact key (a canonical name, else an alias only one person
    carries), then by its spelling in another language or transliteration that only one person has
    ("Wolodymyr Selenskyj" for "Volodymyr Zelensky"), then by a surname, in any spelling, or a typo of
    one, that only one known person carries. A full name
    never joins a surname-only person; that person is absorbed by the full name instead (see
    `absorbed`), so the result does not depend on which article came first.
    """

    def __init__(self, known: dict[str, list[str]] | None = None) -> None:
        self.by_key: dict[str, str] = {}                # a canonical name's own key
        self.by_alias: dict[str, set[str]] = {}         # an alias's key -> everyone written so
        self.by_spelling: dict[str, set[str]] = {}      # `_spelling` of a name or alias -> everyone written so
        self.by_surname: dict[str, set[str]] = {}       # by `stem_key`
        for canonical, aliases in (known or {}).items():
            self.add(canonical, aliases)

    def add(self, canonical: str, aliases: list[str] | tuple[str, ...] = ()) -> None:
        if key := person_key(canonical):
            self.by_key.setdefault(key, canonical)
        for alias in aliases:
            if key := person_key(alias):
                self.by_alias.setdefault(key, set()).add(canonical)
        for written in (canonical, *aliases):
            if spelling := _spelling(written):
                self.by_spelling.setdefault(spelling, set()).add(canonical)
        if words := person_key(canonical).split():
            self.by_surname.setdefault(stem_key(words[-1], ()), set()).add(canonical)

    def link(self, person: Person) -> str:
        """The canonical name this article's person is known under (its own name when new)."""
        return self._find(person) or person.name

    def absorbed(self) -> dict[str, str]:
        """Surname-only people whose surname now belongs to exactly one full name: short -> full."""
        merges = {}
        for names in self.by_surname.values():
            full = [n for n in names if len(person_key(n).split()) > 1]
            if len(full) == 1:
                merges.update({n: full[0] for n in names if len(person_key(n).split()) == 1})
        return merges

    def _fuller(self, canonical: str) -> str:
        """A surname-only canonical gives way to the one full name that carries its surname."""
        words = person_key(canonical).split()
        if len(words) > 1:
            return canonical
        full = [n for n in self.by_surname.get(stem_key(words[0], ()), ()) if len(person_key(n).split()) > 1]
        return full[0] if len(full) == 1 else canonical

    def exact(self, written: str) -> str | None:
        """The canonical name `written` is, or the one person it is an alias of.

        A canonical name outranks an alias, and an alias several people carry ("Scott" of both Rick
        and Gary Scott) names none of them: otherwise whichever was read first would take the name,
        and a rerun would move a stored "Scott" to "Gary Scott"."""
        key = person_key(written)
        if canonical := self.by_key.get(key):
            return canonical
        owners = self.by_alias.get(key) or self.by_spelling.get(_spelling(written), ())
        return next(iter(owners)) if len(owners) == 1 else None

    def _find(self, person: Person) -> str | None:
        words = person_key(person.name).split()
        if not words:
            return None
        for written in (person.name, *person.aliases):
            canonical = self.exact(written)
            if canonical and (len(words) == 1 or len(person_key(canonical).split()) > 1):
                return self._fuller(canonical)
        surname = stem_key(words[-1], ())
        candidates = self.by_surname.get(surname, set())
        if not candidates and len(surname) >= 6:
            candidates = {c for s, names in self.by_surname.items() if s[:1] == surname[:1]
                          and fuzz.ratio(s, surname) >= 85 for c in names}
        full = {c for c in candidates if len(person_key(c).split()) > 1}
        candidates = full or candidates
        if len(candidates) != 1:
            return None
        canonical = next(iter(candidates))
        if len(words) > 1 and not _same_name(person_key(canonical).split(), words):
            return None
        if len(words) > 1 and len(person_key(canonical).split()) == 1:
            return None  # a full name never takes a surname-only person's name
        return canonical

"""Quotes and their speakers in languages other than English, from per-language data files.

One code path serves every language that has a file in `config/languages/<code>.yaml` (German, French,
Spanish, Polish so far); the file holds the language's words (quote marks, speech verbs as written,
attribution phrases, pronouns, role nouns, titles, name particles, given names) and nothing here names a
word of any language. English keeps its own rules (transforms/quotes.py, transforms/people.py); its
file (config/languages/en.yaml) measures this mechanism on English until it matches them.

How an article is read:
1. Quote marks are paired per paragraph with a stack, so that a quote inside a quote („… „Miecznik” …”)
   stays inside; each language's pairs say which closing marks end which opening mark. A quote still open
   at the end of its paragraph runs to it (a speech carried over several paragraphs).
2. A quote is speech unless it is too short to be a statement, or a name or title: a run of capitalised
   words, or any short quote right after a word such as "Zeitung", "Motto", "so genannte". A short quote
   (a few words, no sentence inside) counts only where its sentence has a speech cue.
3. Its speaker comes from, in this order: an inverted cue right after it („…“, sagte Pistorius /
   « … », a déclaré le ministre / "…" – powiedział minister / „…“, so der Minister); the last speech verb or
   attribution phrase of its sentence before it (Pistorius sagte: „…“ / Laut Polizei … „…“ / Según X,
   "…") with its subject before or after the verb; a label before a colon; the speaker of the quote it
   continues (an interrupted quote, or the next paragraph of the same speech).
4. A subject is a name (capitalised words that a given name, a title or role before them, or the article's
   other mentions of the same person mark as a person), a description as written ("das Gericht", "le
   ministre des Armées", "el comunicado del ejército") or a pronoun (er, il, ona), which is the last speaker.
   A language whose verbs carry their subject (Spanish, Polish: `pro_drop`) gives a verb without a subject
   the last speaker too. Inflected names ("Władimira Putina", "Merkels") become the form the article
   uses elsewhere ("Putin", "Merkel"), and a surname the full name it gave ("Pistorius" -> "Boris Pistorius").

Everything is compiled once per language (`LanguageRules`), and an article is tokenised once: every
lookup of a word is a set membership, not a loop over a list.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from transforms.model import Person, Quote, Span
from transforms.settings import ConfigError, read_data_file

DOUBLE_MARKS = "„“”»«\""
DASHES = "–—―-"
MIN_QUOTE_CHARS = 12        # a shorter quote is a word or a name, never a statement (and never scored)
SHORT_QUOTE_WORDS = 4       # up to this many words, a quote needs a speech cue in its sentence
MAX_TITLE_WORDS = 6         # a capitalised quote after a preposition up to this long is a title ("Meet the Press")
MAX_NAME_TOKENS = 5
MAX_ADJECTIVES = 2          # lower-case words between a determiner and its noun ("die beiden neuen Begriffe")
MAX_NP_TOKENS = 14
MAX_ASIDE_TOKENS = 25       # an aside between a subject and its verb ("X, the party's nominee, said")
# How far a cue is looked for around a quote, and a subject around its verb, in words: in the data no
# speaker stands further; the limit keeps a giant sentence (a pasted list, a page without full stops)
# from being re-read for every quote and every comma, which made such a text quadratic.
WINDOW = 60
MIN_REPEAT_WORDS = 8        # fewer words repeated are a phrase two people can both use
# Inside a word, after a letter: a letter, a combining accent, or a byte of UTF-8 read as Latin-1 (not «, » nor
# a no-break space): scraped copy writes "FranÃ§ois", "TrÃ©vidic", and a name cut there names no one
WORD_CHAR = r"[\w\u0300-\u036f\u0080-\u009f\u00a1-\u00aa\u00ac-\u00ba\u00bc-\u00bf]"
GAP = "…"                   # in a speech verb: the finite form, then its particle later ("gab … bekannt")


def _fold(word: str) -> str:
    return word.casefold()


def _ends_with_one_of(word: str, words: frozenset[str]) -> bool:
    """Whether a compound ends in one of `words` of four letters or more ("verteidigungsminister")."""
    return any(word[i:] in words for i in range(1, len(word) - 3))


def _words(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return [str(v) for v in value]


@dataclass(frozen=True)
class LanguageRules:
    """One language's data file, read into sets and compiled patterns."""

    code: str
    openers: dict[str, frozenset[str]]          # opening mark -> the marks that close it
    speech_verbs: frozenset[str]                # single-word forms, case-folded
    verb_particles: dict[str, frozenset[str]]   # finite form -> particles that must follow ("gab" -> {"bekannt"})
    object_speaker_verbs: frozenset[str]        # verbs whose object is the one quoted ("zitierte")
    adverbs: frozenset[str]
    auxiliaries: frozenset[str]
    before_phrases: dict[str, list[tuple[str, ...]]]   # first word -> whole phrases (folded words)
    after_phrases: frozenset[str]
    pronouns: dict[str, str | None]             # folded pronoun -> gender
    clitics: frozenset[str]                     # pronouns written after a hyphen ("a-t-il")
    clitic_re: re.Pattern | None                # verb, joiner, pronoun: "précise-t-il" -> précise, il
    determiners: frozenset[str]
    role_nouns: frozenset[str]
    role_suffixes: tuple[str, ...]              # compound_roles: a word ending in a role noun is one
    titles: frozenset[str]
    particles: frozenset[str]
    organisation_heads: frozenset[str]
    organisation_suffixes: tuple[str, ...]
    places: frozenset[str]
    title_cues: frozenset[str]
    abbreviations: frozenset[str]
    ordinal_dot: bool
    stop_words: frozenset[str]
    clause_words: frozenset[str]
    oblique_determiners: frozenset[str]
    impersonal_verbs: frozenset[str]
    prepositions: frozenset[str]
    links: frozenset[str]                       # words joining a noun to its complement ("des", "de la")
    name_endings: tuple[str, ...]
    nominative_endings: tuple[str, ...]
    given_names: dict[str, str | None]
    pro_drop: bool
    token_re: re.Pattern
    sentence_end_re: re.Pattern
    continuation_words: frozenset[str]          # "Und weiter:" opening a quote that goes on
    function_words: frozenset[str] = frozenset()
    title_cue_suffixes: tuple[str, ...] = ()
    verb_second: bool = False                    # German: the finite verb second, its subject before or after it
    reported_speech: frozenset[str] = frozenset()   # subjunctive forms of reported speech ("sei", "habe")
    source_prepositions: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()       # "und", "et", "y", "i": a second verb, the same subject
    impersonal_subjects: frozenset[str] = frozenset()  # "es" of "heißt es": an impersonal verb quotes only with it
    person_phrases: frozenset[str] = frozenset()     # attribution phrases that need a person after them
    document_nouns: frozenset[str] = frozenset()
    agent_words: frozenset[str] = frozenset()         # "par", "por", "przez": who wrote a document
    role_endings: tuple[str, ...] = ()
    max_modifiers: int = 2                            # lower-case words after a noun inside its phrase
    participles: frozenset[str] = frozenset()         # "soulignant", "añadiendo", "dodając": the main clause speaks
    noun_endings: tuple[str, ...] = ()                # "-ung", "-heit": a capitalised word so ending names nobody
    agent_endings: tuple[str, ...] = ()               # "-er", "-or": a capitalised word so ending before a name is a role
    comment_words: frozenset[str] = frozenset()       # "wie" of "„…“, wie der Minister sagte"
    passive_auxiliaries: frozenset[str] = frozenset()  # "werden": its clause's agent follows an agent word
    listener_verbs: frozenset[str] = frozenset()      # "told": the phrase after it is who listened, never who spoke
    possessive_endings: tuple[str, ...] = ()          # "’s": a name written with one owns the noun after it
    premodifiers: int = 0                             # lower-case words before a role with no determiner
    short_quotes_need_cue: bool = False               # a few quoted words with no cue are a term, not speech
    foreign_titles: bool = False                      # a few words with no small word of the language are a title
    relative_pronouns: frozenset[str] = frozenset()   # "der" of "ein Kommentar, der … als „…“ bezeichnet"
    quoting_verbs: frozenset[str] = frozenset()       # "blasted", "likened": a cue before the quote only
    trailing_phrases: bool = False                    # "a staffer in the room": a description keeps its phrase

    def is_role(self, word: str) -> bool:
        """A role noun as the data file writes it (nominative), a compound ending in one, or an inflected
        form ("przedstawiciela" of "przedstawiciel")."""
        return self.is_nominative_role(word) or self.is_inflected_role(word)

    def is_nominative_role(self, word: str) -> bool:
        folded = _fold(word.strip(".’'"))
        if folded in self.role_nouns:
            return True
        if self.role_suffixes:
            last = folded.rsplit("-", 1)[-1]
            return last in self.role_nouns or (len(folded) > 6 and _ends_with_one_of(folded, self.role_nouns))
        return "-" in folded and folded.rsplit("-", 1)[-1] in self.role_nouns

    def is_inflected_role(self, word: str) -> bool:
        folded = _fold(word.strip(".’'"))
        return any(folded.endswith(e) and len(folded) - len(e) >= 4 and folded[: -len(e)] in self.role_nouns
                   for e in self.role_endings)

    def is_organisation_word(self, word: str) -> bool:
        folded = _fold(word)
        if folded in self.organisation_heads:
            return True
        last = folded.rsplit("-", 1)[-1]
        return last in self.organisation_heads or (bool(self.organisation_suffixes) and len(folded) > 6
                                                    and _ends_with_one_of(folded, self.organisation_heads))


LANGUAGE_KEYS = frozenset("""
    language quote_pairs elisions clitic_pronouns clitic_joiners speech_verbs verb_prefixes object_speaker_verbs
    impersonal_verbs impersonal_subjects source_prepositions participles reported_speech attribution_before
    attribution_after attribution_before_person pronouns pro_drop verb_second determiners oblique_determiners links
    prepositions clause_words coordinators stop_words adverbs auxiliaries continuation_words role_nouns
    compound_roles role_endings max_modifiers titles name_particles name_endings nominative_endings
    organisation_heads places document_nouns agent_words title_cues abbreviations ordinal_dot given_names
    case_endings noun_endings comment_words passive_auxiliaries listener_verbs possessive_endings premodifiers
    short_quotes_need_cue foreign_titles quoting_verbs trailing_phrases
    relative_pronouns agent_endings
""".split())


def load_language_rules(path: Path, english_given_names: dict[str, str | None] | None = None) -> LanguageRules:
    """Read one language file; `english_given_names` (config/first_names.yaml) are added to its own."""
    raw = read_data_file(path)
    unknown = sorted(set(raw) - LANGUAGE_KEYS)
    if unknown:
        raise ValueError(f"unknown key {', '.join(unknown)} (the keys are listed in config/languages/README.md)")
    if not raw.get("quote_pairs"):
        raise ValueError("quote_pairs is required: the language's [opening, closing] quote marks")
    code = str(raw.get("language") or Path(path).stem)

    def folded(key: str) -> frozenset[str]:
        """The words of one list of the file, case and accents folded as the text's words are."""
        return frozenset(_fold(w) for w in _words(raw.get(key)))

    openers: dict[str, set[str]] = {}
    for pair in raw.get("quote_pairs") or []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and len(p) == 1 for p in pair)):
            raise ValueError(f"quote_pairs: each pair is [opening, closing], one character each; got {pair!r}")
        openers.setdefault(pair[0], set()).add(pair[1])
    verbs: set[str] = set()
    particles: dict[str, set[str]] = {}
    prefixes = {_fold(w) for w in _words(raw.get("verb_prefixes"))}
    for entry in _words(raw.get("speech_verbs")):
        if GAP in entry:
            finite, _, particle = (part.strip() for part in entry.partition(GAP))
            particles.setdefault(_fold(finite), set()).add(_fold(particle.split()[0]))
            if _fold(particle) in prefixes:
                # in a subordinate clause the particle joins the verb: "wie der Sprecher mitteilte"
                verbs.add(_fold(particle) + _fold(finite))
        else:
            verbs.add(_fold(entry))
    before: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _words(raw.get("attribution_before")):
        words = tuple(_fold(w) for w in phrase.split())
        before.setdefault(words[0], []).append(words)
    for phrases in before.values():
        phrases.sort(key=len, reverse=True)
    given: dict[str, str | None] = dict(english_given_names or {})
    names_raw = raw.get("given_names") or {}
    for name in _words(names_raw.get("unisex")):
        given[name] = None
    for gender, key in (("m", "male"), ("f", "female")):
        for name in _words(names_raw.get(key)):
            given[name] = gender
    pronouns = {_fold(str(k)): (str(v) if v else None) for k, v in (raw.get("pronouns") or {}).items()}
    roles = folded("role_nouns")
    compound = bool(raw.get("compound_roles"))
    organisation_heads = folded("organisation_heads")
    abbreviations = frozenset(w.rstrip(".") for w in _words(raw.get("abbreviations")))
    elisions = [re.escape(w) for w in _words(raw.get("elisions"))]
    elision = rf"(?i:(?:{'|'.join(sorted(elisions, key=len, reverse=True))})[’'](?=\w))|" if elisions else ""
    # a word: letters and digits, with inner hyphens and apostrophes, and a domain's dots ("ndr.de"); an
    # elided article or pronoun is a word of its own ("l’" "état-major")
    token_re = re.compile(rf"{elision}\w{WORD_CHAR}*(?:[-‐]\w{WORD_CHAR}*|\.(?=[a-z]{{2,6}}\b)\w+)*(?:[’']\w+)*|\S", re.UNICODE)
    upper = r"[^\W\d_a-zß-ÿ]"   # a letter that is not lower case, roughly: checked again in code
    # a match opens only at the first mark of a run ("…", "?!", a line of dots): finditer would otherwise
    # re-read the run from each of its marks, quadratic in its length
    sentence_end_re = re.compile(rf"(?<![.!?…])[.!?…]+[\"“”»«’']*\s+(?=[„“\"»«(\[–—-]?\s?(?:{upper}|\d))|(?<=[a-zß-ÿ]{{3}}\.)(?={upper}[a-zß-ÿ]{{2,}})")
    return LanguageRules(
        code=code,
        openers={k: frozenset(v) for k, v in openers.items()},
        speech_verbs=frozenset(verbs),
        verb_particles={k: frozenset(v) for k, v in particles.items()},
        object_speaker_verbs=folded("object_speaker_verbs"),
        adverbs=folded("adverbs"),
        auxiliaries=folded("auxiliaries"),
        before_phrases=before,
        after_phrases=folded("attribution_after"),
        pronouns=pronouns,
        clitics=folded("clitic_pronouns"),
        clitic_re=re.compile("(.+?)(?:" + "|".join(re.escape(j) for j in sorted(
            _words(raw.get("clitic_joiners")) or ["-"], key=len, reverse=True)) + r")(\w+)")
        if raw.get("clitic_pronouns") else None,
        determiners=folded("determiners"),
        role_nouns=roles,
        role_suffixes=tuple(sorted(r for r in roles if len(r) >= 4)) if compound else (),
        titles=frozenset(w.rstrip(".") for w in _words(raw.get("titles"))),
        particles=frozenset(_words(raw.get("name_particles"))),
        organisation_heads=organisation_heads,
        organisation_suffixes=tuple(sorted(o for o in organisation_heads if len(o) >= 4)) if compound else (),
        places=frozenset(_words(raw.get("places"))),
        title_cues=folded("title_cues"),
        abbreviations=abbreviations,
        ordinal_dot=bool(raw.get("ordinal_dot")),
        stop_words=folded("stop_words"),
        clause_words=folded("clause_words"),
        oblique_determiners=folded("oblique_determiners"),
        impersonal_verbs=folded("impersonal_verbs"),
        prepositions=folded("prepositions"),
        links=folded("links"),
        name_endings=tuple(_words(raw.get("name_endings"))),
        nominative_endings=tuple(_words(raw.get("nominative_endings")) or [""]),
        given_names=given,
        pro_drop=bool(raw.get("pro_drop")),
        token_re=token_re,
        sentence_end_re=sentence_end_re,
        continuation_words=folded("continuation_words"),
        function_words=frozenset(_fold(w) for w in (*_words(raw.get("determiners")), *_words(raw.get("links")),
                                                    *_words(raw.get("prepositions")), *_words(raw.get("clause_words")),
                                                    *_words(raw.get("name_particles")))),
        title_cue_suffixes=tuple(sorted(_fold(w) for w in _words(raw.get("title_cues")) if len(w) >= 5)),
        verb_second=bool(raw.get("verb_second")),
        reported_speech=folded("reported_speech"),
        source_prepositions=folded("source_prepositions"),
        coordinators=folded("coordinators"),
        impersonal_subjects=folded("impersonal_subjects"),
        person_phrases=folded("attribution_before_person"),
        document_nouns=folded("document_nouns"),
        agent_words=folded("agent_words"),
        role_endings=tuple(_words(raw.get("role_endings"))),
        max_modifiers=int(raw.get("max_modifiers") or 2),
        participles=folded("participles"),
        noun_endings=tuple(sorted(folded("noun_endings"))),
        agent_endings=tuple(sorted(folded("agent_endings"))),
        comment_words=folded("comment_words"),
        passive_auxiliaries=folded("passive_auxiliaries"),
        listener_verbs=folded("listener_verbs"),
        possessive_endings=tuple(_words(raw.get("possessive_endings"))),
        premodifiers=int(raw.get("premodifiers") or 0),
        short_quotes_need_cue=bool(raw.get("short_quotes_need_cue")),
        foreign_titles=bool(raw.get("foreign_titles")),
        relative_pronouns=folded("relative_pronouns"),
        quoting_verbs=folded("quoting_verbs"),
        trailing_phrases=bool(raw.get("trailing_phrases")),
    )


def load_languages(folder: Path, english_given_names: dict[str, str | None] | None = None
                   ) -> dict[str, LanguageRules]:
    """Every `<code>.yaml` of the folder, by language code; a folder that does not exist is no languages."""
    folder = Path(folder)
    if not folder.exists():
        return {}
    if not folder.is_dir():
        raise ConfigError(f"languages folder {folder} is not a folder (fix [gazetteers] languages in the config)")
    languages = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            rules = load_language_rules(path, english_given_names)
        except ConfigError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError) as err:
            raise ConfigError(f"gazetteer {path}: an entry of the wrong shape: {type(err).__name__}: {err}") from None
        languages[rules.code] = rules
    return languages


# ---------------------------------------------------------------------------------------------------
# One article


@dataclass
class PairedQuote:
    """A paired quote before attribution: where its content and marks are (the English rules and the
    language files pair quotes each their own way, and both give these)."""

    start: int              # content start (after the opening mark)
    end: int                # content end (before the closing mark, or where an unclosed quote stops)
    open_mark: int
    close_mark: int | None  # None: still open at the end of its paragraph
    paragraph: int

    def strip_spaces(self, text: str) -> None:
        """Narrow the content to its words: the spaces inside the marks (French « … ») are not quoted."""
        while self.end > self.start and text[self.end - 1].isspace():
            self.end -= 1
        while self.start < self.end and text[self.start].isspace():
            self.start += 1


@dataclass
class _Speaker:
    """Who a cue points to."""

    start: int
    end: int
    speaker: str | None           # None for a pronoun not yet resolved
    kind: str | None              # person | organization | None (a description)
    via: str                      # name | description | pronoun | dropped
    gender: str | None = None
    strength: int = 2             # how surely it is a subject: 3 a marked name or pronoun, 2 a described
                                  # speaker, 1 a bare capitalised word nothing marks as a name


@dataclass
class _Found:
    """A cue and the subject it points to."""

    cue: str
    subject: _Speaker | None
    method: str = "explicit"      # "subject": the subject of a clause before the cue's ("X returned and said")


@dataclass
class _PersonEntry:
    name: str
    gender: str | None
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None


def folded_particle(word: str, rules: LanguageRules) -> bool:
    return word in rules.particles or _fold(word) in rules.particles


_KNOWN_FIRST: dict[int, frozenset[str]] = {}


def _known_first_names(gazetteer) -> frozenset[str]:
    """The first words of the gazetteer's people ("Pete" of "Pete Hegseth"), found once per gazetteer."""
    if gazetteer is None:
        return frozenset()
    key = id(gazetteer)
    if key not in _KNOWN_FIRST:
        _KNOWN_FIRST[key] = frozenset(written.split()[0] for known in gazetteer.people
                                      for written in (known.name, *known.aliases) if written.split())
    return _KNOWN_FIRST[key]


def _is_upper(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class _Article:
    def __init__(self, text: str, rules: LanguageRules, gazetteer) -> None:
        self.text = text
        self.rules = rules
        self.gazetteer = gazetteer
        self.paragraphs = _paragraph_spans(text)
        self.paragraph_starts = [lo for lo, _ in self.paragraphs]
        self.tok_starts: list[int] = []
        self.tok_ends: list[int] = []
        self.toks: list[str] = []
        for m in rules.token_re.finditer(text):
            self.tok_starts.append(m.start())
            self.tok_ends.append(m.end())
            self.toks.append(m.group())
        self.folded = [_fold(t) for t in self.toks]
        self._roles: dict[str, bool] = {}
        self._organisations: dict[str, bool] = {}
        self.raws = _pair_quotes(text, self.paragraphs, rules)
        regions = sorted((r.open_mark, (r.close_mark + 1) if r.close_mark is not None else r.end) for r in self.raws)
        self.region_starts = [a for a, _ in regions]
        self.region_ends = [b for _, b in regions]
        self.sentence_starts = self._sentence_starts()
        self._capitalised: Counter | None = None
        self.people: dict[str, _PersonEntry] = {}
        self.surnames: dict[str, str] = {}      # surname (as written, nominative) -> full name
        self.after_article = self._after_determiners()
        self.lower_words = {folded for word, folded in zip(self.toks, self.folded) if word[:1].islower()}
        self._index_names()

    def _after_determiners(self) -> set[str]:
        """The words written after a determiner, and where nouns are capitalised, past the adjectives
        between them ("das weitere Vorgehen", "für meine Begriffe"): nouns there, whatever else
        capitalises them. (A lower-case word there elsewhere is a role: "le président Macron".)"""
        rules, toks = self.rules, self.toks
        skip = MAX_ADJECTIVES if rules.role_suffixes else 0
        found = set()
        for i in range(len(toks) - 1):
            if self.folded[i] not in rules.determiners:
                continue
            j = i + 1
            while j < len(toks) - 1 and j - i <= skip and toks[j].isalpha() and toks[j].islower() \
                    and "\n" not in self.text[self.tok_ends[i]:self.tok_starts[j + 1]] \
                    and self.folded[j] not in rules.function_words and self.folded[j] not in rules.prepositions \
                    and self.folded[j] not in rules.determiners and self.folded[j] not in rules.stop_words:
                j += 1
            found.add(toks[j])
        return found

    def capitalised(self) -> Counter:
        """How often each capitalised word is written (for an inflected name's plain form)."""
        if self._capitalised is None:
            self._capitalised = Counter(t for t in self.toks if t[:1].isupper())
        return self._capitalised

    def is_role(self, word: str) -> bool:
        """`LanguageRules.is_role`, asked once per word of the article."""
        if word not in self._roles:
            self._roles[word] = self.rules.is_role(word)
        return self._roles[word]

    def is_agent_noun(self, word: str) -> bool:
        """A capitalised word of six letters or more with an agent noun's ending ("Rektor", "Kritiker",
        "ATU-Organisator", "Arbeitsrechtlerin"), no part of it a given name ("Frank-Walter", "Peter")."""
        rules = self.rules
        last = _fold(word).rsplit("-", 1)[-1]
        return bool(rules.agent_endings) and _is_upper(word) and len(last) >= 6 and last.endswith(rules.agent_endings) \
            and not any(part in rules.given_names or part in _known_first_names(self.gazetteer)
                        for part in (word, *word.split("-")))

    def is_organisation_word(self, word: str) -> bool:
        if word not in self._organisations:
            self._organisations[word] = self.rules.is_organisation_word(word)
        return self._organisations[word]

    # -- positions ------------------------------------------------------------------------------

    def _in_quote(self, position: int) -> bool:
        """Whether `position` lies within a quote's marks (top-level quotes never overlap)."""
        index = bisect.bisect_right(self.region_starts, position) - 1
        return index >= 0 and position < self.region_ends[index]

    def tok_at(self, position: int) -> int:
        """Index of the first token starting at or after `position`."""
        return bisect.bisect_left(self.tok_starts, position)

    def _sentence_starts(self) -> list[int]:
        rules, text = self.rules, self.text
        starts = [lo for lo, _ in self.paragraphs]
        for lo, hi in self.paragraphs:
            for m in rules.sentence_end_re.finditer(text, lo, hi):
                dot = m.start()
                opening = text[m.end():m.end() + 3].lstrip("„“\"»«([–—- ")
                if opening and not (opening[0].isupper() or opening[0].isdigit()):
                    continue    # the pattern's "capital" is any letter outside a-z and Latin-1: "ż" is not one
                if self._in_quote(dot) and not self._in_quote(m.end()):
                    pass  # a full stop inside a quote, then its closing mark and a new sentence
                elif self._in_quote(dot):
                    continue
                if text[dot] == ".":
                    index = self.tok_at(dot) - 1
                    before = self.toks[index] if index >= 0 else ""
                    if before.rstrip(".") in rules.abbreviations or (len(before) == 1 and before.isupper()):
                        continue
                    following = self.folded[self.tok_at(m.end())] if self.tok_at(m.end()) < len(self.toks) else ""
                    if rules.ordinal_dot and before.isdigit() and m.end() < hi and not text[m.end()].isdigit() \
                            and len(before) <= 2 and following not in rules.function_words:
                        continue    # "am 3. Dezember"; but "des Typs 3. Ein Sprecher" ends a sentence
                starts.append(m.end())
        return sorted(set(starts))

    def sentence_of(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.sentence_starts, position) - 1
        start = self.sentence_starts[index] if index >= 0 else 0
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        paragraph_end = self.paragraph_of(position)[1]
        return start, min(end, paragraph_end)

    def paragraph_of(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.paragraph_starts, position) - 1
        return self.paragraphs[max(index, 0)]

    # -- names ----------------------------------------------------------------------------------

    def _name_run(self, i: int, limit: int) -> int:
        """End (exclusive token index) of the run of name words starting at token i."""
        j = i
        rules = self.rules
        while j < limit and j - i < MAX_NAME_TOKENS:
            word = self.toks[j]
            if j > i and "\n" in self.text[self.tok_ends[j - 1]:self.tok_starts[j]]:
                break   # a heading's words and the next line's ("Santa Cruz\n\nSANTA CRUZ") are no one name
            if j > i and word in rules.given_names and not all(w in rules.given_names or w == "." for w in self.toks[i:j]):
                break
            if _is_upper(word) and word[0].isalpha() and not self.is_role(word) and \
                    self.folded[j] not in rules.determiners and self.folded[j] not in rules.stop_words:
                j += 1
                # an initial ("Jürgen R. Thumann")
                if j < limit and self.toks[j] == "." and len(word) == 1 and j + 1 < limit and _is_upper(self.toks[j + 1]):
                    j += 1
                continue
            # a particle goes on a name only after a given name ("Passend zum Wetter" is no name)
            after_given = (j == i + 1 or (j > i + 1 and self.toks[j - 1] in rules.particles)) and \
                (self.toks[i] in rules.given_names or self.toks[i] in _known_first_names(self.gazetteer))
            # a particle that is also an article needs another particle before it ("van den Berg"): "Bach den
            # Berichtsband" is a name and an object
            lone_article = bool(rules.role_suffixes) and self.folded[j] in rules.determiners \
                and self.toks[j - 1] not in rules.particles
            if word in rules.particles and j + 1 < limit and after_given and not lone_article and \
                    (_is_upper(self.toks[j + 1]) or self.toks[j + 1] in rules.particles):
                j += 1      # "Ursula von der Leyen", "Karl-Theodor zu Guttenberg": after the given name only
                continue
            if word in rules.particles and j == i and j + 1 < limit and _is_upper(self.toks[j + 1]):
                j += 1  # "von Butler"
                continue
            break
        while j > i and self.toks[j - 1] in rules.particles:
            j -= 1
        return j

    def _is_person_name(self, words: list[str]) -> bool:
        """A given name, or a person the gazetteer knows. A given name alone that the article also writes
        after an article is a noun there ("in der Lage", "das erste Mal")."""
        rules = self.rules
        first = words[0]
        if _fold(first) in rules.adverbs or _fold(first) in rules.function_words and not folded_particle(first, rules):
            return False    # "Nur Nebel": a sentence's first word, capitalised, that is an adverb
        if first in rules.given_names and (len(words) >= 2 or first not in self.after_article):
            return True
        if self.gazetteer is not None and self.gazetteer.lookup(" ".join(words)) is not None:
            return True
        return False

    def _not_a_person(self, words: list[str]) -> bool:
        rules = self.rules
        written = " ".join(words)
        if written in rules.places or len(words) == 1 and self.is_place(words[0]):
            return True
        if any(self.is_organisation_word(w) for w in words):
            return True
        if len(words) == 1 and _is_acronym(words[0]):
            return True
        if self.common_noun(words):
            return True
        gaz = self.gazetteer
        if gaz is not None and (written in gaz.organisations or written in gaz.country_words or written in gaz.capitals):
            return True
        return False

    def is_place(self, word: str) -> bool:
        """A place the language file lists, in any case ("Czech" of "Czechy", "Rosji" of "Rosja")."""
        places, rules = self.rules.places, self.rules
        return word in places or any(word + e in places for e in rules.name_endings) or \
            any(word.endswith(e) and word[:-len(e)] + n in places
                for e in rules.name_endings if e for n in rules.nominative_endings)

    def common_noun(self, words: list[str]) -> bool:
        """Words one of which ends as a noun does ("Ankündigung", "Erklärung", "Sicherheit"), whatever
        capitalises it: they name nobody."""
        endings = self.rules.noun_endings
        return bool(endings) and any(_fold(w).endswith(endings) and len(w) > 6 for w in words)

    def _index_names(self) -> None:
        """Full names the article gives (a given name first, or a title or role right before), so that a
        surname alone ("Pistorius") and an inflected form ("Putina") find them."""
        toks, rules = self.toks, self.rules
        known_first = _known_first_names(self.gazetteer)
        n = len(toks)
        i = 0
        while i < n:
            word = toks[i]
            if not (_is_upper(word) and word[0].isalpha()) or self._in_quote(self.tok_starts[i]) \
                    or self.folded[i] in rules.function_words:     # "Im Vergleich", "Am Abend"
                i += 1
                continue
            # only where a name can start: a given name, a known person, or after a title or a role
            previous = toks[i - 1] if i > 0 else ""
            titled = previous.rstrip(".") in rules.titles or (previous[:1].isalpha() and self.is_role(previous))
            # a given name the article also writes in lower case is a word there ("Kennen Sie den Witz",
            # "Mein Motto"): it opens a name only after a title or role
            given = (word in rules.given_names or word in known_first) and self.folded[i] not in self.lower_words
            if not (given or titled):
                i += 1
                continue
            end = self._name_run(i, n)
            if end <= i:
                i += 1
                continue
            words = toks[i:end]
            words = [w for w in words if w != "."]
            if len(words) >= 2 and not self._not_a_person(words) and (self._is_person_name(words) or titled):
                name = self._join(i, end)
                gender = rules.given_names.get(words[0])
                entry = self.people.setdefault(name, _PersonEntry(name, gender))
                if titled and entry.role is None and self.is_role(previous):
                    entry.role = previous   # "Verteidigungsminister Boris Pistorius", "ministre Sébastien Lecornu"
                entry.mentions.append(Span(self.tok_starts[i], self.tok_ends[end - 1], self.text[self.tok_starts[i]:self.tok_ends[end - 1]]))
                surname = words[-1]
                known = self.surnames.get(surname)
                if known is None or len(name) > len(known):
                    self.surnames[surname] = name
            i = max(end, i + 1)

    def _join(self, i: int, end: int) -> str:
        """The name written by tokens [i, end), its spacing normalised."""
        parts = []
        for k in range(i, end):
            word = self.toks[k]
            if word == "." and parts:
                parts[-1] += "."
            else:
                parts.append(word)
        return " ".join(parts)

    def nominative(self, word: str) -> str:
        """The form of a name word the article uses uninflected, where it does ("Putina" -> "Putin")."""
        if word in self.surnames:
            return word
        rules = self.rules
        for ending in rules.name_endings:
            if ending and word.endswith(ending) and len(word) - len(ending) >= 3:
                stem = word[: -len(ending)]
                for nominative in rules.nominative_endings:
                    candidate = stem + nominative
                    if candidate != word and (candidate in self.surnames or self.capitalised().get(candidate)):
                        return candidate
        return word

    def canonical_person(self, words: list[str]) -> str:
        """A person's name as the article spells it out in full."""
        words = [self.nominative(w) for w in words]
        written = " ".join(words)
        if written in self.people:
            return written
        full = self.surnames.get(words[-1])
        if full is not None and (len(words) == 1 or full.endswith(written)):
            return full
        if len(words) >= 2:
            # "Władimira Putina" when the article also writes "Władimir Putin"
            for name in self.people:
                parts = name.split()
                if len(parts) == len(words) and parts[-1] == words[-1] and \
                        all(p[:4] == w[:4] for p, w in zip(parts[:-1], words[:-1])):
                    return name
        return written

    def add_person(self, name: str, gender: str | None, span: Span) -> None:
        entry = self.people.setdefault(name, _PersonEntry(name, gender))
        if gender and not entry.gender:
            entry.gender = gender
        if all(m.start != span.start for m in entry.mentions):
            entry.mentions.append(span)
        surname = name.split()[-1]
        if " " in name and surname not in self.surnames:
            self.surnames[surname] = name


# ---------------------------------------------------------------------------------------------------
# Quote marks


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans or [(0, len(text))]


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() and text[i] != "«" and not _opens_elided(text, i):
        return False
    return before.isspace() or before in "([{–—-/:;,+’'" or i == 0


def _opens_elided(text: str, i: int) -> bool:
    """A mark before an ellipsis opens a quote cut at its start ("” … the train has left the station,” wrote
    the magazine"), though a space follows it."""
    return text[i + 1:i + 6].lstrip().startswith(("…", "..."))


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() and text[i] != "»":
        return False
    return after.isspace() or after in ".,;:!?)]}–—-…+" or i + 1 >= len(text) or after in DOUBLE_MARKS


def _pair_quotes(text: str, paragraphs: list[tuple[int, int]], rules: LanguageRules) -> list[PairedQuote]:
    """Top-level quotes of each paragraph; a quote inside a quote stays part of it."""
    openers = rules.openers
    closers = set().union(*openers.values()) if openers else set()
    marks = set(openers) | closers
    pattern = re.compile(f"[{re.escape(''.join(sorted(marks)))}]") if marks else None
    raws: list[PairedQuote] = []
    if pattern is None:
        return raws
    for index, (lo, hi) in enumerate(paragraphs):
        stack: list[int] = []          # positions of open marks
        for m in pattern.finditer(text, lo, hi):
            i = m.start()
            char = text[i]
            top = text[stack[-1]] if stack else None
            if top is not None and char in openers.get(top, ()) and (char != top or _closes(text, i) or not _opens(text, i)):
                # closes the innermost open quote ("„…“", "«…»", and '"…"' when it reads as closing)
                if char == top and char in openers and _opens(text, i) and not _closes(text, i):
                    stack.append(i)    # '"' opening a quote inside a quote
                    continue
                opened = stack.pop()
                if not stack:
                    raws.append(PairedQuote(opened + 1, i, opened, i, index))
                continue
            if top is not None and char in closers and _closes(text, i) and not _opens(text, i) and \
                    not any(c in openers.get(top, ()) for c in text[i + 1:hi]):
                # a quote opened with one style and closed with another (“…", „…”), nothing better later
                opened = stack.pop()
                if not stack:
                    raws.append(PairedQuote(opened + 1, i, opened, i, index))
                continue
            if char in openers and (char not in closers or _opens(text, i) or char in "„»«"):
                if char in closers and stack and not _opens(text, i):
                    continue
                stack.append(i)
        if stack:
            opened = stack[0]
            raws.append(PairedQuote(opened + 1, hi, opened, None, index))
    for raw in raws:
        raw.strip_spaces(text)
    return raws


# ---------------------------------------------------------------------------------------------------
# Attribution


class _Attributor:
    def __init__(self, article: _Article) -> None:
        self.a = article
        self.r = article.rules
        self.last_speaker: _Speaker | None = None
        self.speech: list[PairedQuote] = []
        self.speech_set: set[int] = set()      # ids of the speech quotes
        self.quotes_so_far: list[Quote] = []
        self._sentence_subjects: dict[tuple[int, int], _Speaker | None] = {}
        self.raw_at = {raw.open_mark: raw for raw in article.raws}

    # -- speech or not ------------------------------------------------------------------------------

    def is_speech(self, raw: PairedQuote) -> bool:
        """Speech, or a name, title or scare-quoted word. A quote every word of which is capitalised (or a
        function word) is a name or a title ("Berliner Zeitung", "France Football", "Nackt unter Wölfen")
        unless its sentence has a speech cue; a short quote right after a word such as "Zeitung", "Motto" or
        "so genannte" is one, and so is a longer one that opens with a capital and holds no sentence."""
        r, text = self.r, self.a.text
        content = text[raw.start:raw.end]
        if len(content.strip(" ,.;:-–")) < MIN_QUOTE_CHARS:
            return False
        words = re.findall(r"\w[\w’'-]*", content)
        if not words or re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", content.strip()):
            return False    # nothing, or a web address ("„nachrichten.example.de“")
        sentence_inside = bool(re.search(r"[.!?…:;]\s+\S", content)) or bool(re.search(r"[.!?…]$", content.strip()))
        before = self.word_before(raw.open_mark)
        lower = [w for w in words if not _is_upper(w) and not w[0].isdigit() and _fold(w) not in r.function_words]
        if before is not None and (len(words) <= SHORT_QUOTE_WORDS or not lower and len(words) <= 8
                                   or not sentence_inside and len(words) <= 8 and _is_upper(words[0])) \
                and self.is_title_cue(before):
            return False
        labelled = self.word_before(raw.open_mark - 2) if text[max(0, raw.open_mark - 2):raw.open_mark].strip() == ":" else None
        if labelled is not None and not sentence_inside and len(words) <= 8 and self.is_title_cue(labelled):
            return False    # "(Motto: „Sicherheit geht vor“)": a title after its label
        after = self.a.text[(raw.close_mark or raw.end) + 1:(raw.close_mark or raw.end) + 12]
        if not sentence_inside and re.match(r"\s*\([A-ZÀ-Þ][\w.-]{1,8}\)", after) and _is_upper(content):
            return False    # „Space Telescope Science Institute“ (STSI): a name and its short form
        if before in r.determiners and _is_upper(content) and not sentence_inside and \
                ((2 <= len(words) <= 3 and not lower) or (len(words) > 3 and not self.has_cue_near(raw))
                 or (len(words) == 1 and re.match(r"\s*[^\W\d_]", after) is not None)):
            # "der „Berliner Zeitung“", "das „Gesetz zur Bekämpfung finanzieller Unterstützung“", one word with
            # the sentence going on ("berichtete die „Küstenrundschau“ in ihrer Ausgabe"): a name
            return False
        if lower and self.foreign_title(content, words):
            return False
        if lower:
            return True
        # every word capitalised
        if not self.has_cue_near(raw):
            return False
        return sentence_inside or len(words) > SHORT_QUOTE_WORDS or before not in r.prepositions

    def foreign_title(self, content: str, words: list[str]) -> bool:
        """A few words opening with a capital, with no sentence, comma or dash inside and not one small
        word of the article's language nor a noun ending as its nouns do ("Entschuldung"): a title or a name
        in another language ("Have a nice day", "Deus caritas est", "Piper at the Gates of Dawn"), not
        speech. Speech in another language is sentences. Only where the language's file says so
        (`foreign_titles`): German writes a small word or a noun ending in nearly every phrase; Polish
        ("Te czołgi wzmocnią naszą armię") does not."""
        r = self.r
        return r.foreign_titles and len(words) <= MAX_TITLE_WORDS and _is_upper(words[0]) and not re.search(r"[.!?…:;,–—]", content) \
            and not any(_fold(w) in r.function_words or _fold(w) in r.stop_words or _fold(w) in r.pronouns
                        for w in words) and not self.a.common_noun(words)

    def is_term(self, raw: PairedQuote) -> bool:
        """A few words, no sentence inside, and no speech cue in their sentence: a term or a title in quote
        marks ("the so-called “massive resistance”", "on “Face the Nation,”"), not speech, in a language whose
        file says so (`short_quotes_need_cue`)."""
        r = self.r
        if not r.short_quotes_need_cue:
            return False
        content = self.a.text[raw.start:raw.end].rstrip(" ,;:")
        words = re.findall(r"\w[\w’'-]*", content)
        lower = [w for w in words[1:] if not _is_upper(w) and _fold(w) not in r.function_words | r.stop_words]
        sentences = re.search(r"[.!?…:;]\s", content) is not None
        before = self.word_before(raw.open_mark) or ""
        if not lower and words and _is_upper(words[0]) and len(words) <= MAX_TITLE_WORDS and not sentences and \
                (before in r.prepositions or any(before.endswith(_fold(e)) for e in r.possessive_endings)):
            return True     # "on “Meet the Press.”", "ABC’s “Good Morning America”": a programme, even near a cue
        if len(words) > SHORT_QUOTE_WORDS or sentences:
            return False
        if content[-1:] in ".!?…" and _is_upper(content) and lower:
            return False    # a short sentence ("“He sort of redirected.”"), not a title ("“Face the Nation.”")
        return not self.has_cue_near(raw)

    def is_title_cue(self, word: str) -> bool:
        """A word after which quote marks hold a name ("Zeitung", "Motto", "journal", "buque"), also inflected
        ("des Fachmagazins") or, in a language that compounds, as the end of a compound ("Nachrichtenagentur")."""
        r = self.r
        forms = {word} | {word[: -len(e)] for e in r.name_endings if e and word.endswith(e) and len(word) - len(e) >= 4}
        if any(f in r.title_cues for f in forms):
            return True
        return bool(r.role_suffixes) and any(len(f) > 6 and f.endswith(r.title_cue_suffixes) for f in forms)

    def word_before(self, position: int) -> str | None:
        index = self.a.tok_at(position) - 1
        if index < 0:
            return None
        word = self.a.folded[index]
        return word if word[:1].isalnum() else None

    def has_cue_near(self, raw: PairedQuote) -> bool:
        """A speech verb or attribution phrase in the quote's sentence, outside the quote; or a colon
        right before it."""
        a = self.a
        lo, hi = a.sentence_of(raw.open_mark)
        end = raw.close_mark + 1 if raw.close_mark is not None else raw.end
        hi = max(hi, a.sentence_of(end)[1] if end < len(a.text) else hi)
        first, last = a.tok_at(raw.open_mark), a.tok_at(end)
        for i in range(max(a.tok_at(lo), first - WINDOW), min(a.tok_at(hi), last + WINDOW)):
            if a._in_quote(a.tok_starts[i]) or raw.open_mark <= a.tok_starts[i] < end:
                continue
            if self.verb_at(i) is not None or self.phrase_at(i) is not None or a.folded[i] in self.r.after_phrases \
                    or a.folded[i] in self.r.reported_speech:
                return True
        return re.search(r":\s*$", a.text[max(lo, raw.open_mark - 3):raw.open_mark]) is not None

    # -- cues -----------------------------------------------------------------------------------

    def verb_at(self, i: int, hi: int | None = None) -> str | None:
        """The speech verb written at token i (its particle checked), or None."""
        a, r = self.a, self.r
        word = a.folded[i]
        if r.role_suffixes and _is_upper(a.toks[i]) and i > 0 and a.toks[i - 1][:1].isalnum():
            return None     # German capitalises nouns: "das Schreiben", "ein Sprechen" inside a sentence
        base, clitic = word, None
        if r.clitic_re is not None and "-" in word:
            m = r.clitic_re.fullmatch(word)
            if m and m.group(2) in r.clitics:
                base, clitic = m.group(1), m.group(2)
        if base in r.speech_verbs or base in r.participles or base in r.quoting_verbs:
            if base in r.impersonal_verbs and r.impersonal_subjects and not (
                    i + 1 < len(a.toks) and a.folded[i + 1] in r.impersonal_subjects) and not (
                    i > 0 and a.folded[i - 1] in r.impersonal_subjects):
                return None     # "hieß das Lokal «Zur Schweizer Hütte»" names; "hieß es" quotes
            return a.toks[i]
        if base in r.verb_particles:
            particles = r.verb_particles[base]
            limit = hi if hi is not None else a.sentence_of(a.tok_starts[i])[1]
            # a long subject may stand between them ("nahm der Ministerpräsident des Landes, X (Y), zu … Stellung")
            for k in range(i + 1, min(a.tok_at(limit), i + 24)):
                if a.folded[k] in particles:
                    return a.toks[i]
                if a.toks[k] in ".;!?":
                    break
        if r.clitics and base in r.auxiliaries and clitic:
            # "a-t-il expliqué": the participle follows
            if i + 1 < len(a.toks) and a.folded[i + 1] in r.speech_verbs:
                return a.toks[i]
        return None

    def inverted_verb_at(self, i: int, hi: int | None = None) -> str | None:
        """A speech verb at token i that can follow its quote: not one of the verbs that introduce quoted
        words only before them ("“…,” when Haskell blasted him" belongs to another clause)."""
        return None if self.a.folded[i] in self.r.quoting_verbs else self.verb_at(i, hi)

    def phrase_at(self, i: int) -> tuple[int, str] | None:
        """An attribution phrase starting at token i: (index after it, the phrase as written)."""
        a, r = self.a, self.r
        for phrase in r.before_phrases.get(a.folded[i], ()):
            if tuple(a.folded[i:i + len(phrase)]) == phrase:
                end = i + len(phrase)
                return end, a.text[a.tok_starts[i]:a.tok_ends[end - 1]]
        return None

    def source_at(self, phrase_tok: int, k: int, limit: int) -> _Speaker | None:
        """The source an attribution phrase names ("selon le ministère", "laut Polizei"); a phrase that
        names a source only before a person ("Pour Pierre Pommellet, …") needs one; a document's source is
        its author ("selon un communiqué publié par l’état-major")."""
        a, r = self.a, self.r
        found = self.np_at(k, limit, subject=False)
        if found is None:
            return None
        speaker, end = found
        if a.folded[phrase_tok] in r.person_phrases and not (speaker.kind == "person" and speaker.strength >= 2):
            return None
        return self.author_of(speaker, k, end, limit)

    def author_of(self, speaker: _Speaker, k: int, end: int, limit: int) -> _Speaker:
        """A document's author stands for it: "un communiqué publié par l’état-major" (after an agent
        word), "w komunikacie Dowództwa Operacyjnego" (right after the noun)."""
        a, r = self.a, self.r
        if speaker.via != "description" or not r.document_nouns:
            return speaker
        doc = next((x for x in range(k, min(end, k + 3)) if a.folded[x] in r.document_nouns), None)
        if doc is None:
            return speaker
        if not r.agent_words and doc + 1 < end:
            author = self.np_at(doc + 1, limit, subject=False)
            if author is not None and author[0].via in ("name", "description"):
                return author[0]
        x = doc + 1
        while x < limit and x - end < 4 and a.toks[x] not in ",;:" and a.toks[x] not in DOUBLE_MARKS:
            if a.folded[x] in r.agent_words:
                author = self.np_at(x + 1, limit, subject=False)
                if author is not None and author[0].via in ("name", "description"):
                    return author[0]
            x += 1
        return speaker

    def clitic_of(self, i: int) -> str | None:
        word = self.a.folded[i]
        if self.r.clitic_re is not None and "-" in word:
            m = self.r.clitic_re.fullmatch(word)
            if m and m.group(2) in self.r.clitics:
                return m.group(2)
        return None

    # -- noun phrases ---------------------------------------------------------------------------

    def skip_adverbs(self, i: int, limit: int) -> int:
        """Past adverbs and short time phrases after a verb ("am Freitag", "hoy", "we wtorek")."""
        a, r = self.a, self.r
        steps = 0
        while i < limit and steps < 5:
            word = a.folded[i]
            if word in r.adverbs or word in r.auxiliaries:
                i += 1
                steps += 1
                continue
            if a.toks[i] in r.particles and i + 1 < limit and a.toks[i + 1] in a.surnames:
                break       # "von Butler": a name, not a phrase
            if word in r.prepositions and i + 1 < limit and not a.toks[i + 1] in DOUBLE_MARKS:
                # a short prepositional phrase: "à l'AFP", "en un comunicado", "vor Journalisten"
                k = i + 1
                while k < limit and k - i <= 3 and a.folded[k] in r.determiners | r.links:
                    k += 1
                if k < limit and a.toks[k][:1].isalnum():
                    i = k + 1
                    steps += 1
                    continue
            break
        return i

    def np_at(self, i: int, limit: int, subject: bool = True, apposition: bool = True) -> tuple[_Speaker, int] | None:
        """The noun phrase starting at token i: who it names, and the token after it. A subject never
        opens with an oblique determiner ("den Fluggast") or a preposition."""
        a, r = self.a, self.r
        if i >= limit:
            return None
        word, folded = a.toks[i], a.folded[i]
        start = a.tok_starts[i]
        if folded in r.pronouns and not (i + 1 < limit and folded in r.determiners and
                                         (_is_upper(a.toks[i + 1]) or a.folded[i + 1] in r.links)):
            return _Speaker(start, a.tok_ends[i], None, None, "pronoun", r.pronouns[folded], 3), i + 1
        title = self.quoted_title(i, limit)
        if title is not None:
            return title
        particle_end = i
        while particle_end < limit and particle_end - i < 3 and folded_particle(a.toks[particle_end], r):
            particle_end += 1
        if particle_end > i and particle_end < limit and a.toks[particle_end] in a.surnames:
            # "von Butler", "Von der Leyen betonte": a surname with its particles
            end = particle_end + 1
            words = a.toks[i:end]
            name = a.canonical_person(words)
            gender = a.people[name].gender if name in a.people else None
            return _Speaker(start, a.tok_ends[end - 1], name, "person", "name", gender, 3), end
        if folded in r.prepositions or folded in r.clause_words or folded in r.adverbs or \
                (folded in r.stop_words and folded not in r.determiners) or folded in r.auxiliaries:
            return None
        if subject and folded in r.oblique_determiners:
            return None
        if self.verb_at(i) is not None:
            return None
        has_det = folded in r.determiners
        if not (has_det or _is_upper(word) or a.is_role(word) or word.rstrip(".") in r.titles or _is_acronym(word)
                or (not subject and (folded in r.document_nouns or a.is_organisation_word(word)))):
            return None
        compound = bool(r.role_suffixes)       # German: nouns capitalised, compounds
        k = i + 1 if has_det else i
        expect_noun = has_det                  # after a determiner or a link, a noun is still to come
        saw_head = False
        seen_role = False
        after_link = False
        lower_run = 0
        head_end = i
        candidates: list[tuple[int, int, bool]] = []   # name runs: (start, end, marked as a name)
        roles_seen = 0
        if has_det and k < limit and a.folded[k] in r.links:
            saw_head, head_end = True, k       # "einer der Feuerwehrmänner", "uno de los"
        while k < limit and k - i < MAX_NP_TOKENS:
            w, f = a.toks[k], a.folded[k]
            if w in DOUBLE_MARKS and saw_head and self.title_at(k) is not None:
                head_end = self.title_at(k)     # "die Wochenzeitschrift „Neue Welt“": the title is part of it
                break
            if w in DOUBLE_MARKS or (not w[:1].isalnum() and w not in ".()"):
                break
            if w == ".":
                prev = a.toks[k - 1].rstrip(".") if k > i else ""
                if k > i and (prev in r.titles or prev in r.abbreviations or len(prev) == 1):
                    k += 1
                    continue
                break
            if w == "(":
                close = k + 1
                while close < limit and a.toks[close] != ")" and close - k < 8:
                    close += 1
                break            # "Boris Pistorius (SPD)", "le commandant du groupe aéronaval (GAN)": it ends there
            if w == ")":
                break
            if f in r.pronouns and not _is_upper(w) and f not in r.determiners:
                break
            if f in r.coordinators and saw_head and k + 1 < limit and a.folded[k + 1] in r.links and after_link is False \
                    and any(a.folded[x] in r.links for x in range(i, k)):
                k += 1      # "la Commission des Affaires étrangères et de la Défense"
                continue
            if f in r.coordinators and seen_role and k + 1 < limit and a.is_role(a.toks[k + 1]) and not candidates:
                k += 1      # "FDP-Politikerin und Vorsitzende des Verteidigungsausschusses Marie-Agnes Strack-Zimmermann"
                continue
            if f in r.auxiliaries or f in r.clause_words or self.verb_at(k) is not None:
                break
            if saw_head and f in r.links:
                expect_noun, after_link, lower_run = True, True, 0
                k += 1
                continue
            if f in r.determiners and (expect_noun or after_link):
                k += 1
                continue
            if f in r.determiners and saw_head and not _is_upper(w):
                break       # "la ministra el lunes": an article after the head opens the next phrase
            if f in r.prepositions or (f in r.stop_words and not _is_upper(w)) or (saw_head and f in r.adverbs and not _is_upper(w)):
                break
            if _is_upper(w) or _is_acronym(w) or w[:1].isdigit():
                if w[:1].isdigit():
                    if expect_noun and _is_upper(w.split("-")[-1]):
                        # "Der 58-Jährige": a number joined to a noun is the phrase's noun
                        saw_head, expect_noun, head_end = True, False, k + 1
                        k += 1
                        continue
                    if expect_noun:
                        k += 1
                        continue
                    break
                after_title = k > i and (a.toks[k - 1].rstrip(".") in r.titles
                                         or a.toks[k - 1] == "." and k - 2 >= i and a.toks[k - 2] in r.titles)
                surname = after_title and not (k + 1 < limit and _is_upper(a.toks[k + 1]))
                if a.is_role(w) and not surname:    # "Mr. King": a role word after a title is a surname
                    roles_seen += 1
                    if seen_role and candidates and not after_link:
                        pass
                    elif candidates and candidates[-1][1] == k and not after_link:
                        # "Kölns Präsident Wolfgang Overath": the name before a role is its possessor
                        candidates.pop()
                    # a role in a complement marks no name before it ("Kritiker des Ministers")
                    seen_role = seen_role or not (after_link and candidates)
                    saw_head = True
                    expect_noun = after_link = False
                    head_end = k + 1
                    k += 1
                    continue
                if w.rstrip(".") in r.titles and not surname:
                    k += 1
                    continue
                if compound and k == i and k + 1 < limit and a.nominative(w) != w and a.toks[k + 1][:1].isalpha() \
                        and a.toks[k + 1] not in r.given_names and not _is_upper(a.toks[k + 1]) or \
                        compound and k == i and k + 1 < limit and a.nominative(w) != w and _is_upper(a.toks[k + 1]) \
                        and a.toks[k + 1] not in r.given_names and a.toks[k + 1] not in a.surnames:
                    # "Jelpkes wissenschaftlicher Mitarbeiter", "Trumps Angriffsauftrag": the inflected name
                    # is a possessor, the phrase goes on
                    expect_noun, has_det = True, True
                    k += 1
                    continue
                end = a._name_run(k, limit)
                if end <= k:
                    end = k + 1
                if self.is_possessor(end - 1, limit):
                    # "Sanders’s campaign manager": the name owns the noun after it; the phrase goes on
                    expect_noun, has_det = True, True
                    k = end
                    continue
                prev = a.toks[k - 1] if k > i else ""
                prev_bare = prev.rstrip(".")
                head_role = a.is_role(prev) and not after_link and (r.is_nominative_role(prev) or roles_seen == 1)
                marked = (k == i) or prev_bare in r.titles or (k >= 2 and prev == "." and a.toks[k - 2].rstrip(".") in r.titles) \
                    or head_role or (seen_role and (_is_acronym(prev) or prev == ")") and not after_link)
                if compound and (expect_noun or after_link) and not (a.is_role(prev) and not after_link):
                    marked = False    # German: a capitalised word after a determiner is a noun
                if not marked and seen_role and k > i and a.toks[k] in r.given_names and (_is_upper(prev) or _is_acronym(prev)):
                    marked = True     # "du Sénat Cédric Perrin", "prezes PGZ Sebastian Chwałek"
                if compound and has_det and marked and k > i:
                    # "der Vertreter Libyens": after a determiner and a role, only a marked name is a name
                    words = [x for x in a.toks[k:end] if x != "."]
                    marked = a._is_person_name(words) or words[-1] in a.surnames or len(words) >= 2 \
                        or a.nominative(words[-1]) in a.surnames
                candidates.append((k, end, marked))
                saw_head = True
                expect_noun = after_link = False
                head_end = end
                k = end
                continue
            # lower case
            if a.is_role(w) or a.is_organisation_word(w):
                if a.is_role(w):
                    roles_seen += 1
                seen_role = seen_role or a.is_role(w)
                saw_head = True
                expect_noun = after_link = False
                head_end = k + 1
                lower_run = 0
                k += 1
                continue
            if expect_noun:
                lower_run += 1
                if lower_run > 3:
                    break
                if not compound:
                    saw_head, expect_noun = True, False
                    head_end = k + 1
                k += 1
                continue
            if compound or not saw_head:
                break
            lower_run += 1
            if lower_run > r.max_modifiers:
                break
            head_end = k + 1
            k += 1
        if head_end <= i or (has_det and head_end <= i + 1 and not saw_head):
            return None
        end_tok = head_end
        # the speaker's name: the last run marked as one (after a title, a role, or opening the phrase)
        name_at = next(((s0, e0) for s0, e0, marked in reversed(candidates) if marked), None)
        if name_at is None and apposition:
            appo = self.apposition_name(end_tok, limit, after_role=seen_role)
            if appo is not None:
                # "der Inspekteur der Luftwaffe, Generalleutnant Otto Fink": the name in the apposition
                speaker, end = appo
                speaker.start = start
                return speaker, end
        if name_at is not None:
            k0, e0 = name_at
            words = [x for x in a.toks[k0:e0] if x != "."]
            evidence = seen_role or has_det or k0 > i or a._is_person_name(words) or words[-1] in a.surnames \
                or a.nominative(words[-1]) in a.surnames or " ".join(words) in a.people
            if not evidence and not compound and k0 == i and (end_tok > e0 or len(words) >= 2):
                # "Służby ratunkowe", "Siły Zbrojne Izraela", "Airbus Defense": capitalised words nothing
                # marks as a person's name
                span_end = a.tok_ends[max(end_tok, e0) - 1]
                written = a.text[start:span_end].strip(" ,")
                if end_tok > e0:
                    return _Speaker(start, span_end, written, None, "description"), max(end_tok, e0)
                return _Speaker(start, span_end, written, "organization", "name"), max(end_tok, e0)
            if words and not a._not_a_person(words) and (seen_role or has_det or len(candidates) == 1 or
                                                          a._is_person_name(words) or words[-1] in a.surnames):
                name = a.canonical_person(words)
                gender = a.people[name].gender if name in a.people else r.given_names.get(name.split()[0])
                marked = seen_role or has_det or k0 > i or a._is_person_name(words) or name in a.people \
                    or words[-1] in a.surnames or a.nominative(words[-1]) in a.surnames
                return _Speaker(start, a.tok_ends[max(end_tok, e0) - 1], name, "person", "name", gender,
                                3 if marked else 1), max(end_tok, e0)
            if words and not has_det and not seen_role:
                written = a.text[a.tok_starts[k0]:a.tok_ends[e0 - 1]]
                if a.common_noun(words):
                    # "Als Antwort sagte ein Offizier": a noun, the weakest of subjects
                    return _Speaker(start, a.tok_ends[e0 - 1], written, None, "description", None, 1), max(end_tok, e0)
                return _Speaker(start, a.tok_ends[e0 - 1], written, "organization", "name"), max(end_tok, e0)
        span_end = a.tok_ends[end_tok - 1]
        written = a.text[start:span_end].strip(" ,")
        if not written:
            return None
        return _Speaker(start, span_end, written, None, "description"), end_tok

    def title_at(self, k: int) -> int | None:
        """The token after a name or title in quote marks opening at token k (a quote that is not speech)."""
        raw = self.raw_at.get(self.a.tok_starts[k])
        if raw is None or raw.close_mark is None or id(raw) in self.speech_set:
            return None
        return self.a.tok_at(raw.close_mark + 1)

    def quoted_title(self, i: int, limit: int) -> tuple[_Speaker, int] | None:
        """A newspaper named in quote marks as a subject: "schrieb „Die Zeit“", "die „Computerwoche“"."""
        a = self.a
        k = i + 1 if a.folded[i] in self.r.determiners else i
        if k >= limit or a.toks[k] not in DOUBLE_MARKS:
            return None
        raw = self.raw_at.get(a.tok_starts[k])
        if raw is None or raw.close_mark is None or id(raw) in self.speech_set or a.text[raw.end - 1] in ",.!?…":
            return None     # "“It’s fine,” …": words too short to count as speech, not a newspaper's name
        end = a.tok_at(raw.close_mark + 1)
        if k == i:
            written = a.text[raw.start:raw.end]
            return _Speaker(raw.start, raw.end, written, "organization", "name"), end
        written = a.text[a.tok_starts[i]:raw.close_mark + 1]
        return _Speaker(a.tok_starts[i], raw.close_mark + 1, written, None, "description"), end

    def apposition_name(self, k: int, limit: int, after_role: bool = False) -> tuple[_Speaker, int] | None:
        """", NAME" after a description, up to the next comma ("el director de Ventas para Latinoamérica de
        Naval Group, Laurent Mourre"); after a role, capitalised words nothing else marks are a name too
        ("des Bürgermeisters der Stadt, Tran Quoc Hung")."""
        a, r = self.a, self.r
        scan = k
        while scan < limit and scan - k < 10 and a.toks[scan] != ",":
            if a.toks[scan] in DOUBLE_MARKS or self.verb_at(scan) is not None or a.folded[scan] in r.clause_words \
                    or a.toks[scan] in ".;:()":
                return None
            scan += 1
        if scan >= limit or a.toks[scan] != ",":
            return None
        found = self.np_at(scan + 1, limit, apposition=False)
        if found is None or found[0].kind != "person":
            return None
        if found[0].strength < 3:
            if not (after_role and " " in (found[0].speaker or "")):
                return None
            found[0].strength = 3       # the role marks it
        return found

    # -- subjects -------------------------------------------------------------------------------

    def subject_after(self, i: int, limit: int) -> tuple[_Speaker, int] | None:
        k = self.skip_adverbs(i, limit)
        found = self.np_at(k, limit)
        if found is None and self.r.premodifiers:
            found = self.modified_subject(k, limit)
        if found is None and k != i:
            found = self.np_at(i, limit)
        if found is not None and found[0].kind == "person" and found[0].strength < 2 and k == i:
            # "sagte Kaack", "entgegnete Suttner": a capitalised word right after a verb of saying
            found[0].strength = 2
        if found is not None:
            found = self.with_trailing_phrase(*found, lambda x: x >= limit or self.a.toks[x] in ".,;!?")
        return found

    def with_trailing_phrase(self, speaker: _Speaker, end: int, stop) -> tuple[_Speaker, int]:
        """A description with the short prepositional phrase after it, when `stop` holds right after that
        phrase (the verb, or the clause's end): "a staffer in the room wondered", "said one source on the
        panel." A name keeps to itself; only where the language's file says so (`trailing_phrases`: a German
        or French phrase after the subject is as often the verb's: "dans un communiqué")."""
        a, r = self.a, self.r
        if not r.trailing_phrases or speaker.via != "description" or end >= len(a.toks) \
                or a.folded[end] not in r.prepositions:
            return speaker, end
        for x in range(end + 1, min(len(a.toks), end + 6) + 1):
            if stop(x):
                if x == end + 1:
                    break
                return replace(speaker, end=a.tok_ends[x - 1], speaker=a.text[speaker.start:a.tok_ends[x - 1]]), x
            if not a.toks[x][:1].isalnum() or a.folded[x] in r.clause_words:
                break
        return speaker, end

    def modified_subject(self, k: int, limit: int) -> tuple[_Speaker, int] | None:
        """A subject opening with lower-case modifiers and no determiner, then a role or a title: "said
        conservative activist Bob Klaus" (up to the language's `premodifiers` words)."""
        a, r = self.a, self.r
        j = k
        while j < limit and j - k < r.premodifiers and a.toks[j][:1].islower() and a.toks[j][:1].isalpha() \
                and a.folded[j] not in r.function_words and a.folded[j] not in r.stop_words \
                and not a.is_role(a.toks[j]) and self.verb_at(j) is None:
            j += 1
        if j == k or j >= limit or not (a.is_role(a.toks[j]) or a.toks[j].rstrip(".") in r.titles):
            return None
        found = self.np_at(j, limit)
        if found is None or not (found[0].kind == "person" or self.speakerlike(found[0])):
            return None
        found[0].start = a.tok_starts[k]
        return found

    def closes_quote(self, k: int) -> bool:
        """Token k is the closing mark of a quote ("“It’s fine,” Haskell said": a subject may follow it)."""
        a = self.a
        return a.toks[k] in DOUBLE_MARKS and a._in_quote(a.tok_starts[k]) and not a._in_quote(a.tok_ends[k])

    def is_possessor(self, k: int, limit: int) -> bool:
        """A capitalised word with a possessive ending before another word ("Sanders’s campaign manager"): it
        owns the noun after it, it is not the one the phrase names."""
        word, endings = self.a.toks[k], self.r.possessive_endings
        return bool(endings) and k + 1 < limit and self.a.toks[k + 1][:1].isalpha() and \
            any(word.endswith(e) and len(word) > len(e) + 1 for e in endings)

    def verb_after_aside(self, k: int, limit: int, hi: int) -> str | None:
        """The speech verb after a subject's asides between commas or in brackets ("„…“, Trump, the party's
        nominee, said", "„…“ Gwen Moore (D-Wis.) said")."""
        a, r = self.a, self.r
        start = k
        for _ in range(3):
            if k >= limit or a.toks[k] not in ",(":
                break
            closer = "," if a.toks[k] == "," else ")"
            close = k + 1
            while close < limit and close - k < MAX_ASIDE_TOKENS and a.toks[close] != closer \
                    and a.toks[close] not in DOUBLE_MARKS and a.toks[close] not in ";:!?" \
                    and not (a.toks[close] == "." and closer == "," and close + 1 < limit and a.toks[close + 1] != ","):
                close += 1
            if close >= limit or a.toks[close] != closer or close == k + 1:
                return None
            k = close + 1
        if k == start:
            return None
        verb = k
        while verb < limit and verb - k < 3 and (a.folded[verb] in r.adverbs or a.folded[verb] in r.auxiliaries) \
                and self.verb_at(verb, hi) is None:
            verb += 1
        return self.verb_at(verb, hi) if verb < limit else None

    def verb_after_open_aside(self, k: int, limit: int, hi: int) -> str | None:
        """The speech verb after a subject's aside that no second comma closes ("“…,” Ann Berg, the analyst
        who founded the site tweeted"): right after a quote, a subject then a comma opens an aside about it,
        so the first verb of saying in the clause is the subject's."""
        a = self.a
        if k >= limit or a.toks[k] != ",":
            return None
        e = k + 1
        while e < min(limit, k + MAX_ASIDE_TOKENS):
            if a.toks[e] in ".;:!?" and not (e + 1 < limit and a.tok_ends[e] == a.tok_starts[e + 1]):
                return None     # a full stop inside a word ("site.com") does not end the clause
            if a.toks[e] in DOUBLE_MARKS:
                title_end = self.title_at(e)    # "X, wearing “Vote Berg” pins, said"
                if title_end is None:
                    return None
                e = title_end
                continue
            verb = self.verb_at(e, hi)
            if verb is not None:
                return verb
            e += 1
        return None

    def subject_before(self, lo_tok: int, verb_tok: int) -> _Speaker | None:
        """The subject of the verb at `verb_tok`, standing before it in its clause: the first phrase
        that reaches the verb with only adverbs, asides and short phrases between."""
        a, r = self.a, self.r
        lo_tok = max(lo_tok, verb_tok - WINDOW)
        antecedent = self.relative_antecedent(lo_tok, verb_tok)
        if antecedent is not None:
            return antecedent
        starts = [lo_tok]
        relative_end = lo_tok       # phrases inside a relative clause before the verb are not its subject
        for k in range(lo_tok, verb_tok):
            f = a.folded[k]
            if k < relative_end:
                continue
            if self.opens_relative_clause(k, verb_tok):
                relative_end = next((x for x in range(k + 2, verb_tok) if a.toks[x] == ","), verb_tok)
                starts.append(relative_end + 1)
                continue
            if f in r.coordinators and k > lo_tok and a.toks[k - 1] == "-":
                continue    # "der Fraktions- und Parteivorsitzenden": one phrase, not two clauses
            if a.toks[k] in ",;:–—" or f in r.clause_words or f in r.auxiliaries or self.closes_quote(k):
                starts.append(k + 1)
        found_at: list[_Speaker] = []
        aside_of: _Speaker | None = None
        for start in sorted(set(starts)):
            k = start
            while k < verb_tok and (a.folded[k] in r.continuation_words or a.toks[k] in "–—-" or a.folded[k] in r.adverbs):
                k += 1
            if k >= verb_tok:
                continue
            found = self.np_at(k, verb_tok)
            if found is None:
                continue
            speaker, end = found
            # "Stoiber hatte … betont": the subject stands next to the finite auxiliary
            finite = next((x for x in range(end, verb_tok) if a.folded[x] in r.auxiliaries), verb_tok)
            # an aside after a name: after a marked one, or a role right after the comma ("Lars Eklund, ein
            # Vertreter der Organisation, kommentierte")
            role_aside = (speaker.kind == "person" or speaker.via == "name" or self.unknown_name(speaker)) and end < finite and a.toks[end] == "," and any(
                a.is_role(a.toks[x]) for x in range(end + 1, min(end + 4, finite))) and "," in a.toks[end + 1:finite] \
                or end < finite and self.opens_relative_clause(end, finite) and "," in a.toks[end + 1:finite]
            if role_aside:
                speaker.strength = 3    # the role marks the name
                aside_of = speaker
            # a role or an organisation opening the sentence may have an aside too ("Die Veranstalter der
            # Woche, unter ihnen auch Autorenverbände, betonen"): then it is the subject, not the aside's noun
            opening = start == lo_tok and speaker.via == "description" and self.speakerlike(speaker) \
                and end < finite and a.toks[end] == ","
            if opening and self.gap_ok(end, finite, True):
                return speaker
            if self.gap_ok(end, finite, speaker.via == "name" and speaker.strength >= 3 or role_aside):
                if speaker.strength < 3 and speaker.kind == "person" and start == lo_tok and \
                        all(a.folded[x] in r.adverbs for x in range(end, finite)):
                    speaker.strength = 2    # "Modder nannte …": a name opening the sentence, then its verb
                    if r.verb_second and end == finite < verb_tok:
                        # "Stoiber hatte die Rolle der Fraktion betont": before the finite auxiliary is the
                        # subject's place; the phrase after it is the object
                        speaker.strength = 3
                found_at.append(speaker)
        if not found_at:
            return None
        # the phrase nearest the verb, unless it is a description and an earlier name reaches the verb
        # over an aside ("Hans-Jürgen Papier, Präsident des Gerichts, sagte")
        last = found_at[-1]
        if aside_of is not None and aside_of in found_at and last.start > aside_of.end:
            # "Ann Berg, a spokeswoman for Senator Tom Lee, said": the one named in the aside is not the subject
            return aside_of
        if last.kind == "organization" and last.via == "name" and found_at[0].kind == "person" and found_at[0].strength >= 3:
            # "Petra Lang, Sprecherin der Bauern-Union, sagte": the organisation is in the aside
            return found_at[0]
        if last.via == "description":
            least = 2 if not self.speakerlike(last) else 3     # "Stoiber hatte die Rolle der Fraktion betont"
            return next((x for x in found_at if x.kind == "person" and x.strength >= least), last)
        return last

    def opens_relative_clause(self, comma: int, limit: int) -> bool:
        """Whether a relative pronoun follows the comma at token `comma`: ", der als Kritiker gilt," (not ", der
        Minister," an apposition, nor ", der ehemalige Minister,")."""
        a, r = self.a, self.r
        k = comma + 1
        if a.toks[comma] != "," or k >= limit or a.folded[k] not in r.relative_pronouns:
            return False
        if k + 1 == limit:
            return True     # ", der sagte"
        following = a.toks[k + 1]
        if _is_upper(following) or following[:1].isdigit():
            return False
        if following[:1].isalpha() and a.folded[k + 1] not in r.function_words | r.prepositions | r.clause_words \
                | r.adverbs | r.stop_words and k + 2 < limit and _is_upper(a.toks[k + 2]):
            return False    # an adjective, then a noun
        return True

    def relative_antecedent(self, lo_tok: int, verb_tok: int) -> _Speaker | None:
        """The subject of a verb in a relative clause: the phrase the relative pronoun stands for, before its
        comma ("In der Zeitung erschien ein Kommentar, der die Entscheidung als „…“ bezeichnet")."""
        a = self.a
        comma = next((x for x in range(verb_tok - 1, lo_tok - 1, -1) if a.toks[x] == ","), None)
        if comma is None or comma <= lo_tok or not self.opens_relative_clause(comma, verb_tok):
            return None
        for start in range(max(lo_tok, comma - MAX_NP_TOKENS), comma):
            found = self.np_at(start, comma, subject=False)
            if found is not None and found[1] == comma:
                return found[0]
        return None

    def subordinate_subject(self, lo_tok: int, hi_tok: int) -> _Speaker | None:
        """The subject right after the word opening the subordinate clause a quote stands in, when its verb
        follows the quote ("…, weil die Regierung das Land als „…“ bezeichnet hat"): one who can speak. Only
        where a subordinate clause's verb comes last (`verb_second`)."""
        a, r = self.a, self.r
        if not r.verb_second:
            return None
        # the clause opens after a comma ("als" right before a quote compares, it opens no clause)
        k = next((x for x in range(hi_tok - 1, lo_tok, -1) if a.folded[x] in r.clause_words and a.toks[x - 1] == ","
                  and not a._in_quote(a.tok_starts[x])), None)
        found = self.np_at(self.skip_adverbs(k + 1, hi_tok), hi_tok) if k is not None else None
        if found is None or not (found[0].via == "pronoun" or self.speakerlike(found[0])):
            return None
        return found[0]

    def unknown_name(self, speaker: _Speaker) -> bool:
        """A run of capitalised words with no given name the lists know ("Dog Andres"): a name where only
        names are capitalised (not in German, whose nouns all are)."""
        words = self.a.text[speaker.start:speaker.end].split()
        return not self.r.role_suffixes and speaker.via == "description" and len(words) >= 2 \
            and all(w[:1].isupper() and w.lower() not in self.r.determiners for w in words)

    def gap_ok(self, k: int, verb_tok: int, aside: bool = False) -> bool:
        """Only adverbs, auxiliaries, brackets, short prepositional phrases (and, after a name, asides
        between commas) stand between a subject and its verb."""
        a, r = self.a, self.r
        words = 0
        while k < verb_tok:
            w, f = a.toks[k], a.folded[k]
            if w == "(":
                close = k
                while close < verb_tok and a.toks[close] != ")":
                    close += 1
                k = close + 1
                continue
            if w == "," and aside and k + 1 < verb_tok and a.folded[k + 1] not in r.clause_words:
                close = k + 1
                while close < verb_tok and a.toks[close] != "," and close - k < 18 and a.toks[close] not in ":;":
                    if a.toks[close] in DOUBLE_MARKS:
                        title_end = self.title_at(close)    # "X, Vertreter der Organisation „Nature Alliance“, sagte"
                        if title_end is None:
                            break
                        close = title_end
                        continue
                    close += 1
                if close < verb_tok and a.toks[close] == ",":
                    # "X, eines der Mitglieder, die den Brief schrieben, sagte": a relative clause goes on
                    k = close if self.opens_relative_clause(close, verb_tok) else close + 1
                    continue
                if close == verb_tok and words == 0:
                    return True   # "Houcine Abassi, der Generalsekretär des Verbandes (UGIT) sagte"
                k += 1
                continue
            if w in ":;":
                return False
            if f in r.adverbs or f in r.auxiliaries or w in ",.)":
                k += 1
                continue
            if f in r.prepositions:
                k += 1
                steps = 0
                while k < verb_tok and steps < 3 and a.toks[k][:1].isalnum() and a.folded[k] not in r.clause_words:
                    k += 1
                    steps += 1
                words += 1
                if words > 3:
                    return False
                continue
            if f in r.clause_words and k + 1 < verb_tok and a.folded[k + 1] in r.adverbs:
                k += 2      # "wird Musk wie folgt zitiert"
                continue
            if f in r.clause_words or w in DOUBLE_MARKS:
                return False
            words += 1
            if words > 2:
                return False
            k += 1
        return True

    # -- per quote ------------------------------------------------------------------------------

    def after_quote(self, raw: PairedQuote, hi: int) -> _Found | None:
        """„…“, sagte X / « … », a-t-il dit / "…" – powiedział X / „…“, so der Minister; or later in the
        sentence after a comma ("„…“ beenden, so Rice")."""
        a, r = self.a, self.r
        if raw.close_mark is None:
            return None
        i = a.tok_at(raw.close_mark + 1)
        limit = min(a.tok_at(hi), i + WINDOW)
        while i < limit and a.toks[i] in ",–—-" + "".join(m for m in DOUBLE_MARKS if m not in r.openers):
            i += 1
        if i >= limit or a.toks[i] in ".!?;":
            return None
        found = self.cue_at(i, limit, hi)
        if found is not None and found.subject is not None and found.subject.via == "dropped":
            # "Seine Werke werden von Kennern als „…“ bezeichnet": a passive verb's agent speaks
            lo_tok = a.tok_at(a.sentence_of(raw.open_mark)[0])
            agent = self.passive_agent(lo_tok, a.tok_at(raw.open_mark)) \
                or self.relative_antecedent(lo_tok, a.tok_at(raw.open_mark)) \
                or self.subordinate_subject(lo_tok, a.tok_at(raw.open_mark)) \
                or self.passive_source(lo_tok, a.tok_at(raw.open_mark))
            if agent is not None:
                return _Found(found.cue, agent)
        if found is not None:
            return found
        # a partial quote whose sentence goes on: a cue after one of its commas
        for k in range(i, limit):
            if a.toks[k] in DOUBLE_MARKS or a.toks[k] in ".;!?":
                break
            if a.toks[k] in ",–—" and k + 1 < limit:
                found = self.cue_at(k + 1, limit, hi, subject_first=False) or self.subject_then_verb(k + 1, limit, hi)
                if found is not None:
                    return found
        return None

    def cue_at(self, i: int, limit: int, hi: int, subject_first: bool = True) -> _Found | None:
        """An inverted cue starting at token i: a phrase and its source, or a verb and its subject; or a
        comment clause, its subject first ("„…“, wie der Minister sagte")."""
        a, r = self.a, self.r
        if i + 1 < limit and a.folded[i] in r.comment_words:
            i, subject_first = i + 1, True
        phrase = self.phrase_at(i)
        if phrase is not None:
            found = self.source_at(i, phrase[0], limit)
            if found is not None:
                return _Found(phrase[1], found)
            if phrase[0] < limit and self.verb_at(phrase[0], hi) is not None:
                i = phrase[0]      # "so urteilte Romney selbst"
        k = i
        steps = 0
        while k < limit and steps < 3 and (a.folded[k] in r.auxiliaries or a.folded[k] in r.adverbs) \
                and self.verb_at(k, hi) is None:
            k += 1
            steps += 1
        verb = self.inverted_verb_at(k, hi) if k < limit else None
        if verb is None:
            if not subject_first and not (k > i and a.folded[i] in r.auxiliaries):
                return None
            # "„…“, Pistorius sagte" / "„…“ wird Mike Downey, Manager, zitiert": a subject, then its verb
            start = i
            while start < limit and a.folded[start] in r.auxiliaries:
                start += 1
            found = self.np_at(start, limit)
            if found is None and r.premodifiers:
                found = self.modified_subject(start, limit)     # "“…,” political scientist Ann Berg said"
            if found is None:
                # "„…“, dem Minister zufolge": a phrase not in the nominative, then the attribution word
                found = self.np_at(start, limit, subject=False)
                if found is None or found[1] >= limit or a.folded[found[1]] not in r.after_phrases:
                    return None
            speaker, end = found
            if start == i:
                speaker, end = self.with_trailing_phrase(
                    speaker, end, lambda x: x < limit and self.inverted_verb_at(x, hi) is not None)
            aside = self.verb_after_aside(end, limit, hi) or self.verb_after_open_aside(end, limit, hi)
            if aside is not None:
                return _Found(aside, speaker)
            e = end
            while e < limit and e - end < 12 and a.toks[e] not in DOUBLE_MARKS and a.toks[e] not in ".;!?" \
                    and a.folded[e] not in r.clause_words:
                if self.inverted_verb_at(e, hi) is not None:
                    return _Found(a.toks[e], speaker)
                if a.folded[e] in r.after_phrases:
                    return _Found(a.toks[e], speaker)
                if start == i and e - end >= 3 and a.toks[e] != ",":
                    break
                e += 1
            return None
        clitic = self.clitic_of(k) or (self.clitic_of(k - 1) if k > i else None)
        if clitic is not None:
            return _Found(a.toks[k], _Speaker(a.tok_starts[k], a.tok_ends[k], None, None, "pronoun",
                                               r.pronouns.get(clitic)))
        verb_end = k + 1
        if verb_end < limit and self.verb_at(verb_end, hi) is not None:
            verb_end += 1   # "hat gesagt"
        elif verb_end < limit and a.folded[verb_end] in r.verb_particles.get(a.folded[k], ()):
            verb_end += 1   # "a fait valoir le commandant"
        if a.folded[k] in r.impersonal_verbs:
            source = self.source_phrase(verb_end, limit)
            return _Found(verb, source) if source is not None else None
        if a.folded[k] in r.object_speaker_verbs:
            quoted = self.quoted_object(verb_end, limit)
            if quoted is not None:
                return _Found(verb, quoted)
        if a.folded[k] in r.listener_verbs:
            return None
        found = self.subject_after(verb_end, limit)
        if found is not None:
            return _Found(verb, found[0])
        if r.pro_drop or self.ends_clause(verb_end, limit):
            return _Found(verb, _Speaker(a.tok_starts[k], a.tok_ends[k], None, None, "dropped"))
        return None

    def subject_then_verb(self, k: int, limit: int, hi: int) -> _Found | None:
        """A clause that is only a subject and its speech verb, auxiliaries and adverbs between, ending the
        sentence ("„…“ after the donation, the Defence Secretary has said.")."""
        a, r = self.a, self.r
        found = self.np_at(k, limit)
        if found is None:
            return None
        speaker, verb = found
        while verb < limit and verb - found[1] < 3 and (a.folded[verb] in r.auxiliaries or a.folded[verb] in r.adverbs):
            verb += 1
        cue = self.inverted_verb_at(verb, hi) if verb < limit else None
        if cue is None or not self.ends_clause(verb + 1, limit):
            return None
        return _Found(cue, speaker)

    def cue_after_sentence_end(self, raw: PairedQuote) -> _Found | None:
        """„…?“ Trump said. A quote that ends its sentence inside its marks, its speaker and verb opening the
        next sentence of the paragraph."""
        a = self.a
        if raw.close_mark is None or a.text[raw.start:raw.end].rstrip(" ’'”\"»")[-1:] not in (".", "!", "?", "…"):
            return None
        after = raw.close_mark + 1
        index = bisect.bisect_right(a.sentence_starts, after)
        if index >= len(a.sentence_starts):
            return None
        start = a.sentence_starts[index]
        if a.text[after:start].strip() or start >= a.paragraph_of(raw.close_mark)[1]:
            return None
        hi = a.sentence_of(start)[1]
        i = a.tok_at(start)
        if self.verb_at(i, hi) is not None or a.toks[i] in DOUBLE_MARKS:
            return None
        return self.cue_at(i, min(a.tok_at(hi), i + WINDOW), hi)

    def signature(self, raw: PairedQuote) -> _Found | None:
        """„…“ – Pamela Padilla. A name alone after a dash, closing the quote's paragraph or opening the next."""
        a = self.a
        if raw.close_mark is None:
            return None
        i = a.tok_at(raw.close_mark + 1)
        paragraph_end = a.paragraph_of(raw.close_mark)[1]
        if i < len(a.toks) and a.tok_starts[i] >= paragraph_end and raw.paragraph + 1 < len(a.paragraphs):
            paragraph_end = a.paragraphs[raw.paragraph + 1][1]   # the name on a line of its own
        if i >= len(a.toks) or a.toks[i] not in DASHES:
            return None
        hi = a.tok_at(paragraph_end)
        found = self.np_at(i + 1, hi)
        if found is None:
            return None
        speaker, end = found
        if end < hi and a.toks[end] not in ".,;(" and "\n" not in a.text[a.tok_ends[end - 1]:a.tok_starts[end]]:
            return None
        words = a.toks[i + 1:end]
        if speaker.kind != "person" and 2 <= len(words) <= 3 and all(_is_upper(w) for w in words) \
                and not any(a.is_organisation_word(w) for w in words):
            # two or three capitalised words alone on a signature line are a name, known or not ("― Jacklyn Ashley")
            speaker = replace(speaker, kind="person", via="name", strength=3)
        if speaker.kind != "person":
            return None
        # a name on a line of its own under the quote is its byline
        return _Found(a.toks[i], speaker, "byline" if "\n" in a.text[raw.close_mark:a.tok_starts[i]] else "explicit")

    def cue_before_paragraph(self, raw: PairedQuote) -> _Found | None:
        """X said: ¶ „…“. A quote opening its paragraph after a paragraph that ends with a colon: that
        paragraph's last sentence holds its cue."""
        a = self.a
        if raw.paragraph == 0 or a.text[a.paragraphs[raw.paragraph][0]:raw.open_mark].strip():
            return None
        lo, hi = a.paragraphs[raw.paragraph - 1]
        if not a.text[lo:hi].rstrip().endswith(":"):
            return None
        return self.before_quote(raw, max(lo, a.sentence_of(hi - 1)[0]))

    def quoted_object(self, k: int, limit: int) -> _Speaker | None:
        """After "zitiert": the person named last in the clause ("zitiert die „Computerwoche“ Lynch")."""
        a, r = self.a, self.r
        best = None
        while k < limit and a.toks[k] not in ".;!?" and a.folded[k] not in r.clause_words:
            if best is not None and a.folded[k] in r.prepositions:
                break       # "zitiert Néstor Kirchner mit folgenden Worten"
            found = self.np_at(k, limit, subject=False)
            if found is None:
                k += 1
                continue
            speaker, end = found
            if speaker.kind == "person" and (best is None or best.strength < speaker.strength):
                best = speaker
            elif (best is None or best.strength < 2) and speaker.via == "description" and a.folded[k] in r.oblique_determiners:
                # "zitiert den Prediger mit den Worten"; "zitiert Welt-Online den Minister": a word nothing
                # marks as a name, then an object, is the one who quotes
                return speaker
            k = max(end, k + 1)
        return best

    def source_phrase(self, k: int, limit: int) -> _Speaker | None:
        """"heißt es in einer Mitteilung des Ministeriums": the place the words are written."""
        a, r = self.a, self.r
        while k < limit and a.folded[k] not in r.source_prepositions and \
                (a.folded[k] in r.stop_words or a.folded[k] in r.adverbs or a.folded[k] in r.pronouns):
            k += 1
        if k < limit and a.folded[k] in (r.source_prepositions or r.prepositions):
            found = self.np_at(k + 1, limit, subject=False)
            if found is not None and found[0].via == "description" and r.verb_second:
                # "heißt es in der Meldung auf der Homepage von „X“ wörtlich:": the place runs on to the
                # end of the clause (and stays as it is when the words themselves follow it)
                end = found[1]
                while end < limit and a.toks[end] not in ",;:.!?()" and a.folded[end] not in r.adverbs \
                        and a.folded[end] not in r.clause_words and self.verb_at(end) is None:
                    end = (self.title_at(end) or limit) if a.toks[end] in DOUBLE_MARKS else end + 1
                if end < limit:
                    written = a.text[found[0].start:a.tok_ends[end - 1]]
                    found = (replace(found[0], end=a.tok_ends[end - 1], speaker=written), end)
            if found is not None:
                return self.author_of(found[0], k + 1, found[1], limit)
        return None

    def impersonal_source(self, lo_tok: int, k: int, hi_tok: int) -> _Speaker | None:
        """Where the words of the impersonal verb at token k are written: after it ("heißt es in der
        Mitteilung"), or in the phrase opening its clause ("In der Mitteilung heißt es")."""
        a, r = self.a, self.r
        source = self.source_phrase(k + 1, hi_tok)
        if source is None and lo_tok < k and a.folded[lo_tok] in (r.source_prepositions or r.prepositions):
            found = self.np_at(lo_tok + 1, k, subject=False)
            source = found[0] if found is not None else None
            if source is not None and source.via == "description" and r.verb_second:
                # "In der Ankündigung des Komitees von heute Mittag heißt es": all before the finite verb is
                # the one phrase (not an aside after a comma)
                finite = next((x for x in range(found[1], k) if a.toks[x] in ",;:(" or a.folded[x] in
                               r.auxiliaries or a.folded[x] in r.impersonal_subjects), k)
                end = a.tok_ends[finite - 1]
                source = replace(source, end=end, speaker=a.text[source.start:end])
        return source

    def passive_agent(self, lo_tok: int, hi_tok: int) -> _Speaker | None:
        """The agent of a passive clause in tokens [lo_tok, hi_tok): the phrase after an agent word ("von",
        "par", "przez") that follows a passive auxiliary ("werden", "est", "zostało")."""
        a, r = self.a, self.r
        passive = False
        for k in range(lo_tok, hi_tok):
            if a.folded[k] in r.passive_auxiliaries:
                passive = True
            elif passive and a.folded[k] in r.agent_words:
                found = self.np_at(k + 1, hi_tok, subject=False)
                if found is not None and (found[0].kind == "person" or found[0].via == "description"):
                    return found[0]
        return None

    def passive_source(self, lo_tok: int, hi_tok: int) -> _Speaker | None:
        """A passive clause with no agent: the medium or body a source preposition names, which speaks there
        ("Die Firma wurde gestern im „Kurier“ als „…“ bezeichnet"); a time or a place ("im Januar") does not."""
        a, r = self.a, self.r
        passive = False
        for k in range(lo_tok, hi_tok):
            if a.folded[k] in r.passive_auxiliaries:
                passive = True
            elif passive and a.folded[k] in r.source_prepositions and a.folded[k] not in r.agent_words:
                found = self.np_at(k + 1, hi_tok, subject=False)
                if found is not None and (found[0].kind == "organization" or self.speakerlike(found[0])):
                    return found[0]
        return None

    def participle_cue(self, lo_tok: int, k: int, verb: str) -> _Found | None:
        """Who speaks through the participle at token k: the phrase right before it, only adverbs between
        ("with Bell reportedly yelling „…“", "footage of Bell saying „…“"); after a comma, the main clause's
        speaker ("X a critiqué …, soulignant « … »"), else its subject ("Bell compared himself to Lee,
        saying „…“")."""
        a, r = self.a, self.r
        j = k
        while j > lo_tok and a.folded[j - 1] in r.adverbs:
            j -= 1
        if j > lo_tok and a.toks[j - 1][:1].isalnum():
            own = self.source_before(lo_tok, j)
            return _Found(verb, own) if own is not None else None
        main = self.sentence_cue_subject(a.tok_starts[lo_tok], a.tok_starts[k], skip=k)
        if main is not None:
            return _Found(verb, main)
        subject = self.sentence_subject(lo_tok, j)
        return _Found(verb, subject, "subject") if subject is not None else None

    def source_before(self, lo_tok: int, k: int) -> _Speaker | None:
        """The phrase ending right before an attribution word that follows its source ("dem Bericht
        zufolge", "dem Minister zufolge"): in the dative, so never read as a subject."""
        for start in range(max(lo_tok, k - MAX_NP_TOKENS), k):
            found = self.np_at(start, k, subject=False)
            if found is not None and found[1] == k and not (found[0].kind == "person" and found[0].strength < 2):
                return found[0]
        return None

    def ends_clause(self, k: int, limit: int) -> bool:
        k = self.skip_adverbs(k, limit)
        return k >= limit or self.a.toks[k] in ".,;:!?"

    def before_quote(self, raw: PairedQuote, lo: int) -> _Found | None:
        """The last speech verb or attribution phrase of the sentence before the quote, and its subject."""
        a, r = self.a, self.r
        hi_tok = a.tok_at(raw.open_mark)
        lo_tok = max(a.tok_at(lo), hi_tok - WINDOW)
        colon = re.search(r":\s*$", a.text[max(lo, raw.open_mark - 4):raw.open_mark]) is not None
        if hi_tok - 1 > lo_tok and a.toks[hi_tok - 1] == "(":
            # "… die Leiterin der Behörde, Anna Berg („Wir sind bereit.“), und …": the name before the bracket
            named = self.source_before(lo_tok, hi_tok - 1)
            if named is not None and named.kind == "person" and named.strength >= 2:
                return _Found("(", named)
        for k in range(hi_tok - 1, lo_tok - 1, -1):
            if a._in_quote(a.tok_starts[k]):
                continue
            phrase = self.phrase_at(k)
            if phrase is not None and phrase[0] < hi_tok:
                found = self.source_at(k, phrase[0], hi_tok)
                if found is not None and found.kind != "person":
                    # "X kommentierte den Test laut „Zeitung“ mit den Worten": who spoke, not who reported
                    speaker = self.sentence_cue_subject(a.tok_starts[lo_tok], a.tok_starts[k])
                    found = speaker if speaker is not None and speaker.kind == "person" else found
                if found is not None:
                    return _Found(phrase[1], found)
            if a.folded[k] in r.after_phrases and k > lo_tok:
                speaker = self.source_before(lo_tok, k) or self.subject_before(lo_tok, k)
                if speaker is not None:
                    return _Found(a.toks[k], speaker)
            verb = self.verb_at(k, raw.open_mark)
            if verb is None:
                continue
            clitic = self.clitic_of(k)
            if clitic is not None:
                return _Found(verb, _Speaker(a.tok_starts[k], a.tok_ends[k], None, None, "pronoun", r.pronouns.get(clitic)))
            if a.folded[k] in r.impersonal_verbs:
                source = self.impersonal_source(lo_tok, k, hi_tok)
                if source is not None:
                    return _Found(verb, source)
                continue
            if a.folded[k] in r.object_speaker_verbs:
                quoted = self.quoted_object(k + 1, hi_tok)
                if quoted is not None:
                    return _Found(verb, quoted)
            if a.folded[k] in r.participles:
                found = self.participle_cue(lo_tok, k, verb)
                if found is not None:
                    return found
            speaker = self.subject_before(lo_tok, k)
            found = self.subject_after(k + 1, hi_tok)
            if found is not None and found[1] == hi_tok - 1 and a.folded[found[1]] in r.clause_words \
                    and found[0].strength <= 2:
                found = None    # "riefen Parolen wie „…“": the object the quote gives an example of
            after = found[0] if found is not None else None
            aux = next((x for x in range(k - 1, max(lo_tok, k - 12) - 1, -1) if a.folded[x] in r.auxiliaries), None)
            if after is None and aux is not None:
                # "hatte Bundeskanzlerin Angela Merkel in einer Rede verkündet": after the auxiliary
                found = self.subject_after(aux + 1, k)
                after = found[0] if found is not None else None
            if a.folded[k] in r.listener_verbs:
                after = None        # "X told reporters: …": the one after the verb listened
            if r.verb_second and k > lo_tok and a.folded[k - 1] in r.coordinators:
                # "zogen die Demonstranten … und skandierten Parolen": a verb right after "und" shares the
                # subject of the clause before; the phrase after it is its object
                speaker = after = None
            if after is not None and not r.verb_second and not (after.kind == "person" or after.via == "pronoun"
                                                                 or self.speakerlike(after)):
                after = None        # "calificó el incidente como …": the object, not the subject
            if r.verb_second and speaker is not None and after is not None and (
                    after.strength > speaker.strength or after.via == speaker.via == "description"
                    and self.speakerlike(after) and not self.speakerlike(speaker)
                    or after.kind == "person" and after.strength >= 2 and a.toks[k - 1] == ","
                    and a.folded[self.skip_openers(lo_tok, k)] in r.clause_words):
                # "Nachdem …, antwortete Huber": a name right after the verb is its subject when a whole
                # clause stands before it
                # "Die Demonstranten nannte der Sender „…“": the phrase after the verb is the
                # subject when the one before it cannot speak
                speaker = after
            if speaker is None:
                # "X befand … und nannte …": a verb after "und" shares the subject of the clause before
                conj = next((x for x in range(k - 1, lo_tok - 1, -1) if a.folded[x] in r.coordinators), None)
                if conj is not None and conj + 1 < k and r.verb_second:
                    # "… und der als Gegner X auftretende Unternehmer Sondhi Limthongkul rief": a clause of
                    # its own after "und", whose subject is too long to read as one phrase
                    speaker = self.person_in(conj + 1, k)
                if speaker is None and conj is not None:
                    speaker = self.subject_before(lo_tok, conj) or self.person_in(lo_tok, conj) \
                        or self.described_subject(lo_tok, conj) or self.inverted_subject(lo_tok, conj)
                    if speaker is not None:
                        return _Found(verb, speaker, "subject")
            if speaker is None:
                speaker = after
            if speaker is None and r.pro_drop:
                speaker = _Speaker(a.tok_starts[k], a.tok_ends[k], None, None, "dropped")
            if speaker is not None:
                # "X returned to the podium and declared": the subject of a clause before the cue's
                before = k - 1
                while before > lo_tok and a.folded[before] in r.adverbs:
                    before -= 1
                coordinated = speaker.end <= a.tok_starts[before] and a.folded[before] in r.coordinators
                return _Found(verb, speaker, "subject" if coordinated else "explicit")
        if colon:
            # a label: "Bundesinnenminister Schäuble: „…“"; or whoever the sentence names before its colon
            # ("Der SPD-Vorsitzende Franz Müntefering stellte dies in Frage: „…“")
            start = self.skip_openers(self.past_headline(lo_tok, hi_tok), hi_tok)
            found = self.np_at(start, hi_tok)
            if found is not None and ((found[0].kind == "person" and found[0].strength >= 3) or found[1] >= hi_tok - 1):
                return _Found(":", found[0])
            owner = self.owner_of_words(start, found[1]) if found is not None and not self.speakerlike(found[0]) else None
            if owner is not None:
                return _Found(":", owner)
            person = self.person_in(start, hi_tok)
            if person is not None:
                return _Found(":", person)
            if found is not None and found[0].via == "description" and found[0].strength >= 2 and not self.recent_speaker(raw):
                return _Found(":", found[0])
        after = a.tok_at(raw.close_mark + 1) if raw.close_mark is not None else hi_tok
        sentence_end = a.tok_at(a.sentence_of(raw.close_mark + 1)[1]) if raw.close_mark is not None else hi_tok
        if self.reported(lo_tok, hi_tok) or self.reported(after, min(sentence_end, after + WINDOW)):
            # "Er habe „…“", "Osterloh sieht einen „Angriff“, es stehe …": the sentence's subject, else
            # the last speaker
            start = self.skip_openers(lo_tok, hi_tok)
            found = self.np_at(start, hi_tok)
            if found is not None and (found[0].via == "pronoun" or (found[0].kind == "person" and found[0].strength >= 3)):
                return _Found("", found[0])
            person = self.person_in(start, hi_tok)
            if person is not None:
                return _Found("", person)
            opening = self.described_subject(start, hi_tok)
            if opening is not None and a.folded[a.tok_at(opening.end)] not in r.reported_speech:
                # "Der Wahlsieger erklärte, es sei …, weil „…“": the description whose verb reports ("Die
                # Lage sei „…“" is the last speaker's)
                return _Found("", opening)
            return _Found("", _Speaker(raw.open_mark, raw.open_mark, None, None, "dropped"))
        return None

    def sentence_subject(self, lo_tok: int, hi_tok: int) -> _Speaker | None:
        """Who a sentence is about, when it can speak: its opening phrase (a name, a pronoun, a role or an
        organisation), else the first person it names outside a prepositional phrase."""
        start = self.skip_openers(lo_tok, hi_tok)
        found = self.np_at(start, hi_tok)
        if found is not None:
            speaker = found[0]
            if speaker.via == "pronoun" or (speaker.kind is not None and speaker.strength >= 2) or self.speakerlike(speaker):
                return speaker
        return self.person_in(start, hi_tok)

    def described_subject(self, lo_tok: int, hi_tok: int) -> _Speaker | None:
        """The description a sentence opens with when a verb follows it, so that it is the subject: a quote
        inside with no cue and no earlier speaker to continue is its words ("Die Länder erwarten „…“"),
        whoever it describes."""
        a, r = self.a, self.r
        start = self.skip_openers(lo_tok, hi_tok)
        found = self.np_at(start, hi_tok)
        if found is None:
            return None
        speaker, end = found
        if end >= hi_tok or not self.verb_like(end):
            return None
        # a capitalised word nothing marks as a name is a noun ("Meteorologen rechnen mit „…“"), unless the
        # article writes it in lower case or a subject follows the verb: then it is an adverb ("Weiterhin
        # bleibe „…“", "Ursprünglich wollte er „…“")
        bare_noun = speaker.kind == "person" and speaker.strength < 2 and a.folded[start] not in a.lower_words \
            and (end + 1 >= hi_tok or a.toks[end + 1] in DOUBLE_MARKS or self.subject_after(end + 1, hi_tok) is None)
        if not (speaker.via == "description" and speaker.strength >= 2 or bare_noun):
            return None
        written = a.text[speaker.start:a.tok_ends[end - 1]]
        return _Speaker(speaker.start, a.tok_ends[end - 1], written, None, "description")

    def verb_like(self, k: int) -> bool:
        """Whether token k can be the finite verb after a clause's first phrase: a lower-case word that is no
        small word of the lists (in German every noun is capitalised, so little else is left)."""
        a, r = self.a, self.r
        f = a.folded[k]
        return a.toks[k][:1].isalpha() and not _is_upper(a.toks[k]) and f not in r.function_words \
            and f not in r.adverbs and f not in r.pronouns and (f not in r.stop_words or f in r.auxiliaries)

    def inverted_subject(self, lo_tok: int, hi_tok: int) -> _Speaker | None:
        """In a verb-second language, the subject right after the finite verb when an adverb, a prepositional
        phrase or a subordinate clause opens the clause ("Hier sparte der Minister nicht mit Kritik: „…“",
        "Am Abend veröffentlichte der Verfasser …"). A clause opened by anything else has its subject first."""
        a, r = self.a, self.r
        k = self.skip_openers(lo_tok, hi_tok)
        if not r.verb_second or k >= hi_tok:
            return None
        opening = k
        while k < hi_tok and a.folded[k] in r.adverbs and a.folded[k] not in r.prepositions:
            k += 1      # "Bereits am Sonntagabend zogen …"
        if k < hi_tok and a.folded[k] in r.prepositions:
            k = self.past_prepositional_phrase(k + 1, hi_tok)
            if k < hi_tok and a.toks[k] in DOUBLE_MARKS:
                k = self.title_at(k) or hi_tok      # "Unter dem Motto „…“ zogen die Demonstranten"
        elif k == opening and a.folded[k] in r.clause_words:
            k = next((x + 1 for x in range(k + 1, min(hi_tok, k + MAX_ASIDE_TOKENS)) if a.toks[x] == ","), hi_tok)
        elif k == opening:
            return None
        if k >= hi_tok - 1 or not self.verb_like(k) or self.verb_at(k) is not None \
                or a.folded[k] in r.passive_auxiliaries:
            return None     # "Darin wird der Minister aufgefordert, „…“": a passive's subject is addressed
        found = self.subject_after(k + 1, hi_tok)
        return found[0] if found is not None else None

    def past_headline(self, lo_tok: int, hi_tok: int) -> int:
        """Where a label before a colon opens, past a headline a dash ends ("RED STATES GAIN - Ann Berg: “…”",
        a round-up's format): the words before the dash are the item's topic, not who speaks."""
        a = self.a
        for k in range(hi_tok - 1, max(lo_tok, hi_tok - WINDOW), -1):
            if a.toks[k] in DASHES and not a._in_quote(a.tok_starts[k]):
                return k + 1
        return lo_tok

    def after_label(self, lo_tok: int, hi_tok: int) -> int:
        """Where the clause before a quote opens, past labels ending in a colon outside quotes ("Verteidigung:
        Die Koalition will …")."""
        a = self.a
        # a label stands within WINDOW words of the quote; a longer search made a sentence of a thousand
        # quotes (a page without full stops) quadratic
        for k in range(hi_tok - 1, max(lo_tok, hi_tok - WINDOW) - 1, -1):
            if a.toks[k] == ":" and not a._in_quote(a.tok_starts[k]) and k + 1 < hi_tok:
                return k + 1
        return lo_tok

    def previous_subject(self, position: int) -> _Speaker | None:
        """The person the sentence before `position` (in its paragraph) opens with."""
        a = self.a
        index = bisect.bisect_right(a.sentence_starts, position) - 1
        if index < 1:
            return None
        lo, hi = a.sentence_starts[index - 1], a.sentence_starts[index]
        if lo < a.paragraph_of(position)[0]:
            return None
        subject = self.sentence_subject(self.after_label(a.tok_at(lo), a.tok_at(hi)), a.tok_at(hi))
        if subject is not None and subject.via == "description" and self.speakerlike(subject):
            return subject      # "Die Partei will am Kurs festhalten. „…“"
        return subject if subject is not None and subject.via in ("name", "pronoun") and subject.kind != "organization" else None

    def after_reported_sentence(self, position: int) -> bool:
        """Whether the sentence before the one at `position`, in its paragraph, is reported speech."""
        a = self.a
        index = bisect.bisect_right(a.sentence_starts, position) - 1
        if index < 1 or a.sentence_starts[index - 1] < a.paragraph_of(position)[0]:
            return False
        return self.reported(a.tok_at(a.sentence_starts[index - 1]), a.tok_at(a.sentence_starts[index]))

    def person_in(self, k: int, hi_tok: int) -> _Speaker | None:
        """The first person named in tokens [k, hi_tok) who is not after a preposition."""
        a, r = self.a, self.r
        k = max(k, hi_tok - WINDOW)
        while k < hi_tok:
            if a.toks[k] in DOUBLE_MARKS and a.tok_starts[k] in self.raw_at:
                raw = self.raw_at[a.tok_starts[k]]
                k = a.tok_at((raw.close_mark + 1) if raw.close_mark is not None else raw.end)
                continue
            if a.folded[k] in r.prepositions and a.folded[k] not in r.links:
                k = self.past_prepositional_phrase(k + 1, hi_tok)
                continue
            if k > 0 and a.folded[k - 1] in r.determiners:
                # a phrase is read from its determiner ("der Minister Kohl"); a capitalised word after
                # one, read alone, is a noun ("in der Lage")
                k += 1
                continue
            found = self.np_at(k, hi_tok)
            if found is None:
                k += 1
                continue
            speaker, end = found
            if speaker.kind == "person" and speaker.strength >= 3:
                return speaker
            k = max(end, k + 1)
        return None

    def past_prepositional_phrase(self, k: int, hi_tok: int) -> int:
        """The token after the phrase a preposition opens: its determiners, numbers and up to two
        adjectives, then its capitalised words ("bis zum 9. Mai", "nach dem Sturm Xaver", "vor den
        wartenden Reportern"): nobody named there is the sentence's speaker."""
        a, r = self.a, self.r
        modifiers = 0
        while k < hi_tok:
            w, f = a.toks[k], a.folded[k]
            if f in r.determiners or w[:1].isdigit() or w == ".":
                k += 1
            elif w[:1].islower() and modifiers < 2 and f not in r.function_words and f not in r.adverbs \
                    and f not in r.auxiliaries and self.verb_at(k) is None:
                modifiers += 1
                k += 1
            else:
                break
        head = k
        while k < hi_tok and _is_upper(a.toks[k]) and a.toks[k][:1].isalpha():
            if k > head and (a.is_role(a.toks[k]) or a.toks[k].rstrip(".") in r.titles):
                return k    # "am Abend Kapitän Jonas Weber": a role opens the next phrase
            k += 1
        if k + 1 < hi_tok and a.folded[k] in r.links and a.folded[k] not in r.prepositions:
            return self.past_prepositional_phrase(k + 1, hi_tok)     # "nach dem Ende des Prozesses X"
        return k

    def recent_speaker(self, raw: PairedQuote) -> bool:
        """Whether the quote before this one, in this paragraph or the one before, has a speaker."""
        index = self.speech.index(raw)
        if index == 0 or not self.quotes_so_far or self.quotes_so_far[-1].speaker is None:
            return False
        return self.speech[index - 1].paragraph >= raw.paragraph - 1

    def reported(self, lo_tok: int, hi_tok: int) -> bool:
        """A subjunctive of reported speech in the sentence outside its quotes ("Er habe „…“")."""
        a, r = self.a, self.r
        if not r.reported_speech:
            return False
        return any(a.folded[k] in r.reported_speech and not a._in_quote(a.tok_starts[k]) for k in range(lo_tok, hi_tok))

    def skip_openers(self, k: int, hi: int) -> int:
        a, r = self.a, self.r
        while k < hi and (a.folded[k] in r.continuation_words or a.toks[k] in "–—-"):
            k += 1
        return self.past_fronted_clause(k, hi)

    def past_fronted_clause(self, k: int, hi: int) -> int:
        """Past a subordinate clause that opens the sentence ("When Wallace died in 1998, President Clinton
        released …"): its subject is not the sentence's. In a verb-second language the finite verb follows
        such a clause, and its subject after the verb ("Als er ankam, sagte Merkel")."""
        a, r = self.a, self.r
        if r.verb_second or k >= hi or a.folded[k] not in r.clause_words:
            return k
        comma = next((x for x in range(k + 1, min(hi, k + MAX_ASIDE_TOKENS)) if a.toks[x] == ","), None)
        return comma + 1 if comma is not None and comma + 1 < hi else k

    def resolve(self, subject: _Speaker, position: int) -> _Speaker | None:
        """A pronoun or a dropped subject: whoever the nearest earlier speech verb has as subject (within
        two sentences), else the last speaker, else the last person named (of a compatible gender)."""
        if subject.via not in ("pronoun", "dropped"):
            return subject
        compatible = lambda s: s.gender is None or subject.gender is None or s.gender == subject.gender  # noqa: E731
        if subject.via == "pronoun":
            # "Der Student schlief ein, nur ab und zu war er hochgeschreckt und hatte gefragt: „…“": the
            # description opening the pronoun's sentence
            a = self.a
            opening = self.described_subject(a.tok_at(a.sentence_of(subject.start)[0]), a.tok_at(subject.start))
            if opening is not None:
                return opening
        opens = subject.via == "pronoun" and subject.start > position and self.a.sentence_of(position)[0] >= position - 1
        fresh = self.previous_subject(position) if opens else None
        if fresh is not None and fresh.via != "pronoun" and compatible(fresh):
            # "X welcomed the move. „…“, he said": the sentence before is about someone new
            return fresh
        earlier = self.previous_cue_subject(position)
        if earlier is not None and compatible(earlier):
            return earlier
        last = self.last_speaker
        if last is not None and (compatible(last) or subject.via == "dropped"):
            return last
        best = None
        for entry in self.a.people.values():
            for m in entry.mentions:
                if m.end <= position and (best is None or m.start > best[0].start) and \
                        (subject.gender is None or entry.gender in (None, subject.gender)):
                    best = (m, entry)
        if best is not None:
            m, entry = best
            return _Speaker(m.start, m.end, entry.name, "person", "name", entry.gender)
        return last

    def previous_cue_subject(self, position: int) -> _Speaker | None:
        """The subject of the last speech verb in the two sentences before the one at `position` (in its
        paragraph or the one before), outside quotes; a pronoun there is resolved in turn."""
        a = self.a
        s_lo, _ = a.sentence_of(position)
        index = bisect.bisect_right(a.sentence_starts, s_lo) - 1
        paragraph_lo = a.paragraph_of(position)[0]
        for back in range(1, 7):
            if index - back < 0:
                break
            lo = a.sentence_starts[index - back]
            hi = a.sentence_starts[index - back + 1]
            if hi <= paragraph_lo and back > 2:
                break
            key = (lo, hi)
            if key not in self._sentence_subjects:
                self._sentence_subjects[key] = self.sentence_cue_subject(lo, hi)
            found = self._sentence_subjects[key]
            if found is not None:
                return found
        return None

    def sentence_cue_subject(self, lo: int, hi: int, skip: int = -1) -> _Speaker | None:
        a = self.a
        hi_tok = a.tok_at(hi)
        lo_tok = max(a.tok_at(lo), hi_tok - WINDOW)
        for k in range(hi_tok - 1, lo_tok - 1, -1):
            if k == skip or a._in_quote(a.tok_starts[k]):
                continue
            phrase = self.phrase_at(k)
            if phrase is not None and phrase[0] < hi_tok:
                # "Zudem sei es, so die Historikerin X, …": an attribution phrase names the speaker too
                source = self.source_at(k, phrase[0], hi_tok)
                if source is not None and (source.kind == "person" or self.speakerlike(source)):
                    return source
            if self.verb_at(k, hi) is None or self.clitic_of(k) or a.folded[k] in self.r.participles:
                continue
            if a.folded[k] in self.r.impersonal_verbs:
                # "In einem Papier heißt es, … . Deshalb sei es „…“": reported speech goes on from the document
                source = self.impersonal_source(a.tok_at(lo), k, hi_tok)
                if source is not None:
                    return source
                continue
            speaker = self.subject_before(lo_tok, k)
            found = self.subject_after(k + 1, hi_tok)
            after = found[0] if found is not None else None
            if speaker is None or (after is not None and self.r.verb_second and after.strength > speaker.strength):
                speaker = after
            if speaker is not None and (speaker.kind == "person" or self.speakerlike(speaker)):
                return speaker
            if speaker is not None and speaker.via == "pronoun":
                return None
        return None

    def speakerlike(self, speaker: _Speaker) -> bool:
        """A description naming someone who can speak: a role or an organisation ("der Minister", "das
        Gericht", "der BGH": an acronym names an organisation), not a thing ("der Gesetzentwurf")."""
        if speaker.via != "description":
            return speaker.kind is not None and speaker.strength >= 2
        return any(self.a.is_role(w) or self.a.is_organisation_word(w)
                   or _is_acronym(w) and len(w) <= 5 and _fold(w) not in self.r.function_words
                   for w in re.findall(r"\w[\w-]*", speaker.speaker or ""))

    def attribute(self, index: int, quotes: list[Quote]) -> Quote:
        a, text = self.a, self.a.text
        self.quotes_so_far = quotes
        raw = self.speech[index]
        quote = Quote(text=text[raw.start:raw.end], start=raw.start, end=raw.end,
                      partial=self.is_partial(raw))
        s_lo = a.sentence_of(raw.open_mark)[0]
        after = raw.close_mark + 1 if raw.close_mark is not None else raw.end
        a_hi = a.sentence_of(after)[1] if after < len(text) else after
        previous = self.speech[index - 1] if index > 0 else None
        prev_end = None
        if previous is not None and previous.paragraph == raw.paragraph:
            prev_end = previous.close_mark + 1 if previous.close_mark is not None else previous.end
        lo = max(s_lo, prev_end) if prev_end is not None else s_lo
        hi = a_hi
        following = self.speech[index + 1] if index + 1 < len(self.speech) else None
        if following is not None and following.paragraph == raw.paragraph:
            hi = min(hi, following.open_mark)
        found = self.after_quote(raw, hi)
        method = "explicit"
        if found is None:
            found = self.before_quote(raw, lo) or self.cue_after_sentence_end(raw) or self.signature(raw)
            method = found.method if found is not None else method
            if found is None and (found := self.cue_before_paragraph(raw)) is not None:
                method = "adjacent"     # the cue closes the paragraph before ("X made this comment:")
        elif found.subject is not None and found.subject.via in ("pronoun", "dropped") and lo < raw.open_mark:
            # "X sagte: „…“, betont sie": the cue before the quote names whom the pronoun means
            before = self.before_quote(raw, lo)
            if before is not None and before.subject is not None and before.subject.via in ("name", "description"):
                found = _Found(found.cue, before.subject)
        if found is None and prev_end is not None and lo == prev_end and quotes and quotes[-1].speaker:
            # "„…“, sagte X. „…“" is attributed above; "„…“ und „…“" or "„…“: „…“" shares it
            between = text[prev_end:raw.open_mark]
            if len(between) < 120 and not any(self.verb_at(k) for k in range(a.tok_at(prev_end), a.tok_at(raw.open_mark))):
                return self.inherit(quote, quotes[-1])
        starts_sentence = not a.text[lo:raw.open_mark].strip(" –—-")
        clause_lo = self.after_label(a.tok_at(s_lo), a.tok_at(raw.open_mark))
        if found is None and not starts_sentence:
            # a quote inside a sentence with no cue: "X bezeichnete das als „…“" is X's word
            subject = self.sentence_subject(clause_lo, a.tok_at(raw.open_mark))
            if subject is None:
                subject = self.inverted_subject(clause_lo, a.tok_at(raw.open_mark))
                if subject is not None and subject.via != "pronoun" and not self.speakerlike(subject):
                    subject = None      # no speech verb: a thing there ("stand der Satz „…“") says nothing
            if subject is not None:
                found, method = _Found("", subject), "subject"
        if found is None and previous is not None and quotes and quotes[-1].speaker:
            starts_paragraph = raw.open_mark == a.paragraphs[raw.paragraph][0]
            adjacent = previous.paragraph == raw.paragraph and a.sentence_of(prev_end)[0] >= \
                a.sentence_starts[max(0, bisect.bisect_right(a.sentence_starts, s_lo) - 2)]
            if adjacent or (starts_paragraph and previous.paragraph == raw.paragraph - 1) or \
                    (previous.paragraph == raw.paragraph - 1 and previous.close_mark is None):
                return self.inherit(quote, quotes[-1])
        if found is None and starts_sentence:
            # a quote standing as a sentence: who the sentence before is about ("X verurteilte … . „…“")
            subject = self.previous_cue_subject(raw.open_mark) or self.previous_subject(s_lo)
            if subject is None and self.after_reported_sentence(s_lo):
                # "…, sei er zu dem Schluss gekommen. „Ich bin überzeugt …“": the reported speaker goes on
                subject = _Speaker(raw.open_mark, raw.open_mark, None, None, "dropped")
            if subject is not None:
                found, method = _Found("", subject), "adjacent"
        if found is None and previous is not None and quotes and quotes[-1].speaker and previous.paragraph == raw.paragraph:
            return self.inherit(quote, quotes[-1])
        if found is None and not starts_sentence:
            subject = self.described_subject(clause_lo, a.tok_at(raw.open_mark))
            if subject is not None:
                found, method = _Found("", subject), "subject"
        if found is None or found.subject is None:
            return quote
        subject = self.resolve(found.subject, raw.open_mark)
        if subject is None or subject.speaker is None:
            return quote
        if subject.kind == "person" and subject.strength < 2 and self.r.role_suffixes:
            # German capitalises every noun: capitalised words nothing marks as a name ("Helfer", "Nur
            # Nebel") are kept as written, but not as a person
            subject = replace(subject, kind=None, via="description")
            if found.subject.via == "name":
                found = _Found(found.cue, subject)
        quote.speaker, quote.speaker_kind = subject.speaker, subject.kind
        mention = found.subject if found.subject.via in ("pronoun", "dropped", "name", "description") else subject
        if found.subject.via == "dropped":
            quote.speaker_mention = None
        else:
            quote.speaker_mention = Span(mention.start, mention.end, text[mention.start:mention.end])
        quote.cue = found.cue
        via = {"pronoun": "pronoun", "dropped": "pronoun", "description": "description"}.get(found.subject.via)
        # a resolved pronoun says more than "subject" ("er … und hatte gefragt"): the reader can check it
        quote.method = via if via and (method == "explicit" or (method == "subject" and via == "pronoun")) else method
        if subject.kind == "person":
            self.last_speaker = subject
            if found.subject.via == "name":
                a.add_person(subject.speaker, subject.gender, Span(found.subject.start, found.subject.end,
                                                                   text[found.subject.start:found.subject.end]))
        elif subject.kind == "organization" or subject.via == "description":
            self.last_speaker = subject
        return quote

    def share_forward(self, quotes: list[Quote]) -> None:
        """„A“, es gebe „B“, sagte X: a quote without a speaker whose sentence goes on to another quote with
        one, no verb of saying between them, is that speaker's too."""
        a = self.a
        for index in range(len(quotes) - 2, -1, -1):
            quote, following = quotes[index], quotes[index + 1]
            raw, next_raw = self.speech[index], self.speech[index + 1]
            if quote.speaker is not None or following.speaker is None or raw.close_mark is None \
                    or raw.paragraph != next_raw.paragraph:
                continue
            if a.sentence_of(raw.close_mark + 1)[0] != a.sentence_of(next_raw.open_mark)[0]:
                continue
            between = range(a.tok_at(raw.close_mark + 1), a.tok_at(next_raw.open_mark))
            if len(between) > 12 or any(self.verb_at(k) is not None for k in between):
                continue
            self.inherit(quote, following)

    def inherit(self, quote: Quote, source: Quote) -> Quote:
        quote.speaker, quote.speaker_kind = source.speaker, source.speaker_kind
        quote.speaker_mention, quote.cue, quote.method = source.speaker_mention, source.cue, "continuation"
        return quote

    def is_partial(self, raw: PairedQuote) -> bool:
        text = self.a.text
        if text[raw.start:raw.start + 1].islower():
            return True
        before = text[max(0, raw.open_mark - 3):raw.open_mark].rstrip()
        return bool(before) and before[-1].isalpha()

    def owner_of_words(self, lo_tok: int, hi_tok: int) -> _Speaker | None:
        """The person a phrase of words belongs to, named in its complement: "Das Fazit von Sandra Boser
        …: „…“", "Die Kernaussage von Jerry Larson: „…“" (a role's complement is not its speaker: the
        caller asks only for phrases that name no one who can speak)."""
        a, r = self.a, self.r
        for k in range(lo_tok + 1, hi_tok - 1):
            if a.folded[k] in r.links and a.folded[k] in r.prepositions:
                found = self.np_at(k + 1, hi_tok, subject=False)
                if found is not None and found[0].kind == "person" and found[0].strength >= 3:
                    return found[0]
                return None
        return None

    def names_a_person(self, name: str) -> bool:
        """Whether a speaker written as one word is a person. A capitalised word alone is as often a noun,
        a month, a firm or a sentence's first word ("Tage", "Demonstranten", "Rheinmetall", "Certes"), and a
        given-name list holds many such words, so it needs evidence: a title or role right before it
        ("Ministerin Schulze") or a speech verb or attribution phrase right next to it ("Gnisa sagte",
        "dice Taty", "según Mayín"); and nothing saying it is a word: written in lower case or after a
        determiner ("das Vorgehen"), after an organisation's noun ("Rüstungskonzern Rheinmetall"), as the
        first half of a compound ("Zoo- und Tierparkdirektor"), or, where only names are capitalised,
        only where a sentence opens ("Eksperci podkreślają")."""
        a, r = self.a, self.r
        if _fold(name) in a.lower_words or name in a.after_article:
            return False
        n = len(a.toks)
        evidence = inside_sentence = False
        for i, word in enumerate(a.toks):
            if word[:1] != name[:1] or (word != name and a.nominative(word) != name) or a._in_quote(a.tok_starts[i]):
                continue
            previous = a.toks[i - 1] if i > 0 else ""
            if (i + 1 < n and a.toks[i + 1] in DASHES and a.tok_ends[i] == a.tok_starts[i + 1]) or \
                    (previous[:1].isalpha() and a.is_organisation_word(previous)):
                return False
            inside_sentence = inside_sentence or (previous[:1].isalnum() and a.tok_starts[i] not in a.sentence_starts)
            if previous.rstrip(".") in r.titles or (previous[:1].isalpha() and a.is_role(previous)):
                evidence = True
            elif (i > 0 and self.verb_at(i - 1) is not None) or (i + 1 < n and self.verb_at(i + 1) is not None):
                evidence = True
            elif any(phrase[0] == i for j in range(max(0, i - 3), i) if (phrase := self.phrase_at(j)) is not None):
                evidence = True
        return evidence and (inside_sentence or bool(r.role_suffixes))


def _quote_key(text: str) -> str:
    """A quote's words, whatever its marks, case and spacing: the key that finds it repeated."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def attribute_repeats(quotes: list[Quote]) -> None:
    """A quote printed again without its speaker (a pull quote, a round-up's repeat) is the attributed
    copy's: one holds the other, or they open with the same MIN_REPEAT_WORDS words (a repeat cut at
    another place)."""
    attributed = [(_quote_key(q.text), q) for q in quotes if q.speaker is not None]
    for quote in quotes:
        if quote.speaker is not None:
            continue
        key = _quote_key(quote.text)
        words = key.split()
        if len(words) < MIN_REPEAT_WORDS:
            continue
        opening = " ".join(words[:MIN_REPEAT_WORDS])
        source = next((q for k, q in attributed if key in k or
                       (k.count(" ") + 1 >= MIN_REPEAT_WORDS and (k in key or k.startswith(opening)))), None)
        if source is not None:
            quote.speaker, quote.speaker_kind, quote.speaker_mention = \
                source.speaker, source.speaker_kind, source.speaker_mention
            quote.cue, quote.method = source.cue, "repeat"


def _known_names(speakers: set[str], rules: LanguageRules, gazetteer) -> dict[str, str]:
    """Speakers written as a known person in this language's spelling or case ("Wolodymyr Selenskyj",
    "Władimira Putina") -> that person's name in config/people.yaml, so that a person quoted in several
    languages is one people row named one way."""
    if gazetteer is None:
        return {}
    endings = gazetteer.endings(rules.code)
    found = {written: known.name for written in speakers if " " in written
             and (known := gazetteer.lookup(written, endings)) is not None}
    return {written: name for written, name in found.items() if written != name}


def find_quotes_and_speakers(text: str, rules: LanguageRules, gazetteer=None) -> tuple[list[Person], list[Quote]]:
    """The quotes of an article in `rules`' language with their speakers, and the people speaking in it
    (with every mention of their full name or surname outside quotes)."""
    article = _Article(text, rules, gazetteer)
    attributor = _Attributor(article)
    attributor.speech = [raw for raw in article.raws if attributor.is_speech(raw) and not attributor.is_term(raw)]
    attributor.speech_set = {id(raw) for raw in attributor.speech}
    quotes: list[Quote] = []
    for index in range(len(attributor.speech)):
        quotes.append(attributor.attribute(index, quotes))
    attributor.share_forward(quotes)
    attribute_repeats(quotes)
    # "sagte Rektor Eichlseder": a speaker's first word that is an agent noun is their role, and evidence
    # enough that the name after it is a person's; not when a role comes before the whole name elsewhere
    # ("Moderator Tucker Carlson")
    roles_off = {q.speaker: q.speaker.split(" ", 1)[1] for q in quotes if q.speaker_kind == "person"
                 and q.speaker and " " in q.speaker and article.is_agent_noun(q.speaker.split()[0])
                 and not (q.speaker in article.people and article.people[q.speaker].role)}
    quotes = [replace(q, speaker=roles_off[q.speaker]) if q.speaker in roles_off else q for q in quotes]
    agent_roles = {name: written.split()[0] for written, name in roles_off.items()}
    lone = {q.speaker for q in quotes if q.speaker_kind == "person" and q.speaker and " " not in q.speaker} \
        - set(roles_off.values())
    not_people = {name for name in lone if not attributor.names_a_person(name)}
    # the words stay the speaker's as written; without evidence they name no person
    quotes = [replace(q, speaker_kind=None) if q.speaker in not_people else q for q in quotes]
    speakers = {q.speaker for q in quotes if q.speaker_kind == "person"}
    # a quote's speaker stays as the article writes it; the person gets the known name, that one as alias
    known = _known_names(speakers, rules, gazetteer)
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(article.toks):
        if word[:1].isupper():
            positions.setdefault(word, []).append(i)
    people = []
    for written in speakers:
        name = known.get(written, written)
        entry = article.people.get(written) or _PersonEntry(written, None)
        spans = {m.start: m for m in entry.mentions}
        covered = sorted((m.start, m.end) for m in entry.mentions)
        surname = written.split()[-1]
        for i in positions.get(surname, ()):
            start = article.tok_starts[i]
            if article._in_quote(start) or any(a <= start < b for a, b in covered):
                continue
            spans[start] = Span(start, article.tok_ends[i], surname)
        people.append(Person(name=name, role=entry.role or agent_roles.get(written),
                             mentions=sorted(spans.values(), key=lambda s: s.start),
                             aliases=[written] if written != name else []))
    people.sort(key=lambda p: p.mentions[0].start if p.mentions else 0)
    return people, quotes

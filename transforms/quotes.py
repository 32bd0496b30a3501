"""Find quoted speech in an article and who said it.

Quote marks are paired per paragraph (curly or straight, unbalanced, unspaced); a quote whose opening
mark is never closed runs to the end of its sentence when another quote opens after it, else to the
end of the paragraph. Each quote is then attributed from the words around it, in this order:
explicit ("...," Hegseth said / said Caddell / according to the Pentagon), role noun
("according to the defense secretary"), pronoun ("he said" -> the compatible person the text is
about), continuation (the rest of an interrupted or multi-paragraph quote) and adjacent (a speech
verb in the neighbouring sentence or paragraph).
"""
from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass

from transforms.attribution import PairedQuote, attribute_repeats
from transforms.model import Person, Quote, Span
from transforms.people import (CHUNK_RE, CONTRACTION_RE, FUNCTION_WORDS, INITIAL_RE, NOT_ROLE_NOUNS,
                               ROLE_NOUN_BEFORE_RE, PeopleGazetteer, WrittenWords, person_gender)

OPENING, CLOSING, STRAIGHT = "“«„", "”»", '"'
QUOTE_MARK_RE = re.compile(f"[{re.escape(OPENING + CLOSING + STRAIGHT)}]")
CUE_RE = re.compile(
    r"\b(?:[Aa]ccording to|(?:goes|went|go) on to (?:say|add|write)|quoted as saying|pointed out|"
    r"[Ss]aid|[Ss]ays|say|saying|commented|comments|stated|states|stating|told|tells|telling|added|adds|adding|wrote|"
    r"writes|writing|posted|posts|tweeted|tweets|tweeting|noted|notes|explained|explains|argued|argues|"
    r"asked|asks|insisted|insists|continued|continues|claimed|claims|remarked|replied|responded|"
    r"warned|warns|announced|acknowledged|admitted|recalled|suggested|urged|stressed|stresses|"
    r"emphasi[sz]ed|declared|testified|conceded|observed|predicted|promised|vowed|pledged|boasted|"
    r"complained|joked|charged|contended|maintained|reiterated|repeated|concluded|mused|"
    r"expressed|described|called|reported|reports|report|announced|added|shouted|yelled|sings|sang|"
    r"read|reads|tweeted out|wrote back|chanted|quipped|thanked|praised|labeled|labelled|dubbed|"
    r"demanded|demands|pressed|interrupted|retorted|shot back|sighed|laughed|cautioned|"
    r"recounted|lamented|conceded|countered|admits|notes|adds|explains|writes|asking|noting|arguing|"
    r"insisting|claiming|warning|likened|likening|put it|puts it|attacked|criticized|criticised|blasted|slammed|"
    r"mocked|condemned|denounced|decried|hailed|dismissed|shares|shared)\b|(?<=[”\"])\s*[―—–]")
# Verbs of criticism introduce the words they quote ("Trump attacked “the hateful ideology”") but,
# after a quote, belong to another clause ("“That makes me smart,” when Clinton blasted him").
CRITICISM_CUES = {"attacked", "criticized", "criticised", "blasted", "slammed", "mocked", "condemned",
                  "denounced", "decried", "hailed", "dismissed"}
PRONOUN_RE = re.compile(r"\b(?:he|she|they|it|He|She|They|It)\b")
PREPOSITIONS = {"at", "in", "on", "of", "for", "with", "to", "from", "by", "about", "against", "into",
                "between", "among", "than", "like", "and", "or", "after", "before", "under", "over",
                "through", "across", "around", "near", "behind", "toward", "towards", "inside", "outside",
                "within", "without", "during", "since", "until", "upon", "via", "amid", "despite"}
ABBREVIATION_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Inc|Corp|Co|No|vs|Jan|Feb|Aug|Sept|Sep|Oct|"
    r"Nov|Dec|Adm|Capt|Sgt|Prof|Rev|Ft|Mt|U\.S|U\.N|D\.C)|\b[A-Z])\.$")
SENTENCE_END_RE = re.compile(r"[.!?…][”\"’']?\s+(?=[“\"‘A-Z])|(?<=[A-Za-z]{3}\.)(?=[A-Z][a-z]{2,})")
# A described speaker ("the agency", "a senior official", "The New York businessman", "a narrator in
# the campaign ad", "officials"); `head` is the noun that says what kind of speaker it is.
_NOT_CONTENT = (r"(?!(?:in|of|for|at|from|with|on|to|by|the|a|an|and|or|who|that|which|when|while|if|as|"
                r"because|where|is|are|was|were|be|been|has|had|have|you|we|they|it|him|them|us|me)\b)")
# Words ending in s that are not plural nouns ("the ministry has", "as one commentator has argued").
_NOT_PLURAL = r"(?!(?:has|was|is|does|this|his|its|us|thus|plus|always|perhaps|as|yes|less|unless|whereas)\b)"
_NP_MODIFIER = rf"{_NOT_CONTENT}(?:[a-z0-9][\w-]*|[A-Z][\w.&-]*)(?:’s|'s)?"
_DESCRIPTION = (
    r"(?:the|a|an|one|two|several|many|some|other|another|his|her|their|its|my|our|your|"
    r"The|A|An|One|Another|My|Our)\s+"
    rf"(?:{_NP_MODIFIER}\s+){{0,3}}{_NOT_CONTENT}(?P<head>[a-z][a-z-]+)"
    rf"(?:\s+(?:in|of|for|at|from|with|on)\s+(?:(?:the|a|an)\s+)?(?:{_NP_MODIFIER}\s+){{0,2}}[\w-]+)?")
# "small groups of protesters", "angry voters": an adjective, a quantity noun, the plural head.
_PLURAL_MODIFIER = rf"{_NOT_CONTENT}(?!(?:When|While|If|As|Because|Where|And|Or|But|So|The|A|An)\b)[A-Za-z][a-z-]+"
NP_BEFORE_RE = re.compile(
    rf"(?<![\w’'])(?:{_DESCRIPTION}|(?:{_PLURAL_MODIFIER}\s+)?(?:[a-z]+s\s+of\s+)?{_NOT_PLURAL}(?P<plural>[a-z]+s))"
    rf"\s*(?:,[^,]{{1,60}},\s*)?$")
# Adverbs and auxiliaries between a described speaker and its verb ("one commentator has argued").
SENTENCE_SUBJECT_RE = re.compile(rf"(?:{_DESCRIPTION}|(?:[A-Z][a-z-]+\s+)?(?P<plural>[A-Za-z][a-z]+s))(?![\w’'])")
PARTICIPLE_PHRASE_RE = re.compile(r"\s+[a-z]+(?:ing|ed)\b[^,.;:“”\"]{0,60}?\s*")
TRAILING_ADVERBS_RE = re.compile(
    r"(?:\s+(?:also|often|then|later|again|once|still|rather|has|have|had|would|will|did|\w+ly))+\s*$")
# "said someone at the meeting": an unnamed speaker the article does not describe further.
SOMEONE_AFTER_RE = re.compile(r"\s*(?:someone|somebody|one|another)(?:\s+(?:at|in|from|on|with)\s+(?:the\s+|a\s+)?[\w-]+)?(?![\w’'])")
NP_AFTER_RE = re.compile(rf"\s*(?:{_DESCRIPTION})(?![\w’'])")
ORG_NOUNS = {"agency", "campaign", "department", "ministry", "committee", "office", "government",
             "administration", "company", "report", "statement", "commission", "court", "council",
             "group", "organization", "organisation", "party", "embassy", "military", "army", "navy",
             "police", "board", "bureau", "spokesman's", "document", "website", "newspaper", "paper",
             "network", "union", "study", "survey", "memo", "letter", "lawsuit", "complaint", "ad",
             "article", "post", "tweet", "release", "filing", "suit", "motion", "ruling", "poll",
             "association", "foundation", "institute", "center", "firm", "team", "White", "House"}
# What may stand between a speaker and its verb: an apposition, adverbs, auxiliaries and a time or
# place phrase ("Flynn, a top adviser, said Thursday", "Obama on Monday told", "Hegseth ended by saying"). A lower-case noun right
# after a name makes the name a modifier ("the Clinton ad asks", "a Trump surrogate said").
# (Adverbs in -ly, "reportedly" among them, are all `\w+ly`: listed as words too, each was read two ways.)
_GAP_WORD = (r"(?:also|then|later|again|once|still|now|further|has|had|have|would|will|did|does|do|could|"
             r"may|might|\w+ly|"
             r"\w+ed(?:\s+(?:by|up|on|with|to))?|"
             r"(?:on|in|at|during|this|last|earlier|late|early)(?:\s+(?:a|an|the|this|last))?\s+[\w’'-]+)")
# At most 12 gap words, each ending at a space, a comma or the end, then one way to read the
# separator: a run of gap words that does not reach the verb ("Smith also also ... also” said") made
# the former `(?:{_GAP_WORD}\s*,?\s*)*` backtrack exponentially (22 words took 2 s, each one more
# doubled it). No real speaker stands more than a few gap words from the verb.
_GAP_WORDS = rf"(?:{_GAP_WORD}(?![^\s,])\s*(?:,\s*)?){{0,12}}"
SUBJECT_GAP_RE = re.compile(rf"(?:\s*\(\w[^)]{{0,30}}\))?(?:\s*,(?:[^,;“”\"]{{1,160}},){{1,3}})?\s*(?:\(\w[^)]{{0,30}}\)\s*)?{_GAP_WORDS}")
APPOSITION_GAP_RE = re.compile(rf"(?:\s*\(\w[^)]{{0,30}}\))?\s*,(?:[^,;“”\"]{{2,160}},){{1,3}}\s*{_GAP_WORDS}")
DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an|his|her|its|their|our|these|those|this|that)\s+$", re.I)
PARTICIPLE_RE = re.compile(r"saying|adding|telling|writing|asking|noting|arguing|insisting|claiming|"
                           r"warning|stating|tweeting|likening")
TITLE_FUNCTION_WORDS = {"of", "the", "a", "an", "and", "to", "in", "for", "on", "or", "with", "at", "by"}
# Where a show, book or programme title stands: after a possessive ("NBC's"), a word for a show or
# work, or a sentence-opening "On".
TITLE_BEFORE_RE = re.compile(
    r"(?:['’]s|\b(?:broadcast|episode|edition|show|program|programme|series|book|film|movie|documentary|"
    r"column|headline|titled|entitled)(?:\s+of)?|(?:^|[.!?]\s+)On)\s*$")
TRANSCRIPT_TURN_RE = re.compile(r"[A-Z][A-Z.’' -]{1,30}:\s")
MIN_QUOTE_CHARS = 12
MIN_QUOTE_WORDS = 2
# How far attribution reads. In PolNeAR and shared/pages a speaker stands at most ~200 characters
# before its speech verb and a stretch of a paragraph holds at most 7 speech verbs; the limits only
# keep a giant paragraph (a pasted dump, a page without line breaks) from being re-read for every one
# of its quotes, which made such a text quadratic or worse.
SPEAKER_REACH = 1000   # characters between a speech verb and the speaker found for it
MAX_CUES = 25          # speech verbs tried, nearest first, in one stretch of text
# The longest word-like speech verb ("went on to write", "quoted as saying") is 16 characters; a scan
# stopping at `hi` can see a verb the whole text's scan does not ("say" of "saying") only this near it.
CUE_LOOKAHEAD = 40
# What is read before a quote mark for a title word ("an episode of", ". On") or a verb and its object
# ("told reporters") standing right before it, instead of the paragraph's whole beginning.
LOOKBACK = 80
# A show or book title stands right before its marks (see TITLE_BEFORE_RE); "^" is a paragraph start.
TITLE_BEFORE_AT_RE = re.compile(TITLE_BEFORE_RE.pattern, re.MULTILINE)
PARTIAL_CUE_BEFORE_RE = re.compile(r"\b(?:said|says|wrote|stated|added|asked|told \w+)$")
ONLY_SPACE_OR_COMMA_RE = re.compile(r"[\s,]*")
# The noun phrase after an inverted cue, up to the person it names: a determiner, then modifiers and
# titles, lower or upper case, abbreviated ("Gov.", "Capt.") or possessive ("Rubio's"), and at most one
# comma before the name ("said Rubio's deputy campaign manager, Rich Beeson"). No clause word
# ("that", "who", "when") and no full stop stand in it.
SPEAKER_NP_REACH = 120
_NP_WORD = r"(?!(?:that|who|which|when|while|as|after|before|because|if|in|on|at|to|with|about|from|than)\b)" \
           r"(?:[A-Z][a-z]{0,3}\.|[A-Z]\.|[\w’'/&-]+)"
SPEAKER_NP_GAP_RE = re.compile(rf"[\s,]*(?:{_NP_WORD}\s+){{0,8}}(?:[a-z][\w-]*,\s+(?:[a-z][\w-]*\s+){{0,3}})?")
SPEAKER_NP_RE = re.compile(rf"[\s,]*(?P<np>(?:{_NP_WORD}\s+){{0,8}}{_NP_WORD})(?=[\s,.;:()“”\"]|$)(?!\s*[’'])")
NAME_PARTICLES = frozenset({"de", "des", "del", "della", "da", "van", "von", "der", "den", "bin", "al", "el", "la",
                            "le", "du", "dos", "das", "ibn", "ben", "y", "di", "ter"})
NP_DETERMINERS = frozenset({"a", "an", "the", "one", "another"})
NEXT_WORD_RE = re.compile(r"\s+([a-z]+)\b")
# A verb in the slot right after a quote: past tense, or a phrasal verb ("chimed in", "shot back").
SLOT_VERB_RE = re.compile(
    r"\s*(?:[a-z]+ly\s+)?(?P<verb>(?!(?:need|used|based|red|bed|shed|seed|feed|speed|indeed)\b)[a-z]{2,}ed"
    r"(?:\s+(?:in|back|up|out|on))?|(?:wrote|spoke|broke in|shot back|went on|sang|cried|began))\b(?![’'-])")
# Before its speaker, a verb in the present tense fills the slot too ("declares Jo Roe").
SLOT_VERB_FIRST_RE = re.compile(
    rf"{SLOT_VERB_RE.pattern}|\s*(?P<present>[a-z]{{3,}}s)\b(?=\s+(?:the\s+|a\s+|an\s+)?[A-Z])")
# Between a label's name and its colon: nothing, or a bracketed affiliation ("Jane Roe (D-Vt.):").
LABEL_GAP_RE = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?:\s*")
# What opens a sentence before its subject: a subordinate clause or a phrase, up to its comma.
SENTENCE_OPENER_RE = re.compile(
    r"[\s“\"]*(?:When|After|As|While|If|Although|Though|Because|Since|Before|Once|Until|Unless|In|At|On|"
    r"During|Asked|Speaking|Addressing|Following|Later|Earlier|Still|But|And|Yet|So|Meanwhile|Despite|Under|"
    r"With|Without|For|From|By|Throughout|Amid|Within|Over|Across|[A-Z][a-z]+ly)\b[^,;:“”\"]{0,120},\s*")
# "O'Malley interjected:", "Rubio fired back forcefully:": a verb right before the colon.
VERB_BEFORE_COLON_RE = re.compile(r"\b[a-z]{2,}ed(?:\s+(?:in|back|up|out|on))?(?:\s+[a-z]+ly)?\s*:\s*$")
WORD_BEFORE_RE = re.compile(r"\b([A-Za-z]+)\s+(?:the\s+)?$")
# A description opening a sentence: "The doctor", "A senior army commander" (see `_described_person`).
DESCRIBED_PERSON_RE = re.compile(r"\b(?:The|A|An)\s+(?:[a-z][a-z-]+\s+){0,2}?(?P<head>[a-z]{3,})\b(?![’'-])")
# A capitalised name opening a sentence, then its verb.
SUBJECT_NAME_RE = re.compile(r"[\s“\"]*(?:[A-Z][\w’'-]+\s+){1,3}(?:[a-z]+ly\s+)?[a-z]{2,}(?:ed|s)\b")
DESCRIBED_SUBJECT_RE = re.compile(
    rf"[\s“\"]*(?P<phrase>(?:{_DESCRIPTION})|(?:[A-Z][\w-]*\s+){{0,2}}[A-Z][\w-]*(?:’s|'s|s’|s')\s+"
    r"(?:[a-z][\w-]*\s+){0,2}(?:office|campaign|spokesman|spokeswoman|spokesperson|aides?|team|staff)"
    # a plural standing alone for people: "Others, reacting to the video, shouted"
    r"|(?:[A-Z][a-z-]+\s+)?[A-Z][a-z]+s(?=\s*,[^,;“”\"]{1,160},\s+(?:[a-z]+ly\s+)?[a-z]{2,}ed\b))"
    r"(?=\s+(?:[a-z]+ly\s+)?[a-z]{2,}(?:ed|s)\b|\s*,)")
UNCLOSED_APPOSITION_RE = re.compile(
    r",\s+(?!(?:who|whom|whose|which|that|and|but|or|as|when|while|if|because|after|before)\b)"
    r"(?:the|a|an|[a-z]+)\b[^,;“”\"]{2,150}?\s+(?:[a-z]+ly\s+)?")
DESCRIBED_BEFORE_RE = re.compile(
    r"(?<![\w’'])(?P<phrase>(?:the|a|an|one|another|The|A|An|One|Another)\s+(?:[a-z][\w-]*\s+){0,3}"
    r"(?:[A-Z][\w-]*\s+){0,2}[A-Z][a-z]+"
    # "Ryan’s office", "the senator’s campaign": a name's possessive as the determiner of an office
    r"|(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*(?:’s|'s|s’|s')\s+(?:[a-z][\w-]*\s+){0,2}"
    r"(?:office|campaign|spokesman|spokeswoman|spokesperson|aides?|team|staff|lawyers?|attorneys?|statement))"
    r"\s+(?:[a-z]+ly\s+)?$")
POSSESSOR_BEFORE_COLON_RE = re.compile(
    r"(?<![\w’'])[A-Z][\w-]*(?:’s|'s|’|')\s+(?:[A-Z][\w-]*\s+)?(?:[a-z]+\s+){0,2}"
    r"(?:response|reply|answer|statement|words|post|tweet|message|letter|email|note|remarks?|comment)"
    r"(?:\s+(?:was|were|is|reads|read|said|says))?\s*:\s*$")
# Verbs whose object is the one spoken to.
LISTENER_CUES = frozenset({"told", "tells", "telling", "asked", "asks", "urged", "thanked", "warned", "pressed",
                           "interrupted"})
# A byline paragraph under a quote: a dash, then the speaker.
BYLINE_RE = re.compile(r"\s*[-–—―]\s*(?=[A-Z])")
# The verb ending a sentence of a subject and a verb ("Jo Roe agreed."), right before a quote.
SHORT_SENTENCE_VERB_RE = re.compile(r"\s(?P<verb>[a-z]{3,}ed|[a-z]{3,}s)(?:\s+[a-z]+ly)?[.:]\s*$")
# A place or medium right before a participle ("on Facebook writing"): the participle is not its verb.
ORG_BEFORE_RE = re.compile(r"\b(?:on|in|at|to|via)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*\s+$")
ADVERB_THEN_VERB_RE = re.compile(r"\s+[a-z]{2,}(?:ed|s)\b")
# What may open a verb's object or complement: a determiner, "that", a preposition.
OBJECT_START_RE = re.compile(r"\s+(?:the|a|an|that|this|his|her|their|its|to|for|on|in|with|about|up|out)\b")
# Lower-case words that may follow a speaker's name without making it a modifier of a noun.
WORDS_AFTER_A_SPEAKER = frozenset("""
    who whose in on at of for from with to during after before and or as when while about by also
    then later again once still now had has have would will did does said says told added wrote
    asked explained argued noted continued insisted replied responded is was were are be
    said, later, recently, earlier, told, that, this, last, speaking, according, himself, herself
""".split())


# After a quote, a conjunction opens another clause whose verb is not this quote's cue:
# 'Russia warned it would “cross a red line,” as Kyiv said it had struck a base.'
NEW_CLAUSE_AFTER_RE = re.compile(
    r"[\s,]*(?:as|while|when|whereas|although|though|because|since|after|before|but|and|if|unless)\s", re.IGNORECASE)

# Lower-case words that may stand before a sentence's subject without making it an object.
SUBJECT_PREFIX_WORDS = frozenset({"of", "the", "and", "for", "de", "van", "von", "al", "on", "in", "at", "s"})  # "s" of a possessive


@dataclass
class _Mention:
    """Someone or something that can speak, found outside the quotes."""

    start: int
    end: int
    speaker: str
    kind: str | None      # person | organization | None
    via: str              # name | role | pronoun | noun
    gender: str | None = None


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _is_opening(text: str, i: int, inside: bool) -> bool:
    """Direction of a quote mark; straight marks are read from their neighbours."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in OPENING:
        # An opening mark typed to close: inside a quote, after its last punctuation, before a space
        # ("“It's unusual,“ said Jo Roe").
        return not (inside and char == "“" and before in ",.!?" and (after.isspace() or after == ""))
    if char in CLOSING:
        # A closing mark typed as the opener: nothing open, a space before, words (or an ellipsis) after.
        return not inside and (before.isspace() or before in "([") and \
            bool(re.match(r"[\w\[]|\s?(?:…|\.\.\.)", text[i + 1:i + 5]))
    if before.isspace() or before in "([{—–-/:":
        return not (after.isspace() or after == "")
    if after.isspace() or after in ".,;:!?)]}—–-":
        return False
    if before in ",.;!?" and after.isalnum():  # 'said,"We' or 'QUAD."The'
        return True
    return not inside


def _sentence_start_before(text: str, lo: int, position: int) -> int:
    """Start of the last sentence beginning in text[lo:position]."""
    start = lo
    # One character past `position`, so the lookahead can see the capital that opens the sentence.
    for match in SENTENCE_END_RE.finditer(text, lo, position + 1):
        if match.end() > position:
            break
        if not ABBREVIATION_RE.search(text[max(lo, match.start() - 5):match.start() + 1]):
            start = match.end()
    return start


class _SentenceStarts:
    """The sentence ends of a whole text, found once, answering what `_sentence_start_before` answers.

    Scanning from the paragraph's start for every quote, speaker and pronoun was quadratic in a long
    paragraph. A scan of text[lo:position + 1] finds the same matches as one scan of the whole text,
    except that a match needs its lookahead inside: the end of a full stop before a capital (an empty
    match) counts only from 2 characters later ("Mr.Smith" needs "Smi"), and the abbreviation check
    sees no further back than `lo`, so the few matches within 5 characters of `lo` are checked again.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.visible_from: list[int] = []   # the least `position` whose scan finds the match
        self.last_kept: list[int] = []      # index of the last match up to here not after an abbreviation
        kept = -1
        for match in SENTENCE_END_RE.finditer(text):
            start, end = match.span()
            self.starts.append(start)
            self.ends.append(end)
            self.visible_from.append(end if end > start else end + 2)
            if not ABBREVIATION_RE.search(text[max(0, start - 5):start + 1]):
                kept = len(self.starts) - 1
            self.last_kept.append(kept)

    def start_before(self, lo: int, position: int) -> int:
        """Start of the last sentence beginning in text[lo:position], as `_sentence_start_before`."""
        last = bisect.bisect_right(self.visible_from, position) - 1
        first = bisect.bisect_left(self.starts, lo)
        kept = self.last_kept[last] if last >= 0 else -1
        if kept >= first and self.starts[kept] - 5 >= lo:
            return self.ends[kept]
        # Only matches starting within 5 characters of `lo` can be kept there and not in the whole text.
        near_lo = min(last, bisect.bisect_left(self.starts, lo + 5) - 1)
        for index in range(near_lo, first - 1, -1):
            start = self.starts[index]
            if not ABBREVIATION_RE.search(self.text[max(lo, start - 5):start + 1]):
                return self.ends[index]
        return lo


def _end_without_space(text: str, lo: int, hi: int) -> int:
    """Where text[lo:hi].rstrip() ends, found by stepping back over the whitespace only."""
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _ends_with_full_stop(content: str) -> bool:
    """re.search(r"[.…]\W*$", content), read from the end: searched from the start, it took quadratic
    time on a long run of dots."""
    tail = re.match(r"\W*", content[::-1])
    return tail is not None and ("." in tail.group() or "…" in tail.group())


class _HeadlineCues:
    """Whether a speech verb stands in a title-case paragraph before a position, as
    `CUE_RE.search(text[lo:position].casefold())` says, without casefolding and searching the
    paragraph's beginning again for every quote."""

    def __init__(self, text: str, lo: int, hi: int) -> None:
        paragraph = text[lo:hi]
        self.lo = lo
        self.folded = paragraph.casefold()
        # Casefolding works character by character and may lengthen one ("ß" -> "ss").
        self.folded_at = None if len(self.folded) == len(paragraph) else \
            list(itertools.accumulate((len(char.casefold()) for char in paragraph), initial=0))
        first = CUE_RE.search(self.folded)
        self.first_end = first.end() if first else None

    def before(self, position: int) -> bool:
        end = position - self.lo if self.folded_at is None else self.folded_at[position - self.lo]
        if self.first_end is not None and self.first_end <= end:
            return True
        # What only the cut at `position` makes a match ends there and is a word or two long.
        return CUE_RE.search(self.folded, max(0, end - CUE_LOOKAHEAD), end) is not None


def _closes_twice(text: str, i: int, hi: int) -> bool:
    """Whether two closing marks follow the opening mark at i before any other opening mark."""
    closings = 0
    for mark in QUOTE_MARK_RE.finditer(text, i + 1, hi):
        if _is_opening(text, mark.start(), True):
            return False
        closings += 1
        if closings == 2:
            return True
    return False


# German (and Central European) quotes open low and close with the mark English opens with, „so“;
# German guillemets point inwards, »so«. After its own opener such a mark closes the quote.
CLOSES_OPENER = {"“": "„", "«": "»"}


def _pair_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[PairedQuote]:
    quotes: list[PairedQuote] = []
    for index, (lo, hi) in enumerate(paragraphs):
        open_at: int | None = None
        nested = 0
        for mark in QUOTE_MARK_RE.finditer(text, lo, hi):
            i = mark.start()
            if open_at is not None and not nested and CLOSES_OPENER.get(text[i]) == text[open_at]:
                quotes.append(PairedQuote(open_at + 1, i, open_at, i, index))
                open_at = None
                continue
            if _is_opening(text, i, open_at is not None):
                if open_at is not None and _closes_twice(text, i, hi):
                    nested += 1  # “... what he calls “hell” than ...”: a quote inside the quote
                    continue
                if open_at is not None:
                    # The earlier quote was never closed: it ends with the last sentence before this one.
                    stop = _sentence_start_before(text, open_at + 1, i)
                    quotes.append(PairedQuote(open_at + 1, stop if stop > open_at + 1 else i, open_at, None, index))
                open_at = i
            elif nested:
                nested -= 1
            elif open_at is not None:
                quotes.append(PairedQuote(open_at + 1, i, open_at, i, index))
                open_at = None
        if open_at is not None:
            quotes.append(PairedQuote(open_at + 1, hi, open_at, None, index))
    for raw in quotes:
        raw.strip_spaces(text)
    return quotes


def _is_speech(text: str, raw: PairedQuote, paragraph: tuple[int, int],
               headlines: dict[tuple[int, int], _HeadlineCues | None] | None = None) -> bool:
    """Scare quotes, nicknames and titles are not speech: too short, or a run of capitalised words
    standing alone or where a title stands (CBS's “Face the Nation,” / an episode of “The Show.”).
    `headlines` keeps what was learnt about each paragraph for its other quotes."""
    content = text[raw.start:raw.end]
    words = re.findall(r"[\w’'-]+", content)
    if text[raw.open_mark - 1:raw.open_mark] == "=":  # a markup attribute value: pic="..."
        return False
    if len(content.strip(" ,.;:-")) < MIN_QUOTE_CHARS or len(words) < MIN_QUOTE_WORDS:
        return False
    if len(words) > 10 or any(w[0].islower() and w not in TITLE_FUNCTION_WORDS for w in words):
        return True
    paragraph_lo, paragraph_hi = paragraph
    headlines = {} if headlines is None else headlines
    if paragraph not in headlines:
        headlines[paragraph] = _HeadlineCues(text, paragraph_lo, paragraph_hi) \
            if _is_headline(text[paragraph_lo:paragraph_hi]) else None
    if headlines[paragraph] is not None and headlines[paragraph].before(raw.open_mark):
        return True  # a headline capitalises every word: 'Trump Says Clinton “Should Be in Jail”'
    if not re.search(r"[.!?,]", content):
        return False
    # American style puts the sentence's comma or full stop inside the marks: "on CBS's “Face the Nation.”"
    # A title match ends at the last non-space before the mark: search there, not the whole paragraph.
    title_lo = max(paragraph_lo, _end_without_space(text, paragraph_lo, raw.open_mark) - LOOKBACK)
    return bool(re.search(r"[.!?,;:]", content.rstrip(" ,.;:"))) or \
        not TITLE_BEFORE_AT_RE.search(text, title_lo, raw.open_mark)


def _is_headline(paragraph: str) -> bool:
    """Title case: nearly every word longer than a function word is capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", paragraph) if w not in TITLE_FUNCTION_WORDS]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _transcript_turns(text: str, raws: list[PairedQuote], paragraphs: list[tuple[int, int]]) -> set[int]:
    """Paragraphs of a quoted interview transcript ("WALLACE: ...", then its continued paragraphs):
    a record of a conversation, not speech the article attributes, so not quotes."""
    turns: set[int] = set()
    for raw in raws:
        if raw.open_mark != paragraphs[raw.paragraph][0]:
            continue
        if TRANSCRIPT_TURN_RE.match(text, raw.start) or raw.paragraph - 1 in turns:
            turns.add(raw.paragraph)
    return turns


def _is_word_char(char: str) -> bool:
    """What `\w` matches."""
    return char.isalnum() or char == "_"


class _PersonMentions:
    """Mentions of people, and pronouns resolved to them, by gender in text order (ties in the order
    they were added), so that resolving a pronoun looks at the latest ones only."""

    def __init__(self) -> None:
        self.by_gender: dict[str | None, list[tuple[int, int, _Mention]]] = {}
        self.by_speaker: dict[tuple[str | None, str], list[tuple[int, int, _Mention]]] = {}

    def add(self, mention: _Mention, order: int) -> None:
        entry = (mention.start, order, mention)
        bisect.insort(self.by_gender.setdefault(mention.gender, []), entry, key=lambda e: e[:2])
        bisect.insort(self.by_speaker.setdefault((mention.gender, mention.speaker), []), entry, key=lambda e: e[:2])

    def latest(self, gender: str | None, position: int, since: int = -1, speaker: str | None = None
               ) -> _Mention | None:
        """The mention starting last (the first added among those) that ends by `position`."""
        entries = self.by_gender.get(gender, []) if speaker is None else self.by_speaker.get((gender, speaker), [])
        index = bisect.bisect_right(entries, (position, math.inf), key=lambda e: e[:2])
        found = None
        while index > 0:
            index -= 1
            start, _, mention = entries[index]
            if start < since or (found is not None and start < found.start):
                break
            if mention.end <= position:
                found = mention
        return found

    def earliest(self, gender: str | None, position: int, since: int) -> _Mention | None:
        """The mention starting first from `since` (the first added among those) that ends by `position`."""
        entries = self.by_gender.get(gender, [])
        index = bisect.bisect_left(entries, (since, -math.inf), key=lambda e: e[:2])
        while index < len(entries) and entries[index][0] <= position:
            if entries[index][2].end <= position:
                return entries[index][2]
            index += 1
        return None

    def any_since(self, gender: str | None, position: int, after: int, test) -> bool:
        """Whether a mention starting after `after` and ending by `position` passes `test`."""
        entries = self.by_gender.get(gender, [])
        index = bisect.bisect_right(entries, (position, math.inf), key=lambda e: e[:2])
        while index > 0:
            index -= 1
            start, _, mention = entries[index]
            if start <= after:
                return False
            if mention.end <= position and test(mention):
                return True
        return False


class _Attributor:
    """Finds speakers for the quotes of one article."""

    def __init__(self, text: str, people: list[Person], gazetteer: PeopleGazetteer, raws: list[PairedQuote],
                 speech: list[PairedQuote], paragraph_bounds: list[tuple[int, int]]) -> None:
        """`raws` are all paired quotes (masked when looking for speakers); `speech` those to attribute."""
        self.text = text
        self.gazetteer = gazetteer
        self.raws = speech
        self.paragraph_bounds = paragraph_bounds
        # Quote regions by opening mark, with the furthest end reached so far: asking whether a position
        # is inside a quote is then a binary search, not a walk over every quote of the article.
        regions = sorted((r.open_mark, (r.close_mark + 1) if r.close_mark is not None else r.end) for r in raws)
        self.region_starts = [a for a, _ in regions]
        self.region_reach = list(itertools.accumulate((b for _, b in regions), max))
        self.sentences = _SentenceStarts(text)
        self.newlines = [match.start() for match in re.finditer("\n", text)]
        self.mentions: list[_Mention] = []
        for person in people:
            gender = person_gender(person, gazetteer, text)
            kind_via = lambda m: "role" if m.text[:1].islower() else "name"  # noqa: E731
            for m in person.mentions:
                self.mentions.append(_Mention(m.start, m.end, person.name, "person", kind_via(m), gender))
        self._add_organisations()
        self.mentions = [m for m in self.mentions if not self._inside_quote(m.start)]
        self.mentions.sort(key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.resolved: list[_Mention] = []   # pronouns already resolved, as mentions of their referent
        self.last_speaker: tuple[int, _Mention] | None = None
        # What the speaker lookups ask again and again, indexed once (see _cues, _resolve, _name_chunk).
        self.marks = [match.start() for match in re.finditer(r"[“”\"]", text)]
        self.cue_matches = list(CUE_RE.finditer(text))
        self.cue_starts = [m.start() for m in self.cue_matches]
        self.cue_ends = [m.end() for m in self.cue_matches]
        usable = [i for i, m in enumerate(self.cue_matches) if self._usable_cue(m, False)]
        self.usable_cues = {False: usable, True: [i for i in usable if self.cue_matches[i].group() not in CRITICISM_CUES]}
        self.usable_cue_starts = {side: [self.cue_starts[i] for i in found] for side, found in self.usable_cues.items()}
        self.persons = _PersonMentions()
        self.persons_by_surname: dict[str, list[_Mention]] = {}
        for order, mention in enumerate(self.mentions):
            if mention.kind == "person":
                self.persons.add(mention, order)
                if surname := mention.speaker.split()[-1:]:
                    self.persons_by_surname.setdefault(surname[0], []).append(mention)
        self.subject_organisations = [m for m in self.mentions
                                      if m.kind == "organization" and not self._after_preposition(m)]
        self.subject_organisation_starts = [m.start for m in self.subject_organisations]
        self._lowercase_words: tuple[list[int], list[int]] | None = None
        self.written_words = WrittenWords(text)
        self._opening: dict[int, bool] = {}
        self._subjects: dict[tuple[int, int], _Mention | None] = {}
        self._cue_subjects: dict[tuple[int, int, int, int, bool], _Mention | None] = {}

    def _inside_quote(self, position: int) -> bool:
        # The last region opening before `position` is enough when it is the one reaching furthest.
        index = bisect.bisect_left(self.region_starts, position) - 1
        return index >= 0 and self.region_reach[index] > position

    def _add_organisations(self) -> None:
        # Whether [a, b) overlaps a person's mention (any starting before b reaching past a) or an
        # organisation found here, which come in text order: by binary search, not a walk over all.
        taken = sorted((m.start, m.end) for m in self.mentions)
        taken_starts = [start for start, _ in taken]
        taken_reach = list(itertools.accumulate((end for _, end in taken), max))
        added_reach = -1

        def free(a: int, b: int) -> bool:
            index = bisect.bisect_left(taken_starts, b) - 1
            return not (index >= 0 and taken_reach[index] > a) and added_reach <= a

        gaz = self.gazetteer
        for match in CHUNK_RE.finditer(self.text):
            tokens = list(re.finditer(r"\S+", match.group()))
            first = next((i for i, t in enumerate(tokens) if t.group() not in FUNCTION_WORDS), None)
            if first is None:
                continue
            words = [t.group() for t in tokens[first:]]
            written = " ".join(words)  # the gazetteer's spelling; the text may space it otherwise
            start = match.start() + tokens[first].start()
            name = None
            if written in gaz.organisations:
                name = gaz.organisations[written]
            elif written in gaz.country_words and written[0].isupper() and not written.endswith(("an", "ese", "ish")):
                name = gaz.country_words[written]
            elif written in gaz.capitals:
                name = written
            elif self._names_a_person(words):
                continue
            elif any(w.rstrip(".") in gaz.org_head_words for w in words) or (
                    words[-1].isupper() and len(words[-1]) > 1 and "." not in words[-1]):
                name = written
            if name is None or not free(start, match.end()):
                continue
            if self.text[max(0, start - 4):start].casefold() == "the ":
                start -= 4
            self.mentions.append(_Mention(start, match.end(), name, "organization", "name"))
            added_reach = max(added_reach, match.end())

    def _names_a_person(self, words: list[str]) -> bool:
        """A given name and surname after the organisation's last head word ("Miami-Dade Police
        Detective Alvaro Zabaleta") or before its "of" ("Alfredo Pedroza of Napa County")."""
        gaz = self.gazetteer
        heads = [i for i, w in enumerate(words) if w.rstrip(".") in gaz.org_head_words]
        cut = words.index("of") if "of" in words else len(words)
        return any(w in gaz.given_names and words[i + 1][:1].isupper() and words[i + 1] not in gaz.org_head_words
                   and (i > heads[-1] or i + 1 < cut < heads[0])
                   for i, w in enumerate(words[:-1]) if heads)

    def _usable_cue(self, match: re.Match, after_side: bool) -> bool:
        """Not inside a quote, not a noun after a determiner ("the states suing", "his tweets", "a
        report"), and after a quote not a verb of criticism."""
        return not self._inside_quote(match.start()) \
            and not DETERMINER_BEFORE_RE.search(self.text, max(0, match.start() - 8), match.start()) \
            and not (after_side and match.group() in CRITICISM_CUES)

    def _cues(self, lo: int, hi: int, after_side: bool) -> list[re.Match]:
        """The usable speech verbs `CUE_RE.finditer(text, lo, hi)` finds: in reading order after a
        quote, nearest first before one; at most MAX_CUES.

        Taken from the whole text's matches, which the scan of text[lo:hi] shares except near its ends:
        from `lo` it may first find other matches inside one of the whole text's (until it lands where
        the whole text's scan goes too), and near `hi` it sees less text, so those stretches are
        scanned again.
        """
        head, position = [], lo
        while position < hi:
            index = bisect.bisect_right(self.cue_starts, position) - 1
            if index < 0 or self.cue_ends[index] <= position or self.cue_starts[index] == position:
                break
            inside_end = self.cue_ends[index]
            match = CUE_RE.search(self.text, position, min(hi, inside_end + CUE_LOOKAHEAD))
            if match is None or match.start() >= inside_end:
                position = inside_end
            else:
                head.append(match)
                position = match.end()
        # Near `hi` only when a whole-text match runs past it, or `hi` cuts a word ("say" of "saying").
        tail_lo = hi
        index = bisect.bisect_left(self.cue_starts, hi) - 1
        if (index >= 0 and self.cue_ends[index] > hi) or \
                (hi < len(self.text) and _is_word_char(self.text[hi - 1]) and _is_word_char(self.text[hi])):
            tail_lo = max(position, hi - CUE_LOOKAHEAD)
            index = bisect.bisect_right(self.cue_starts, tail_lo) - 1
            if index >= 0 and self.cue_starts[index] < tail_lo < self.cue_ends[index]:
                tail_lo = self.cue_starts[index]
        tail = list(CUE_RE.finditer(self.text, tail_lo, hi)) if tail_lo < hi else []
        head = [m for m in head if self._usable_cue(m, after_side)]
        tail = [m for m in tail if self._usable_cue(m, after_side)]
        usable, usable_starts = self.usable_cues[after_side], self.usable_cue_starts[after_side]
        first, stop = bisect.bisect_left(usable_starts, position), bisect.bisect_left(usable_starts, tail_lo)
        if after_side:
            middle = [self.cue_matches[i] for i in usable[first:min(stop, first + MAX_CUES)]]
            return (head + middle + tail)[:MAX_CUES]
        middle = [self.cue_matches[i] for i in reversed(usable[max(first, stop - MAX_CUES):stop])]
        return (tail[::-1] + middle + head[::-1])[:MAX_CUES]

    def _last_mark_before(self, position: int) -> int:
        """Position of the last “, ” or " before `position`; -1 when there is none."""
        index = bisect.bisect_left(self.marks, position)
        return self.marks[index - 1] if index else -1

    def _ends_with(self, lo: int, hi: int, char: str) -> bool:
        """Whether text[lo:hi] ends with `char` and whitespace (re.search(char + r"\s*$", ...))."""
        end = _end_without_space(self.text, lo, hi)
        return end > lo and self.text[end - 1] == char

    # -- speaker lookup -------------------------------------------------------------------------

    def _mention_at(self, lo: int, hi: int) -> list[_Mention]:
        i = bisect.bisect_left(self.starts, lo)
        found = []
        while i < len(self.mentions) and self.mentions[i].start < hi:
            if self.mentions[i].end <= hi:
                found.append(self.mentions[i])
            i += 1
        return found

    def _subject_before(self, lo: int, cue_start: int) -> _Mention | None:
        """The nearest speaker-like phrase before a speech verb (within SPEAKER_REACH), skipping
        objects of prepositions. Each quote nearby asks again, so answers are kept."""
        key = (max(lo, cue_start - SPEAKER_REACH), cue_start)
        if key not in self._subjects:
            self._subjects[key] = self._find_subject_before(*key)
        return self._subjects[key]

    def _find_subject_before(self, lo: int, cue_start: int) -> _Mention | None:
        # A quote mark between a candidate and the verb rules the candidate out, so pronouns (which
        # matter only as that candidate) are looked for after the last mark only.
        last_mark = self._last_mark_before(cue_start)
        candidates = sorted(self._mention_at(lo, cue_start) + self._pronouns(max(lo, last_mark + 1), cue_start),
                            key=lambda m: m.start)
        for index in range(len(candidates) - 1, -1, -1):
            mention = candidates[index]
            if mention.end <= last_mark:
                continue  # a quote mark between the mention and the verb
            if self._after_preposition(mention):
                continue
            if self._possessive(mention.end):
                continue
            gap = self.text[mention.end:cue_start]
            if not SUBJECT_GAP_RE.fullmatch(gap):
                continue
            # "Dean, chairman of the Democratic National Committee, said": the name before the apposition.
            for earlier in candidates[:index]:
                if earlier.kind == "person" and APPOSITION_GAP_RE.fullmatch(self.text[earlier.end:cue_start]) \
                        and not self._after_preposition(earlier):
                    return earlier
            return mention
        # "Sam Lau, the communications director for the party said": an apposition left unclosed.
        for mention in reversed(candidates):
            if mention.kind == "person" and mention.end > last_mark and \
                    UNCLOSED_APPOSITION_RE.fullmatch(self.text, mention.end, cue_start):
                return mention
        window_lo = max(lo, cue_start - 60)
        # "one senior Democrat said", "the Saudis state": a description whose head is capitalised.
        described = DESCRIBED_BEFORE_RE.search(self.text, window_lo, cue_start)
        if described is not None and not self._after_preposition(_Mention(described.start(), 0, "", None, "noun")):
            phrase = described.group("phrase")
            return self._noun_phrase(phrase, described.start("phrase"), phrase.split()[-1])
        name = self._name_chunk(lo, cue_start, at_start=False)
        if name:
            return name
        np = NP_BEFORE_RE.search(TRAILING_ADVERBS_RE.sub("", self.text[window_lo:cue_start]).rstrip() + " ")
        if np and np.group().strip() and not self._after_preposition(
                _Mention(window_lo + np.start(), 0, "", None, "noun")):
            phrase = re.sub(r",.*$", "", np.group()).strip()
            return self._noun_phrase(phrase, window_lo + np.start(), np.group("head") or np.group("plural"))
        # "Protesters marching through the streets chanted": the sentence's subject, past its participle phrase.
        sentence_lo = self.sentences.start_before(lo, cue_start)
        subject = SENTENCE_SUBJECT_RE.match(self.text, sentence_lo, cue_start)
        if subject and PARTICIPLE_PHRASE_RE.fullmatch(self.text, subject.end(), cue_start):
            return self._noun_phrase(subject.group(), sentence_lo, subject.group("head") or subject.group("plural"))
        return None

    def _label(self, lo: int, hi: int) -> _Mention | None:
        """The name that stands right before a colon at `hi`."""
        before = self._mention_at(max(lo, hi - SPEAKER_NP_REACH), hi)
        possessor = POSSESSOR_BEFORE_COLON_RE.search(self.text, max(lo, hi - LOOKBACK), hi)
        if possessor is not None:
            # "Clinton’s response was:", "From Bush's Facebook post:": whose words they are.
            return next((m for m in before if m.start == possessor.start() and m.kind == "person"), None)
        if before and LABEL_GAP_RE.fullmatch(self.text, before[-1].end, hi):
            name = before[-1]
        else:
            colon = self.text.rfind(":", lo, hi)
            name = self._name_chunk(max(lo, colon - SPEAKER_NP_REACH), colon, at_start=False) if colon >= 0 else None
            if name is None or not LABEL_GAP_RE.fullmatch(self.text, name.end, hi):
                return None
        # A label, not the object of a sentence ("delivered a message to Trump:"): only capitalised
        # words stand before it in its sentence, or a dash after a round-up's headline.
        line_lo = self.sentences.start_before(lo, name.start)
        if self._lowercase_word_between(line_lo, name.start) and \
                not re.search(r"\s[-–—]\s*$", self.text[max(lo, name.start - 4):name.start]):
            return None
        return name

    def _sentence_subject(self, lo: int, hi: int) -> _Mention | None:
        """The subject of the sentence running from `lo` into a quote at `hi`, when it is a person: the
        first mention, past an opening subordinate clause or phrase ("When Trump spoke, Rubio fired
        back: ...", "In an interview, Trump said"), with only names and titles before it. The sentence's
        own subject speaks even through a second or distant verb ("Hayek confirmed she had been and
        said, ...", "Huckabee, for his part, is labeling Obama's actions ...")."""
        opener = SENTENCE_OPENER_RE.match(self.text, lo, hi)
        if opener is not None:
            lo = opener.end()
        subject = self._clause_subject(lo, hi) or next(iter(self._pronouns(lo, min(hi, lo + 4))), None)
        if subject is None and SUBJECT_NAME_RE.match(self.text, lo, hi):
            # "Kerpen needled the reporter, saying": a name the people pass did not know, before its verb.
            subject = self._name_chunk(lo, min(hi, lo + SPEAKER_NP_REACH), at_start=True)
        if subject is None or subject.kind == "organization" or self._is_modifier(subject) or \
                self._lowercase_word_between(lo, subject.start) or self._after_preposition(subject):
            return self._described_subject(lo, hi)
        return subject

    def _described_subject(self, lo: int, hi: int) -> _Mention | None:
        """A sentence opened by a description and its verb: "A spokeswoman for the committee emailed
        reporters, arguing ...", "Ryan’s campaign shrugged off the comments, telling reporters ..."."""
        described = DESCRIBED_SUBJECT_RE.match(self.text, lo, hi)
        if described is None:
            return None
        phrase = described.group("phrase")
        return self._noun_phrase(phrase, described.start("phrase"), phrase.split()[-1])

    def _clause_subject(self, lo: int, hi: int) -> _Mention | None:
        """The first speaker-like mention of the sentence in text[lo:hi] (within SPEAKER_REACH), not
        governed by a preposition."""
        sentence_lo = self.sentences.start_before(max(lo, hi - SPEAKER_REACH), hi)
        index = bisect.bisect_left(self.starts, sentence_lo)
        while index < len(self.mentions) and self.mentions[index].start < hi:
            mention = self.mentions[index]
            index += 1
            if mention.end <= hi and not self._after_preposition(mention) \
                    and not self._possessive(mention.end):
                return mention
        return None

    def _name_chunk(self, lo: int, hi: int, at_start: bool) -> _Mention | None:
        """A capitalised name the people pass did not know, right after (or right before) a cue."""
        region = self.text[lo:hi]
        chunks = list(CHUNK_RE.finditer(region))
        if not chunks:
            return None
        chunk = chunks[0] if at_start else chunks[-1]
        gap = region[:chunk.start()] if at_start else region[chunk.end():]
        if not (re.fullmatch(r"[\s,]*(?:the\s+)?", gap) if at_start else
                re.fullmatch(r"(?:[\s,]*(?:\([^)]{1,20}\))?[\s,]*)", gap) or APPOSITION_GAP_RE.fullmatch(gap)):
            return None   # before the verb, an apposition may stand between: "Amy Pope, an adviser, said"
        if self._possessive(lo + chunk.end()):
            return None
        # Right after an inverted cue, with no determiner, a title word standing alone is a surname:
        # '“…,” said King, who resigned', not a role ("said the King").
        alone_after_cue = at_start and not gap.strip(" ,")
        words = self._name_words(chunk.group().split(), alone_after_cue)
        if not words:
            return None
        name = " ".join(words)
        start = lo + chunk.start() + chunk.group().find(name)
        chunk_end = start + len(name)
        known = self.persons_by_surname.get(words[-1], [])
        if known:
            return _Mention(start, chunk_end, known[-1].speaker, "person", "name", known[-1].gender)
        # As in the people pass: "I'm" is no name, nor a word the text also writes in lower case
        # ("Mom has to solve her problems" beside "my mom's").
        if any(CONTRACTION_RE.search(w) for w in words) or (len(words) == 1 and words[0].casefold() in self.written_words):
            return None
        kind = "organization" if (words[-1].rstrip(".") in self.gazetteer.org_head_words or
                                  name in self.gazetteer.organisations) else "person"
        return _Mention(start, chunk_end, name, kind, "name")

    def _name_words(self, words: list[str], lone_title_is_surname: bool = False) -> list[str]:
        """The name in a capitalised chunk: after its role ("Cambridge Police Commissioner Christine
        Elow"), before an "of" phrase ("Alfredo Pedroza of Napa County"), without a sentence-opening
        adverb ("Famously", "Afterwards") or a place before a given name ("Massachusetts Joshua Levy");
        with `lone_title_is_surname`, a title word alone ("King") is a surname."""
        gaz = self.gazetteer
        for index, word in enumerate(words):
            if word in ("of", "for", "the"):
                words = words[:index]
                break
        last_role = max((i for i, w in enumerate(words[:-1]) if w.rstrip(".") in gaz.title_words
                         or w in gaz.honorifics or w.rstrip(".") in gaz.role_heads), default=-1)
        words = words[last_role + 1:]
        while words and (words[0] in FUNCTION_WORDS or re.search(r"(?:ly|wards|-based)$", words[0])
                         or (len(words) > 1 and CUE_RE.fullmatch(words[0].lower()))):
            words = words[1:]   # "Stated Stone:", "Continued Stone:": a verb opening the sentence
        given = [i for i, w in enumerate(words[:-1]) if w in gaz.given_names]
        if given and given[0] > 0 and not any(w in gaz.given_names or INITIAL_RE.match(w) for w in words[:given[0]]):
            words = words[given[0]:]
        if words and len(words[-1]) > 2:
            words[-1] = words[-1].rstrip(".")
        if not words or words[-1].endswith(("’s", "'s")):
            return []
        is_role = lambda w: w in gaz.title_words or w in gaz.role_heads or w in gaz.org_head_words  # noqa: E731
        if is_role(words[-1]) and words[0] not in gaz.given_names and (
                len(words) > 2 or is_role(words[0]) and not (lone_title_is_surname and len(words) == 1)):
            return []  # a role without a name: "the Director", "Chief Financial Officer"; not "Amy Pope"
        return words

    def _after_preposition(self, mention: _Mention) -> bool:
        # The word right before, with only spaces (and "the") between: not one across a quote mark.
        word = WORD_BEFORE_RE.search(self.text, max(0, mention.start - 16), mention.start)
        return word is not None and word.group(1).casefold() in PREPOSITIONS - {"and"}

    def _pronouns(self, lo: int, hi: int) -> list[_Mention]:
        found = []
        for match in PRONOUN_RE.finditer(self.text, lo, hi):
            found.append(_Mention(match.start(), match.end(), match.group(), None, "pronoun"))
        return sorted(found, key=lambda m: m.start)

    def _noun_phrase(self, phrase: str, start: int, head: str) -> _Mention | None:
        """A described speaker, kept as written: the article gives no name for it."""
        words = phrase.split()
        if not words or words[-1] in PREPOSITIONS or words[-1] in {"that", "which", "who", "also", "he", "she"}:
            return None
        if len(words) == 1 and words[0] not in ORG_NOUNS and not words[0].endswith("s"):
            return None
        if words[0] in {"many", "some", "several", "two"} and words[-1] in {"whom", "which", "them"}:
            return None
        kind = "organization" if head in ORG_NOUNS else None
        return _Mention(start, start + len(phrase), phrase, kind, "noun")

    def _subject_after(self, position: int, hi: int) -> _Mention | None:
        """Speaker named right after an inverted or "according to" cue."""
        after = self._mention_at(position, min(hi, position + SPEAKER_NP_REACH))
        named = self._person_heading_phrase(position, after) or self._phrase_after(position, hi, after)
        if named is not None:
            return named
        for mention in after[:1]:
            if re.fullmatch(r"[\s,]*(?:the\s+)?", self.text[position:mention.start]) \
                    and not self._is_modifier(mention):
                return mention
        for mention in self._pronouns(position, min(hi, position + 6)):
            return mention
        name = self._name_chunk(position, min(hi, position + 80), at_start=True)
        if name:
            return name
        np = NP_AFTER_RE.match(self.text, position, hi)
        if np:
            phrase = np.group().strip()
            return self._noun_phrase(phrase, np.end() - len(phrase), np.group("head"))
        someone = SOMEONE_AFTER_RE.match(self.text, position, hi)
        if someone:
            phrase = someone.group().strip()
            return _Mention(someone.end() - len(phrase), someone.end(), phrase, None, "noun")
        return None

    def _person_heading_phrase(self, position: int, after: list[_Mention]) -> _Mention | None:
        """The person a noun phrase after an inverted cue names: its modifiers and titles may hold other
        names ("said former Wisconsin Gov. Jim Doyle", "said Pentagon spokesman Navy Capt. Jeff Davis",
        "said Rubio's deputy campaign manager, Rich Beeson"), but a name followed by a noun only
        modifies it ("said a senior Cruz adviser")."""
        for mention in after:
            if mention.kind != "person":
                continue
            if not SPEAKER_NP_GAP_RE.fullmatch(self.text, position, mention.start):
                return None
            if not self._is_modifier(mention):
                return mention
        return None

    def _phrase_after(self, position: int, hi: int, after: list[_Mention]) -> _Mention | None:
        """The noun phrase after an inverted cue when no known person heads it: a name the people pass
        did not know, after its role ("said Montclair State University political scientist Brigid
        Harrison"), or a description, whatever the case of its head ("said a Nevada Democrat",
        "said the New York businessman")."""
        phrase = SPEAKER_NP_RE.match(self.text, position, min(hi, position + SPEAKER_NP_REACH))
        if phrase is None:
            return None
        words = list(re.finditer(r"\S+", phrase.group("np")))
        lowercase = [i for i, w in enumerate(words) if w.group()[:1].islower()]
        offset = phrase.start("np")
        head = words[-1]
        head_start, head_end = offset + head.start(), offset + head.end()
        if any(m.start <= head_start < m.end for m in after):
            return None   # an organisation or a person the other readings know
        if lowercase and 0 < lowercase[-1] < len(words) - 1 and \
                words[lowercase[-1]].group() not in PREPOSITIONS | FUNCTION_WORDS | NAME_PARTICLES:
            name = self._name_words([w.group() for w in words[lowercase[-1] + 1:]])
            if name and not any(w in self.gazetteer.country_words for w in name):
                start = offset + words[lowercase[-1] + 1].start()
                return _Mention(start, head_end, " ".join(name), "person", "name")
        if words[0].group() in NP_DETERMINERS and len(words) > 1:
            # NP_AFTER_RE's reading when it has one: it keeps a phrase after the head ("on the panel").
            described = NP_AFTER_RE.match(self.text, position, hi)
            if described is not None:
                text = described.group().strip()
                return self._noun_phrase(text, described.end() - len(text), described.group("head"))
            return self._noun_phrase(phrase.group("np"), offset, head.group())
        return None

    def _possessive(self, end: int) -> bool:
        """Whether the name ending at `end` is a possessive: "Clinton's", "Sanders’ campaign"."""
        text = self.text
        return text[end:end + 2] in ("’s", "'s") or (
            text[end - 1:end] == "s" and text[end:end + 1] in ("’", "'") and not _is_word_char(text[end + 1:end + 2] or " "))

    def _is_modifier(self, mention: _Mention) -> bool:
        """A name used as an adjective: a lower-case noun follows it ("a Trump adviser", "the Clinton ad")."""
        if self._possessive(mention.end):
            return True
        follower = NEXT_WORD_RE.match(self.text, mention.end)
        if follower is None or follower.group(1) in WORDS_AFTER_A_SPEAKER or follower.group(1).endswith("ed"):
            return False   # a verb in the past tense: "Sanders compared"
        if follower.group(1).endswith("ly") and ADVERB_THEN_VERB_RE.match(self.text, follower.end()):
            return False   # an adverb, then the verb: "Trump subsequently defended" (not "Clinton ally Jo")
        if follower.group(1).endswith("s"):
            # "Clinton supports “...”" (a verb: an object follows) or "Trump supporters chanted" (a noun).
            return bool(NEXT_WORD_RE.match(self.text, follower.end())) and \
                not OBJECT_START_RE.match(self.text, follower.end())
        return True

    def _resolve(self, mention: _Mention, position: int) -> _Mention | None:
        """A pronoun's referent; other mentions stand for themselves."""
        if mention.via != "pronoun":
            return mention
        word = mention.speaker.casefold()
        if word in ("it", "they"):
            # An organisation in subject position, not the object of a preposition ("sales to India").
            org = self._last_subject_organisation(position)
            return org if org is not None and position - org.end < 400 else None
        gender = "m" if word == "he" else "f"
        # The people (mentions and pronouns resolved to them) named by `position`, of the pronoun's
        # gender or of unknown gender, looked up in `self.persons` rather than filtered one by one.
        persons = self.persons
        latest_known = persons.latest(gender, position)
        # A person known to match the pronoun, named in the last few paragraphs, beats one of unknown gender.
        window = self._paragraph_start(self._paragraph_start(position) - 2) - 1
        genders = (gender,) if latest_known is not None and latest_known.start >= window else (gender, None)
        if all(persons.latest(g, position) is None for g in genders):
            return None
        # "Biden visited the ward. The doctor on duty was less hopeful. “…,” he said": the person a
        # sentence since the last compatible name is about, described by a role noun, is the one meant.
        named_last = max((m.end for g in (gender, None) if (m := persons.latest(g, position)) is not None))
        previous_paragraph = self._paragraph_start(self._paragraph_start(position) - 2)
        if described := self._described_person(max(named_last, previous_paragraph), position):
            return described
        paragraph_lo = self._paragraph_start(position)
        # Prefer the last speaker when the text is still about them (named in this or the last paragraph).
        if self.last_speaker and self.last_speaker[1].kind == "person" and self.last_speaker[1].gender in (gender, None):
            quoted_at, speaker = self.last_speaker
            recent_lo = self._paragraph_start(paragraph_lo - 2) if paragraph_lo > 1 else 0
            recent = any(persons.latest(g, position, since=recent_lo) for g in genders)
            recent_speaker = any(persons.latest(g, position, since=recent_lo, speaker=speaker.speaker) for g in genders)
            # ... unless someone else compatible has been named since that quote: the nearest wins.
            named_since = any(persons.any_since(g, position, quoted_at, lambda m: m.speaker != speaker.speaker
                                                and self._opens_sentence(m)) for g in genders)
            if (not recent or recent_speaker) and not named_since:
                return speaker
        # Otherwise the subject (first person) of the nearest sentence that names a compatible person.
        pool_gender = gender if latest_known is not None else None
        last = persons.latest(pool_gender, position)
        sentence_lo = self.sentences.start_before(self._paragraph_start(last.start), last.start + 1)
        first = persons.earliest(pool_gender, position, since=sentence_lo)
        return first if first is not None else last

    def _described_person(self, lo: int, hi: int) -> _Mention | None:
        """The last sentence of text[lo:hi] opened by a person described by a role noun and named
        nowhere ("The doctor", "A senior commander"), whom a pronoun after it refers to."""
        found = None
        for match in DESCRIBED_PERSON_RE.finditer(self.text, lo, hi):
            head = match["head"]
            is_role = head.capitalize() in self.gazetteer.role_heads or (
                ROLE_NOUN_BEFORE_RE.search(head + " ") is not None and head not in NOT_ROLE_NOUNS)
            opens = self.sentences.start_before(self._paragraph_start(match.start()), match.start() + 1) == match.start()
            if is_role and opens and not self._inside_quote(match.start()) \
                    and not self._mention_at(match.start(), match.end()):
                found = _Mention(match.start(), match.end(), match.group(), None, "noun")
        return found

    def _last_subject_organisation(self, position: int) -> _Mention | None:
        """The last organisation named by `position`, not as the object of a preposition."""
        index = bisect.bisect_right(self.subject_organisation_starts, position)
        while index > 0:
            index -= 1
            if self.subject_organisations[index].end <= position:
                return self.subject_organisations[index]
        return None

    def _opens_sentence(self, mention: _Mention) -> bool:
        """Whether the mention is its sentence's subject: only titles and names stand before it
        ("Prime Minister Narendra Modi welcomed"), not a verb ("He praised Modi")."""
        if mention.start not in self._opening:
            sentence_lo = self.sentences.start_before(self._paragraph_start(mention.start), mention.start + 1)
            self._opening[mention.start] = not self._lowercase_word_between(sentence_lo, mention.start)
        return self._opening[mention.start]

    def _lowercase_word_between(self, lo: int, hi: int) -> bool:
        """Whether `re.findall(r"\b[a-z]+\b", text[lo:hi])` has a word outside SUBJECT_PREFIX_WORDS.

        Such a word is a run of word characters all in a-z: the text's runs lying wholly inside are
        found by binary search, and only a run cut by `lo` or `hi` is read again."""
        if lo >= hi:
            return False
        if self._lowercase_words is None:
            runs = [m.span() for m in re.finditer(r"\w+", self.text)
                    if re.fullmatch(r"[a-z]+", m.group()) and m.group() not in SUBJECT_PREFIX_WORDS]
            self._lowercase_words = ([a for a, _ in runs], [b for _, b in runs])
        starts, ends = self._lowercase_words
        index = bisect.bisect_left(starts, lo)
        if index < len(starts) and ends[index] <= hi:
            return True
        text, cut_words = self.text, []
        if lo > 0 and _is_word_char(text[lo - 1]) and _is_word_char(text[lo]):
            end = lo
            while end < hi and _is_word_char(text[end]):
                end += 1
            cut_words.append(text[lo:end])
        if hi < len(text) and _is_word_char(text[hi - 1]) and _is_word_char(text[hi]):
            start = hi
            while start > lo and _is_word_char(text[start - 1]):
                start -= 1
            cut_words.append(text[start:hi])
        return any(re.fullmatch(r"[a-z]+", word) and word not in SUBJECT_PREFIX_WORDS for word in cut_words)

    def _paragraph_start(self, position: int) -> int:
        # A binary search: text.rfind walks back over a whole (possibly huge) paragraph on every call.
        index = bisect.bisect_left(self.newlines, max(0, position))
        return self.newlines[index - 1] + 1 if index else 0

    # -- attribution --------------------------------------------------------------------------

    def attribute(self, raw: PairedQuote, index: int, quotes: list[Quote]) -> Quote:
        text = self.text
        lo, hi = self.paragraph_bounds[raw.paragraph]
        previous = self.raws[index - 1] if index > 0 else None
        following = self.raws[index + 1] if index + 1 < len(self.raws) else None
        prev_end = (previous.close_mark + 1 if previous.close_mark is not None else previous.end) \
            if previous and previous.paragraph == raw.paragraph else lo
        next_start = following.open_mark if following and following.paragraph == raw.paragraph else hi
        after_lo = raw.close_mark + 1 if raw.close_mark is not None else raw.end
        content = text[raw.start:raw.end]
        quote = Quote(text=content, start=raw.start, end=raw.end, partial=self._is_partial(raw))

        sentence_lo = max(prev_end, self.sentences.start_before(lo, raw.open_mark))
        after_hi = next_start
        for match in SENTENCE_END_RE.finditer(text, after_lo, next_start):
            if not ABBREVIATION_RE.search(text[max(after_lo, match.start() - 5):match.start() + 1]):
                after_hi = match.start() + 1
                break
        # After a full stop (or where an unclosed quote was cut), what follows is a new sentence.
        ends_sentence = _ends_with_full_stop(content) or raw.close_mark is None
        after_is_own = not (ends_sentence and re.match(r"\s*[A-Z“\"]", text[after_lo:after_hi])) \
            and not NEW_CLAUSE_AFTER_RE.match(text, after_lo, after_hi)

        found = None
        if after_is_own:
            found = self._from_context(after_lo, after_hi, after_side=True) or self._open_slot(after_lo, after_hi)
        if found is None:
            found = self._from_context(sentence_lo, raw.open_mark, after_side=False)
            if found is None and previous and previous.paragraph == raw.paragraph and \
                    sentence_lo == prev_end and quotes and quotes[-1].speaker and \
                    CUE_RE.search(text[prev_end:raw.open_mark]) and not \
                    self._mention_at(prev_end, raw.open_mark):
                # "...” and expressed his “..." : a second verb sharing the earlier subject.
                found = (quotes[-1].cue or "", None, quotes[-1])
        if found is None and sentence_lo < raw.open_mark:
            # (from the sentence's real start: an earlier quote in it does not hide its subject)
            subject = self._sentence_subject(self.sentences.start_before(lo, raw.open_mark), raw.open_mark)
            found = ("", subject, None, "subject") if subject is not None else None
        if found is None and previous is not None and previous.paragraph == raw.paragraph:
            # the rest of a quote its paragraph has attributed, before a verb of the next sentence
            found = self._continuation(raw, previous, prev_end, quotes)
        if found is None and not after_is_own:
            found = self._from_context(after_lo, after_hi, after_side=False, method="adjacent")
        if found is None:
            found = self._continuation(raw, previous, prev_end, quotes)
        if found is None:
            found = self._byline_after(raw) or self._short_sentence_before(lo, raw.open_mark)
        if found is None:
            found = self._from_context(lo, raw.open_mark, after_side=False, method="adjacent", last=True)
        if found is None:
            # '"I'm a voter," declares Jo Roe, 27. "If I ..."': a slot verb after a quote too short to count.
            mark = self._last_mark_before(raw.open_mark)
            found = self._open_slot(mark + 1, raw.open_mark) if mark >= lo and text[mark] in "”\"" else None
        if found is None:
            found = self._from_context(after_lo, hi, after_side=False, method="adjacent")
        if found is None:
            found = self._previous_paragraph_cue(raw)
        if found:
            cue, mention, inherited = found[:3]
            if inherited is not None:
                quote.speaker, quote.speaker_kind = inherited.speaker, inherited.speaker_kind
                quote.speaker_mention, quote.method, quote.cue = inherited.speaker_mention, "continuation", inherited.cue
            else:
                method_hint = found[3] if len(found) > 3 else None
                resolved = self._resolve(mention, mention.start)
                if resolved is not None:
                    quote.speaker, quote.speaker_kind = resolved.speaker, resolved.kind
                    quote.speaker_mention = Span(mention.start, mention.end, text[mention.start:mention.end])
                    quote.cue = cue
                    quote.method = method_hint or {"pronoun": "pronoun", "role": "role", "noun": "description"}.get(mention.via, "explicit")
                    if mention.via == "pronoun" and resolved.kind == "person":
                        self.resolved.append(_Mention(mention.start, mention.end, resolved.speaker, "person",
                                                      "pronoun", resolved.gender))
                        self.persons.add(self.resolved[-1], len(self.mentions) + len(self.resolved) - 1)
                    if resolved.kind == "person":
                        self.last_speaker = (raw.start, resolved)
        return quote

    def _is_partial(self, raw: PairedQuote) -> bool:
        if self.text[raw.start:min(raw.start + 1, raw.end)].islower():
            return True
        # What stands right before the mark, read there rather than from the paragraph's start.
        lo = self._paragraph_start(raw.open_mark)
        end = _end_without_space(self.text, lo, raw.open_mark)
        return end > lo and self.text[end - 1].isalpha() and \
            not PARTIAL_CUE_BEFORE_RE.search(self.text, max(lo, end - LOOKBACK), end)

    def _from_context(self, lo: int, hi: int, after_side: bool, method: str | None = None,
                      last: bool = True) -> tuple | None:
        """(cue, speaker mention, None[, method]) from the speech verb in text[lo:hi]."""
        if hi <= lo:
            return None
        cues = self._cues(lo, hi, after_side)
        if not after_side and self._ends_with(lo, hi, ":"):
            # "Republican pollster Daron Shaw:", a round-up's "HEADLINE - Jane Roe:" or "O'Malley
            # interjected:": the name or the verb right before the colon, before any earlier cue; with no
            # cue, "Sanders made the following comment:": whoever the sentence is about.
            verb = VERB_BEFORE_COLON_RE.search(self.text, max(lo, hi - LOOKBACK), hi)
            subject = self._label(lo, hi) or (self._subject_before(lo, verb.start()) if verb else None)
            if subject is None and not cues:
                subject = self._sentence_subject(self.sentences.start_before(lo, hi), hi) or \
                    self._clause_subject(lo, hi) or self._subject_before(lo, hi)
            if subject:
                return (":", subject, None, method)
        if not cues:
            return None
        for cue in cues:
            subject = self._cue_subject(lo, hi, cue, after_side)
            if subject is not None:
                return (cue.group(), subject, None, method)
        return None

    def _cue_subject(self, lo: int, hi: int, cue: re.Match, after_side: bool) -> _Mention | None:
        """Who speaks with this cue, looking no further than SPEAKER_REACH from it (kept: the
        quotes of one stretch ask about the same cues)."""
        key = (max(lo, cue.start() - SPEAKER_REACH), min(hi, cue.end() + SPEAKER_REACH), cue.start(), cue.end(),
               after_side)
        if key not in self._cue_subjects:
            self._cue_subjects[key] = self._find_cue_subject(key[0], key[1], cue, after_side)
        return self._cue_subjects[key]

    def _find_cue_subject(self, lo: int, hi: int, cue: re.Match, after_side: bool) -> _Mention | None:
        word = cue.group()
        # Right after the start of the stretch, or right after a quote ("“It's unusual,” said Jo Roe."):
        # an inverted cue, whose speaker follows it.
        mark = self._last_mark_before(cue.start())
        right_after_lo = ONLY_SPACE_OR_COMMA_RE.fullmatch(self.text, max(lo, mark + 1), cue.start()) is not None
        if word.casefold() == "according to" or (after_side and right_after_lo):
            subject = self._subject_after(cue.end(), hi)
            if subject is None and word.casefold() != "according to":
                subject = self._subject_before(lo, cue.start())
        elif PARTICIPLE_RE.fullmatch(word) and (self._ends_with(lo, cue.start(), ",") or
                                                 self._after_preposition(_Mention(cue.start(), cue.end(), "", None, "noun"))
                                                 or ORG_BEFORE_RE.search(self.text, max(lo, cue.start() - 40), cue.start())):
            # "Trump attacked Clinton over Libya, saying ...": the subject of the main clause speaks,
            # and "Ryan and Trump will meet, Spicer said, adding ...": that of the verb it follows.
            finite = next((c for c in self._cues(lo, cue.start(), False) if not PARTICIPLE_RE.fullmatch(c.group())), None)
            subject = self._subject_before(lo, finite.start()) if finite is not None else None
            if subject is None or subject.via == "noun":
                subject = self._sentence_subject(self.sentences.start_before(lo, cue.start()), cue.start()) or \
                    self._clause_subject(lo, cue.start()) or self._subject_before(lo, cue.start())
        else:
            subject = self._subject_before(lo, cue.start())
            if subject is None and (after_side or right_after_lo) and \
                    (right_after_lo or word.casefold() not in LISTENER_CUES):
                # '"...," said X, a lawyer. "More words"': the inverted cue before this quote; but after
                # "told" comes the listener ("an employee told the BBC"), not the speaker.
                subject = self._subject_after(cue.end(), hi)
        return subject

    def _open_slot(self, lo: int, hi: int) -> tuple | None:
        """“…,” NAME VERB or “…,” VERB NAME: right after a quote that runs on into its sentence, any
        verb in that slot attributes it ("fumed", "interjected", "chimed in"), not only a listed one."""
        position = ONLY_SPACE_OR_COMMA_RE.match(self.text, lo, hi).end()
        verb = SLOT_VERB_FIRST_RE.match(self.text, position, hi)
        if verb is not None:
            subject = self._subject_after(verb.end(), hi)
            return (verb.group("verb") or verb.group("present"), subject, None) if subject is not None else None
        # ("an angry Hollande retaliated": a person after a determiner and adjectives)
        subject = next((m for m in self._mention_at(position, min(hi, position + SPEAKER_NP_REACH))
                        if re.fullmatch(r"(?:the\s+)?", self.text[position:m.start]) or (m.kind == "person" and
                        re.fullmatch(r"(?:the|a|an)\s+(?:[a-z]+\s+){1,2}", self.text[position:m.start]))), None)
        if subject is None:
            subject = next(iter(self._pronouns(position, min(hi, position + 4))), None) or \
                self._name_chunk(position, min(hi, position + SPEAKER_NP_REACH), at_start=True)
        if subject is None:
            # '“…?” a Democratic staffer in the room wondered': a description in the slot.
            described = NP_AFTER_RE.match(self.text, position, hi)
            if described is not None:
                phrase = described.group().strip()
                # (its phrase after the head may have taken the verb: "in the room wondered")
                phrase = re.sub(r"\s+[a-z]{2,}ed$", "", phrase) if not SLOT_VERB_RE.match(
                    self.text, described.end(), hi) else phrase
                start = self.text.index(phrase, position)
                subject = self._noun_phrase(phrase, start, described.group("head"))
        if subject is None or subject.start > position + 4:
            return None
        verb = SLOT_VERB_RE.match(self.text, subject.end, hi)
        return (verb.group("verb"), subject, None) if verb is not None else None

    def _byline_after(self, raw: PairedQuote) -> tuple | None:
        """A quote closing its paragraph, signed in the next one: "- Bernie Sanders." or "—Jo Roe,
        Philadelphia." (a quotes round-up or a fact check)."""
        lo, hi = self.paragraph_bounds[raw.paragraph]
        after = raw.close_mark + 1 if raw.close_mark is not None else raw.end
        if raw.paragraph + 1 >= len(self.paragraph_bounds) or self.text[after:hi].strip(" .,;"):
            return None
        next_lo, next_hi = self.paragraph_bounds[raw.paragraph + 1]
        dash = BYLINE_RE.match(self.text, next_lo, next_hi)
        if dash is None:
            return None
        subject = self._subject_after(dash.end(), next_hi)
        return ("—", subject, None, "byline") if subject is not None else None

    def _short_sentence_before(self, lo: int, open_mark: int) -> tuple | None:
        """'Jo Roe agreed. “…”': a sentence of a subject and a verb alone, right before the quote."""
        sentence_lo = self.sentences.start_before(lo, self.sentences.start_before(lo, open_mark) - 1)
        verb = SHORT_SENTENCE_VERB_RE.search(self.text, sentence_lo, open_mark)
        if verb is None:
            return None
        subject = self._sentence_subject(sentence_lo, verb.start() + 1)
        if subject is None or not re.fullmatch(r"\s*", self.text[subject.end:verb.start()]):
            return None
        return (verb.group("verb"), subject, None, "adjacent")

    def _continuation(self, raw: PairedQuote, previous: PairedQuote | None, prev_end: int,
                      quotes: list[Quote]) -> tuple | None:
        """An interrupted quote, or a paragraph that opens by carrying on the previous quote."""
        if not quotes or previous is None or quotes[-1].speaker is None:
            return None
        last = quotes[-1]
        if previous.paragraph == raw.paragraph:
            between = self.text[prev_end:raw.open_mark]
            attributed_between = last.speaker_mention is not None and \
                prev_end <= last.speaker_mention.start < raw.open_mark
            if attributed_between or not CUE_RE.search(between) or len(between) < 120:
                return ("", None, last)
            return None
        starts_paragraph = raw.open_mark == self.paragraph_bounds[raw.paragraph][0]
        if starts_paragraph and previous.paragraph == raw.paragraph - 1:
            return ("", None, last)
        return None

    def _previous_paragraph_cue(self, raw: PairedQuote) -> tuple | None:
        """A quote standing alone in its paragraph, spoken by whoever the previous paragraph quotes."""
        if raw.paragraph == 0:
            return None
        lo, hi = self.paragraph_bounds[raw.paragraph - 1]
        found = self._from_context(lo, hi, after_side=False, method="adjacent")
        return found


def find_quotes(text: str, people: list[Person], gazetteer: PeopleGazetteer) -> list[Quote]:
    """Every quoted stretch of speech with its speaker, cue and how it was attributed."""
    paragraphs = _paragraph_spans(text)
    raws = _pair_quotes(text, paragraphs)
    transcript = _transcript_turns(text, raws, paragraphs)
    headlines: dict[tuple[int, int], _HeadlineCues | None] = {}
    speech = [r for r in raws if r.paragraph not in transcript
              and _is_speech(text, r, paragraphs[r.paragraph], headlines)]
    if not speech:
        return []
    attributor = _Attributor(text, people, gazetteer, raws, speech, paragraphs)
    quotes: list[Quote] = []
    for index, raw in enumerate(speech):
        quotes.append(attributor.attribute(raw, index, quotes))
    attribute_repeats(quotes)
    return quotes

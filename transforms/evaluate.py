"""Scoring extracted quotes and speakers against human-annotated gold articles.

The matching rules are those of the project's reference scorer (shared/eval/score.py), so that a figure
printed by `newsware eval` means the same as one printed there: lenient on quote-mark style, whitespace,
case and a quote split into pieces.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterable

_TYPOGRAPHY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2026": "...",
                             "\u2014": "-", "\u2013": "-", "\u00a0": " "})
_MIN_MATCH_CHARS = 12          # a shorter common run is chance, not the same quote
_MIN_OVERLAP = 0.8             # a prediction is (part of) a gold quote when its longest common run covers this
_MIN_COVERAGE = 0.5            # a gold quote is found when its matching predictions cover this much of it
_NAME_STOPWORDS = {"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "s"}
_FUNCTION_WORDS = {"of", "at", "in", "for", "from", "who", "whose", "which", "a", "an", "the", "and", "or",
                   "on", "with", "to", "as", "by", "jr", "sr"}
# Capitalised words that begin a description rather than name someone ("The president", "One official").
_DETERMINERS = {"the", "a", "an", "her", "his", "their", "its", "our", "my", "your", "one", "this", "that",
                "these", "those", "some", "many", "several", "another", "other"}
_PREPOSITIONS = {"for", "of", "to", "at", "with", "from", "by", "about"}
# The language of a gold article that names none: the format is PolNeAR's, whose articles are English.
GOLD_LANGUAGE = "en"


class GoldFileError(ValueError):
    """The gold file cannot be read as PolNeAR-style JSONL."""


@dataclass(frozen=True)
class GoldArticle:
    article_id: str
    text: str
    quotes: list[dict]        # {"text", "direct", "speaker_mention", "speaker_is_pronoun", ...}
    language: str = GOLD_LANGUAGE


@dataclass
class Scores:
    articles: int
    gold_quotes: int          # direct quotes in the gold file
    predicted_quotes: int
    quote_precision: float
    quote_recall: float
    quote_f1: float
    speaker_accuracy: float   # right speaker among found quotes whose gold speaker is named
    speaker_n: int
    quote_speaker_recall: float   # found with the right speaker, over all quotes with a named speaker
    speaker_precision: float  # right among those found quotes (named gold speaker) we gave a speaker
    speaker_recall: float     # the same as quote_speaker_recall, under the name the contract uses
    speaker_f1: float

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> list[str]:
        """The figures as `newsware eval` prints them, one line each."""
        return [
            f"{self.articles} articles, {self.gold_quotes} gold direct quotes, {self.predicted_quotes} predicted",
            f"quotes:   precision {self.quote_precision:.3f}  recall {self.quote_recall:.3f}  F1 {self.quote_f1:.3f}",
            f"speakers: precision {self.speaker_precision:.3f}  recall {self.speaker_recall:.3f}  "
            f"F1 {self.speaker_f1:.3f}",
            f"          accuracy {self.speaker_accuracy:.3f} on {self.speaker_n} found quotes with a named "
            f"speaker; found with the right speaker {self.quote_speaker_recall:.3f}",
        ]


def normalise_quote(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_TYPOGRAPHY).casefold()
    text = re.sub(r"[\"'`]", "", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:-")


def overlap(gold: str, predicted: str) -> float:
    """Share of the shorter text that the longest common run of the two covers."""
    a, b = normalise_quote(gold), normalise_quote(predicted)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size / min(len(a), len(b))


def quotes_match(gold: str, predicted: str) -> bool:
    shorter = min(normalise_quote(gold), normalise_quote(predicted), key=len)
    return len(shorter) >= _MIN_MATCH_CHARS and overlap(gold, predicted) >= _MIN_OVERLAP


def coverage(gold: str, predictions: Iterable[str]) -> float:
    """Share of the gold quote's characters that the given predictions cover."""
    a = normalise_quote(gold)
    if not a:
        return 0.0
    covered = [False] * len(a)
    for predicted in predictions:
        b = normalise_quote(predicted)
        if not b:
            continue
        for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            if block.size >= _MIN_MATCH_CHARS:
                covered[block.a:block.a + block.size] = [True] * block.size
    return sum(covered) / len(a)


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", normalise_quote(text)))


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+(?:'s)?|[,;:()]", unicodedata.normalize("NFKC", text or "").translate(_TYPOGRAPHY))


def _bare(word: str) -> str:
    return re.sub(r"'s$", "", word).strip(".'").casefold()


def speaker_matches(gold_mention: str, predicted: str | None, alternatives: Iterable[str] = ()) -> bool:
    """Right speaker: the prediction's words all stand in the gold mention and its last word is the
    mention's person, not a modifier of someone else ('Trump' in 'Trump attorney Alan Garten'); or the gold
    is a bare name whose every word the prediction holds ('Trump' for 'Donald Trump')."""
    if not predicted:
        return False
    for gold in (gold_mention, *alternatives):
        gold_tokens, predicted_tokens = _tokens(gold) - _NAME_STOPWORDS, _tokens(predicted) - _NAME_STOPWORDS
        if gold_tokens and gold_tokens <= predicted_tokens:
            return True
        if not predicted_tokens or not predicted_tokens <= gold_tokens:
            continue
        gold_words, predicted_words = _words(gold), _words(predicted)
        last = _bare(predicted_words[-1]) if predicted_words else ""
        for i in range(len(gold_words) - 1, -1, -1):
            if _bare(gold_words[i]) != last:
                continue
            possessive = gold_words[i].casefold().endswith("'s")
            following = gold_words[i + 1] if i + 1 < len(gold_words) else None
            modifier = (following is not None and following[:1].isalpha() and following[:1].islower()
                        and _bare(following) not in _FUNCTION_WORDS)
            j = i - 1  # step back over the rest of the name and an article: "for (the) (Vladimir) Putin"
            while j >= 0 and (gold_words[j][:1].isupper() or _bare(gold_words[j]) in {"the", "a", "an"}):
                j -= 1
            after_preposition = (j >= 0 and _bare(gold_words[j]) in {"for", "of", "to", "at", "with", "from", "by"}
                                 and "," in gold_words[:i])
            if not possessive and not modifier and not after_preposition:
                return True
            break
    return False


def is_named(mention: str | None) -> bool:
    """A gold speaker that names someone: it holds a capitalised word that is not a determiner. Pronouns,
    bare roles ("the president", "officials") and annotation slips ("said") are not scored for speakers."""
    return any(w[:1].isupper() and _bare(w) not in _DETERMINERS for w in _words(mention or ""))


def head_name_word(mention: str) -> str | None:
    """The surname of the person a mention names: the last word of its first capitalised run that is not
    a possessive ("Clinton's director"), a modifier of a lower-case noun ("Trump hotels") or the object of
    a preposition ("a spokeswoman for Trump")."""
    words = _words(mention)
    i = 0
    while i < len(words):
        if words[i][:1].isupper() and _bare(words[i]) not in _DETERMINERS:
            j = i
            while j + 1 < len(words) and words[j + 1][:1].isupper() and not words[j].casefold().endswith("'s"):
                j += 1
            following = words[j + 1] if j + 1 < len(words) else None
            possessive = words[j].casefold().endswith("'s")
            modifier = (following is not None and following[:1].isalpha() and following[:1].islower()
                        and _bare(following) not in _FUNCTION_WORDS)
            after_preposition = i > 0 and _bare(words[i - 1]) in _PREPOSITIONS
            if not possessive and not modifier and not after_preposition:
                return _bare(words[j])
            i = j + 1
            continue
        i += 1
    return None


def canonical_name_matches(gold_mention: str, predicted: str | None, article_text: str) -> bool:
    """A canonical full name that the article spells out, whose last word is the person the mention
    names ("Patrick McGinley" for "Mr. McGinley, the law professor"): the contract's speakers are canonical."""
    predicted_words = _words(predicted or "")
    head = head_name_word(gold_mention)
    return (bool(predicted_words) and head is not None and _bare(predicted_words[-1]) == head
            and bool(predicted) and predicted in article_text)


def read_gold(path: Path) -> list[GoldArticle]:
    """Articles of a PolNeAR-style gold JSONL: {"id", "text", "quotes": [...]} per line."""
    articles = []
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                articles.append(GoldArticle(str(record["id"]), record["text"], record.get("quotes") or [],
                                            record.get("language") or GOLD_LANGUAGE))
    except FileNotFoundError:
        raise GoldFileError(f"gold file not found: {path}") from None
    except OSError as err:
        raise GoldFileError(f"cannot read gold file {path}: {err.strerror}") from None
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise GoldFileError(f"{path} line {number}: not a gold record with id, text and quotes ({err})") from None
    return articles


def score(gold: list[GoldArticle], predicted_quotes: dict[str, list[dict]]) -> Scores:
    """Compare predicted quotes ({article id: [{"text", "speaker", ...}]}) with the gold annotations."""
    true_positives = false_negatives = false_positives = n_predicted = 0
    named = speaker_right = speaker_n = speaker_given = 0
    for article in gold:
        predictions = predicted_quotes.get(article.article_id, [])
        texts = [p.get("text", "") for p in predictions]
        direct = [q for q in article.quotes if q.get("direct", True)]
        for quote in direct:
            has_named_speaker = not quote.get("speaker_is_pronoun") and is_named(quote.get("speaker_mention"))
            named += has_named_speaker
            candidates = [i for i, t in enumerate(texts) if quotes_match(quote["text"], t)]
            if coverage(quote["text"], [texts[i] for i in candidates]) < _MIN_COVERAGE:
                false_negatives += 1
                continue
            true_positives += 1
            if has_named_speaker:
                best = max(candidates, key=lambda i: (overlap(quote["text"], texts[i]),
                                                      -abs(len(normalise_quote(texts[i])) - len(normalise_quote(quote["text"])))))
                speaker_n += 1
                speaker_given += bool(predictions[best].get("speaker"))
                speaker = predictions[best].get("speaker")
                speaker_right += (speaker_matches(quote["speaker_mention"], speaker, quote.get("alternatives", ()))
                                  or canonical_name_matches(quote["speaker_mention"], speaker, article.text))
        false_positives += sum(1 for t in texts if not any(quotes_match(q["text"], t) for q in article.quotes))
        n_predicted += len(texts)
    precision = (n_predicted - false_positives) / n_predicted if n_predicted else 0.0
    recall = true_positives / (true_positives + false_negatives) if true_positives + false_negatives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    speaker_precision = speaker_right / speaker_given if speaker_given else 0.0
    speaker_recall = speaker_right / named if named else 0.0
    speaker_f1 = (2 * speaker_precision * speaker_recall / (speaker_precision + speaker_recall)
                  if speaker_precision + speaker_recall else 0.0)
    return Scores(
        articles=len(gold), gold_quotes=true_positives + false_negatives, predicted_quotes=n_predicted,
        quote_precision=round(precision, 3), quote_recall=round(recall, 3), quote_f1=round(f1, 3),
        speaker_accuracy=round(speaker_right / speaker_n, 3) if speaker_n else 0.0, speaker_n=speaker_n,
        quote_speaker_recall=round(speaker_recall, 3), speaker_precision=round(speaker_precision, 3),
        speaker_recall=round(speaker_recall, 3), speaker_f1=round(speaker_f1, 3),
    )


def score_by_language(gold: list[GoldArticle], predicted_quotes: dict[str, list[dict]]) -> dict[str, Scores]:
    """`score` of each language's gold articles alone, languages in alphabetical order: one language's
    figures must not hide another's."""
    languages = sorted({article.language for article in gold})
    return {language: score([a for a in gold if a.language == language], predicted_quotes) for language in languages}

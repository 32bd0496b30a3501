"""Person mentions against a CoNLL-2003 split: exact-span precision, recall and F1.

Usage:  .venv/bin/python bench/conll_people.py PATH/valid.txt [--errors N]

PATH is a copy of the CoNLL-2003 English train or dev split ("token tag ..." a line, sentences
separated by blank lines), read where it lies: never copied into the project, and never the test split
(the issue measures that one, held out). Sentences are joined back into documents, a new one at each
headline followed by its dateline ("LONDON 1996-08-30"), the tokens detokenised so that the text reads
like an article ("Shearer's", "Moody, 45,"); a mention is right when its span is exactly a gold PER span.
`--errors N` prints N missed and N spurious mentions, to see what a change does.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from transforms.people import find_people, load_people_gazetteer  # noqa: E402

CONFIG = Path(__file__).resolve().parent.parent / "config"
DATELINE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", ")", "'s", "'S", "n't", "'", "%", "'re", "'m", "'ve", "'ll", "'d"}
NO_SPACE_AFTER = {"(", "$"}

Sentence = list[tuple[str, str]]   # (token, tag)


def read_sentences(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append((parts[0], parts[1] if len(parts) > 2 else parts[-1]))
    return [s for s in sentences if s]


def documents(sentences: list[Sentence]) -> list[list[Sentence]]:
    """A new document at each headline: the sentence before a dateline (a place, then a date)."""
    docs: list[list[Sentence]] = []
    for i, sentence in enumerate(sentences):
        next_is_dateline = i + 1 < len(sentences) and DATELINE_RE.match(sentences[i + 1][-1][0])
        if not docs or next_is_dateline:
            docs.append([])
        docs[-1].append(sentence)
    return docs


def detokenise(doc: list[Sentence]) -> tuple[str, set[tuple[int, int]]]:
    """The document's text, one sentence a line, and the (start, end) of each gold PER span."""
    text, gold = "", set()
    for sentence in doc:
        if text:
            text += "\n"
        open_quote = False
        span_start = None
        line_start = len(text)
        for i, (token, tag) in enumerate(sentence):
            glue = (len(text) == line_start or token in NO_SPACE_BEFORE or text[-1:] in NO_SPACE_AFTER
                    or (token == '"' and open_quote) or (text.endswith('"') and open_quote and sentence[i - 1][0] == '"'))
            if token == '"':
                open_quote = not open_quote
            if not glue:
                text += " "
            if tag.endswith("PER") and (tag.startswith("B-") or span_start is None):
                if span_start is not None:
                    gold.add((span_start, span_end))
                span_start = len(text)
            elif not tag.endswith("PER") and span_start is not None:
                gold.add((span_start, span_end))
                span_start = None
            text += token
            if tag.endswith("PER"):
                span_end = len(text)
        if span_start is not None:
            gold.add((span_start, span_end))
    return text, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    gazetteer = load_people_gazetteer(CONFIG / "people.yaml", CONFIG / "organisations.yaml")
    tp = fp = fn = 0
    missed, spurious = [], []
    for doc in documents(read_sentences(args.split)):
        text, gold = detokenise(doc)
        found = {(m.start, m.end) for p in find_people(text, gazetteer) for m in p.mentions
                 if text[m.start:m.start + 1].isupper()}   # a role noun ("the coach") is no name
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
        missed += [(text[s:e], text[max(0, s - 40):e + 30].replace("\n", " | ")) for s, e in gold - found]
        spurious += [(text[s:e], text[max(0, s - 40):e + 30].replace("\n", " | ")) for s, e in found - gold]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"person mentions: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
          f"(gold {tp + fn}, found {tp + fp})")
    for label, errors in (("missed", missed), ("spurious", spurious)):
        for written, context in errors[:args.errors]:
            print(f"{label}: {written!r:30} … {context}")


if __name__ == "__main__":
    main()

"""Property tests on junk: reading any bytes gives documents or rejects, cleaning any text or HTML gives an
article or a StageError, and every span extraction reports indexes the article's text exactly."""
from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from transforms.clean import clean_document
from transforms.extract import Extractors, extract_article, load_extractors
from transforms.ingest import read_documents
from transforms.model import Article, Extraction, RawDocument, StageError
from transforms.settings import load_settings

EXTRACTORS: Extractors = load_extractors(load_settings())

QUOTE_MARKS = ["“", "”", '"', "‘", "’", "«", "»", "„", "'", "‹", "›", "「", "」"]
PUNCTUATION = [".", ",", ";", ":", "!", "?", "…", "—", "–", "-", "(", ")", "[", "]", "/", "=", "...", ".”", ",”"]
CAPITALISED = ["Hegseth", "Pete Hegseth", "Mr.", "Mrs.", "U.S.", "QUAD.", "He", "She", "It", "They", "The", "NATO",
               "Defense Secretary", "External Affairs Minister S. Jaishankar", "Jaishanakar", "O’Neill", "Al-Sisi",
               "WALLACE:", "Alpha", "Bravo", "Ministry", "Agency", "Raúl", "Wałęsa", "İstanbul", "ǅemal"]
WORDS = ["said", "says", "told reporters", "according to", "the defense secretary", "he", "she", "they", "it",
         "also", "reportedly", "on Monday", "we", "will", "not", "go", "a senior official", "officials", "saying"]
DESIGNATIONS = ["F-16", "F-16V", "F-16s", "MH 60R", "Su-30 MKI", "K9", "M777", "F/A-18E", "AH-64E", "Patriot",
                "Harpoon", "six", "24", "2019", "a dozen", "Flight AI-101", "C 17 Globemaster III"]
SPACING = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\xa0", "\u2009", "\u2028", "\u200b", "\ufeff"]
CONTROLS = [chr(code) for code in (*range(0x00, 0x20), 0x7f, *range(0x80, 0xa0), 0xfffe, 0xfffd)]
PIECES = QUOTE_MARKS + PUNCTUATION + CAPITALISED + WORDS + DESIGNATIONS + SPACING + CONTROLS

piece = st.sampled_from(PIECES)
junk = st.one_of(
    st.text(max_size=300),                                                  # any Unicode
    st.lists(piece, max_size=150).map("".join),                             # article-like junk, glued
    st.lists(st.one_of(piece, st.text(max_size=4)), max_size=100).map(" ".join),
    st.builds(lambda unit, count: unit * count, piece, st.integers(1, 400)),  # one piece, over and over
    st.builds(lambda head, token, tail: head + token + tail,                # a very long token
              st.lists(piece, max_size=20).map(" ".join),
              st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Zs", "Cc"]), min_size=200,
                      max_size=3000),
              st.lists(piece, max_size=20).map(" ".join)),
)
JUNK_SETTINGS = settings(max_examples=800, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_spans_index(text: str, extraction: Extraction) -> None:
    """Every offset pair is inside the text and picks out exactly the text reported with it."""
    def indexes(start: int, end: int, written: str) -> bool:
        return 0 <= start <= end <= len(text) and text[start:end] == written

    for person in extraction.people:
        assert all(indexes(m.start, m.end, m.text) for m in person.mentions), person
    for quote in extraction.quotes:
        assert indexes(quote.start, quote.end, quote.text), quote
        mention = quote.speaker_mention
        assert mention is None or indexes(mention.start, mention.end, mention.text), quote
    for system in extraction.equipment:
        assert all(indexes(m.start, m.end, m.text) for m in system.mentions), system


def cleaned(doc: RawDocument) -> Article | None:
    """The article cleaning makes of `doc`, or None when it is rejected: nothing else may come out."""
    try:
        article = clean_document(doc)
    except StageError as rejected:
        assert rejected.reason and rejected.detail
        return None
    assert isinstance(article, Article) and article.text
    return article


@JUNK_SETTINGS
@given(junk)
def test_cleaned_junk_text_is_rejected_or_extracted_with_offsets_that_index_it(text: str) -> None:
    article = cleaned(RawDocument("junk.txt", text, "text"))
    if article is not None:
        assert_spans_index(article.text, extract_article(article, EXTRACTORS))


TAGS = ["<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<ul><li>", "</li></ul>", "<br>", "<table><tr><td>",
        "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0' encoding='latin-1'?>",
        "<meta charset=\"utf-8\">", "<html>", "<body>", "&amp;", "&#0;", "&#xD800;", "&shy;", "&", "<", ">",
        "<title>", "</title>", "<h1>", "</h1>", "<a href='javascript:x'>", "</a>"]
html_junk = st.lists(st.one_of(st.sampled_from(TAGS), piece, st.text(max_size=6)), max_size=200).map("".join)


@settings(JUNK_SETTINGS, max_examples=300)
@given(html_junk)
def test_cleaned_junk_html_is_rejected_or_extracted_with_offsets_that_index_it(html: str) -> None:
    article = cleaned(RawDocument("junk.html", html, "html"))
    if article is not None:
        assert_spans_index(article.text, extract_article(article, EXTRACTORS))


READER_SETTINGS = load_settings()
JSONL_JUNK = st.lists(st.one_of(
    st.fixed_dictionaries({"url": st.one_of(st.text(max_size=30), st.integers()), "text": st.text(max_size=80)}),
    st.fixed_dictionaries({"html": st.one_of(html_junk, st.none())}, optional={"published": st.text(max_size=12)}),
    st.recursive(st.none() | st.booleans() | st.text(max_size=5), lambda inner: st.lists(inner, max_size=3)),
).map(json.dumps).map(str.encode) | st.binary(max_size=60), max_size=6).map(b"\n".join)


@settings(JUNK_SETTINGS, max_examples=300)
@given(suffix=st.sampled_from([".html", ".txt", ".jsonl", ".gz", ".html.gz"]),
       data=st.binary(max_size=2000) | JSONL_JUNK | html_junk.map(lambda html: html.encode("utf-8", "surrogatepass")))
def test_any_bytes_in_an_input_file_are_read_as_documents_or_rejects(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input" + suffix)
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)

        documents, rejects = read_documents([str(path)], READER_SETTINGS)

    assert documents or rejects
    for document in documents:
        assert document.kind in ("html", "text") and document.content.strip()
        document.content.encode("utf-8")  # no lone surrogate reaches the warehouse
    for reject in rejects:
        assert reject.source.startswith(str(path)) and reject.stage == "ingest" and reject.reason and reject.detail


@settings(JUNK_SETTINGS, max_examples=1200)
@given(junk)
def test_extraction_spans_index_uncleaned_text(text: str) -> None:
    """Extraction is a pure step: junk cleaning would have removed (control characters, stray carriage
    returns, untidied spaces) must not break its offsets either."""
    article = Article(article_id="junk", source="junk.txt", text=text, content_hash="")
    assert_spans_index(text, extract_article(article, EXTRACTORS))

"""Examples of finding and reading inputs: files, directories, gzip, JSONL, feeds and sitemaps, encodings.
(Fetching pages, feeds and sitemaps over HTTP: test_sources.py and test_fetch.py.)"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from flows.sources import gather_inputs
from transforms.ingest import (Fetched, Link, Listing, decode_bytes, document_from_response, parse_listing,
                               read_document, read_documents)
from transforms.model import RawDocument, Reject, StageError
from transforms.settings import Settings

DATA = Path(__file__).parent / "data" / "ingest"
SETTINGS = Settings()


def expand_sources(sources: list[str], settings: Settings = SETTINGS) -> tuple[list[str], list[Reject]]:
    """What a run reads of SOURCEs (local ones here: nothing is fetched), and what it rejects."""
    inputs = gather_inputs(sources, settings)
    return inputs.locations, inputs.rejects


def with_ingest(**changes) -> Settings:
    return SETTINGS.model_copy(update={"ingest": SETTINGS.ingest.model_copy(update=changes)})
STORY_HTML = "<html><head><title>Talks</title></head><body><p>Ministers met in Oslo.</p></body></html>"


def test_directory_is_walked_recursively_in_sorted_order_skipping_side_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.html").write_text(STORY_HTML)
    (tmp_path / "a.txt").write_text("Ministers met in Oslo.")
    (tmp_path / "c.jsonl").write_text("")
    (tmp_path / "README.md").write_text("# notes")
    (tmp_path / "index.json").write_text("{}")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "old.html").write_text(STORY_HTML)

    locations, rejects = expand_sources([str(tmp_path)], SETTINGS)

    assert locations == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "story.html"), str(tmp_path / "c.jsonl")]
    assert rejects == []


def test_missing_source_is_rejected_and_the_others_kept(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ministers met in Oslo.")

    locations, rejects = expand_sources([str(tmp_path / "nope"), str(tmp_path / "a.txt")], SETTINGS)

    assert locations == [str(tmp_path / "a.txt")]
    assert rejects == [Reject(str(tmp_path / "nope"), "ingest", "not found",
                              f"no such file, directory or URL: {tmp_path / 'nope'}")]


def test_html_and_text_files_are_read_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "story.htm").write_text(STORY_HTML)
    (tmp_path / "story.txt").write_text("date 2025-07-02 https://example.org/story\nMinisters met.")

    assert read_document(str(tmp_path / "story.htm"), SETTINGS) == [
        RawDocument(source=str(tmp_path / "story.htm"), content=STORY_HTML, kind="html")]
    assert read_document(str(tmp_path / "story.txt"), SETTINGS)[0].kind == "text"


def test_gzip_files_are_decompressed_and_sniffed_when_the_name_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "story.html.gz").write_bytes(gzip.compress(STORY_HTML.encode()))
    (tmp_path / "story.gz").write_bytes(gzip.compress(STORY_HTML.encode()))
    (tmp_path / "note.gz").write_bytes(gzip.compress(b"Ministers met in Oslo."))

    assert read_document(str(tmp_path / "story.html.gz"), SETTINGS)[0].content == STORY_HTML
    assert read_document(str(tmp_path / "story.gz"), SETTINGS)[0].kind == "html"
    assert read_document(str(tmp_path / "note.gz"), SETTINGS)[0].kind == "text"


def test_broken_gzip_is_rejected_with_its_reason(tmp_path: Path) -> None:
    truncated = gzip.compress(STORY_HTML.encode() * 50)[:40]
    (tmp_path / "cut.html.gz").write_bytes(truncated)
    (tmp_path / "fake.html.gz").write_text(STORY_HTML)

    documents, rejects = read_documents([str(tmp_path / "cut.html.gz"), str(tmp_path / "fake.html.gz")], SETTINGS)

    assert documents == []
    assert [(r.source, r.stage, r.reason) for r in rejects] == [
        (str(tmp_path / "cut.html.gz"), "ingest", "broken gzip"),
        (str(tmp_path / "fake.html.gz"), "ingest", "broken gzip")]


def test_oversized_files_are_rejected_before_and_after_decompression(tmp_path: Path) -> None:
    small = with_ingest(max_bytes=1000)
    (tmp_path / "big.html").write_text("<p>" + "x" * 2000 + "</p>")
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"x" * 20000 + b"</p>"))

    with pytest.raises(StageError) as big:
        read_document(str(tmp_path / "big.html"), small)
    with pytest.raises(StageError) as bomb:
        read_document(str(tmp_path / "bomb.html.gz"), small)

    assert big.value.reason == "too large"
    assert bomb.value.reason == "too large"


def test_jsonl_gives_one_document_per_record_and_rejects_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"url": "https://example.org/a", "html": "<p>Talks</p>", "title": "A", "published": "2025-07-02T09:00:00Z"}\n'
        '\n'
        '{"url": "https://example.org/b", "text": "Ministers met."}\n'
        'not json\n'
        '{"url": "https://example.org/c"}\n', encoding="utf-8")

    documents, rejects = read_documents([str(path)], SETTINGS)

    assert documents == [
        RawDocument(source=f"{path}:1", content="<p>Talks</p>", kind="html", url="https://example.org/a",
                    title="A", published="2025-07-02", is_record=True),
        RawDocument(source=f"{path}:3", content="Ministers met.", kind="text", url="https://example.org/b",
                    is_record=True)]
    assert [(r.source, r.reason) for r in rejects] == [(f"{path}:4", "bad jsonl"), (f"{path}:5", "bad jsonl")]


@pytest.mark.parametrize("field, value, kind", [
    ("url", "12", "a number"), ("title", '["Talks"]', "a list"), ("published", "20250702", "a number"),
    ("html", '{"p": "Talks"}', "an object"), ("text", "true", "true or false"),
])
def test_a_jsonl_record_whose_field_is_not_a_string_is_rejected_saying_so(tmp_path: Path, field: str, value: str,
                                                                          kind: str) -> None:
    path = tmp_path / "batch.jsonl"
    record = {"url": '"https://example.org/a"', "text": '"Ministers met."', field: value}
    path.write_text("{" + ", ".join(f'"{name}": {json}' for name, json in record.items()) + "}\n"
                    '{"url": null, "title": null, "text": "Ministers met again."}\n', encoding="utf-8")

    documents, rejects = read_documents([str(path)], SETTINGS)

    assert [d.content for d in documents] == ["Ministers met again."]  # null is a field left out
    assert rejects == [Reject(f"{path}:1", "ingest", "bad jsonl", f"{path}:1: {field} is {kind}, not a string")]


def test_jsonl_larger_than_max_bytes_is_read_and_only_the_oversized_record_rejected(tmp_path: Path) -> None:
    small = with_ingest(max_bytes=200)
    records = [f'{{"url": "https://example.org/{n}", "text": "Ministers met in Oslo, day {n}."}}\n' for n in range(10)]
    records[4] = '{"url": "https://example.org/long", "text": "' + "x" * 500 + '"}\n'
    (tmp_path / "dump.jsonl").write_text("".join(records))

    documents, rejects = read_documents([str(tmp_path / "dump.jsonl")], small)

    assert [d.url for d in documents] == [f"https://example.org/{n}" for n in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
    assert rejects == [Reject(f"{tmp_path / 'dump.jsonl'}:5", "ingest", "too large",
                              f"{tmp_path / 'dump.jsonl'}:5: record of more than max_bytes 200")]


def test_gzipped_jsonl_is_read_record_by_record_and_found_in_directories(tmp_path: Path) -> None:
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(
        b'{"url": "https://example.org/a", "text": "Ministers met."}\nnot json\n'))

    locations, _ = expand_sources([str(tmp_path)], SETTINGS)
    documents, rejects = read_documents(locations, SETTINGS)

    assert locations == [str(tmp_path / "dump.jsonl.gz")]
    assert documents == [RawDocument(source=f"{tmp_path / 'dump.jsonl.gz'}:1", content="Ministers met.", kind="text",
                                     url="https://example.org/a", is_record=True)]
    assert [(r.source, r.reason) for r in rejects] == [(f"{tmp_path / 'dump.jsonl.gz'}:2", "bad jsonl")]


def test_jsonl_text_may_hold_unicode_line_separators(tmp_path: Path) -> None:
    (tmp_path / "dump.jsonl").write_text('{"text": "Ministers met.\u2028They spoke."}\n', encoding="utf-8")

    [document] = read_document(str(tmp_path / "dump.jsonl"), SETTINGS)

    assert document.content == "Ministers met.\u2028They spoke."


def test_gzipped_sitemap_file_is_expanded_not_read_as_an_article(tmp_path: Path) -> None:
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               '<url><loc>https://example.org/a</loc></url><url><loc>https://example.org/b</loc></url></urlset>')
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.encode()))
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "sitemap.gz").write_bytes(gzip.compress(sitemap.encode()))

    locations, rejects = expand_sources([str(tmp_path / "sitemap.xml.gz"), str(tmp_path / "pages" / "sitemap.gz")],
                                        SETTINGS)
    walked, _ = expand_sources([str(tmp_path)], SETTINGS)

    assert locations == ["https://example.org/a", "https://example.org/b"]
    assert rejects == []
    assert walked == [str(tmp_path / "pages" / "sitemap.gz")]  # a bare .gz may be an article: read, not expanded


def test_declared_windows_1252_page_is_decoded_with_its_meta_charset() -> None:
    page = DATA / "windows-1252.html"

    [document] = read_document(str(page), SETTINGS)

    assert "Sæther said “we are ready” – calmly" in document.content


def test_page_lying_about_utf8_falls_back_to_detection() -> None:
    raw = ('<html><head><meta charset="utf-8"></head><body><p>Le ministre a déclaré à la presse que '
           'la coopération était « très étroite ».</p></body></html>').encode("cp1252")

    assert "déclaré à la presse" in decode_bytes(raw, None)


def test_http_header_charset_wins_over_meta_and_bom_is_dropped() -> None:
    assert decode_bytes("<meta charset=utf-8><p>Søren</p>".encode("cp1252"), "windows-1252") == \
        "<meta charset=utf-8><p>Søren</p>"
    assert decode_bytes("\ufeffMinisters met.".encode("utf-8"), None) == "Ministers met."
    assert decode_bytes("Ministers met.".encode("utf-16"), None) == "Ministers met."


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    _, [reject] = read_documents([str(tmp_path / "image.html")], SETTINGS)

    assert reject.reason == "binary"


@pytest.mark.parametrize("text, codec", [
    ("<p>Hélène Dupont a déclaré « c’est fini », à Paris, où l’été était chaud.</p>", "cp1252"),
    ("<p>Министр обороны заявил, что поставки вертолётов начнутся в марте.</p>", "cp1251"),
    ("<p>防衛大臣は来年三月にヘリコプターの納入が始まると述べた。</p>", "shift_jis"),
])
def test_an_undeclared_page_is_decoded_as_a_browser_would(text, codec):
    """Latin text as windows-1252, before any other single-byte guess; other scripts as detected."""
    assert decode_bytes(text.encode(codec), None) == text


def test_an_undeclared_central_european_page_reads_as_windows_1252_as_in_a_western_browser():
    assert decode_bytes("<p>Łódź powiedział</p>".encode("cp1250"), None) == "<p>£ódŸ powiedzia³</p>"


def test_a_jsonl_record_with_invalid_utf8_keeps_its_good_letters(tmp_path):
    (tmp_path / "dump.jsonl").write_bytes(b'{"text": "Caf\xc3\xa9 owner Ren\xe9 said the frigates will come."}\n')
    [document] = read_document(str(tmp_path / "dump.jsonl"), SETTINGS)
    assert document.content == "Café owner Ren\ufffd said the frigates will come."


def test_a_jsonl_record_nested_too_deeply_is_that_records_reject(tmp_path):
    (tmp_path / "dump.jsonl").write_bytes(b"[" * 100_000 + b'\n{"text": "The minister spoke."}\n')
    documents, rejects = read_documents([str(tmp_path / "dump.jsonl")], SETTINGS)
    assert [d.content for d in documents] == ["The minister spoke."]
    assert [(r.source.rsplit("/", 1)[-1], r.reason) for r in rejects] == [("dump.jsonl:1", "bad jsonl")]
    assert "nested too deeply" in rejects[0].detail


def test_an_empty_directory_is_a_reject_that_says_what_is_read(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not an article")
    locations, rejects = expand_sources([str(tmp_path / "empty")], SETTINGS)
    assert locations == []
    assert [(r.reason, r.stage) for r in rejects] == [("no inputs", "ingest")]
    assert ".html, .htm, .txt or .jsonl" in rejects[0].detail


def test_any_failure_reading_one_input_is_its_reject_and_the_others_are_read(tmp_path, monkeypatch):
    from transforms import ingest
    real = ingest._read_file

    def flaky(location, settings):
        if location.endswith("bad.txt"):
            raise MemoryError("out of memory")
        return real(location, settings)
    monkeypatch.setattr(ingest, "_read_file", flaky)
    (tmp_path / "bad.txt").write_text("one")
    (tmp_path / "good.txt").write_text("two")
    documents, rejects = read_documents([str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")], SETTINGS)
    assert [d.content for d in documents] == ["two"]
    assert [(r.reason, r.detail) for r in rejects] == [("error", "MemoryError: out of memory")]


@pytest.mark.parametrize("text", [
    "O ministro da Defesa afirmou que as entregas começarão em março.",  # detected as Big5: "come蓷o"
    "Café",  # detected as UTF-16, which browsers never assume without a byte order mark
    "Ärger",
])
def test_undeclared_latin_text_with_few_accents_is_read_as_windows_1252(text: str) -> None:
    assert decode_bytes(text.encode("cp1252"), None) == text


def test_undeclared_bytes_that_windows_1252_leaves_undefined_still_decode() -> None:
    assert decode_bytes(b"Caf\xe9 \x81owner", None) == "Café \x81owner"  # cleaning strips the C1 control


def test_a_byte_order_mark_outranks_the_declared_charset() -> None:
    assert decode_bytes("\ufeff<p>Sæther spoke.</p>".encode("utf-8"), "iso-8859-1") == "<p>Sæther spoke.</p>"


def test_jsonl_record_strings_keep_no_lone_surrogate_and_a_bom_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "dump.jsonl").write_bytes(
        b'\xef\xbb\xbf{"url": "https://example.org/a", "title": "Talks\\ud800", "text": "Ministers met.\\udfff"}\n')

    [document] = read_document(str(tmp_path / "dump.jsonl"), SETTINGS)

    assert (document.title, document.content) == ("Talks\ufffd", "Ministers met.\ufffd")


def test_a_jsonl_file_without_records_is_an_empty_reject(tmp_path: Path) -> None:
    (tmp_path / "dump.jsonl").write_text("\n  \n")

    assert read_documents([str(tmp_path / "dump.jsonl")], SETTINGS) == (
        [], [Reject(str(tmp_path / "dump.jsonl"), "ingest", "empty", f"{tmp_path / 'dump.jsonl'}: no records")])


def test_a_device_is_not_read() -> None:
    _, rejects = expand_sources(["/dev/null"], SETTINGS)

    assert rejects == [Reject("/dev/null", "ingest", "unreadable", "/dev/null: not a regular file or directory")]


def test_any_failure_expanding_one_source_or_reading_one_record_is_its_own_reject(tmp_path, monkeypatch) -> None:
    from flows import sources
    from transforms import ingest
    real_record, real_expand = ingest._document_from_record, sources.expand_local

    def failing_record(line, source):
        if b"Rome" in line:
            raise MemoryError("out of memory")
        return real_record(line, source)

    def failing_expand(source, settings):
        if source.endswith("bad"):
            raise KeyError("oops")
        return real_expand(source, settings)
    monkeypatch.setattr(ingest, "_document_from_record", failing_record)
    monkeypatch.setattr(sources, "expand_local", failing_expand)
    (tmp_path / "dump.jsonl").write_text('{"text": "Ministers met in Rome."}\n{"text": "Ministers met in Oslo."}\n')

    locations, expand_rejects = expand_sources([str(tmp_path / "bad"), str(tmp_path / "dump.jsonl")], SETTINGS)
    documents, read_rejects = read_documents(locations, SETTINGS)

    assert expand_rejects == [Reject(str(tmp_path / "bad"), "ingest", "error", "KeyError: 'oops'")]
    assert [d.content for d in documents] == ["Ministers met in Oslo."]
    assert read_rejects == [Reject(f"{tmp_path / 'dump.jsonl'}:1", "ingest", "bad jsonl", "MemoryError: out of memory")]


def test_a_feed_lists_its_entries_with_title_rss_date_and_author_once_each() -> None:
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Defence</title>'
            '<item><title>Frigates  for\nOslo</title><link>/2025/frigates</link><author>jane@example.org (Jane Roe)'
            '</author><pubDate>Wed, 02 Jul 2025 23:30:00 -0500</pubDate></item>'
            '<item><title>Again</title><link>https://example.org/2025/frigates</link></item>'
            '<item><title>No link</title></item></channel></rss>')

    listing = parse_listing(feed, "https://example.org/feed.xml")

    assert listing.sitemaps == []
    assert listing.links == [Link("https://example.org/2025/frigates", title="Frigates for Oslo",
                                  published="2025-07-03", author="jane@example.org (Jane Roe)",
                                  listed_at="Wed, 02 Jul 2025 23:30:00 -0500")]


def test_a_sitemap_lists_pages_with_their_lastmod_and_news_title() -> None:
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
               '<url><loc> https://example.org/a </loc><lastmod>2025-07-02T10:00:00Z</lastmod></url>'
               '<url><loc>https://example.org/b</loc><news:news><news:publication_date>2025-07-01</news:publication_date>'
               '<news:title>Patriot talks</news:title></news:news></url></urlset>')

    assert parse_listing(sitemap, "https://example.org/sitemap.xml").links == [
        Link("https://example.org/a", listed_at="2025-07-02T10:00:00Z"),
        Link("https://example.org/b", title="Patriot talks", published="2025-07-01", listed_at="2025-07-01")]


def test_a_sitemap_index_lists_its_sitemaps_and_a_page_is_no_listing() -> None:
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             '<sitemap><loc>/news.xml</loc><lastmod>2025-07-02</lastmod></sitemap><sitemap><loc>/old.xml</loc>'
             '</sitemap></sitemapindex>')

    assert parse_listing(index, "https://example.org/sitemap.xml") == Listing(
        [], ["https://example.org/news.xml", "https://example.org/old.xml"])
    assert parse_listing(STORY_HTML, "https://example.org/") is None


def test_a_fetched_page_takes_title_date_and_author_from_its_listing() -> None:
    fetched = Fetched("https://example.org/a?x=1", "<p>Sæther spoke.</p>".encode("cp1252"), "windows-1252", "text/html")
    link = Link("https://example.org/a", title="Talks", published="2025-07-02", author="Jane Roe")

    assert document_from_response("https://example.org/a", fetched, link, SETTINGS) == RawDocument(
        source="https://example.org/a", content="<p>Sæther spoke.</p>", kind="html", url="https://example.org/a?x=1",
        title="Talks", published="2025-07-02", author="Jane Roe")


def test_a_listing_keeps_the_first_entry_of_each_page_in_listing_order() -> None:
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               '<url><loc>https://example.org/a</loc><lastmod>2025-07-01</lastmod></url>'
               '<url><loc>https://example.org/b</loc></url>'
               '<url><loc>https://example.org/a</loc><lastmod>2025-07-09</lastmod></url></urlset>')

    assert parse_listing(sitemap, "https://example.org/sitemap.xml").links == [
        Link("https://example.org/a", listed_at="2025-07-01"), Link("https://example.org/b")]


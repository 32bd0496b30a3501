"""Read the pipeline's inputs: files, directories, JSONL records, and the bytes of fetched pages, feeds
and sitemaps.

It turns SOURCE paths (CONTRACT.md) and HTTP responses into `RawDocument`s of decoded text and feeds and
sitemaps into `Listing`s; every input that cannot be read becomes a `Reject` and the batch goes on. It
reads local files but never the network: fetching is the flows' side (`flows/fetch.py`,
`flows/sources.py`), and everything here about bytes, feeds and sitemaps is a pure function.
"""
from __future__ import annotations

import gzip
import io
import json
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

import charset_normalizer
import feedparser
from lxml import etree

from transforms.model import DocumentKind, RawDocument, Reject, StageError
from transforms.settings import Settings

HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}
# Files a directory walk picks up; everything else (README.md, index.json, images...) is skipped
# silently because directories of saved pages routinely hold such side files.
# A name's kind is its suffix with ".gz" stripped ("x.html.gz" is HTML); a bare "x.gz" is sniffed (None).
ARTICLE_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | {".jsonl", None}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | FEED_SUFFIXES | {".jsonl"}
GZIP_MAGIC = b"\x1f\x8b"
# Browsers treat these labels as windows-1252 (WHATWG Encoding); pages declaring them often use
# curly quotes from the 0x80-0x9F range that latin-1 would turn into control characters.
CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.IGNORECASE)
FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF|urlset|sitemapindex)[\s>]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSONL record's fields (CONTRACT.md); each is a string or null (absent), anything else rejects the
# record rather than load it with the field dropped (a URL of 12 would load as an article with none).
RECORD_FIELDS = ("url", "html", "text", "title", "published")


@dataclass(frozen=True)
class Fetched:
    """Bytes of one HTTP response, with what the server said about them."""

    url: str                        # after redirects
    body: bytes
    charset: str | None             # from the Content-Type header
    content_type: str
    etag: str | None = None         # validators for the next run's conditional request
    last_modified: str | None = None


@dataclass(frozen=True)
class Link:
    """A page that a feed or sitemap lists, with what the listing says of it: the title, date and
    author stand in for what the page itself lacks."""

    url: str
    title: str | None = None
    published: str | None = None     # YYYY-MM-DD
    author: str | None = None
    # The listing's own date for the page, as written (a sitemap's lastmod, a feed entry's updated or
    # published): the same value as at the last run means the page need not be fetched again.
    listed_at: str | None = None


@dataclass
class Listing:
    """What a feed, a sitemap or a sitemap index lists."""

    links: list[Link]
    sitemaps: list[str]              # the sitemaps a sitemap index points to


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def expand_local(source: str, settings: Settings) -> tuple[list[str], Listing | None]:
    """A SOURCE path -> the files to read (a directory's, walked recursively and sorted; hidden
    entries and files that are not .html/.htm/.txt/.jsonl, gzipped or not, or a bare .gz, skipped
    silently; a FIFO, device or broken link with such a name kept, for reading to reject it), or the
    listing that a feed or sitemap file holds. Raises StageError."""
    path = Path(source)
    if path.is_dir():
        files = [str(p) for p in sorted(path.rglob("*")) if _is_article_file(p, path)]
        if not files:
            raise StageError("no inputs", f"{source}: no .html, .htm, .txt or .jsonl files (gzipped or not) "
                                          "in this directory or below it")
        return files, None
    if path.is_file():
        # A bare "x.gz" may hold a sitemap as well as an article: its content decides.
        if _inner_suffix(path) in FEED_SUFFIXES | {None}:
            listing = parse_listing(decode_bytes(_read_file_bytes(path, settings), None), path.resolve().as_uri())
            if listing is not None:
                return [], listing
        return [source], None
    if path.exists():
        raise _not_a_file(source)
    raise StageError("not found", f"no such file, directory or URL: {source}")


def listing_of_response(fetched: Fetched, settings: Settings) -> Listing | None:
    """The listing a fetched feed or sitemap (gzipped or not) holds; None for a page. Raises StageError."""
    return parse_listing(decode_bytes(_gunzip_if_needed(fetched.body, fetched.url, settings), fetched.charset),
                         fetched.url)


def document_from_response(location: str, fetched: Fetched, link: Link | None, settings: Settings) -> RawDocument:
    """A fetched page as a document; what a feed or sitemap said of it (`link`) fills in the title,
    date and author the page may lack. Raises StageError."""
    text = decode_bytes(_gunzip_if_needed(fetched.body, location, settings), fetched.charset)
    if not text.strip():
        raise StageError("empty", f"{location}: no content")
    kind = "html" if "html" in fetched.content_type else _sniff_kind(text)
    link = link or Link(location)
    return RawDocument(source=location, content=text, kind=kind, url=fetched.url, title=link.title,
                       published=link.published, author=link.author)


def read_document(location: str, settings: Settings) -> list[RawDocument]:
    """One file -> its document(s): a .jsonl file yields one per record. Raises StageError."""
    documents, rejects = _read_file(location, settings)
    if rejects:
        raise StageError(rejects[0].reason, rejects[0].detail)
    return documents


def read_documents(locations: list[str], settings: Settings) -> tuple[list[RawDocument], list[Reject]]:
    """Read every file; a bad input (or a bad JSONL record) becomes a Reject, never an exception."""
    documents: list[RawDocument] = []
    rejects: list[Reject] = []
    for location in locations:
        try:
            read, rejected = _read_file(location, settings)
        except Exception as err:  # noqa: BLE001 - one bad input must not stop the batch
            rejects.append(reject_for(location, "ingest", err))
            continue
        documents.extend(read)
        rejects.extend(rejected)
    return documents, rejects


def reject_for(source: str, stage: str, error: Exception) -> Reject:
    """The reject of an input that failed with `error`: a StageError's reason and detail, else "error"
    and the exception in one line."""
    if isinstance(error, StageError):
        return Reject(source, stage, error.reason, error.detail)
    return Reject(source, stage, "error", _one_line(error))


def _inner_suffix(path: Path) -> str | None:
    """The suffix that names the content, ".gz" stripped: "x.xml.gz" -> ".xml"; None for a gzip file
    whose name says nothing more ("x.gz", "report.2025.gz"): its content decides."""
    suffix = path.suffix.lower()
    if suffix != ".gz":
        return suffix
    inner = Path(path.stem).suffix.lower()
    return inner if inner in KNOWN_SUFFIXES else None


def _is_article_file(path: Path, root: Path) -> bool:
    """An entry of a walked directory that is read as an input: any but a directory, so that a FIFO, a
    device or a broken link named like an article is that input's reject, not skipped without a word."""
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return not hidden and not path.is_dir() and _inner_suffix(path) in ARTICLE_SUFFIXES


def _regular_file_size(path: Path) -> int:
    """The size of a regular file, found without opening it. Raises StageError for anything else."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise _not_a_file(path)
    return status.st_size


def _not_a_file(path: str | Path) -> StageError:
    # A device or FIFO: reading one would block or never end, so it is never opened.
    return StageError("unreadable", f"{path}: not a regular file or directory")


def is_feed_or_sitemap(text: str) -> bool:
    """True when the document's root element is RSS, Atom, RDF, a sitemap or a sitemap index."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and not re.match(r"<!doctype\s+html", head, re.IGNORECASE) \
        and bool(FEED_ROOT.search(head))


def parse_listing(text: str, base_url: str) -> Listing | None:
    """The pages (or, for a sitemap index, the sitemaps) a feed or sitemap lists, absolute, each once,
    in listing order; None when `text` is neither. Raises StageError for a sitemap with no XML in it."""
    if not is_feed_or_sitemap(text):
        return None
    if re.search(r"<sitemapindex[\s>]", text[:4096]):
        root = _sitemap_root(text)
        return Listing([], list(dict.fromkeys(
            urljoin(base_url, loc) for element in root.iter("{*}sitemap") if (loc := _child_text(element, "loc")))))
    if re.search(r"<urlset[\s>]", text[:4096]):
        return Listing(_unique(_sitemap_links(_sitemap_root(text), base_url)), [])
    return Listing(_unique(_feed_links(text, base_url)), [])


def _feed_links(text: str, base_url: str) -> Iterator[Link]:
    for entry in feedparser.parse(text).entries:
        if not entry.get("link"):
            continue
        dated = entry.get("published_parsed") or entry.get("updated_parsed")  # RFC 822 or ISO, as UTC
        yield Link(urljoin(base_url, entry["link"]), title=_words(entry.get("title")),
                   published=date(*dated[:3]).isoformat() if dated else None, author=_words(entry.get("author")),
                   listed_at=entry.get("updated") or entry.get("published"))


def _sitemap_links(root: etree._Element, base_url: str) -> Iterator[Link]:
    for element in root.iter("{*}url"):
        if not (loc := _child_text(element, "loc")):
            continue
        # Google News sitemaps give a title and a publication date.
        news_date = next((e.text for e in element.iter("{*}publication_date") if e.text), None)
        news_title = next((e.text for e in element.iter("{*}title") if e.text), None)
        lastmod = _child_text(element, "lastmod")
        yield Link(urljoin(base_url, loc), title=_words(news_title), published=iso_date(news_date),
                   listed_at=lastmod or news_date)


def _sitemap_root(text: str) -> etree._Element:
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError as err:
        raise StageError("bad sitemap", str(err)) from None
    if root is None:
        raise StageError("bad sitemap", "no XML root element")
    return root


def _child_text(element: etree._Element, name: str) -> str | None:
    child = element.find(f"{{*}}{name}")
    return (child.text or "").strip() or None if child is not None else None


def _words(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _unique(links: Iterable[Link]) -> list[Link]:
    """The first of the links to each URL, in listing order."""
    first: dict[str, Link] = {}
    for link in links:
        first.setdefault(link.url, link)
    return list(first.values())


def decode_bytes(data: bytes, header_charset: str | None) -> str:
    """Bytes -> str as a browser decodes them: BOM, then HTTP header charset, then <meta charset>,
    then UTF-8 when it decodes strictly, then `decode_undeclared`.

    A declared charset that fails to decode strictly is ignored (pages lie about their encoding);
    trafilatura gets str, never bytes, so it never guesses on its own (PITFALLS #231).
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StageError("binary", "the content holds NUL bytes: not a text or HTML document")
    # A byte order mark outranks any declaration, as in browsers (WHATWG Encoding, "decode"): a UTF-8
    # page with a BOM served as latin-1 is still UTF-8.
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom) and (text := _decode_strictly(data, codec)) is not None:
            return text.lstrip("\ufeff")
    meta = META_CHARSET.search(data[:4096])
    declared = [header_charset, meta.group(1).decode("ascii", "ignore") if meta else None]
    for charset in filter(None, declared):
        text = _decode_strictly(data, CHARSET_ALIASES.get(charset.lower(), charset))
        if text is not None:
            return text.lstrip("\ufeff")
    if (text := _decode_strictly(data, "utf-8")) is not None:
        return text
    return decode_undeclared(data)


def decode_undeclared(data: bytes) -> str:
    """Bytes in no declared charset and not UTF-8: Latin-script text as windows-1252 (what browsers
    use for an undeclared page), any other script as charset_normalizer guesses it.

    Detection alone picks the wrong Latin code page (French "Hélène" as windows-1250 "Hélčne"), or,
    for text with few accented letters, a CJK one (Portuguese "começarão" as Big5 "come蓷o"), or
    UTF-16 for a few bytes ("Café"), which browsers never assume without a BOM. The bytes do not say
    which Latin code page they are in, so Polish or Turkish text in windows-1250/1254 reads as a
    Western browser shows it ("Łódź" as "£ódŸ", "bakanı" as "bakaný"): a Central European guess on the
    far more common French or German text would be the worse mistake. A guess in another script
    (Cyrillic windows-1251, Greek, Arabic, Shift_JIS, GB18030, EUC-KR) is kept.
    """
    guesses = [match for match in charset_normalizer.from_bytes(data)
               if not match.encoding.startswith(("utf_16", "utf_32"))]
    if guesses and not is_latin_script(str(guesses[0])):
        return str(guesses[0])
    return data.decode("latin-1").translate(WINDOWS_1252_HIGH_HALF)


# windows-1252 as WHATWG defines it (and browsers decode it): bytes 0x80-0x9F are curly quotes, dashes,
# the euro sign...; the five that Python's cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay
# C1 controls, which cleaning strips, so decoding never fails.
WINDOWS_1252_HIGH_HALF = {byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in range(0x80, 0xA0)}
# Letters beyond ASCII and the Latin blocks (Latin-1 Supplement, Extended-A/B, Extended Additional).
NON_LATIN_LETTER = r"[^\W\d_\x00-\u024f\u1e00-\u1eff]"
NON_LATIN_LETTERS = re.compile(NON_LATIN_LETTER)
NON_LATIN_LETTER_IN_LATIN_WORD = re.compile(rf"(?<=[A-Za-z]){NON_LATIN_LETTER}|{NON_LATIN_LETTER}(?=[A-Za-z])")
LATIN_LETTERS_BEYOND_ASCII = re.compile(r"[À-ÖØ-öø-ɏḀ-ỿ]")


def is_latin_script(text: str) -> bool:
    """True when most letters beyond ASCII are Latin, or sit glued to ASCII letters inside a word: the
    mark of Latin text decoded in another script's code page ("come蓷o", "dﻠjﻓ vu"). Real Cyrillic,
    Greek or Japanese words are made of their own letters ("F-35Aの" glues one kana, not most)."""
    non_latin = len(NON_LATIN_LETTERS.findall(text))
    in_latin_words = len(NON_LATIN_LETTER_IN_LATIN_WORD.findall(text))
    latin = len(LATIN_LETTERS_BEYOND_ASCII.findall(text))
    return latin + in_latin_words >= non_latin - in_latin_words


def _decode_strictly(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _read_file_bytes(path: Path, settings: Settings) -> bytes:
    """A file's bytes, gunzipped when they are gzip, refusing more than max_bytes either way."""
    try:
        size = _regular_file_size(path)
        if size > settings.ingest.max_bytes:
            raise StageError("too large", f"{path}: {size} bytes > max_bytes {settings.ingest.max_bytes}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise StageError("not found", f"no such file: {path}") from None
    except OSError as err:
        raise StageError("unreadable", f"{path}: {err}") from None
    if path.suffix.lower() == ".gz" and not data.startswith(GZIP_MAGIC):
        raise StageError("broken gzip", f"{path}: named .gz but not gzip data")
    return _gunzip_if_needed(data, str(path), settings)


def _read_file(location: str, settings: Settings) -> tuple[list[RawDocument], list[Reject]]:
    path = Path(location)
    if _inner_suffix(path) == ".jsonl":
        return _read_jsonl(path, settings)
    text = decode_bytes(_read_file_bytes(path, settings), None)
    if not text.strip():
        raise StageError("empty", f"{path}: no content")
    return [RawDocument(source=location, content=text, kind=_kind_of_file(path, text))], []


def _gunzip_if_needed(body: bytes, location: str, settings: Settings) -> bytes:
    """Decompress gzip content (sniffed, whatever the name), capped at max_bytes decompressed."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
            data = unzipped.read(settings.ingest.max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise StageError("broken gzip", f"{location}: {err}") from None
    if len(data) > settings.ingest.max_bytes:
        raise StageError("too large", f"{location}: more than max_bytes {settings.ingest.max_bytes} once decompressed")
    return data


def _kind_of_file(path: Path, text: str) -> DocumentKind:
    """By suffix (x.html.gz counts as .html), else by content for names like `page.gz`."""
    suffix = _inner_suffix(path)
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return _sniff_kind(text)


def _sniff_kind(text: str) -> DocumentKind:
    return "html" if HTML_SNIFF.search(text[:2048].encode("utf-8", "ignore")) else "text"


def _read_jsonl(path: Path, settings: Settings) -> tuple[list[RawDocument], list[Reject]]:
    documents: list[RawDocument] = []
    rejects: list[Reject] = []
    for item in iter_jsonl(path, settings):
        (documents if isinstance(item, RawDocument) else rejects).append(item)
    return documents, rejects


def is_jsonl(location: str) -> bool:
    """A local JSONL file (gzipped or not): many documents, read record by record."""
    return not is_url(location) and _inner_suffix(Path(location)) == ".jsonl"


def iter_jsonl(path: Path, settings: Settings) -> Iterator[RawDocument | Reject]:
    """One document per record, read line by line (gzipped or not) as the caller asks for them, so a dump
    of any size streams; a bad or oversized record is rejected as `path:LINE` and the others kept."""
    line_number = records = rejected = 0
    try:
        _regular_file_size(path)  # opening a FIFO would block
        with _open_maybe_gzipped(path) as lines:
            while line := lines.readline(settings.ingest.max_bytes + 1):
                line_number += 1
                source = f"{path}:{line_number}"
                if len(line) > settings.ingest.max_bytes and not line.endswith(b"\n"):
                    _skip_rest_of_line(lines, settings.ingest.max_bytes)
                    rejected += 1
                    yield Reject(source, "ingest", "too large",
                                 f"{source}: record of more than max_bytes {settings.ingest.max_bytes}")
                    continue
                if not line.strip():
                    continue
                records += 1
                try:
                    yield _document_from_record(line, source)
                except StageError as err:
                    rejected += 1
                    yield Reject(source, "ingest", err.reason, err.detail)
                except Exception as err:  # noqa: BLE001 - one bad record must not lose the others
                    rejected += 1
                    yield Reject(source, "ingest", "bad jsonl", _one_line(err))
    except FileNotFoundError:
        raise StageError("not found", f"no such file: {path}") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        # The records before the damage are kept; the file itself is reported once.
        rejected += 1
        yield Reject(str(path), "ingest", "broken gzip", f"{path}: {err}")
    except OSError as err:
        rejected += 1
        yield Reject(str(path), "ingest", "unreadable", f"{path}: {err}")
    if not records and not rejected:
        yield Reject(str(path), "ingest", "empty", f"{path}: no records")


def _open_maybe_gzipped(path: Path) -> BinaryIO:
    """The file's bytes as a stream, decompressed on the fly when they start with the gzip magic."""
    with path.open("rb") as head:
        gzipped = head.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    if path.suffix.lower() == ".gz" and not gzipped:
        raise StageError("broken gzip", f"{path}: named .gz but not gzip data")
    return gzip.open(path, "rb") if gzipped else path.open("rb")


def _skip_rest_of_line(lines: BinaryIO, chunk_size: int) -> None:
    while (chunk := lines.readline(chunk_size)) and not chunk.endswith(b"\n"):
        pass


def _document_from_record(line: bytes, source: str) -> RawDocument:
    # JSON text is UTF-8 (RFC 8259): invalid bytes become U+FFFD rather than a guessed code page, and a
    # byte order mark (which the RFC lets readers ignore) does not make the first record bad JSON.
    try:
        record = json.loads(line.decode("utf-8", errors="replace").lstrip("\ufeff"))
    except json.JSONDecodeError as err:
        raise StageError("bad jsonl", f"{source}: not JSON ({err})") from None
    except RecursionError:
        raise StageError("bad jsonl", f"{source}: JSON nested too deeply to read") from None
    if not isinstance(record, dict):
        raise StageError("bad jsonl", f"{source}: a record must be a JSON object")
    for name in RECORD_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise StageError("bad jsonl", f"{source}: {name} is {_json_kind(record[name])}, not a string")
    html, text = _record_string(record.get("html")), _record_string(record.get("text"))
    content, kind = (html, "html") if html else (text, "text")
    if not content:
        raise StageError("bad jsonl", f"{source}: the record has no 'html' or 'text' string")
    return RawDocument(source=source, content=content, kind=kind, url=_record_string(record.get("url")),
                       title=_record_string(record.get("title")),
                       published=iso_date(record.get("published")), is_record=True)


def _json_kind(value: object) -> str:
    """What a JSON value is, in the words of JSON: a record's field of the wrong kind is named so."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "an object" if isinstance(value, dict) else "a list"


def _record_string(value: str | None) -> str | None:
    """A record's string field, None when absent or blank. A lone surrogate escape
    ("\\ud800"), which no UTF-8 text can hold and which would fail every later encode (ids, hashes,
    the warehouse), becomes U+FFFD, as an invalid byte does. Surrogates are the only code points UTF-8
    cannot encode, so a string that encodes has none: encoding is 4x faster than searching (0.19 against
    0.75 ms for a 145 kB page), and a run's main process reads every record."""
    if value is None or not value.strip():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", value)
    return value


def _one_line(err: BaseException) -> str:
    return " ".join(f"{type(err).__name__}: {err}".split())[:1000]


def iso_date(value: object) -> str | None:
    """'2025-07-02', '2025-07-02T10:00:00Z' and the like -> '2025-07-02'; anything else -> None."""
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None

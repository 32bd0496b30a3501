"""Find and read the pipeline's inputs: files, directories, page URLs, feeds, sitemaps, JSONL records.

This is the one step allowed to do IO. It turns SOURCE strings (CONTRACT.md) into `RawDocument`s of
decoded text; every input that cannot be read becomes a `Reject` and the batch goes on.
"""
from __future__ import annotations

import gzip
import http.client
import io
import json
import re
import socket
import stat
import time
import urllib.error
import urllib.request
import zlib
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
RETRY_BACKOFF_SECONDS = 0.5
# Browsers treat these labels as windows-1252 (WHATWG Encoding); pages declaring them often use
# curly quotes from the 0x80-0x9F range that latin-1 would turn into control characters.
CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.IGNORECASE)
FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF|urlset|sitemapindex)[\s>]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# A sitemap index points at more sitemaps; follow that many levels at most.
MAX_SITEMAP_DEPTH = 2


@dataclass(frozen=True)
class Fetched:
    """Bytes of one HTTP response, with what the server said about them."""

    url: str                        # after redirects
    body: bytes
    charset: str | None             # from the Content-Type header
    content_type: str
    etag: str | None = None         # validators for the next run's conditional request
    last_modified: str | None = None


def expand_sources(sources: list[str], settings: Settings) -> tuple[list[str], list[Reject]]:
    """SOURCE strings -> concrete input locations, in a stable order.

    Directories are walked recursively (sorted; hidden entries and files that are not
    .html/.htm/.txt/.jsonl, gzipped or not, or a bare .gz, are skipped silently); feeds and sitemaps
    (gzipped or not) are fetched and replaced by their links (at most `settings.ingest.max_links_per_feed`
    each); page URLs and files are kept as given; a location met twice is kept once.
    A page URL is fetched here to tell it from a feed, and again by `read_documents`: use
    `expand_sources_with_pages` to fetch it once.
    """
    locations, _, rejects = expand_sources_with_pages(sources, settings)
    return locations, rejects


def expand_sources_with_pages(sources: list[str], settings: Settings
                              ) -> tuple[list[str], dict[str, Fetched], list[Reject]]:
    """As `expand_sources`, plus the page URLs' responses already fetched here, keyed by location;
    hand them to `read_documents(..., prefetched=...)` so no page is downloaded twice."""
    locations: list[str] = []
    pages: dict[str, Fetched] = {}
    rejects: list[Reject] = []
    for source in sources:
        expanded, fetched_pages, rejected = _expand_isolated(source, settings)
        locations.extend(expanded)
        pages.update(fetched_pages)
        rejects.extend(rejected)
    # A page listed by two feeds, or named twice, is read once.
    return list(dict.fromkeys(locations)), pages, rejects


def _expand_isolated(source: str, settings: Settings, depth: int = 0
                     ) -> tuple[list[str], dict[str, Fetched], list[Reject]]:
    """`_expand_source`, with whatever goes wrong turned into this source's reject."""
    try:
        return _expand_source(source, settings, depth)
    except StageError as err:
        return [], {}, [Reject(source, "ingest", err.reason, err.detail)]
    except Exception as err:  # noqa: BLE001 - one bad source must not stop the others
        return [], {}, [Reject(source, "ingest", "error", _one_line(err))]


def read_document(location: str, settings: Settings) -> list[RawDocument]:
    """One file or URL -> its document(s): a .jsonl file yields one per record. Raises StageError."""
    documents, rejects = _read_location(location, settings, None)
    if rejects:
        raise StageError(rejects[0].reason, rejects[0].detail)
    return documents


def read_documents(locations: list[str], settings: Settings, prefetched: dict[str, Fetched] | None = None
                   ) -> tuple[list[RawDocument], list[Reject]]:
    """Read every location; a bad input (or a bad JSONL record) becomes a Reject, never an exception.

    A URL found in `prefetched` (from `expand_sources_with_pages`) is not downloaded again.
    """
    documents: list[RawDocument] = []
    rejects: list[Reject] = []
    for location in locations:
        try:
            read, rejected = _read_location(location, settings, (prefetched or {}).get(location))
        except StageError as err:
            rejects.append(Reject(location, "ingest", err.reason, err.detail))
            continue
        except Exception as err:  # noqa: BLE001 - one bad input must not stop the batch
            rejects.append(Reject(location, "ingest", "error", _one_line(err)))
            continue
        documents.extend(read)
        rejects.extend(rejected)
    return documents, rejects


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _expand_source(source: str, settings: Settings, depth: int = 0
                   ) -> tuple[list[str], dict[str, Fetched], list[Reject]]:
    """Locations of one SOURCE, the pages fetched on the way (a page URL's own response), and the
    rejects of the sitemaps a sitemap index lists. Raises StageError when the SOURCE itself is bad."""
    if _is_url(source):
        fetched = fetch(source, settings)
        text = decode_bytes(_gunzip_if_needed(fetched.body, source, settings), fetched.charset)
        if not is_feed_or_sitemap(text):
            return [source], {source: fetched}, []
        links, rejects = _expand_feed(text, fetched.url, settings, depth)
        return links, {}, rejects
    path = Path(source)
    if path.is_dir():
        files = [str(p) for p in sorted(path.rglob("*")) if _is_article_file(p, path)]
        if not files:
            raise StageError("no inputs", f"{source}: no .html, .htm, .txt or .jsonl files (gzipped or not) "
                                          "in this directory or below it")
        return files, {}, []
    if path.is_file():
        # A bare "x.gz" may hold a sitemap as well as an article: its content decides.
        if _inner_suffix(path) in FEED_SUFFIXES | {None}:
            text = decode_bytes(_read_file_bytes(path, settings), None)
            if is_feed_or_sitemap(text):
                links, rejects = _expand_feed(text, path.resolve().as_uri(), settings, depth)
                return links, {}, rejects
        return [source], {}, []
    if path.exists():
        # A device or FIFO: reading one would block or never end.
        raise StageError("unreadable", f"{source}: not a regular file or directory")
    raise StageError("not found", f"no such file, directory or URL: {source}")


def _inner_suffix(path: Path) -> str | None:
    """The suffix that names the content, ".gz" stripped: "x.xml.gz" -> ".xml"; None for a gzip file
    whose name says nothing more ("x.gz", "report.2025.gz"): its content decides."""
    suffix = path.suffix.lower()
    if suffix != ".gz":
        return suffix
    inner = Path(path.stem).suffix.lower()
    return inner if inner in KNOWN_SUFFIXES else None


def _is_article_file(path: Path, root: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return not hidden and path.is_file() and _inner_suffix(path) in ARTICLE_SUFFIXES


def _expand_feed(text: str, base_url: str, settings: Settings, depth: int) -> tuple[list[str], list[Reject]]:
    """A feed's entry links or a sitemap's page URLs (sitemap indexes followed), capped per feed; a
    sitemap of an index that cannot be read is its own reject, and the index's other sitemaps are read."""
    cap = settings.ingest.max_links_per_feed
    if re.search(r"<sitemapindex[\s>]", text[:4096]):
        if depth >= MAX_SITEMAP_DEPTH:
            raise StageError("sitemap too deep", f"sitemap index nested more than {MAX_SITEMAP_DEPTH} levels")
        links: list[str] = []
        rejects: list[Reject] = []
        for sitemap_url in sitemap_locations(text, base_url):
            expanded, _, rejected = _expand_isolated(sitemap_url, settings, depth + 1)
            links.extend(expanded)
            rejects.extend(rejected)
            if len(links) >= cap:
                break
        return links[:cap], rejects
    if re.search(r"<urlset[\s>]", text[:4096]):
        return sitemap_locations(text, base_url)[:cap], []
    return feed_links(text, base_url)[:cap], []


def is_feed_or_sitemap(text: str) -> bool:
    """True when the document's root element is RSS, Atom, RDF, a sitemap or a sitemap index."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and not re.match(r"<!doctype\s+html", head, re.IGNORECASE) \
        and bool(FEED_ROOT.search(head))


def feed_links(text: str, base_url: str) -> list[str]:
    """Entry links of an RSS or Atom feed, absolute, without duplicates, in feed order."""
    parsed = feedparser.parse(text)
    links = [urljoin(base_url, entry.get("link", "")) for entry in parsed.entries if entry.get("link")]
    return list(dict.fromkeys(links))


def sitemap_locations(text: str, base_url: str) -> list[str]:
    """The <loc> URLs of a sitemap or sitemap index."""
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError as err:
        raise StageError("bad sitemap", str(err)) from None
    if root is None:
        raise StageError("bad sitemap", "no XML root element")
    locations = [urljoin(base_url, (loc.text or "").strip()) for loc in root.iter("{*}loc") if (loc.text or "").strip()]
    return list(dict.fromkeys(locations))


def fetch(url: str, settings: Settings) -> Fetched:
    """GET a URL, retrying only transient failures (timeouts, connection errors, 5xx)."""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": settings.ingest.user_agent})
    except ValueError as err:  # "http://[::1"
        raise StageError("bad url", f"{url}: {err}") from None
    attempts = settings.ingest.http_retries + 1
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=settings.ingest.http_timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > settings.ingest.max_bytes:
                    raise StageError("too large", f"{url}: {declared} bytes > max_bytes {settings.ingest.max_bytes}")
                body = response.read(settings.ingest.max_bytes + 1)
                if len(body) > settings.ingest.max_bytes:
                    raise StageError("too large", f"{url}: more than max_bytes {settings.ingest.max_bytes}")
                return Fetched(url=response.geturl(), body=body,
                               charset=response.headers.get_content_charset(),
                               content_type=response.headers.get_content_type())
        except urllib.error.HTTPError as err:
            failure = StageError(f"http {err.code}", f"{url}: {err.reason}")
            if err.code < 500:
                raise failure from None
        except (TimeoutError, socket.timeout) as err:
            failure = StageError("timeout", f"{url}: no response within {settings.ingest.http_timeout} s ({err})")
        except urllib.error.URLError as err:
            if isinstance(err.reason, (TimeoutError, socket.timeout)):
                failure = StageError("timeout", f"{url}: no response within {settings.ingest.http_timeout} s")
            else:
                failure = StageError("connection error", f"{url}: {err.reason}")
        except http.client.InvalidURL as err:  # "https://x.org:abc/": nothing to retry
            raise StageError("bad url", f"{url}: {err}") from None
        except (ConnectionError, http.client.HTTPException) as err:
            failure = StageError("connection error", f"{url}: {err!r}")
        if attempt + 1 < attempts:
            time.sleep(RETRY_BACKOFF_SECONDS * 2 ** attempt)
    raise failure


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
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise StageError("unreadable", f"{path}: not a regular file")
        size = status.st_size
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


def _read_location(location: str, settings: Settings, prefetched: Fetched | None
                   ) -> tuple[list[RawDocument], list[Reject]]:
    if _is_url(location):
        fetched = prefetched or fetch(location, settings)
        text = decode_bytes(_gunzip_if_needed(fetched.body, location, settings), fetched.charset)
        kind = "html" if "html" in fetched.content_type else _sniff_kind(text)
        return [RawDocument(source=location, content=text, kind=kind, url=fetched.url)], []
    path = Path(location)
    if _inner_suffix(path) == ".jsonl":
        return _read_jsonl(path, settings)
    data = _read_file_bytes(path, settings)
    text = decode_bytes(data, None)
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
    """One document per record, read line by line (gzipped or not) so a dump of any size fits in
    memory; a bad or oversized record is rejected as `path:LINE` and the others kept."""
    documents: list[RawDocument] = []
    rejects: list[Reject] = []
    line_number = records = 0
    try:
        with _open_maybe_gzipped(path) as lines:
            while line := lines.readline(settings.ingest.max_bytes + 1):
                line_number += 1
                source = f"{path}:{line_number}"
                if len(line) > settings.ingest.max_bytes and not line.endswith(b"\n"):
                    _skip_rest_of_line(lines, settings.ingest.max_bytes)
                    rejects.append(Reject(source, "ingest", "too large",
                                          f"{source}: record of more than max_bytes {settings.ingest.max_bytes}"))
                    continue
                if not line.strip():
                    continue
                records += 1
                try:
                    documents.append(_document_from_record(line, source))
                except StageError as err:
                    rejects.append(Reject(source, "ingest", err.reason, err.detail))
                except Exception as err:  # noqa: BLE001 - one bad record must not lose the others
                    rejects.append(Reject(source, "ingest", "bad jsonl", _one_line(err)))
    except FileNotFoundError:
        raise StageError("not found", f"no such file: {path}") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        # The records before the damage are kept; the file itself is reported once.
        rejects.append(Reject(str(path), "ingest", "broken gzip", f"{path}: {err}"))
    except OSError as err:
        rejects.append(Reject(str(path), "ingest", "unreadable", f"{path}: {err}"))
    if not records and not rejects:
        rejects.append(Reject(str(path), "ingest", "empty", f"{path}: no records"))
    return documents, rejects


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
    html, text = _record_string(record.get("html")), _record_string(record.get("text"))
    content, kind = (html, "html") if html else (text, "text")
    if not content:
        raise StageError("bad jsonl", f"{source}: the record has no 'html' or 'text' string")
    return RawDocument(source=source, content=content, kind=kind, url=_record_string(record.get("url")),
                       title=_record_string(record.get("title")),
                       published=iso_date(record.get("published")), is_record=True)


def _record_string(value: object) -> str | None:
    """A record's string field, None when absent, blank or not a string. A lone surrogate escape
    ("\\ud800"), which no UTF-8 text can hold and which would fail every later encode (ids, hashes,
    the warehouse), becomes U+FFFD, as an invalid byte does."""
    if not isinstance(value, str) or not value.strip():
        return None
    return LONE_SURROGATE.sub("\ufffd", value)


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

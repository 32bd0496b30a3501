"""Turn raw documents into articles: body text without boilerplate, plus metadata.

HTML goes through trafilatura; plain text goes through our own rules (both run in killable worker
processes under a CPU limit: `transforms/isolation.py`). Both end with
the same post-cleaning (ads, "Read More" tails, mojibake, glued sentences), and the text keeps
paragraphs separated by a blank line. Quote characters are never normalised: the quote extractor
relies on them and offsets index into this text.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit, parse_qsl, urlencode

import ftfy
import lxml.html
import trafilatura
import trafilatura.metadata
from lxml.html import HtmlElement
from trafilatura.meta import reset_caches
from trafilatura.utils import is_dubious_html, repair_faulty_html

from transforms.ingest import iso_date
from transforms.model import Article, RawDocument, StageError

# Measured on /work/shared/pages (923 pages, /work/notes/clean/bench_modes.py), must-keep snippets
# kept / must-drop snippets wrongly kept / speed: default 94.4% / 9.6% / 29 pages/s, favor_precision
# 91.9% / 7.3% / 28 pages/s, fast 93.3% / 9.4% / 33 pages/s. A missed paragraph loses its quotes for
# good, so the default mode wins.
EXTRACTION_OPTIONS: dict[str, bool] = {"favor_precision": False, "fast": False}
# Repair mojibake, but keep quote characters (the quote extractor needs them) and full-width
# punctuation (normal in CJK text).
FTFY_OPTIONS: dict[str, bool] = {"uncurl_quotes": False, "fix_character_width": False}
# UTF-8 read as windows-1252 leaves C1 control characters ("â€\x9d" for ”); trafilatura drops them,
# after which the mojibake cannot be repaired, so such pages are repaired before extraction, and
# only for encoding: markup, entities and line breaks stay as they are.
C1_CONTROLS = re.compile("[\x80-\x9f]")
FTFY_ENCODING_ONLY: dict[str, object] = {
    "unescape_html": False, "remove_terminal_escapes": False, "fix_latin_ligatures": False,
    "fix_character_width": False, "uncurl_quotes": False, "fix_line_breaks": False,
    "remove_control_chars": False, "normalization": None}

HEADER_LINE = re.compile(r"^\s*date:?\s+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*(?P<rest>.*)$")
HEADER_URL = re.compile(r"^(?P<url>https?://\S+)\s*(?P<body>.*)$")
# "MENAFN - Live Mint) US Secretary...": an aggregator, its source, a closing parenthesis, the body.
HEADER_PUBLISHER = re.compile(
    r"^(?:(?P<aggregator>[A-Z][\w.&' -]{0,30}?)\s+-\s+)?(?P<site>[A-Z][^()\n]{1,60}?)\)\s*(?P<body>.*)$")

READ_MORE_MARKER = re.compile(
    r"^(read more|read also|also read|more from [\w .'-]{1,40}|related( stories| articles| news| posts)?"
    r"|you may also like|you might also like|recommended( for you)?|more stories|trending( now)?)\s*:?$",
    re.IGNORECASE)
AD_LINE = re.compile(
    r"^(advertisements?|ad|ads|sponsored( links| content| stories| posts)?|promoted( content| stories| links)?"
    r"|paid (partner )?content|(story|article) continues below( this)?( advertisement| ad)?"
    r"|continue reading below|scroll (down )?to continue( reading| with content)?"
    r"|(also read|read also|read more|see also)\s*:.*)$",
    re.IGNORECASE)
AD_LINE_DECORATION = " \t-–—*•|[]()"
# A related-headline tail after "Read More": short lines that do not end a sentence.
HEADLINE_MAX_WORDS = 30
# A line this long that stops mid-sentence was wrapped by its writer; a shorter one is a line of its own.
WRAPPED_LINE_MIN_CHARS = 40
SENTENCE_END = ('.', '"', "”", "’", ":", ";")

# "QUAD.Hegseth" -> "QUAD. Hegseth": a word of 2+ Latin letters/digits, "." or "?", then a
# capitalised word or an opening quote. "U.S.", "S.Jaishankar", "e.g." and "3.5" never match; nor
# does "!" (brand names like "Yahoo!News"), nor CJK text, which is written without spaces.
LATIN = "A-Za-z0-9À-ÖØ-öø-ɏ"
CAPITALISED = "[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]"
GLUED_SENTENCE = re.compile(rf"(?<=[{LATIN}]{{2}}[.?])(?={CAPITALISED})")
GLUED_AFTER_CLOSING_QUOTE = re.compile(rf"(?<=[.!?,]”)(?={CAPITALISED})")
# `are“mutually`, `X,“Great`, `said:“We`, `QUAD.“We`: an opening quote (one directly followed by a
# Latin word; a “ followed by a space or comma closes a quote) glued to what precedes it.
LATIN_LETTER = "A-Za-zÀ-ÖØ-öø-ɏ"
GLUED_OPENING_QUOTE = re.compile(rf"(?<=[{LATIN_LETTER},:;])(?=“[{LATIN}])")
GLUED_SENTENCE_BEFORE_QUOTE = re.compile(rf"(?<=[{LATIN}]{{2}}[.?])(?=“[{LATIN}])")
# Tokens where a dot glued to a capital is part of a name: URLs, e-mails, domains, "Hin.Gehört.Spezial".
URL_OR_EMAIL = re.compile(r"://|^www\.|@|\.(com|net|org|de|uk|info|io)\b", re.IGNORECASE)
DOTTED_NAME = re.compile(r"\w[.!?]\w.*\w[.!?]\w")

PAGE_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
OG_LOCALE = re.compile(
    r"<meta\b(?=[^>]*\bproperty\s*=\s*[\"']og:locale[\"'])[^>]*\bcontent\s*=\s*[\"']([A-Za-z]{2,3})\b",
    re.IGNORECASE)


# libxml2's HTML parser (lxml 6.1.3, libxml2 2.14.6) stops at 256 nested elements and drops the rest of
# the page, so an article wrapped in 300 <div>s came out "empty". With huge_tree it reads 2048 levels;
# pages are therefore parsed here with huge_tree and trafilatura (2.3.1 takes an lxml tree as input) is
# handed the tree. Measured: on shared/pages (928 pages, the deepest 42 levels) the extraction is the
# same as when trafilatura parses the string itself, and no slower; at 2040 levels trafilatura takes
# 1.6 s of CPU for <div>s or <blockquote>s and 10 s for nested tables (inside [clean] timeout), but its
# list handling recurses past Python's limit from about 500 nested <ul><li>. A page deeper than the
# parser reads, or one trafilatura cannot walk, is rejected as "too deeply nested", never as "empty".
# The options are trafilatura's own (trafilatura.utils.HTML_PARSER) plus huge_tree.
PAGE_PARSER_OPTIONS: dict[str, bool | str] = {
    "collect_ids": False, "default_doctype": False, "encoding": "utf-8", "remove_comments": True,
    "remove_pis": True, "huge_tree": True}
MAX_PARSER_DEPTH = 2048
TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^>]*?(/?)>")
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())

# A page with fewer words than this after cleaning is not an article: trafilatura falls back to the
# navigation of a page that has no body. Plain text is taken as the user gave it.
MIN_HTML_ARTICLE_WORDS = 20
# "â" left over from ’ (E2 80 99 read as windows-1252, the C1 bytes stripped), before a contraction ending.
LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])â(?=(?:s|t|ll|re|ve)\b)|(?<=\bI)â(?=[md]\b)")


def clean_text_document(doc: RawDocument) -> Article:
    """Plain text -> Article: a `date YYYY-MM-DD ...` first line becomes metadata, the rest is cleaned."""
    text = ftfy.fix_text(doc.content, **FTFY_OPTIONS)
    lines = text.split("\n")
    header = parse_header_line(lines[0]) if lines else None
    url, site, published = article_url(doc.url), None, doc.published
    if header is not None:
        header_date, header_url, site, first_line_body = header
        published = header_date or published
        url = article_url(header_url) or url
        lines[0] = first_line_body
    body = checked_body(polish_paragraphs(split_text_paragraphs("\n".join(lines))), doc.source)
    body_hash = content_hash(body)
    return Article(article_id=article_id_for(url, doc.source, body_hash if doc.is_record else None),
                   source=doc.source, text=body, content_hash=body_hash, url=url, title=_fixed(doc.title),
                   site=site, author=_fixed(doc.author), published=published, language=_language_of(body))


def clean_html_document(doc: RawDocument) -> Article:
    """HTML -> Article with trafilatura (in this process): body, title, site, author, date, URL."""
    html = ftfy.fix_text(doc.content, **FTFY_ENCODING_ONLY) if C1_CONTROLS.search(doc.content) else doc.content
    tree = parse_page(html, doc.source)
    try:
        extracted = None if tree is None else trafilatura.bare_extraction(
            tree, url=doc.url, with_metadata=True, include_comments=False, deduplicate=False,
            **EXTRACTION_OPTIONS)
    except RecursionError:
        raise StageError("too deeply nested", f"{doc.source}: markup nested {markup_depth(html)} levels deep, "
                                              "deeper than trafilatura can walk") from None
    if extracted is None or not extracted.text:
        raise StageError("empty", f"{doc.source}: trafilatura found no body text")
    title = _fixed(extracted.title) or _fixed(doc.title)
    paragraphs = extracted.text.split("\n")
    # The headline often sits inside <article>; it is metadata, not body.
    if title and paragraphs and " ".join(paragraphs[0].split()) == " ".join(title.split()):
        paragraphs = paragraphs[1:]
    body = checked_body(polish_paragraphs(paragraphs), doc.source, MIN_HTML_ARTICLE_WORDS)
    # A canonical link to the home page (common on some sites) would give every article one id.
    page_url = article_url(extracted.url)
    url = page_url if page_url and has_article_path(page_url) else article_url(doc.url)
    body_hash = content_hash(body)
    return Article(
        article_id=article_id_for(url, doc.source, body_hash if doc.is_record else None), source=doc.source,
        text=body, content_hash=body_hash, url=url,
        title=title, site=_fixed(extracted.sitename),
        author=_fixed(extracted.author) or _fixed(doc.author), published=iso_date(extracted.date) or doc.published,
        language=_language_of(body, page_language(html)))


def _language_of(body: str, declared: str | None = None) -> str | None:
    # Imported here: the language model takes 100 MB when its module is imported, which the cleaning
    # workers' fork server does once for all of them (`transforms.extract.WORKER_PRELOAD`); a run's
    # main process, which imports this module but cleans nothing, never loads it.
    from transforms.language import identify_language

    return identify_language(body, declared)


def parse_page(html: str, source: str) -> HtmlElement | None:
    """The page's tree as trafilatura's `load_html` makes it (the same repairs, the same second try
    with bytes, the same None for a fragment that does not look like HTML), but read with huge_tree.

    Raises StageError when the page nests deeper than even that parser reads."""
    parser = lxml.html.HTMLParser(**PAGE_PARSER_OPTIONS)
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    tree = _parsed(html, parser)
    if tree is None or len(tree) < 1:
        # lxml refuses a str holding an XML encoding declaration; trafilatura then parses UTF-8 bytes.
        tree = _parsed(html.encode("utf-8", "surrogatepass"), parser)
    if any(error.type_name == "ERR_RESOURCE_LIMIT" and "depth" in error.message for error in parser.error_log):
        raise StageError("too deeply nested", f"{source}: markup nested {markup_depth(html)} levels deep; the "
                                              f"HTML parser reads {MAX_PARSER_DEPTH} levels at most")
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _parsed(html: str | bytes, parser: lxml.html.HTMLParser) -> HtmlElement | None:
    try:
        return lxml.html.fromstring(html, parser=parser)
    except Exception:  # noqa: BLE001 - as in trafilatura's load_html: a page lxml cannot parse has no text
        return None


def markup_depth(html: str) -> int:
    """How deeply the page's elements nest, counted in one pass over its tags (void and self-closing
    tags do not nest; unclosed ones count as open, which only overstates a broken page's depth)."""
    depth = deepest = 0
    for match in TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in VOID_ELEMENTS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


# trafilatura's caches grow with every page (PITFALLS); a process empties them after this many.
CACHE_RESET_PAGES = 100
_pages_since_reset = 0


def clean_document(doc: RawDocument) -> Article:
    """Either kind of input -> Article; raises StageError when nothing usable is left."""
    if doc.kind != "html":
        return clean_text_document(doc)
    global _pages_since_reset
    _pages_since_reset += 1
    if _pages_since_reset >= CACHE_RESET_PAGES:
        reset_caches()
        _pages_since_reset = 0
    return clean_html_document(doc)


def warm_up_cleaner() -> None:
    """Make a cleaning worker ready: trafilatura without the metadata searches no article keeps, and a
    tiny extraction run so that lazy imports and caches are ready before its first input's CPU time
    starts to count."""
    skip_unkept_metadata()
    trafilatura.bare_extraction("<html><body><article><p>warm up</p></article></body></html>",
                                with_metadata=True)
    reset_caches()


# trafilatura's metadata step also searches every page for its categories, tags and licence, which no
# article keeps: on shared/pages that was 5% of the cleaning's CPU (2.5 s of 47 s, each page cleaned with
# and without it in turn). `extract_metadata` calls these module functions by name, so a cleaning worker
# replaces them with ones that find nothing; title, author, date, URL and site come out the same (a test
# compares the articles of the sample pages). Only the workers do so (`warm_up_cleaner`): trafilatura
# elsewhere in a process (a benchmark's bare pass) stays as it is. tests/test_clean.py fails if
# trafilatura renames them.
UNKEPT_METADATA_SEARCHES = ("extract_catstags", "extract_license")


def skip_unkept_metadata() -> None:
    """Turn off trafilatura's search for categories, tags and licence in this process."""
    trafilatura.metadata.extract_catstags = _no_categories_or_tags
    trafilatura.metadata.extract_license = _no_licence


def _no_categories_or_tags(catstags: str, tree: HtmlElement) -> list[str]:
    return []


def _no_licence(tree: HtmlElement) -> None:
    return None


def parse_header_line(line: str) -> tuple[str | None, str | None, str | None, str] | None:
    """`date 2025-07-02 <url | Aggregator - Site)> [body...]` -> (date, url, site, body on that line).

    None when the line is not such a header. The body may share the line with the header.
    """
    match = HEADER_LINE.match(line)
    if not match:
        return None
    published, rest = iso_date(match.group("date")), match.group("rest")
    if url_match := HEADER_URL.match(rest):
        return published, url_match.group("url"), None, url_match.group("body")
    if publisher := HEADER_PUBLISHER.match(rest):
        site, aggregator = publisher.group("site").strip(), publisher.group("aggregator")
        label = f"{site} (via {aggregator.strip()})" if aggregator else site
        return published, None, label, publisher.group("body")
    return published, None, None, rest


def split_text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text. Without blank lines every line is a paragraph. With them, blank
    lines separate paragraphs, and a single newline inside a block is a line wrap only where the line
    before it is long and stops mid-sentence; texts that mix both styles keep their one-line paragraphs."""
    if not re.search(r"\n[ \t]*\n", text):
        return text.split("\n")
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        wrapped: list[str] = []
        for line in block.split("\n"):
            wrapped.append(line.strip())
            if not _is_wrapped(line):
                paragraphs.append(" ".join(wrapped))
                wrapped = []
        if wrapped:
            paragraphs.append(" ".join(wrapped))
    return paragraphs


def _is_wrapped(line: str) -> bool:
    line = line.strip()
    return len(line) >= WRAPPED_LINE_MIN_CHARS and not line.endswith(SENTENCE_END + ("!", "?", ")"))


def polish_paragraphs(paragraphs: list[str]) -> str:
    """The post-cleaning both kinds share; returns paragraphs joined by blank lines."""
    kept = [repair_lost_apostrophes(_tidy_whitespace(ftfy.fix_text(p, **FTFY_OPTIONS))) for p in paragraphs]
    kept = [p for p in kept if p and not is_ad_line(p)]
    kept = drop_read_more_tail(kept)
    german_quotes = any("„" in p for p in kept)
    return "\n\n".join(restore_missing_spaces(p, german_quotes) for p in kept)


def checked_body(body: str, source: str, min_words: int = 1) -> str:
    """The body, unless too little is left to be an article."""
    if not body:
        raise StageError("empty", f"{source}: no body text after cleaning")
    words = len(body.split())
    if words < min_words:
        raise StageError("too short", f"{source}: {words} words after cleaning, fewer than {min_words}")
    return body


def repair_lost_apostrophes(paragraph: str) -> str:
    """'Rixeyâs' -> 'Rixey’s': the mojibake of ’ whose two invisible bytes were already stripped.

    ftfy cannot repair it (the bytes are gone); only the English contraction endings are touched, so
    'château' or 'Lâm' stay as they are.
    """
    return LOST_APOSTROPHE.sub("\u2019", paragraph)


# What no reader or tool downstream wants in an article's text, and ftfy leaves there: C0 controls other
# than whitespace (a NUL from a JSON "\u0000", an escape), DEL, C1 controls (ftfy turns those with a
# windows-1252 meaning into it; 0x81, 0x8D, 0x8F, 0x90 and 0x9D have none), non-characters (U+FFFE,
# U+FFFF, U+FDD0-U+FDEF and the last two code points of every plane), lone surrogates, and the soft
# hyphen, an invisible hyphenation hint that cuts a name in two for the extractors.
NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)) + "]")
# Inside one paragraph a line break (a carriage return, a vertical tab or form feed, U+2028) is a space:
# paragraphs are what blank lines separate, and a lone "\n" in one would mean nothing.
INLINE_SPACE = re.compile(r"[ \t\n\r\xa0\u2009\u202f\x0b\x0c\u2028\u2029]+")


def _tidy_whitespace(paragraph: str) -> str:
    """Runs of spaces and line breaks as one space, and no control characters, non-characters or soft
    hyphens (`NON_TEXT`)."""
    return INLINE_SPACE.sub(" ", NON_TEXT.sub("", paragraph)).strip()


def is_ad_line(paragraph: str) -> bool:
    """An advertising or cross-promotion line inside the body ("Advertisement", "Also Read: ...")."""
    return bool(AD_LINE.match(paragraph.strip(AD_LINE_DECORATION)))


def drop_read_more_tail(paragraphs: list[str]) -> list[str]:
    """Cut a "Read More" line and the related headlines after it; a marker followed by real body
    paragraphs is only a stray link, so then just that line goes."""
    for i, paragraph in enumerate(paragraphs):
        if READ_MORE_MARKER.match(paragraph.strip(AD_LINE_DECORATION)):
            tail = paragraphs[i + 1:]
            if all(_is_headline(p) for p in tail):
                return paragraphs[:i]
            return paragraphs[:i] + drop_read_more_tail(tail)
    return paragraphs


def _is_headline(paragraph: str) -> bool:
    return len(paragraph.split()) <= HEADLINE_MAX_WORDS and not paragraph.endswith(SENTENCE_END)


def restore_missing_spaces(paragraph: str, german_quotes: bool = False) -> str:
    """Put back the space lost between sentences ("QUAD.Hegseth") and before an opening quote
    (`are“mutually`), leaving URLs and e-mail addresses alone. In text quoting „like this“ the mark
    “ closes a quote, so it is left where it is."""
    patterns = [GLUED_SENTENCE, GLUED_AFTER_CLOSING_QUOTE]
    if not german_quotes:
        patterns += [GLUED_OPENING_QUOTE, GLUED_SENTENCE_BEFORE_QUOTE]
    for pattern in patterns:
        if not pattern.search(paragraph):
            continue
        # Every match lies inside one space-separated token (the patterns look at no space), so the
        # paragraph is split once and each token is tested once for a URL, e-mail or dotted name.
        # Finding the token and testing it again for every match was quadratic on a long token.
        tokens = paragraph.split(" ")
        for index, token in enumerate(tokens):
            if pattern.search(token) and not (URL_OR_EMAIL.search(token) or DOTTED_NAME.search(token)):
                tokens[index] = pattern.sub(" ", token)
        paragraph = " ".join(tokens)
    return paragraph


def page_language(html: str) -> str | None:
    """The language a page declares (`<html lang>`, else og:locale), as a lower-case code: often the
    site's default rather than the article's, so only a tie-breaker for `identify_language`."""
    head = html[:20000]
    match = PAGE_LANG.search(head) or OG_LOCALE.search(head)
    return match.group(1).lower() if match else None


def _fixed(value: str | None) -> str | None:
    """Metadata from a page gets the same mojibake repair as the body."""
    if not value:
        return None
    return ftfy.fix_text(value, **FTFY_OPTIONS).strip() or None


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port or
    trailing slash: the form an article id is computed from. Only for what `article_url` accepts
    (it raises ValueError on "https://x.org:abc/a" or "http://[::1")."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(("utm_", "fbclid", "gclid"))])
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/") or "/", query, ""))


def article_url(candidate: str | None) -> str | None:
    """`candidate` if it is an http(s) URL with a host, else None: a javascript:, mailto:, data: or
    file: link, or a URL whose host or port does not parse ("https://x.org:abc/a", "http://exa mple.org/")
    or that holds control characters, names no article, and the article falls back to its file name
    (a JSONL record: its text) for an id. The one rule for page, header and record URLs alike."""
    url = (candidate or "").strip()
    if not url or URL_CONTROL_CHARACTER.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not URL_HOST.fullmatch(parts.hostname or ""):
        return None
    return url


# A host name: letters (any script, for IDNs), digits, dots, hyphens, underscores; an IPv6 address
# (urlsplit drops its brackets) adds colons and a %zone.
URL_HOST = re.compile(r"[\w.:%-]+")
URL_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def has_article_path(url: str) -> bool:
    """True unless the URL's path is empty or "/": a home page names a site, not an article."""
    return urlsplit(url.strip()).path.strip("/") != ""


def article_id_for(url: str | None, source: str, record_content_hash: str | None = None) -> str:
    """Stable id (16 hex digits of a sha1) of, in this order:

    - the canonical URL, when the page or record gives one;
    - for a record of a multi-record file (JSONL) without URL, its content: "text:" + the cleaned
      text's `content_hash`, because its `path:LINE` source says nothing (`d1/export.jsonl:1` and
      `d2/export.jsonl:1` are different articles); pass `record_content_hash` for such records only;
    - else the input's base name, so the same file gives the same id from any directory or machine.
    """
    if url:
        key = canonical_url(url)
    elif record_content_hash:
        key = f"text:{record_content_hash}"
    else:
        key = re.split(r"[\\/]", source.rstrip("/\\"))[-1]
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """sha256 of the cleaned text: tells a changed article from an unchanged one."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""Examples of cleaning: plain-text headers and boilerplate, glued sentences, HTML pages."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from transforms.clean import (MAX_PARSER_DEPTH, repair_lost_apostrophes, article_id_for, article_url, clean_document, clean_html_document,
                              clean_text_document, content_hash, restore_missing_spaces)
from transforms.ingest import read_document, read_documents
from transforms.model import RawDocument, StageError
from transforms.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PAGES = REPO / "sample" / "pages"
BLANK_PAGE = "<html><head><title>Gallery</title></head><body><img src='tank.jpg'></body></html>"


def text_doc(content: str, source: str = "story.txt") -> RawDocument:
    return RawDocument(source=source, content=content, kind="text")


def sample_page(name: str) -> RawDocument:
    [document] = read_document(str(SAMPLE_PAGES / name), Settings())
    return document


def test_header_with_url_becomes_metadata() -> None:
    article = clean_text_document(text_doc(
        "date 2025-07-02 https://example.org/story\nThe minister met his counterpart.\nThey spoke for an hour."))

    assert (article.published, article.url, article.site, article.title) == (
        "2025-07-02", "https://example.org/story", None, None)
    assert article.text == "The minister met his counterpart.\n\nThey spoke for an hour."
    assert article.article_id == article_id_for("https://example.org/story", "story.txt")


def test_header_sharing_its_line_with_the_body_gives_site_and_date() -> None:
    article = clean_text_document(text_doc(
        " date 2025-07-02 MENAFN - Live Mint) US Secretary of Defense met EAM S Jaishankar.\n\n"
        "The two met on Tuesday."))

    assert (article.published, article.site, article.url) == ("2025-07-02", "Live Mint (via MENAFN)", None)
    assert article.text == "US Secretary of Defense met EAM S Jaishankar.\n\nThe two met on Tuesday."


def test_text_without_header_has_no_guessed_metadata() -> None:
    article = clean_text_document(text_doc("Defence ministers met in Oslo on Tuesday."))

    assert (article.title, article.published, article.site, article.url) == (None, None, None, None)


def test_blank_lines_separate_paragraphs_and_long_lines_stopping_mid_sentence_are_wraps() -> None:
    article = clean_text_document(text_doc(
        "The defence minister met his Norwegian counterpart in Oslo on\nTuesday to discuss training.\n\n"
        "They spoke for an hour about the F-35A programme and the base at\nOrland, officials said.\n"))

    assert article.text == ("The defence minister met his Norwegian counterpart in Oslo on Tuesday to discuss "
                            "training.\n\nThey spoke for an hour about the F-35A programme and the base at "
                            "Orland, officials said.")


def test_one_line_paragraphs_stay_apart_in_a_text_that_also_has_blank_lines() -> None:
    article = clean_text_document(text_doc(
        "Lawmakers condemned the remarks on Friday.\n“This is a disgusting day,” said one of them.\n\n"
        "The caucus met later."))

    assert article.text == ("Lawmakers condemned the remarks on Friday.\n\n“This is a disgusting day,” said "
                            "one of them.\n\nThe caucus met later.")


def test_read_more_and_the_related_headlines_after_it_are_dropped() -> None:
    article = clean_text_document(text_doc(
        "India has deployed M777 howitzers.\nRead More\n"
        "Prior to the regular UNSC presidency change, India exposes Pakistan\n"
        "A ceasefire in Gaza is demanded by the UN leader"))

    assert article.text == "India has deployed M777 howitzers."


def test_a_stray_read_more_before_real_paragraphs_drops_only_that_line() -> None:
    article = clean_text_document(text_doc(
        "India has deployed M777 howitzers.\nRead More\nThe Pentagon said the deal was close.\nTalks go on."))

    assert article.text == "India has deployed M777 howitzers.\n\nThe Pentagon said the deal was close.\n\nTalks go on."


def test_ad_and_cross_promotion_lines_inside_the_body_are_dropped() -> None:
    article = clean_text_document(text_doc(
        "The minister arrived on Monday.\n- Advertisement -\nSponsored Links\n"
        "Also Read: Navy commissions new frigate\nADVERTISEMENT\nShe left on Tuesday."))

    assert article.text == "The minister arrived on Monday.\n\nShe left on Tuesday."


def test_mojibake_is_repaired_and_quote_characters_are_kept() -> None:
    article = clean_text_document(text_doc(
        "Rixeyâ€™s office said it was â€œa good dayâ€\x9d and \"fine\"."))

    assert article.text == "Rixey’s office said it was “a good day” and \"fine\"."


def test_missing_spaces_are_restored_around_sentences_and_opening_quotes() -> None:
    glued = ("They met on the sidelines of QUAD.Hegseth posted on X,“Great meeting” and said the two are"
             "“mutually aware”. It was fine.”Then he left.")

    assert restore_missing_spaces(glued) == (
        "They met on the sidelines of QUAD. Hegseth posted on X, “Great meeting” and said the two are "
        "“mutually aware”. It was fine.” Then he left.")


def test_abbreviations_initials_numbers_urls_and_emails_are_left_alone() -> None:
    intact = ("U.S.-India ties, U.S. forces and S. Jaishankar, e.g. the 3.5% rise; see "
              "https://example.org/News.Today or write to press.Office@example.org.")

    assert restore_missing_spaces(intact) == intact


def test_cjk_text_closing_quotes_and_dotted_names_are_left_alone() -> None:
    intact = ["第五届“沧州好人”提名奖", "auf Lounges beschränkt“, erklärte sie.", "Zeit für mich.“ Oder",
              "der Podcast Hin.Gehört.Spezial", "die FRITZ!Box", "on DoSchu.Com today"]

    assert [restore_missing_spaces(text) for text in intact] == intact


def test_closing_german_quotes_are_not_taken_for_opening_ones() -> None:
    german = "„Wir sind bereit“, sagte der Minister.„Gut.“Danach ging er."

    assert restore_missing_spaces(german, german_quotes=True) == "„Wir sind bereit“, sagte der Minister.„Gut.“Danach ging er."


def test_html_page_gives_story_and_metadata_without_chrome() -> None:
    article = clean_html_document(sample_page("poland-k9-thunder-deal.html"))

    assert (article.title, article.site, article.author, article.published, article.url, article.language) == (
        "Poland signs for 96 more K9 Thunder howitzers as Patriot batteries arrive", "Vistula Defence Review",
        "Joanna Wróbel", "2025-09-18",
        "https://www.vistuladefence.example/news/2025/09/poland-k9-thunder-patriot-deal", "en")
    assert article.text.startswith("WARSAW — Poland's Ministry of National Defence on Wednesday signed")
    assert "“Artillery decided the war next door, and we are drawing the obvious conclusion,” he said." in article.text
    assert article.text.endswith("would take 1,200 more students next year.")
    assert article.text.count("\n\n") == 7
    for chrome in ("cookies", "Advertisement", "Sponsored Links", "Also Read", "Related stories",
                   "Rugged laptops", "All rights reserved", "Subscribe", "Hanwha eyes second"):
        assert chrome not in article.text


def test_windows_1252_page_keeps_its_non_ascii_letters() -> None:
    article = clean_html_document(sample_page("nordic-f35a-training.html"))

    assert article.title == "Nordic air forces to pool F-35A pilot training at Ørland"
    assert article.author == "Henrik Sæther"
    assert "Major General Søren Mikkelsen, chief of the Royal Danish Air Force" in article.text
    assert "Read More" not in article.text and "Hornet farewell tour" not in article.text
    assert article.text.endswith("had been approved by parliament in June.")


def test_mojibake_page_is_repaired() -> None:
    article = clean_html_document(sample_page("black-sea-drone-patrols.html"))

    assert "“They fly unarmed,” he said." in article.text
    assert "Aydın was careful" in article.text and "near Constanța in the spring" in article.text
    assert "â€" not in article.text and "Advertisement" not in article.text
    assert (article.site, article.published, article.language) == ("Danube Wire", "2025-11-03", "en")


def test_page_without_body_text_is_an_empty_error() -> None:
    with pytest.raises(StageError) as error:
        clean_html_document(RawDocument("blank.html", BLANK_PAGE, "html"))

    assert error.value.reason == "empty"


def test_language_comes_from_the_text_and_the_page_only_breaks_ties() -> None:
    german = ("Der Minister sagte am Montag in Berlin, dass die Lage an der Ostflanke ernst sei und die "
              "Bundeswehr mehr Personal brauche. „Wir müssen schneller werden“, sagte er.")
    french = ("Le ministre a dit que la situation est grave et que les forces sont prêtes pour la mission "
              "dans la région, et le gouvernement a confirmé que les troupes sont en place pour une semaine.")

    # The site declares English for every page, as 25 German pages of shared/pages did.
    assert clean_html_document(RawDocument("de.html", page("en", german), "html")).language == "de"
    assert clean_html_document(RawDocument("de.html", page("de", german), "html")).language == "de"
    assert clean_text_document(text_doc(french)).language == "fr"
    assert clean_text_document(text_doc("Ministers met.")).language is None


def page(lang: str, paragraph: str) -> str:
    return f"<html lang='{lang}'><body><article><p>{paragraph}</p></article></body></html>"


def test_article_id_is_stable_across_url_spellings_and_directories() -> None:
    assert article_id_for("https://Example.org/story/?utm_source=x#top", "a") == \
        article_id_for("https://example.org/story", "b")
    assert article_id_for(None, "/data/run1/000_a85791ee8d2e1584.txt") == \
        article_id_for(None, "other/dir/000_a85791ee8d2e1584.txt")
    assert article_id_for(None, "a.txt") != article_id_for(None, "b.txt")
    assert len(article_id_for(None, "a.txt")) == 16


def test_jsonl_records_without_url_get_ids_from_their_content_not_their_line(tmp_path: Path) -> None:
    for run, texts in (("d1", ["Ministers met in Oslo.", "Talks went on."]), ("d2", ["Ministers met in Rome."])):
        (tmp_path / run).mkdir()
        (tmp_path / run / "export.jsonl").write_text("".join(f'{{"text": "{t}"}}\n' for t in texts))
    docs, _ = read_documents([str(tmp_path / "d1" / "export.jsonl"), str(tmp_path / "d2" / "export.jsonl")], Settings())

    oslo, talks, rome = [clean_text_document(doc) for doc in docs]

    assert len({oslo.article_id, talks.article_id, rome.article_id}) == 3
    assert oslo.article_id == article_id_for(None, "elsewhere.jsonl:7", content_hash("Ministers met in Oslo."))
    assert oslo.article_id == clean_text_document(replace(docs[0], source="d9/other.jsonl:4")).article_id


def test_plain_files_without_url_keep_the_base_name_id() -> None:
    article = clean_text_document(text_doc("Ministers met in Oslo.", "/data/run1/story.txt"))

    assert article.article_id == article_id_for(None, "story.txt")


def test_a_canonical_link_to_the_home_page_does_not_replace_the_page_url() -> None:
    body = "<p>" + "Defence ministers met in Oslo on Tuesday to discuss air defence. " * 4 + "</p>"
    page = ("<html><head><title>Talks</title><link rel='canonical' href='{canonical}'></head>"
            "<body><article>" + body + "</article></body></html>")
    own_url = "https://news.example.org/2025/07/oslo-talks"

    home = clean_html_document(RawDocument("a.html", page.format(canonical="https://news.example.org/"), "html",
                                           url=own_url))
    story = clean_html_document(RawDocument("b.html", page.format(canonical="https://news.example.org/oslo"), "html",
                                            url=own_url))

    assert (home.url, home.article_id) == (own_url, article_id_for(own_url, "a.html"))
    assert story.url == "https://news.example.org/oslo"


def test_ingest_and_clean_failures_are_one_error_type() -> None:
    with pytest.raises(StageError):
        read_document("/no/such/story.html", Settings())
    with pytest.raises(StageError):
        clean_html_document(RawDocument("blank.html", BLANK_PAGE, "html"))


def test_content_hash_changes_with_the_text() -> None:
    assert content_hash("Talks went on.") == content_hash("Talks went on.")
    assert content_hash("Talks went on.") != content_hash("Talks went on!")


def test_an_apostrophe_whose_mojibake_bytes_were_stripped_is_restored():
    assert repair_lost_apostrophes("Rixeyâs office said Iâm sure they donât know") == \
        "Rixey’s office said I’m sure they don’t know"
    assert repair_lost_apostrophes("the château of Lâm Đồng") == "the château of Lâm Đồng"


def test_a_page_with_only_navigation_is_rejected_as_too_short():
    doc = RawDocument(source="nav.html", content="<html><body><nav>Home</nav></body></html>", kind="html")
    with pytest.raises(StageError) as rejected:
        clean_document(doc)
    assert rejected.value.reason == "too short"


@pytest.mark.parametrize("candidate", ["javascript:alert(1)", "mailto:desk@example.org", "file:///etc/passwd",
                                       "data:text/html,hi", "https://x.org:abc/a", "http://[::1", "  "])
def test_only_an_http_url_with_a_host_is_an_articles_url(candidate):
    assert article_url(candidate) is None
    record = RawDocument("dump.jsonl:3", "The minister spoke.", "text", url=candidate, is_record=True)
    article = clean_text_document(record)
    assert article.url is None
    assert article.article_id == article_id_for(None, "dump.jsonl:3", article.content_hash)


def test_a_page_whose_canonical_link_is_javascript_keeps_the_url_it_was_fetched_from():
    page = ('<html><head><link rel="canonical" href="javascript:void(0)"></head><body><article><p>'
            + "The minister said the frigates would arrive in March, ahead of the exercise. " * 3
            + "</p></article></body></html>")
    article = clean_html_document(RawDocument("story.html", page, "html", url="https://news.example.org/story"))
    assert article.url == "https://news.example.org/story"


def test_control_characters_never_reach_the_text():
    article = clean_text_document(text_doc("The\x00 minister\x07 said\x1b the\x0c frigates \x7f\ufffe would come."))
    assert article.text == "The minister said the frigates would come."


def test_a_page_nested_deeper_than_the_parser_reads_is_rejected_as_such():
    page = "<html><body>" + "<div>" * 5000 + "<p>The minister spoke.</p>" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(StageError) as rejected:
        clean_html_document(RawDocument("deep.html", page, "html"))
    assert rejected.value.reason == "too deeply nested"
    assert "5003 levels" in rejected.value.detail


def test_the_readme_gives_the_depth_that_is_read_and_that_a_deeper_page_is_rejected_at() -> None:
    [promised] = re.findall(r"Markup nested deeper than (\d+) levels", (REPO / "README.md").read_text())
    paragraph = "<p>" + "The minister said the frigates would arrive in March, ahead of the exercise. " * 3 + "</p>"

    def page(depth: int) -> RawDocument:  # html and body are two of the levels
        return RawDocument("deep.html", "<html><body>" + "<div>" * (depth - 3) + paragraph + "</div>" * (depth - 3)
                           + "</body></html>", "html")

    assert clean_html_document(page(int(promised))).text
    with pytest.raises(StageError) as rejected:
        clean_html_document(page(int(promised) + 1))
    assert (rejected.value.reason, MAX_PARSER_DEPTH) == ("too deeply nested", int(promised))
    assert rejected.value.detail.endswith(f"reads {promised} levels at most")


# Hostile paragraphs of 100 kB and 1 MB: restoring spaces takes time linear in their length (96 kB of
# "QUAD.Hegseth" once took 194 s), and every repetition comes out as a short one does.
HOSTILE_PARAGRAPHS = {  # name: (one repetition, as restored)
    "glued sentences and a URL": (
        "Hegseth met QUAD ministers.He said:“We will go.”Then he left, see www.example.com.Then ",
        "Hegseth met QUAD ministers. He said: “We will go.” Then he left, see www.example.com.Then "),
    "glued sentences between spaced words": ("QUAD.Hegseth ", "QUAD. Hegseth "),
    "no spaces: one token of dotted names": ("QUAD.Hegseth", "QUAD.Hegseth"),
    "no spaces: glued opening quotes": ("said“We", "said “We"),
    "quote marks of every kind": ("“ ” \" ‘ ’ « » „ “We will not go.”“Yes.”He said. ",
                                  "“ ” \" ‘ ’ « » „ “We will not go.”“Yes.” He said. "),
    "capitalised words": ("Alpha Bravo Charlie. Delta.Echo ", "Alpha Bravo Charlie. Delta. Echo "),
    "one repeated designation": ("F-16 ", "F-16 "),
}


@pytest.mark.parametrize("size", [100_000, 1_000_000])
@pytest.mark.parametrize("name", HOSTILE_PARAGRAPHS)
def test_a_huge_hostile_paragraph_gets_the_spaces_a_short_one_gets(name: str, size: int) -> None:
    glued, restored = HOSTILE_PARAGRAPHS[name]
    repetitions = size // len(glued)
    assert restore_missing_spaces(glued * repetitions) == restored * repetitions


ARTICLE_PARAGRAPH = "<p>" + "The minister said the frigates would arrive in March, ahead of the exercise. " * 3 + "</p>"


def test_an_article_under_a_thousand_nested_divs_is_read() -> None:
    page = "<html><body>" + "<div>" * 1000 + ARTICLE_PARAGRAPH + "</div>" * 1000 + "</body></html>"

    article = clean_html_document(RawDocument("deep.html", page, "html"))

    assert article.text == ("The minister said the frigates would arrive in March, ahead of the exercise. " * 3).strip()


def test_lists_nested_deeper_than_trafilatura_can_walk_are_rejected_as_such() -> None:
    page = ("<html><body><article>" + ARTICLE_PARAGRAPH + "<ul><li>" * 600 + "item" + "</li></ul>" * 600
            + "</article></body></html>")

    with pytest.raises(StageError) as rejected:
        clean_html_document(RawDocument("lists.html", page, "html"))

    assert (rejected.value.reason, rejected.value.detail) == (
        "too deeply nested", "lists.html: markup nested 1203 levels deep, deeper than trafilatura can walk")


def test_soft_hyphens_undefined_c1_controls_and_non_characters_never_reach_the_text() -> None:
    article = clean_text_document(text_doc("Jai\xadshankar said the frigates \x81would\ufdd0 come\U0001ffff."))

    assert article.text == "Jaishankar said the frigates would come."


def test_a_line_break_inside_a_paragraph_is_a_space() -> None:
    from transforms.clean import polish_paragraphs

    assert polish_paragraphs(["Jaishankar said\r\nthe frigates\u2028would come.", "They left."]) == \
        "Jaishankar said the frigates would come.\n\nThey left."


def test_a_soft_hyphen_in_a_page_does_not_split_a_name() -> None:
    page = "<html><body><article><p>" + "S. Jai&shy;shankar met the defence minister in Delhi on Tuesday. " * 3 + \
        "</p></article></body></html>"

    assert "S. Jaishankar met" in clean_html_document(RawDocument("delhi.html", page, "html")).text


def test_a_record_title_gets_the_bodys_repairs() -> None:
    record = RawDocument("dump.jsonl:1", "Ministers met.", "text", title="Hegsethâ€™s visit\x00", is_record=True)

    assert clean_text_document(record).title == "Hegseth’s visit"


@pytest.mark.parametrize("candidate", ["http://exa mple.org/a", "https://example.org/a\x00b", "https:///a"])
def test_a_url_whose_host_does_not_parse_or_that_holds_controls_is_no_url(candidate: str) -> None:
    assert article_url(candidate) is None


def test_a_header_url_that_does_not_parse_leaves_the_records_own_url() -> None:
    record = RawDocument("dump.jsonl:2", "date 2025-07-02 https://x.org:abc/a\nThe minister spoke.", "text",
                         url="https://example.org/story", is_record=True)

    article = clean_text_document(record)

    assert (article.url, article.article_id) == ("https://example.org/story",
                                                 article_id_for("https://example.org/story", "dump.jsonl:2"))


def test_a_cleaning_process_empties_trafilaturas_caches_every_hundred_pages(monkeypatch) -> None:
    """trafilatura's caches grow with every page (PITFALLS); workers now live for 1,000 pages."""
    from transforms import clean

    resets: list[int] = []
    monkeypatch.setattr(clean, "reset_caches", lambda: resets.append(1))
    monkeypatch.setattr(clean, "_pages_since_reset", 0)
    paragraph = ("The minister said on Monday that the frigates would be delivered to the navy before the spring, "
                 "on time and within the budget agreed last year.")
    for _ in range(250):
        clean_document(RawDocument("frigates.html", page("en", paragraph), "html"))
    for _ in range(100):
        clean_document(text_doc(paragraph))   # plain text never reaches trafilatura
    assert len(resets) == 2


TAGGED_PAGE = (
    "<html><head><title>Navy orders frigates</title>"
    "<meta property='article:section' content='Defence'></head><body><article>"
    "<h1>Navy orders frigates</h1><p>By Anna Berg</p><p>The navy ordered four frigates on Monday, the ministry "
    "said, and the first will be delivered before the spring of next year.</p>"
    "<p><a rel='license' href='https://creativecommons.org/licenses/by/4.0/'>CC BY 4.0</a></p>"
    "</article></body></html>")


def test_cleaning_workers_skip_the_metadata_searches_no_article_keeps(monkeypatch) -> None:
    """Categories, tags and licence are not kept: a worker does not look for them, and every page
    comes out as it would with them."""
    from trafilatura import metadata

    from transforms.clean import UNKEPT_METADATA_SEARCHES, skip_unkept_metadata

    assert set(UNKEPT_METADATA_SEARCHES) <= set(metadata.extract_metadata.__code__.co_names)
    for name in UNKEPT_METADATA_SEARCHES:       # restored when the test ends
        monkeypatch.setattr(metadata, name, getattr(metadata, name))
    pages = [sample_page(name) for name in sorted(p.name for p in SAMPLE_PAGES.iterdir())]
    pages.append(RawDocument("frigates.html", TAGGED_PAGE, "html", url="https://navy.example/news/frigates"))
    searched = metadata.extract_metadata(TAGGED_PAGE)
    cleaned = [clean_html_document(page) for page in pages]

    skip_unkept_metadata()

    assert (searched.categories, searched.license) == (["Defence"], "CC BY 4.0")
    skipped = metadata.extract_metadata(TAGGED_PAGE)
    assert (skipped.categories, skipped.license, skipped.title, skipped.author) == (
        [], None, searched.title, searched.author)
    assert [clean_html_document(page) for page in pages] == cleaned


def test_a_warmed_up_worker_starts_with_trafilaturas_caches_empty(monkeypatch) -> None:
    from trafilatura import metadata

    from transforms import clean

    for name in clean.UNKEPT_METADATA_SEARCHES:       # restored when the test ends
        monkeypatch.setattr(metadata, name, getattr(metadata, name))
    resets: list[int] = []
    monkeypatch.setattr(clean, "reset_caches", lambda: resets.append(1))

    clean.warm_up_cleaner()

    assert resets == [1]

"""The analysts' marts (sql/views/), each read the way an analyst would, on the bundled sample.

The sample holds five articles: three dated pages of our own (Danube Wire, Vistula Defence Review, North
Atlantic Security Journal) and two reports of one Hegseth-Jaishankar meeting: Live Mint's, dated
2025-07-02, and an undated one with no known outlet (site and published are null).
"""
from __future__ import annotations

import copy
from datetime import date

import duckdb
import pytest

from flows.loading import load_and_link
from tests.sample_warehouse import LOADED_AT, build_sample_warehouse, sample_extractions
from transforms.extract import extract_article, load_extractors
from transforms.model import Article
from transforms.normalise import equipment_id_for, normalise, rejects_frame
from transforms.settings import load_settings
from warehouse.migrate import migrate
from warehouse.publish import publish_views

MARTS = ["mart_top_speakers_weekly", "mart_person_statements", "mart_equipment_by_month",
         "mart_people_equipment", "mart_statement_outlets", "quotes_about_equipment"]


@pytest.fixture(scope="session")
def extractions():
    return sample_extractions()


@pytest.fixture(scope="session")
def sample(tmp_path_factory, extractions):
    """The warehouse after one run over sample/, built once for every test here."""
    con = build_sample_warehouse(tmp_path_factory.mktemp("marts") / "sample.duckdb", extractions)
    yield con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def test_who_is_quoted_most_by_outlet_and_week(sample):
    assert rows(sample, """
        select iso_week, site, speaker, quotes, articles
        from mart_top_speakers_weekly
        where speaker_rank = 1
        order by week nulls last, site, speaker""") == [
        ("2025-W27", "Live Mint (via MENAFN)", "Pete Hegseth", 5, 1),
        ("2025-W38", "Vistula Defence Review", "Anna Malinowska", 2, 1),   # ties share the first rank
        ("2025-W38", "Vistula Defence Review", "Ewa Sadowska", 2, 1),
        ("2025-W41", "North Atlantic Security Journal", "Ingrid Berg", 2, 1),
        ("2025-W41", "North Atlantic Security Journal", "Kari Halvorsen", 2, 1),
        ("2025-W45", "Danube Wire", "Selim Aydın", 3, 1),
        (None, None, "S. Jaishankar", 8, 1),   # the undated article of no known outlet
    ]


def test_a_week_is_named_by_its_monday_and_its_iso_name(sample):
    assert rows(sample, """
        select distinct week, iso_week from mart_top_speakers_weekly where site = 'Live Mint (via MENAFN)'""") == [
        (date(2025, 6, 30), "2025-W27")]


def test_descriptions_are_speakers_without_a_kind(sample):
    assert rows(sample, """
        select speaker, speaker_kind, quotes, speaker_rank
        from mart_top_speakers_weekly
        where site = 'Vistula Defence Review'
        order by speaker_rank, speaker""") == [
        ("Anna Malinowska", "person", 2, 1),
        ("Ewa Sadowska", "person", 2, 1),
        ("Piotr Nowicki", "person", 1, 3),
        ("Tomasz Kowalczyk", "person", 1, 3),
        ("a spokesperson for the ministry", None, 1, 3),
    ]


def test_everything_a_person_said_with_the_words_around_it(sample):
    assert rows(sample, """
        select site, count(*) from mart_person_statements where speaker = 'S. Jaishankar'
        group by site order by site nulls last""") == [("Live Mint (via MENAFN)", 2), (None, 8)]
    assert rows(sample, """
        select published, site, context_before, quote, context_after
        from mart_person_statements
        where speaker = 'S. Jaishankar' and site is not null
        order by start_offset""") == [
        (date(2025, 7, 2), "Live Mint (via MENAFN)",
         "... between our forces, and then formally sign a new 10-year Framework for the US-India Major Defence "
         "Partnership ... which we hope to do very soon.\"\n\nJaishankar, in his opening remarks, said, “",
         "We believe that our defence partnership is, today, truly one of the most consequential pillars of the "
         "relationship.",
         "\n\n\"It's not built merely on shared interest, but we believe really deepening convergence and of "
         "capabilities, of responsibilities and what we do in the Indo-Pacific, we believe, is absolutely crucial"),
        (date(2025, 7, 2), "Live Mint (via MENAFN)",
         "... which we hope to do very soon.\"\n\nJaishankar, in his opening remarks, said, “We believe that our "
         "defence partnership is, today, truly one of the most consequential pillars of the relationship.\n\n\"",
         "It's not built merely on shared interest, but we believe really deepening convergence and of "
         "capabilities, of responsibilities and what we do in the Indo-Pacific, we believe, is absolutely crucial "
         "to its strategic stability,",
         "\" he said."),   # the article ends here
    ]


def test_the_context_is_the_article_text_cut_at_words_within_200_characters(sample):
    statements = rows(sample, """
        select context_before, quote, context_after, start_offset, end_offset, text
        from mart_person_statements join articles using (article_id)""")
    assert len(statements) == 40   # the 45 quotes but 5 of no known person
    for before, quote, after, start, end, text in statements:
        assert text[start - len(before):end + len(after)] == before + quote + after
        assert len(before) <= 200 and len(after) <= 200
        assert start == len(before) or text[start - len(before) - 1].isspace()
        assert end + len(after) == len(text) or text[end + len(after)].isspace()


def test_equipment_by_country_category_and_maker_month_by_month(sample):
    assert rows(sample, """
        select month, country_of_origin, category, maker, designation, mentions, articles
        from mart_equipment_by_month
        where month is not null
        order by month, country_of_origin, designation""") == [
        (date(2025, 9, 1), "South Korea", "self-propelled howitzer", "Hanwha Aerospace", "K9", 1, 1),
        (date(2025, 9, 1), "United States", "air-defence system", "Raytheon", "MIM-104", 3, 1),
        (date(2025, 10, 1), "Israel", "air-defence system", "Rafael Advanced Defense Systems", "David's Sling", 1, 1),
        (date(2025, 10, 1), "Norway, United States", "air-defence system", "Kongsberg", "NASAMS", 1, 1),
        (date(2025, 10, 1), "Sweden", "fighter aircraft", "Saab", "JAS 39", 2, 1),
        (date(2025, 10, 1), "United States", "fighter aircraft", "Lockheed Martin", "F-35", 5, 1),
        (date(2025, 10, 1), "United States", "fighter aircraft", "Boeing", "F/A-18", 1, 1),
        (date(2025, 11, 1), "South Korea", "self-propelled howitzer", "Hanwha Aerospace", "K9", 1, 1),
        (date(2025, 11, 1), "Turkey", "unmanned aerial vehicle", "Baykar", "Bayraktar TB2", 2, 1),
        (date(2025, 11, 1), "United States", "air-defence system", "Raytheon", "MIM-104", 3, 1),
    ]
    # the undated article's eight US-made systems
    assert rows(sample, """
        select country_of_origin, count(*), sum(mentions) from mart_equipment_by_month
        where month is null group by all order by all""") == [("United Kingdom", 1, 1), ("United States", 7, 7)]


def test_people_and_the_systems_named_in_their_articles(sample):
    assert rows(sample, """
        select person, articles, first_seen, last_seen, quotes_about
        from mart_people_equipment
        where designation = 'F-35'
        order by quotes_about desc, person""") == [
        ("Aino Virtanen", 1, date(2025, 10, 7), date(2025, 10, 7), 1),
        ("Søren Mikkelsen", 1, date(2025, 10, 7), date(2025, 10, 7), 1),
        ("Ingrid Berg", 1, date(2025, 10, 7), date(2025, 10, 7), 0),
        ("Kari Halvorsen", 1, date(2025, 10, 7), date(2025, 10, 7), 0),
    ]


def test_one_statement_side_by_side_as_each_outlet_reported_it(sample):
    assert rows(sample, """
        select outlets, versions, site, published, quote_pieces, quote
        from mart_statement_outlets
        where speaker = 'S. Jaishankar'
        order by statement_id, published nulls last""") == [
        (2, 2, "Live Mint (via MENAFN)", date(2025, 7, 2), 1,
         "It's not built merely on shared interest, but we believe really deepening convergence and of "
         "capabilities, of responsibilities and what we do in the Indo-Pacific, we believe, is absolutely crucial "
         "to its strategic stability,"),
        (2, 2, None, None, 2,   # quoted in two pieces around "Jaishankar stated."
         "We think there is a really deepening convergence of capabilities and responsibilities, and it’s not just "
         "based on shared interests, … And what we do in the Indo-Pacific, we believe, is absolutely crucial to "
         "its strategic stability."),
        (2, 2, "Live Mint (via MENAFN)", date(2025, 7, 2), 1,
         "We believe that our defence partnership is, today, truly one of the most consequential pillars of the "
         "relationship."),
        (2, 2, None, None, 1, "one of the most consequential pillars"),
    ]
    assert rows(sample, "select count(distinct statement_id), count(*) from mart_statement_outlets") == [(4, 8)]


def test_who_said_what_about_which_system_only_near_the_quote(sample):
    """45 quotes and 28 namings of systems in the sample; 7 quotes have a system in their paragraph."""
    assert rows(sample, """
        select speaker, designation, nearness, distance, mention, quote
        from quotes_about_equipment
        order by published, speaker, designation""") == [
        ("Piotr Nowicki", "MIM-104", "paragraph", 197, "PAC-3 MSE",
         "a milestone the brigade has worked toward for six years."),
        ("Aino Virtanen", "F-35", "paragraph", 78, "F-35A",
         "Our pilots will arrive at Ørland speaking the same tactical language as their Nordic colleagues,"),
        ("Aino Virtanen", "F/A-18", "paragraph", 39, "F/A-18 Hornets",
         "Our pilots will arrive at Ørland speaking the same tactical language as their Nordic colleagues,"),
        ("Swedish Armed Forces", "F-35", "sentence", 12, "F-35A", "to give both sides a realistic opponent."),
        ("Swedish Armed Forces", "JAS 39", "sentence", 52, "Gripen E", "to give both sides a realistic opponent."),
        ("Søren Mikkelsen", "F-35", "paragraph", 175, "F-35A",
         "the natural next step after a decade of flying side by side."),
        ("Selim Aydın", "Bayraktar TB2", "paragraph", 242, "Bayraktar TB2",
         "Our job is to see everything that moves on the water,"),
    ]


def test_quotes_about_equipment_keeps_the_columns_dashboards_read(sample):
    columns = [row[0] for row in rows(sample, "describe quotes_about_equipment")]
    assert columns[:9] == ["speaker", "quote", "designation", "equipment_name", "category", "site", "published",
                           "title", "article_id"]
    assert {"nearness", "distance"} <= set(columns)


@pytest.fixture
def singh_article(tmp_path):
    """One article: a system in another paragraph, one in the paragraph, one in a quote's sentence and
    one inside the next quote."""
    text = ("India has ordered 24 more MH-60R helicopters for its navy.\n\n"
            "Defence Minister Rajnath Singh visited the P-8I squadron at Arakkonam on Friday. "
            "“Our crews are ready,” Singh said after a flight in an AH-64E Apache. "
            "“The C-17 fleet will carry the spares,” he added.")
    article = Article(article_id="n1", source="n1.txt", text=text, content_hash="h-n1", published="2025-07-04",
                      site="Test Wire")
    extraction = extract_article(article, load_extractors(load_settings(environ={})))
    con = duckdb.connect(str(tmp_path / "singh.duckdb"))
    migrate(con)
    publish_views(con)
    load_and_link(con, normalise([extraction], {}, "run-1", LOADED_AT), rejects_frame([], "run-1", LOADED_AT),
                  LOADED_AT)
    yield con
    con.close()


def test_a_quote_is_tied_to_the_systems_in_it_its_sentence_and_its_paragraph(singh_article):
    assert rows(singh_article, """
        select quote, designation, nearness, distance
        from quotes_about_equipment
        order by quote, distance""") == [
        ("Our crews are ready,", "AH-64E", "sentence", 34),
        ("Our crews are ready,", "P-8I", "paragraph", 35),
        ("Our crews are ready,", "C-17", "paragraph", 54),
        ("The C-17 fleet will carry the spares,", "C-17", "quote", 0),
        ("The C-17 fleet will carry the spares,", "AH-64E", "paragraph", 3),
        ("The C-17 fleet will carry the spares,", "P-8I", "paragraph", 105),
    ]   # the MH-60R, a paragraph away, is in no row


def test_sentences_and_paragraphs_tile_each_article(sample):
    """Every character but the blank lines between paragraphs is in exactly one sentence."""
    for article_id, text in rows(sample, "select article_id, text from articles"):
        spans = rows(sample, f"""select start_offset, end_offset, paragraph_start, paragraph_end
                                from article_sentences where article_id = '{article_id}' order by start_offset""")
        paragraphs = sorted({(start, end) for _, _, start, end in spans})
        assert "\n\n".join(text[start:end] for start, end in paragraphs) == text
        assert "".join(text[start:end] for start, end, _, _ in spans) == text.replace("\n\n", "")


def test_a_sentence_does_not_end_after_an_initial(sample):
    assert rows(sample, """
        select substring(text, start_offset + 1, end_offset - start_offset)
        from article_sentences join articles using (article_id)
        where article_id = 'dc70dcd958d17738' and paragraph_no = 1""") == [(
        "US Defense Secretary Pete Hegseth stated that the US and India are both aware of the security threats "
        "in the region and are able to work together to address them during his meeting with External Affairs "
        "Minister S. Jaishankar.",)]


def test_equipment_namings_found_again_in_the_text_are_those_the_extractor_made(sample, extractions):
    """The warehouse keeps no offsets of equipment mentions; searching their words recovers them all."""
    extracted = sorted((e.article.article_id, equipment_id_for(item.designation), span.start, span.end, span.text)
                       for e in extractions for item in e.equipment for span in item.mentions)
    found = rows(sample, """select article_id, equipment_id, start_offset, end_offset, mention
                            from equipment_mention_offsets order by all""")
    assert found == extracted
    assert len(found) == 28


def test_every_view_answers_on_an_empty_warehouse(tmp_path):
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as con:
        migrate(con)
        publish_views(con)
        names = [row[0] for row in rows(con, "select view_name from duckdb_views() where not internal")]
        assert set(MARTS) <= set(names)
        for name in names:
            assert rows(con, f"select * from {name}") == [], name


# Marts that list quotes (one row per quote or per article's version of a statement).
QUOTE_MARTS = ["quote_details", "quotes_about_equipment", "statement_versions", "mart_person_statements",
               "mart_statement_outlets"]


@pytest.fixture
def bilingual(tmp_path, extractions):
    """The sample with two articles read as Polish, as if Polish had rules (the report of no known outlet,
    which shares statements with Live Mint's, and the North Atlantic Security Journal's, whose quotes are
    about weapons systems): their quotes, people and systems are Polish ones, the others English."""
    read = copy.deepcopy(extractions)
    for extraction in read:
        if extraction.article.site in (None, "North Atlantic Security Journal"):
            extraction.article.language = "pl"
    con = build_sample_warehouse(tmp_path / "bilingual.duckdb", read)
    yield con
    con.close()


def test_every_mart_of_quotes_gives_each_row_the_language_of_its_article(bilingual):
    for mart in QUOTE_MARTS:
        by_language = dict(rows(bilingual, f"""
            select {mart}.language, count(*) from {mart} join articles using (article_id)
            where {mart}.language is not distinct from articles.language group by all"""))
        assert set(by_language) == {"en", "pl"}, mart
        assert sum(by_language.values()) == rows(bilingual, f"select count(*) from {mart}")[0][0], mart


def test_the_counting_marts_count_each_language_apart(bilingual):
    def one(query: str) -> int:
        return rows(bilingual, query)[0][0]

    polish = "(select article_id from articles where language = 'pl')"
    pairs = [
        ("select sum(quotes) from mart_top_speakers_weekly where language = 'pl'",
         f"select count(*) from quotes where speaker is not null and article_id in {polish}"),
        ("select sum(mentions) from mart_equipment_by_month where language = 'pl'",
         f"select sum(mentions) from article_equipment where article_id in {polish}"),
        ("select sum(articles) from mart_people_equipment where language = 'pl'",
         f"select count(*) from article_people join article_equipment using (article_id) where article_id in {polish}"),
        ("select sum(quotes_about) from mart_people_equipment where language = 'pl'",
         "select count(*) from quotes_about_equipment where person_id is not null and language = 'pl'"),
    ]
    for mart, counted in pairs:
        assert one(mart) == one(counted) > 0, mart

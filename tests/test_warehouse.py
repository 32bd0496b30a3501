"""warehouse: migrations, merges that a rerun leaves unchanged, one transaction per load."""
import subprocess
import sys
from datetime import datetime
from unittest.mock import patch

import duckdb
import pandas as pd
import pytest

from flows.loading import candidate_records, load_and_link
from tests.conftest import REPO
from tests.sample_warehouse import build_sample_warehouse, sample_extractions
from tests.test_normalise import german_article, hegseth_article
from transforms.model import Quote, Reject
from transforms.normalise import normalise, rejects_frame
from transforms.stories import RECENT_DAYS, STORY_WINDOW_DAYS
from warehouse.connect import WarehouseError, connect
from warehouse.links import article_texts, candidate_articles, candidate_quotes
from warehouse.load import known_people, one_transaction, start_run
from warehouse.migrate import MIGRATIONS_DIR, migrate, pending_migrations
from warehouse.publish import BASE_TABLES, publish_views, table_counts

NOW = datetime(2026, 11, 22, 2, 0)
DUCKDB_BLOCK_BYTES = 256 * 1024


@pytest.fixture
def con(warehouse_path):
    with connect(warehouse_path) as con:
        migrate(con)
        publish_views(con)
        yield con


def load(con, extractions, run_id="run-1", rejects=(), now=NOW):
    tables = normalise(extractions, known_people(con), run_id, now)
    return load_and_link(con, tables, rejects_frame(list(rejects), run_id, now), now)


def test_migrations_create_the_contract_tables_once(con):
    tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
    assert set(BASE_TABLES) <= tables
    assert pending_migrations(con) == []
    assert migrate(con) == []


def test_a_rerun_adds_nothing_and_changes_nothing(con):
    first = load(con, [hegseth_article("a1"), hegseth_article("a2")])
    before = {t: con.execute(f"select * from {t} order by all").fetchall() for t in BASE_TABLES}
    second = load(con, [hegseth_article("a1"), hegseth_article("a2")], run_id="run-2")
    after = {t: con.execute(f"select * from {t} order by all").fetchall() for t in BASE_TABLES}
    assert (first.articles_new, first.articles_changed, first.articles_unchanged) == (2, 0, 0)
    assert (second.articles_new, second.articles_changed, second.articles_unchanged) == (0, 0, 2)
    assert after == before


def test_a_changed_article_replaces_its_quotes_and_keeps_its_first_ingestion_time(con):
    load(con, [hegseth_article("a1")])
    changed = hegseth_article("a1")
    changed.article.content_hash = "edited"
    changed.quotes = []
    result = load(con, [changed], run_id="run-2")
    assert (result.articles_new, result.articles_changed) == (0, 1)
    assert con.execute("select count(*) from quotes").fetchone() == (0,)
    assert con.execute("select run_id, content_hash from articles").fetchall() == [("run-2", "edited")]


def test_ids_are_unique_in_every_table_after_several_loads(con):
    load(con, [hegseth_article("a1")])
    load(con, [hegseth_article("a1"), hegseth_article("a2")], run_id="run-2")
    for table, key in [("articles", "article_id"), ("people", "person_id"), ("quotes", "quote_id"),
                       ("equipment", "equipment_id"), ("person_aliases", "person_id, alias"),
                       ("article_people", "article_id, person_id"),
                       ("article_equipment", "article_id, equipment_id")]:
        duplicates = con.execute(f"select {key}, count(*) from {table} group by all having count(*) > 1").fetchall()
        assert duplicates == [], table


def test_a_failing_load_leaves_the_warehouse_as_it_was(con):
    load(con, [hegseth_article("a1")])
    before = table_counts(con)
    tables = normalise([hegseth_article("a2")], {}, "run-2", NOW)
    tables.quotes = pd.DataFrame({"not_a_column": [1]})   # breaks the quotes insert, after articles merged
    with pytest.raises(duckdb.BinderException, match="not_a_column"):
        load_and_link(con, tables, rejects_frame([], "run-2", NOW), NOW)
    assert table_counts(con) == before


def test_runs_and_rejects_record_what_happened(con):
    start_run(con, "run-1", NOW, ["sample"])
    assert con.execute("select status from runs").fetchall() == [("running",)]
    rejects = rejects_frame([Reject("gone.html", "ingest", "http 404", "Not Found")], "run-1", NOW)
    load_and_link(con, normalise([hegseth_article("a1")], {}, "run-1", NOW), rejects, NOW, "run-1")
    assert con.execute("select status, articles_new, rejected from runs").fetchall() == [("completed", 1, 1)]
    assert con.execute("select source, stage, reason from rejects").fetchall() == [("gone.html", "ingest", "http 404")]


def test_the_analysts_views_answer_who_said_what_about_which_system(con):
    load(con, [hegseth_article("a1")])
    rows = con.execute("select speaker, quote, designation from quotes_about_equipment").fetchall()
    assert rows == [("Pete Hegseth", "We are ready", "MH-60R")]


def test_a_warehouse_held_by_another_process_gives_a_clear_error(warehouse_path):
    with connect(warehouse_path) as con:
        migrate(con)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(30)"),
        str(warehouse_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseError, match="in use by another process"):
            connect(warehouse_path, lock_wait=1)
    finally:
        holder.kill()
        holder.wait()


def test_reading_a_missing_warehouse_says_to_run_first(tmp_path):
    with pytest.raises(WarehouseError, match="run `newsware run` first"):
        connect(tmp_path / "none.duckdb", read_only=True)


def test_articles_without_dates_load_and_still_form_stories(con):
    first, second = hegseth_article("a1"), hegseth_article("a2")
    first.article.published = second.article.published = None
    for extraction in (first, second):
        extraction.quotes[0].text = "We are ready to deliver the helicopters this year"
    load(con, [first, second])
    assert con.execute("select count(distinct story_id), count(*) from articles").fetchall() == [(1, 2)]
    assert con.execute("select count(distinct statement_id) from quotes").fetchall() == [(1,)]


def test_people_end_the_same_whichever_run_saw_the_full_name_first(tmp_path):
    """'Hegseth' in one run and 'Pete Hegseth' in the next, or the reverse: one person, same rows."""
    states = []
    for order in (["a1", "a2"], ["a2", "a1"]):
        with connect(tmp_path / f"{order[0]}.duckdb") as con:
            migrate(con)
            for run, article_id in enumerate(order):
                written = "Hegseth" if article_id == "a1" else "Pete Hegseth"
                load(con, [hegseth_article(article_id, written=written)], run_id=f"run-{run}")
            states.append({table: con.execute(f"select * from {table} order by all").fetchall()
                           for table in ("people", "person_aliases", "article_people", "quotes")})
    assert states[0] == states[1]
    assert [row[1] for row in states[0]["people"]] == ["Pete Hegseth"]
    assert {row[3] for row in states[0]["quotes"]} == {"Pete Hegseth"}  # speaker


def test_a_smaller_catalogue_never_erases_what_is_known_of_a_weapon(con):
    load(con, [hegseth_article("a1")])
    bare = hegseth_article("a2")
    bare.equipment[0].category = bare.equipment[0].name = None
    load(con, [bare], run_id="run-2")
    assert con.execute("select designation, name, category from equipment").fetchall() == [
        ("MH-60R", "Seahawk", "helicopter")]


def test_a_later_run_never_splits_a_story_an_earlier_run_made(con):
    """z1 (1 July) and m2 (4 July) share a statement; a run on 7 July adds a3, which shares one with m2."""
    def dated(article_id, day, quote):
        extraction = hegseth_article(article_id)
        extraction.article.published = f"2025-07-0{day}"
        extraction.quotes[0].text = quote
        return extraction
    first = "We will deliver the helicopters to India before the end of this year"
    second = "Our navies will exercise together in the Indian Ocean next spring"
    loaded_long_ago = datetime(2025, 7, 8)  # so only dates and existing groups bring articles together
    load(con, [dated("z1", 1, first)], now=loaded_long_ago)
    m2 = dated("m2", 4, first)
    m2.quotes.append(Quote(text=second, start=40, end=60, speaker="Pete Hegseth", speaker_kind="person"))
    load(con, [m2], run_id="run-2", now=loaded_long_ago)
    load(con, [dated("a3", 7, second)], run_id="run-3", now=loaded_long_ago)
    assert con.execute("select count(distinct story_id) from articles").fetchone() == (1,)


def base_tables(con) -> dict[str, list]:
    """Every row of every base table but `runs` and `rejects`, and without the run that wrote the article."""
    return {table: con.execute(f"select * exclude (run_id) from {table} order by all" if table == "articles"
                               else f"select * from {table} order by all").fetchall()
            for table in BASE_TABLES if table not in ("runs", "rejects")}


def duplicate_keys(con) -> dict[str, list]:
    keys = {"articles": "article_id", "people": "person_id", "quotes": "quote_id", "equipment": "equipment_id",
            "person_aliases": "person_id, alias", "article_people": "article_id, person_id",
            "article_equipment": "article_id, equipment_id"}
    found = {table: con.execute(f"select {key}, count(*) from {table} group by all having count(*) > 1").fetchall()
             for table, key in keys.items()}
    return {table: rows for table, rows in found.items() if rows}


def accented_articles() -> list:
    """Extracted as a run would: the same people written with and without their accents."""
    from pathlib import Path

    from transforms.equipment import load_equipment_catalogue
    from transforms.extract import Extractors, extract_article
    from transforms.model import Article
    from transforms.people import load_people_gazetteer
    config = Path(__file__).resolve().parent.parent / "config"
    extractors = Extractors(load_people_gazetteer(config / "people.yaml", config / "organisations.yaml"),
                            load_equipment_catalogue(config / "equipment.yaml"))
    texts = {
        "eu1": "EU Commissioner Günther Oettinger said: “The budget must pass this year.” "
               "Oettinger added that talks would go on.",
        "de2": "German Defence Minister Jürgen Müller told reporters: “We will buy more tanks soon.” "
               "Spanish Foreign Minister José Álvarez said: “We agree with our German friends.”",
        "a3": "“We are ready for the talks,” Günther said on Monday.",
        "a4": "“We are not ready for the talks,” Gunther said on Tuesday. “Fine,” Muller said.",
        "tt5": "Deputy Director of Public Prosecutions Mrs. Joan Honoré-Paul led the case. "
               "“The evidence is clear,” Joan Honore-Paul said.",
    }
    return [extract_article(Article(article_id=article_id, source=f"{article_id}.txt", text=text,
                                     content_hash=f"h-{article_id}", published="2025-07-02"), extractors)
            for article_id, text in texts.items()]


def test_a_rerun_of_names_with_accents_changes_no_table(con):
    """The second load of the same extraction leaves every table as the first left it (no 'Gunther'
    alias for 'Günther' appearing only on the rerun)."""
    load(con, accented_articles())
    before = base_tables(con)
    load(con, accented_articles(), run_id="run-2")
    assert base_tables(con) == before
    assert {name for _, name, _ in before["people"]} == {
        "Günther Oettinger", "Günther", "Jürgen Müller", "José Álvarez", "Joan Honoré-Paul"}
    assert ("Günther",) in con.execute("select speaker from quotes").fetchall()
    assert ("Gunther",) not in con.execute("select speaker from quotes").fetchall()


def test_a_rerun_keeps_a_surname_two_people_were_written_under_apart_from_both(con):
    """"Scott" alone (Gary or Rick?) stays "Scott" although both full names carry the alias "Scott"."""
    gary, rick = hegseth_article("g1", written="Gary Scott"), hegseth_article("r1", written="Rick Scott")
    gary.people[0].aliases = rick.people[0].aliases = ["Scott"]
    extractions = [gary, rick, hegseth_article("s1", written="Scott")]
    load(con, extractions)
    before = base_tables(con)
    load(con, extractions, run_id="run-2")
    assert base_tables(con) == before
    assert con.execute("select speaker from quotes where article_id = 's1'").fetchall() == [("Scott",)]


def test_ids_are_unique_in_every_table_after_loading_names_that_fold_together(con):
    """Two spellings of one person in one article, spellings across articles, a shared surname, and a
    surname-only person absorbed by a later run: still one row per key in every table."""
    from tests.test_normalise import naming
    load(con, [naming("a1", "Joan Honoré-Paul", "Joan Honore-Paul", "Hegseth"), naming("a2", "Gunther"),
               *accented_articles()])
    assert duplicate_keys(con) == {}
    load(con, [naming("b3", "Günther", "Pete Hegseth", "Hegseth"), naming("b4", "Pete Hegseth", "Hegseth"),
               *accented_articles()], run_id="run-2")
    assert duplicate_keys(con) == {}
    assert con.execute("select count(*) from people where name = 'Hegseth'").fetchone() == (0,)


def test_a_rerun_of_unchanged_input_writes_nothing_and_leaves_the_file_size_as_it_was(tmp_path):
    extractions = sample_extractions()
    path = tmp_path / "sample.duckdb"
    con = build_sample_warehouse(path, extractions)
    con.execute("checkpoint")
    size, before = path.stat().st_size, base_tables(con)
    result = load(con, extractions, run_id="run-2")
    con.execute("checkpoint")
    assert (result.articles_unchanged, result.articles_written) == (len(extractions), [])
    assert base_tables(con) == before
    assert path.stat().st_size == size
    con.close()


def test_nightly_reruns_recorded_in_runs_never_grow_the_file(tmp_path):
    """Each run adds its row to `runs`, which DuckDB writes to a new block before it frees the old one:
    the file may stand one block over its size, never more, however many reruns."""
    extractions = sample_extractions()
    path = tmp_path / "sample.duckdb"
    sizes = []
    for run in range(5):
        with connect(path) as con:
            migrate(con)
            publish_views(con)
            start_run(con, f"run-{run}", NOW, ["sample"])
            tables = normalise(extractions, known_people(con), f"run-{run}", NOW)
            load_and_link(con, tables, rejects_frame([], f"run-{run}", NOW), NOW, f"run-{run}")
            con.execute("checkpoint")
        sizes.append(path.stat().st_size)
    assert max(sizes) <= sizes[0] + DUCKDB_BLOCK_BYTES


def test_an_article_extracted_again_differently_gets_its_new_rows_though_its_text_is_the_same(con):
    """A better gazetteer on an unchanged page: the article is unchanged, its quotes are not."""
    load(con, [hegseth_article("a1", written="Hegseth")])
    better = hegseth_article("a1", written="Pete Hegseth")
    result = load(con, [better], run_id="run-2")
    assert (result.articles_changed, result.articles_unchanged, result.articles_written) == (0, 1, ["a1"])
    assert con.execute("select speaker from quotes").fetchall() == [("Pete Hegseth",)]


def test_linking_reads_the_articles_near_each_written_article_not_all_between_the_first_and_last(con):
    def dated(article_id, day):
        extraction = hegseth_article(article_id)
        extraction.article.published = day
        return extraction
    load(con, [dated("jan", "2025-01-01"), dated("jun", "2025-06-01"), dated("dec", "2025-12-01")],
         now=datetime(2025, 12, 20))
    later = datetime(2026, 3, 1)  # nothing was loaded in the days before: only dates bring articles in
    load(con, [dated("jan-2", "2025-01-02"), dated("dec-2", "2025-12-02")], run_id="run-2", now=later)
    articles = [row for chunk in candidate_articles(con, ["jan-2", "dec-2"], STORY_WINDOW_DAYS, RECENT_DAYS, later)
                for row in chunk]
    assert sorted(article_id for article_id, _, _ in articles) == ["dec", "dec-2", "jan", "jan-2"]
    assert all(len(row) == 3 for row in articles)  # id, date, people: texts are read only for those compared
    quotes = [row for chunk in candidate_quotes(con, [row[0] for row in articles]) for row in chunk]
    assert sorted(article_id for _, article_id, _, _ in quotes) == ["dec", "dec-2", "jan", "jan-2"]


def test_linking_records_hold_one_string_per_person_however_many_articles_name_them(con):
    load(con, [hegseth_article("a1"), hegseth_article("a2")])
    article_ids = [row[0] for row in con.execute("select article_id from articles order by 1").fetchall()]
    articles, quotes = candidate_records(con, article_ids, NOW)
    first, second = sorted(articles, key=lambda article: article.article_id)
    assert first.people == second.people and first.people
    assert all(a is b for a, b in zip(first.people, second.people))
    assert {quote.article_id for quote in quotes} == set(article_ids)


def test_linking_holds_duckdb_to_its_own_memory_limit_once_the_merge_is_done(con):
    limit = "select current_setting('memory_limit')"
    before = con.execute(limit).fetchone()[0]
    tables = normalise([hegseth_article("a1"), hegseth_article("a2")], {}, "run-1", NOW)
    linked_under = []
    with patch("flows.loading.link_stories", lambda con, *_: linked_under.append(con.execute(limit).fetchone()[0])):
        load_and_link(con, tables, rejects_frame([], "run-1", NOW), NOW, link_memory_limit="64MB")
    assert linked_under == ["61.0 MiB"] != [before]   # 64,000,000 bytes
    assert con.execute("select count(*) from articles").fetchone() == (2,)


def test_linking_reads_the_texts_it_compares_from_a_copy_made_once(con):
    load(con, [hegseth_article("a1"), hegseth_article("a2")])
    article_ids = [row[0] for row in con.execute("select article_id from articles order by 1").fetchall()]
    with one_transaction(con), article_texts(con, article_ids) as texts_of:
        assert con.execute("select count(*) from link_texts").fetchall() == [(2,)]
        text = con.execute("select text from articles where article_id = ?", [article_ids[1]]).fetchall()[0][0]
        assert texts_of([article_ids[1]]) == {article_ids[1]: text}
        assert texts_of(["not-an-article"]) == {}
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'link_texts'").fetchall() == [(0,)]


def test_the_warehouse_layer_runs_no_extraction_code():
    """warehouse/ takes frames and runs SQL: importing all of it loads nothing of transforms/ or flows/."""
    modules = [f"warehouse.{path.stem}" for path in (REPO / "warehouse").glob("*.py") if path.stem != "__init__"]
    imported = subprocess.run([sys.executable, "-c", (
        f"import sys, {', '.join(modules)}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('transforms', 'flows')))")],
        capture_output=True, text=True, cwd=REPO, check=True)
    assert imported.stdout.strip() == "[]"


def skipped_and_languages(con) -> tuple[list[tuple], list[tuple]]:
    """Each article's `skipped`, and each quote's language beside its article's."""
    return (con.execute("select article_id, skipped from articles order by article_id").fetchall(),
            con.execute("select quotes.language, articles.language from quotes "
                        "join articles using (article_id) order by quote_id").fetchall())


def test_an_article_not_looked_at_is_told_from_one_without_quotes_and_a_quote_has_its_article_s_language(con):
    silent = hegseth_article("a2")
    silent.quotes = []
    load(con, [hegseth_article("a1"), silent, german_article("d1")])
    skipped, languages = skipped_and_languages(con)
    assert skipped == [("a1", []), ("a2", []), ("d1", ["people", "quotes"])]
    assert languages == [("en", "en")]


def test_an_article_read_again_by_rules_for_its_language_gets_its_quotes_and_loses_its_skipped(con):
    load(con, [german_article("d1")])
    read = german_article("d1")
    read.skipped = []
    read.quotes = [Quote(text="Die MH-60R kommen pünktlich", start=1, end=28, speaker="die Ministerin", cue="sagte",
                         method="explicit")]
    result = load(con, [read], run_id="run-2")
    assert (result.articles_changed, result.articles_written) == (0, ["d1"])
    assert skipped_and_languages(con) == ([("d1", [])], [("de", "de")])
    again = load(con, [read], run_id="run-3")
    assert again.articles_written == []


def test_a_warehouse_from_before_skipped_and_quote_languages_gets_them_filled_and_a_rerun_changes_nothing(tmp_path):
    """The warehouse an earlier release left: the same rows without the two columns, and without migration 005
    in its ledger."""
    extractions = [*sample_extractions(), german_article("d1")]
    con = build_sample_warehouse(tmp_path / "old.duckdb", extractions)
    expected = skipped_and_languages(con)
    [newest] = sorted(MIGRATIONS_DIR.glob("005_*.sql"))
    con.execute("alter table articles drop column skipped")
    con.execute("alter table quotes drop column language")
    con.execute("delete from schema_migrations where name = ?", [newest.name])

    assert migrate(con) == [newest.name]
    publish_views(con)
    assert skipped_and_languages(con) == expected
    before = base_tables(con)
    result = load(con, extractions, run_id="run-2")
    assert (result.articles_unchanged, result.articles_written) == (len(extractions), [])
    assert base_tables(con) == before
    con.close()


@pytest.mark.slow
@pytest.mark.needs_shared
@pytest.mark.timeout(1800)   # the first test to read pages_warehouse builds it: one run over 923 pages
def test_on_real_pages_every_article_says_what_was_not_attempted_and_every_quote_has_its_language(pages_warehouse):
    from transforms.extract import ENGLISH_RULES_LANGUAGES, load_extractors
    from transforms.settings import load_settings

    read = ENGLISH_RULES_LANGUAGES | set(load_extractors(load_settings(environ={})).languages)
    with connect(pages_warehouse, read_only=True) as con:
        skipped = con.execute("select language, skipped, count(*) from articles group by all").fetchall()
        mismatched = con.execute("select count(*) from quotes join articles using (article_id) "
                                 "where quotes.language is distinct from articles.language").fetchone()
        quotes_by_language = dict(con.execute("select language, count(*) from quotes group by all").fetchall())
    not_read = {language for language, _, _ in skipped if language not in read}
    assert len(not_read) > 1   # Italian, Dutch, ...
    for language, steps, articles in skipped:
        assert steps == ([] if language in read else ["people", "quotes"]), (language, articles)
    assert mismatched == (0,)
    assert {"en", "de", "fr"} <= set(quotes_by_language) <= read

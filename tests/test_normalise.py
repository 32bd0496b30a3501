"""normalise: extractions become table rows with ids that do not depend on the run."""
from datetime import datetime

import pandas as pd

from transforms.model import Article, EquipmentMention, Extraction, Person, Quote, Span
from transforms.normalise import (ARTICLE_TABLES, RunPeople, RunTables, drop_duplicate_articles, equipment_id_for,
                                  names_of, normalise, person_id_for)

NOW = datetime(2026, 11, 22, 2, 0)


def article(article_id: str, text: str = "Hegseth said the MH-60R is ready.") -> Article:
    return Article(article_id=article_id, source=f"{article_id}.txt", text=text, content_hash=f"h-{article_id}",
                   published="2025-07-02")


def hegseth_article(article_id: str, written: str = "Pete Hegseth") -> Extraction:
    return Extraction(
        article=article(article_id),
        people=[Person(name=written, role="Defense Secretary", country="US",
                       mentions=[Span(0, 7, "Hegseth")])],
        quotes=[Quote(text="We are ready", start=20, end=32, speaker=written, speaker_kind="person",
                      speaker_mention=Span(0, 7, "Hegseth"), cue="said", method="explicit")],
        equipment=[EquipmentMention(designation="MH-60R", name="Seahawk", category="helicopter", quantity=24,
                                    mentions=[Span(17, 23, "MH-60R")])],
    )


def test_the_same_person_and_weapon_in_two_articles_are_one_row_each():
    tables = normalise([hegseth_article("a1"), hegseth_article("a2")], {}, "run-1", NOW)
    assert tables.row_counts() == {"articles": 2, "people": 1, "person_aliases": 0, "article_people": 2,
                                   "quotes": 2, "equipment": 1, "article_equipment": 2,
                                   "person_merges": 0}
    assert set(tables.article_people.person_id) == {person_id_for("Pete Hegseth")}
    assert tables.quotes.person_id.tolist() == [person_id_for("Pete Hegseth")] * 2
    assert tables.article_equipment.quantity.tolist() == [24, 24]


def test_ids_are_the_same_on_every_run():
    first = normalise([hegseth_article("a1")], {}, "run-1", NOW)
    second = normalise([hegseth_article("a1")], {}, "run-2", datetime(2027, 1, 1))
    for table in ("people", "quotes", "equipment", "article_equipment"):
        assert first.__dict__[table].equals(second.__dict__[table]), table


def test_a_surname_only_article_joins_the_person_already_in_the_warehouse():
    tables = normalise([hegseth_article("a3", written="Hegseth")], {"Pete Hegseth": []}, "run-1", NOW)
    assert tables.people.name.tolist() == ["Pete Hegseth"]
    assert tables.quotes.speaker.tolist() == ["Pete Hegseth"]
    assert tables.person_aliases.alias.tolist() == ["Hegseth"]


def test_an_organisation_speaker_has_no_person_id():
    extraction = hegseth_article("a1")
    extraction.quotes = [Quote(text="where the two nations will build", start=0, end=10, speaker="the Pentagon",
                               speaker_kind="organization", cue="according to", partial=True, method="explicit")]
    quotes = normalise([extraction], {}, "run-1", NOW).quotes
    assert quotes.person_id.isna().all() and quotes.speaker.tolist() == ["the Pentagon"]


def test_the_second_input_of_the_same_article_is_rejected_as_duplicate():
    first, again = hegseth_article("a1"), hegseth_article("a1")
    again.article.source = "mirror/a1.txt"
    kept, rejects = drop_duplicate_articles([first, again])
    assert kept == [first]
    assert [(r.source, r.stage, r.reason) for r in rejects] == [("mirror/a1.txt", "normalise", "duplicate")]


def test_published_becomes_a_date_and_a_bad_one_null():
    good, bad = hegseth_article("a1"), hegseth_article("a2")
    bad.article.published = "July 2nd"
    articles = normalise([good, bad], {}, "run-1", NOW).articles
    assert [str(d) if d else None for d in articles.published] == ["2025-07-02", None]


def test_aliases_are_names_not_the_role_nouns_that_stood_for_the_person():
    extraction = hegseth_article("a1")
    extraction.people[0].aliases = ["Hegseth", "the defense secretary"]
    assert normalise([extraction], {}, "run-1", NOW).person_aliases.alias.tolist() == ["Hegseth"]


def test_a_surname_only_article_joins_the_full_name_whichever_comes_first():
    short, full = hegseth_article("a1", written="Hegseth"), hegseth_article("a2")
    forward = normalise([short, full], {}, "run-1", NOW)
    backward = normalise([full, short], {}, "run-1", NOW)
    assert forward.people.equals(backward.people)
    assert forward.people.name.tolist() == ["Pete Hegseth"]
    assert sorted(forward.quotes.speaker) == ["Pete Hegseth", "Pete Hegseth"]


def test_ids_are_fixed_hashes_not_per_process_values():
    """Literal values: the same on every machine and Python, and under any PYTHONHASHSEED."""
    assert person_id_for("Pete Hegseth") == "4dbb95c79a0a818e"
    assert person_id_for("S Jaishankar") == person_id_for("Dr. S. Jaishankar") == "aa5f5148d22490a1"
    assert equipment_id_for("MH-60R") == "0cd56ac2cbeb9bbb"


def naming(article_id: str, *written: str) -> Extraction:
    """An article where each written name is a person of its own and says one thing (as extracted)."""
    text, people, quotes = "", [], []
    for name in written:
        start = len(text)
        text += f"{name} said: “We are ready.” "
        people.append(Person(name=name, mentions=[Span(start, start + len(name), name)]))
        quotes.append(Quote(text="We are ready.", start=start + len(name) + 8, end=start + len(name) + 21,
                            speaker=name, speaker_kind="person", cue="said", method="explicit",
                            speaker_mention=Span(start, start + len(name), name)))
    return Extraction(article=article(article_id, text), people=people, quotes=quotes)


def test_two_names_of_one_person_in_an_article_make_one_article_people_row():
    tables = normalise([naming("a1", "Joan Honoré-Paul", "Joan Honore-Paul")], {}, "run-1", NOW)
    assert tables.article_people[["person_id", "mentions", "mention_texts"]].values.tolist() == [
        [person_id_for("Joan Honoré-Paul"), 2, ["Joan Honoré-Paul", "Joan Honore-Paul"]]]
    assert tables.quotes.speaker.tolist() == ["Joan Honoré-Paul"] * 2


def test_one_spelling_per_person_in_a_run_whichever_article_comes_first():
    """"Günther" and "Gunther", linked to no one, are one person id: one name for all their rows, the
    accented one, and the other an alias from the first run on (not only from a rerun)."""
    for order in (["a1", "a2"], ["a2", "a1"]):
        written = {"a1": "Günther", "a2": "Gunther"}
        tables = normalise([naming(a, written[a]) for a in order], {}, "run-1", NOW)
        assert tables.people.name.tolist() == ["Günther"]
        assert tables.person_aliases.alias.tolist() == ["Gunther"]
        assert tables.quotes.speaker.tolist() == ["Günther", "Günther"]


def test_the_warehouse_spelling_of_a_person_stays():
    tables = normalise([naming("a1", "Günther Oettinger")], {"Gunther Oettinger": []}, "run-2", NOW)
    assert tables.people.name.tolist() == ["Gunther Oettinger"]
    assert tables.person_aliases.alias.tolist() == ["Günther Oettinger"]


def test_a_run_tabulated_batch_by_batch_gives_the_rows_of_the_run_tabulated_at_once():
    """A big run is normalised one batch at a time, its people resolved first for the whole run: the
    surname in the first batch still joins the full name that only the second batch has."""
    first_batch = [hegseth_article("a1", written="Hegseth"), naming("a2", "Günther")]
    second_batch = [hegseth_article("a3"), naming("a4", "Gunther")]
    at_once = normalise([*first_batch, *second_batch], {}, "run-1", NOW)

    people = RunPeople({}, names_of(first_batch) | names_of(second_batch))
    tables = RunTables(people, "run-1", NOW)
    batches = [tables.article_rows(first_batch), tables.article_rows(second_batch)]
    shared = tables.shared_rows()
    for table in ARTICLE_TABLES:
        joined = pd.concat([batch[table] for batch in batches], ignore_index=True)
        assert joined.equals(getattr(at_once, table)), table
    for table, frame in shared.items():
        assert frame.equals(getattr(at_once, table)), table
    assert set(shared["people"].name) == {"Pete Hegseth", "Günther"}


def test_duplicates_are_found_across_the_batches_of_a_run():
    seen: dict[str, str] = {}
    drop_duplicate_articles([hegseth_article("a1")], seen)
    again = hegseth_article("a1")
    again.article.source = "mirror/a1.txt"
    kept, [reject] = drop_duplicate_articles([again, hegseth_article("a2")], seen)
    assert [e.article.article_id for e in kept] == ["a2"] and reject.source == "mirror/a1.txt"


def german_article(article_id: str) -> Extraction:
    """An article in a language without people and quote rules, as extraction leaves it: equipment only."""
    text = "„Die MH-60R kommen pünktlich“, sagte die Ministerin am Dienstag."
    return Extraction(
        article=Article(article_id=article_id, source=f"{article_id}.txt", text=text,
                        content_hash=f"h-{article_id}", published="2025-07-03", language="de"),
        equipment=[EquipmentMention(designation="MH-60R", category="helicopter", mentions=[Span(5, 11, "MH-60R")])],
        skipped=["people", "quotes"],
    )


def test_an_article_row_says_which_steps_were_not_attempted_and_a_quote_row_its_language():
    english = hegseth_article("a1")
    english.article.language = "en"
    tables = normalise([english, german_article("d1")], {}, "run-1", NOW)
    assert tables.articles[["article_id", "skipped"]].values.tolist() == [["a1", []], ["d1", ["people", "quotes"]]]
    assert tables.quotes[["article_id", "language"]].values.tolist() == [["a1", "en"]]

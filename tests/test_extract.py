"""extract: one cleaned article in, people + quotes + equipment out; a batch of inputs, each in a worker."""
import dataclasses
import gzip

from transforms.clean import clean_text_document
from transforms.extract import extract_article, extract_documents, load_extractors
from transforms.ingest import read_documents
from transforms.model import Article, RawDocument
from transforms.people import spelling_key
from transforms.settings import load_settings

EXTRACTORS = load_extractors(load_settings())

TEXT = ("Indian Defence Minister Rajnath Singh inspected six MH 60R helicopters on Monday.\n\n"
        "“These aircraft make our fleet stronger,” Singh said.")


GERMAN = ("Verteidigungsminister Boris Pistorius hat am Montag sechs F-35 in Büchel besichtigt.\n\n"
          "„Diese Flugzeuge machen unsere Luftwaffe stärker“, sagte Pistorius. „Wir brauchen sie.“")


def article(text: str, article_id: str = "a1") -> Article:
    return Article(article_id=article_id, source=f"{article_id}.txt", text=text, content_hash="h")


def test_an_article_yields_its_people_quotes_and_equipment():
    extraction = extract_article(article(TEXT), EXTRACTORS)
    assert [(p.name, p.role) for p in extraction.people] == [("Rajnath Singh", "Indian Defence Minister")]
    assert [(q.text, q.speaker, q.method) for q in extraction.quotes] == [
        ("These aircraft make our fleet stronger,", "Rajnath Singh", "explicit")]
    assert [(e.designation, e.quantity) for e in extraction.equipment] == [("MH-60R", 6)]
    assert extraction.skipped == [] and extraction.to_json()["skipped"] == []


ITALIAN = ("Il ministro della Difesa Guido Crosetto ha visitato lunedì la base aerea di Amendola, dove sono "
           "schierati sei F-35 dell'Aeronautica Militare.\n\n"
           "«Questi aerei rendono la nostra aviazione più forte», ha detto Crosetto ai giornalisti presenti.")


def test_a_german_article_gets_people_and_quotes_by_the_german_rules():
    german = clean_text_document(RawDocument("buechel.txt", GERMAN, "text"))
    record = extract_article(german, EXTRACTORS).to_json()
    assert record["language"] == "de"
    assert [(p["name"], p["role"]) for p in record["people"]] == [("Boris Pistorius", "Verteidigungsminister")]
    assert [(q["text"], q["speaker"], q["speaker_kind"], q["method"]) for q in record["quotes"]] == [
        ("Diese Flugzeuge machen unsere Luftwaffe stärker", "Boris Pistorius", "person", "explicit"),
        ("Wir brauchen sie.", "Boris Pistorius", "person", "continuation")]
    assert record["skipped"] == []
    assert [e["designation"] for e in record["equipment"]] == ["F-35"]


def test_a_language_without_rules_gets_equipment_only_and_says_so():
    italian = clean_text_document(RawDocument("amendola.txt", ITALIAN, "text"))
    record = extract_article(italian, EXTRACTORS).to_json()
    assert record["language"] == "it"
    assert (record["people"], record["quotes"], record["skipped"]) == ([], [], ["people", "quotes"])
    assert [e["designation"] for e in record["equipment"]] == ["F-35"]


def test_a_text_too_short_to_tell_gets_no_language_and_the_english_rules_as_before():
    short = clean_text_document(RawDocument("short.txt", "“Tromsø, not Oslo,” Hegseth said.", "text"))
    extraction = extract_article(short, EXTRACTORS)
    assert short.language is None
    assert [(q.text, q.speaker) for q in extraction.quotes] == [("Tromsø, not Oslo,", "Pete Hegseth")]
    assert extraction.skipped == []


def test_the_people_rules_read_the_case_endings_of_the_article_s_language():
    # English has no case endings; a gazetteer that gives it one shows that the article's language
    # reaches the people rules: "Hegsethowi" is then Pete Hegseth.
    people = dataclasses.replace(EXTRACTORS.people, case_endings={"en": (spelling_key("owi"),)}, _by_stem={})
    extractors = dataclasses.replace(EXTRACTORS, people=people)
    text = ("Pete Hegseth visited the base on Monday with the commanders of the fleet.\n\n"
            "The minister's staff later sent Hegsethowi the report on the training of the crews.")
    english = dataclasses.replace(article(text), language="en")
    assert [(p.name, [m.text for m in p.mentions]) for p in extract_article(english, extractors).people] == [
        ("Pete Hegseth", ["Pete Hegseth", "Hegsethowi"])]


def test_a_batch_keeps_input_order_and_each_bad_input_is_rejected_at_its_stage():
    docs = [RawDocument("a.txt", TEXT, "text"),
            RawDocument("blank.html", "<html><body><img src='tank.jpg'></body></html>", "html"),
            RawDocument("b.txt", "The frigate docked.\n\nAdvertisement", "text"),
            RawDocument("ad.txt", "Advertisement", "text")]
    extractions, rejects = extract_documents(docs, load_settings())
    assert [e.article.source for e in extractions] == ["a.txt", "b.txt"]
    assert extractions[0].quotes[0].speaker == "Rajnath Singh"
    assert extractions[1].article.text == "The frigate docked."
    assert [(r.source, r.stage, r.reason) for r in rejects] == [("blank.html", "clean", "empty"),
                                                                 ("ad.txt", "clean", "empty")]


def test_files_given_by_path_are_read_in_the_worker_and_a_bad_one_is_rejected_as_if_read_before(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(TEXT.encode())[:30])
    paths = [str(tmp_path / "a.txt"), str(tmp_path / "cut.txt.gz"), str(tmp_path / "gone.txt")]
    extractions, rejects = extract_documents(paths, load_settings())
    assert [e.article.source for e in extractions] == [paths[0]]
    assert extractions[0].quotes[0].speaker == "Rajnath Singh"
    assert rejects == read_documents(paths[1:], load_settings())[1]
    assert [(r.stage, r.reason) for r in rejects] == [("ingest", "broken gzip"), ("ingest", "not found")]

"""extract: one cleaned article in, people + quotes + equipment out; a failing article is rejected."""
from transforms.extract import extract_article, extract_articles, load_extractors
from transforms.model import Article
from transforms.settings import load_settings

EXTRACTORS = load_extractors(load_settings())

TEXT = ("Indian Defence Minister Rajnath Singh inspected six MH 60R helicopters on Monday.\n\n"
        "“These aircraft make our fleet stronger,” Singh said.")


def article(text: str, article_id: str = "a1") -> Article:
    return Article(article_id=article_id, source=f"{article_id}.txt", text=text, content_hash="h")


def test_an_article_yields_its_people_quotes_and_equipment():
    extraction = extract_article(article(TEXT), EXTRACTORS)
    assert [(p.name, p.role) for p in extraction.people] == [("Rajnath Singh", "Indian Defence Minister")]
    assert [(q.text, q.speaker, q.method) for q in extraction.quotes] == [
        ("These aircraft make our fleet stronger,", "Rajnath Singh", "explicit")]
    assert [(e.designation, e.quantity) for e in extraction.equipment] == [("MH-60R", 6)]


def test_an_article_that_breaks_an_extractor_is_rejected_and_the_batch_goes_on():
    broken = article(None, "broken")  # type: ignore[arg-type]  # what a bug upstream might hand over
    extractions, rejects = extract_articles([broken, article(TEXT, "a2")], EXTRACTORS)
    assert [e.article.article_id for e in extractions] == ["a2"]
    assert [(r.source, r.stage) for r in rejects] == [("broken.txt", "extract")]

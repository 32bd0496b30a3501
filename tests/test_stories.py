"""stories: the same statement across outlets, and the same event across articles."""
from datetime import date

from transforms.stories import ArticleRecord, QuoteRecord, assign_stories, link_statements, same_statement


def test_spelling_and_punctuation_do_not_make_two_statements():
    assert same_statement("We will expand our shared defence industrial cooperation,",
                          "“We will expand our shared defense industrial cooperation.”")


def test_a_partial_quote_inside_the_full_sentence_is_the_same_statement():
    assert same_statement("one of the most consequential pillars",
                          "Our partnership is, today, truly one of the most consequential pillars of the relationship.")


def test_reordered_and_reworded_clauses_are_the_same_statement():
    assert same_statement(
        "we hope to strengthen interoperability between our forces, expand coproduction and finally sign a new framework",
        "we hope we can expand coproduction, strengthen interoperability between our forces and formally sign a new framework")


def test_different_statements_of_one_speaker_stay_apart():
    assert not same_statement("The talks were productive and the framework will be signed soon.",
                              "Our navies will exercise together in the Indian Ocean next spring.")
    assert not same_statement("mutually aware", "mutually aware of the threat")  # too short to tell


def test_only_quotes_of_the_same_speaker_in_different_articles_link():
    quotes = [
        QuoteRecord("q1", "a1", "hegseth", "We are very pleased with the integration of US defence items"),
        QuoteRecord("q2", "a2", "hegseth", "We are very pleased with the integration of US defense items."),
        QuoteRecord("q3", "a2", "rubio", "We are very pleased with the integration of US defense items."),
        QuoteRecord("q4", "a1", "hegseth", "Our navies will exercise together in the Indian Ocean next spring."),
    ]
    assert link_statements(quotes) == {"q1": "q1", "q2": "q1", "q3": "q3", "q4": "q4"}


def test_articles_sharing_a_statement_or_people_and_words_are_one_story():
    meeting = "Hegseth met Jaishankar at the Pentagon to discuss defense sales and a new framework for cooperation."
    articles = [
        ArticleRecord("a1", date(2025, 7, 1), frozenset({"hegseth", "jaishankar"}), meeting),
        ArticleRecord("a2", date(2025, 7, 2), frozenset({"hegseth", "jaishankar"}), meeting + " Talks went well."),
        ArticleRecord("a3", None, frozenset({"albanese"}), "A statement shared with a1."),
        ArticleRecord("a4", date(2025, 7, 30), frozenset({"hegseth", "jaishankar"}), meeting),  # weeks later
        ArticleRecord("a5", date(2025, 7, 1), frozenset({"hegseth", "jaishankar"}),
                      "A budget hearing on shipbuilding and tariffs, unrelated to India."),
    ]
    stories = assign_stories(articles, shared_statements={("a1", "a3")})
    assert stories == {"a1": "a1", "a2": "a1", "a3": "a1", "a4": "a4", "a5": "a5"}

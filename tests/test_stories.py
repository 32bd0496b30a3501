"""stories: the same statement across outlets, and the same event across articles."""
import random
from datetime import date
from collections import Counter
from collections.abc import Callable
from itertools import combinations

from transforms import stories
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


def texts_reader(texts: dict[str, str], asked: list[list[str]] | None = None) -> stories.TextsOf:
    """What the load gives linking (`warehouse.links.article_texts`): ids -> texts; each call noted in `asked`."""
    def texts_of(ids: list[str]) -> dict[str, str]:
        if asked is not None:
            asked.append(ids)
        return {article_id: texts[article_id] for article_id in ids}
    return texts_of


def test_articles_sharing_a_statement_or_people_and_words_are_one_story():
    meeting = "Hegseth met Jaishankar at the Pentagon to discuss defense sales and a new framework for cooperation."
    texts = {"a1": meeting, "a2": meeting + " Talks went well.", "a3": "A statement shared with a1.", "a4": meeting,
             "a5": "A budget hearing on shipbuilding and tariffs, unrelated to India."}
    articles = [
        ArticleRecord("a1", date(2025, 7, 1), ("hegseth", "jaishankar")),
        ArticleRecord("a2", date(2025, 7, 2), ("hegseth", "jaishankar")),
        ArticleRecord("a3", None, ("albanese",)),
        ArticleRecord("a4", date(2025, 7, 30), ("hegseth", "jaishankar")),  # weeks later
        ArticleRecord("a5", date(2025, 7, 1), ("hegseth", "jaishankar")),
    ]
    asked: list[list[str]] = []
    stories = assign_stories(articles, {("a1", "a3")}, texts_reader(texts, asked))
    assert stories == {"a1": "a1", "a2": "a1", "a3": "a1", "a4": "a4", "a5": "a5"}
    assert sorted(id_ for ids in asked for id_ in ids) == ["a1", "a2", "a5"]  # a3 names one person, a4 is too late


def test_an_undated_article_is_one_story_with_a_dated_one_that_names_the_same_people_and_says_the_same():
    meeting = "Hegseth met Jaishankar at the Pentagon to discuss defense sales and a new framework for cooperation."
    articles = [
        ArticleRecord("a1", date(2025, 7, 1), ("hegseth", "jaishankar")),
        ArticleRecord("a2", None, ("hegseth", "jaishankar")),
        ArticleRecord("a3", date(2025, 7, 9), ("hegseth", "jaishankar")),
    ]
    texts = texts_reader({"a1": meeting, "a2": meeting, "a3": meeting})
    assert assign_stories(articles, set(), texts) == {"a1": "a1", "a2": "a1", "a3": "a1"}


def vocabulary_quotes(count: int, seed: int, vocabulary: list[str]) -> list[QuoteRecord]:
    """`count` quotes of one speaker, each in its own article, of 2 to 15 words drawn from `vocabulary`."""
    rng = random.Random(seed)
    return [QuoteRecord(f"q{i:04}", f"a{i:04}", "hegseth",
                        " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(2, 16)))) for i in range(count)]


def groups_of_every_pair(ids: list[str], joined: Callable[[int, int], bool]) -> dict[str, str]:
    """Each id's group, named after its smallest member, when every pair (i, j) with `joined(i, j)` is
    joined: the plain reference the linking functions must agree with."""
    first = {member: member for member in ids}

    def find(member: str) -> str:
        while first[member] != member:
            member = first[member]
        return member

    for i, j in combinations(range(len(ids)), 2):
        if joined(i, j):
            root_a, root_b = find(ids[i]), find(ids[j])
            first[max(root_a, root_b)] = min(root_a, root_b)
    return {member: find(member) for member in first}


def every_pair_compared(quotes: list[QuoteRecord]) -> dict[str, str]:
    """What `link_statements` must find: every pair of quotes compared with `same_statement`."""
    return groups_of_every_pair([q.quote_id for q in quotes], lambda i, j: quotes[i].article_id != quotes[j].article_id
                                and same_statement(quotes[i].text, quotes[j].text))


def test_statements_are_those_that_comparing_every_pair_would_find():
    """Few words used again and again: many quotes contain others or share most of their words."""
    words = "we will deliver the frigates to india navy ships before spring and sign a defence framework".split()
    for seed in range(3):
        quotes = vocabulary_quotes(250, seed, words)
        assert link_statements(quotes) == every_pair_compared(quotes)


def test_a_speaker_quoted_a_thousand_times_is_not_compared_pair_by_pair(monkeypatch):
    """Compared pairs grow with the quotes, not with their square (half a million pairs here)."""
    quotes = vocabulary_quotes(1000, 0, [f"word{n}" for n in range(5000)])
    quotes.append(QuoteRecord("q9999", "a9999", "hegseth", quotes[0].text + " indeed"))
    compared = []
    original = stories._same_statement
    monkeypatch.setattr(stories, "_same_statement", lambda a, b: compared.append(1) or original(a, b))
    statements = link_statements(quotes)
    assert len(compared) < 3 * len(quotes)
    assert statements["q9999"] == "q0000"
    assert len(set(statements.values())) == len(quotes) - 1


def stories_of_every_pair(articles: list[ArticleRecord], texts: dict[str, str]) -> dict[str, str]:
    """What `assign_stories` must give: every pair compared, with the rules written out plainly."""
    def joined(i: int, j: int) -> bool:
        a, b = articles[i], articles[j]
        close = a.published is None or b.published is None or abs((a.published - b.published).days) <= 3
        return close and len(set(a.people) & set(b.people)) >= 2 and stories._cosine(
            Counter(stories.content_words(texts[a.article_id])),
            Counter(stories.content_words(texts[b.article_id]))) >= 0.3

    return groups_of_every_pair([a.article_id for a in articles], joined)


def test_stories_walked_in_date_order_are_those_that_comparing_every_pair_would_find(monkeypatch):
    """Few people and words, dates over a month and some undated: many pairs, chains of stories; walked
    in blocks of 16 articles, so windows span blocks, and a block's texts are read in one call."""
    monkeypatch.setattr(stories, "STORY_BLOCK", 16)
    people = [f"p{n}" for n in range(6)]
    words = "frigate deal signed navy india talks delayed summit drone strike ceasefire border".split()
    for seed in range(3):
        rng = random.Random(seed)
        articles = [ArticleRecord(f"a{n:03d}", None if rng.random() < 0.1 else date(2025, 7, rng.randint(1, 31)),
                                  tuple(rng.sample(people, rng.randint(1, 3)))) for n in range(150)]
        texts = {article.article_id: " ".join(rng.choices(words, k=12)) for article in articles}
        asked: list[list[str]] = []
        assert assign_stories(articles, set(), texts_reader(texts, asked)) == stories_of_every_pair(articles, texts)
        assert len(asked) <= 2 * 150 // 16 + 2   # a read per block at most
        assert max(len(ids) for ids in asked) < 150  # never every text at once

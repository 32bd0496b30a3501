"""Quote extraction: quoted speech with its speaker, cue and how it was attributed."""
from pathlib import Path

import pytest

from transforms.people import find_people, load_people_gazetteer
from transforms.quotes import find_quotes

CONFIG = Path(__file__).resolve().parent.parent / "config"


@pytest.fixture(scope="module")
def gazetteer():
    return load_people_gazetteer(CONFIG / "people.yaml", CONFIG / "organisations.yaml")


def quotes_of(text, gazetteer):
    quotes = find_quotes(text, find_people(text, gazetteer), gazetteer)
    assert all(text[q.start:q.end] == q.text for q in quotes)
    return [(q.text, q.speaker, q.method, q.cue, q.partial) for q in quotes]


def test_explicit_attribution_after_the_quote_and_interrupted_quote(gazetteer):
    text = ("US Defense Secretary Pete Hegseth met his counterpart.\n"
            "“The talks were very useful,” Hegseth said. “We will meet again in the autumn.”")
    assert quotes_of(text, gazetteer) == [
        ("The talks were very useful,", "Pete Hegseth", "explicit", "said", False),
        ("We will meet again in the autumn.", "Pete Hegseth", "continuation", "said", False),
    ]


def test_inverted_attribution_names_an_unknown_speaker(gazetteer):
    text = "“Nobody expected the vote to be this close,” said Maria Lopez, a county official."
    assert quotes_of(text, gazetteer) == [
        ("Nobody expected the vote to be this close,", "Maria Lopez", "explicit", "said", False)]


def test_pronoun_finds_the_person_the_text_is_about(gazetteer):
    text = ("External Affairs Minister S. Jaishankar spoke with Defence Minister Rajnath Singh before "
            "meeting Pete Hegseth.\nHe said on X that it was a “productive conversation on defence ties.”")
    assert quotes_of(text, gazetteer) == [
        ("productive conversation on defence ties.", "S. Jaishankar", "pronoun", "said", True)]


def test_role_noun_and_organisation_speakers(gazetteer):
    text = ("US Defense Secretary Pete Hegseth hosted the meeting.\n"
            "The two sides “made real progress on joint production,” according to the defense secretary.\n"
            "According to the Pentagon, the talks covered “the sale of six more patrol aircraft.”")
    assert quotes_of(text, gazetteer) == [
        ("made real progress on joint production,", "Pete Hegseth", "role", "according to", True),
        ("the sale of six more patrol aircraft.", "Pentagon", "explicit", "According to", True),
    ]


def test_unclosed_unspaced_and_mixed_marks(gazetteer):
    text = ("Hegseth posted on X,“Great meeting today with my Indian counterpart\n"
            "“We look forward to working together. Hegseth ended by saying, “It was a good day.\"")
    got = quotes_of(text, gazetteer)
    assert [(t, s, m) for t, s, m, _, _ in got] == [
        ("Great meeting today with my Indian counterpart", "Pete Hegseth", "explicit"),
        ("We look forward to working together.", "Pete Hegseth", "adjacent"),
        ("It was a good day.", "Pete Hegseth", "explicit"),
    ]


def test_multi_paragraph_quote_continues_with_the_same_speaker(gazetteer):
    text = ("Jaishankar said, “Our partnership has never been stronger than it is today.\n"
            "“And we expect it to grow further in the years ahead,” he added.")
    assert [(q[1], q[2]) for q in quotes_of(text, gazetteer)] == [
        ("S. Jaishankar", "explicit"), ("S. Jaishankar", "pronoun")]


def test_scare_quotes_and_titles_are_not_speech(gazetteer):
    text = ('Critics called the plan a “disaster” after the film "Top Gun Maverick" aired.')
    assert quotes_of(text, gazetteer) == []

"""What the tests of each language's quote rules share (tests/test_attribution_<code>.py): the bundled
gazetteer, a language's rules, and the quotes of an invented text as (words, speaker, kind, method)."""
from pathlib import Path

import pytest

from transforms.attribution import LanguageRules, find_quotes_and_speakers, load_language_rules
from transforms.people import PeopleGazetteer, load_people_gazetteer

CONFIG = Path(__file__).resolve().parent.parent / "config"


@pytest.fixture(scope="module")
def gazetteer() -> PeopleGazetteer:
    return load_people_gazetteer(CONFIG / "people.yaml", CONFIG / "organisations.yaml")


@pytest.fixture(scope="module")
def rules(request, gazetteer) -> LanguageRules:
    """The rules of the test module's LANGUAGE."""
    return load_language_rules(CONFIG / "languages" / f"{request.module.LANGUAGE}.yaml", gazetteer.given_names)


def quotes_of(text: str, rules: LanguageRules, gazetteer: PeopleGazetteer) -> list[tuple]:
    """The quotes found, each checked to point at its own words and its speaker's mention in `text`."""
    _, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert all(text[q.start:q.end] == q.text for q in quotes)
    assert all(q.speaker_mention is None or text[q.speaker_mention.start:q.speaker_mention.end] == q.speaker_mention.text
               for q in quotes)
    return [(q.text, q.speaker, q.speaker_kind, q.method) for q in quotes]

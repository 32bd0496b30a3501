"""evaluate: the scorer behind `newsware eval`, lenient on quote style and split quotes."""
import json

import pytest

from transforms.evaluate import (GoldArticle, GoldFileError, canonical_name_matches, head_name_word, is_named,
                                 read_gold, score, speaker_matches)

GOLD = [GoldArticle("a1", "…", [
    {"text": "“We will deliver the helicopters on time,”", "direct": True,
     "speaker_mention": "Defense Secretary Pete Hegseth", "speaker_is_pronoun": False},
    {"text": "“The partnership has never been stronger and it will grow further next year.”", "direct": True,
     "speaker_mention": "he", "speaker_is_pronoun": True},
    {"text": "that talks were “productive and pragmatic”", "direct": False,
     "speaker_mention": "the Pentagon", "speaker_is_pronoun": False},
])]


def test_a_quote_found_in_straight_marks_with_the_surname_counts_as_right():
    predicted = {"a1": [
        {"text": '"We will deliver the helicopters on time', "speaker": "Pete Hegseth"},
        {"text": "The partnership has never been stronger", "speaker": "Pete Hegseth"},
        {"text": "and it will grow further next year.", "speaker": "Pete Hegseth"},
    ]}
    scores = score(GOLD, predicted)
    assert (scores.quote_precision, scores.quote_recall, scores.quote_f1) == (1.0, 1.0, 1.0)
    assert (scores.speaker_accuracy, scores.speaker_n, scores.quote_speaker_recall) == (1.0, 1, 1.0)


def test_a_partial_quote_is_not_required_but_is_not_a_false_positive():
    predicted = {"a1": [{"text": "productive and pragmatic", "speaker": "the Pentagon"}]}
    scores = score(GOLD, predicted)
    assert (scores.quote_precision, scores.quote_recall) == (1.0, 0.0)


def test_a_scare_quote_and_a_wrong_speaker_cost_precision_and_accuracy():
    predicted = {"a1": [
        {"text": "We will deliver the helicopters on time", "speaker": "Marco Rubio"},
        {"text": "a really long scare-quoted phrase", "speaker": None},
    ]}
    scores = score(GOLD, predicted)
    assert scores.quote_precision == 0.5 and scores.quote_recall == 0.5
    assert scores.speaker_accuracy == 0.0


@pytest.mark.parametrize("mention, predicted, right", [
    ("Trump attorney Alan Garten", "Alan Garten", True),
    ("Trump attorney Alan Garten", "Donald Trump", False),
    ("Trump", "Donald Trump", True),
    ("Clinton's communications director, Jennifer Palmieri", "Hillary Clinton", False),
])
def test_speaker_matching_follows_the_reference_scorer(mention, predicted, right):
    assert speaker_matches(mention, predicted) is right


def test_a_gold_file_that_is_not_jsonl_is_a_clear_error(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text(json.dumps({"id": "x"}) + "\n")
    with pytest.raises(GoldFileError, match="line 1"):
        read_gold(bad)


@pytest.mark.parametrize("mention, named", [
    ("Defense Secretary Pete Hegseth", True), ("Mr. McGinley, the law professor", True),
    ("the president", False), ("The president", False), ("officials", False), ("said", False), ("One aide", False),
])
def test_only_gold_speakers_that_name_someone_are_scored(mention, named):
    assert is_named(mention) is named


@pytest.mark.parametrize("mention, head", [
    ("Mr. McGinley, the law professor", "mcginley"),
    ("Clinton's communications director, Jennifer Palmieri", "palmieri"),
    ("Trump attorney Alan Garten", "garten"),
    ("a spokeswoman for Trump", None),
])
def test_the_person_a_mention_names_is_its_head_name_word(mention, head):
    assert head_name_word(mention) == head


def test_a_canonical_full_name_the_article_spells_out_is_right_for_a_surname_mention():
    text = "Patrick McGinley teaches law. “It is a stretch,” said Mr. McGinley, the law professor."
    assert canonical_name_matches("Mr. McGinley, the law professor", "Patrick McGinley", text)
    assert not canonical_name_matches("Mr. McGinley, the law professor", "Patrick McGinley", "said Mr. McGinley")
    assert not canonical_name_matches("Mr. McGinley, the law professor", "Ann Smith", text + " Ann Smith")


def test_a_quote_whose_gold_speaker_is_a_bare_role_counts_for_quotes_not_speakers():
    gold = [GoldArticle("a2", "…", [{"text": "“We will not stand by while our allies are attacked,”",
                                     "direct": True, "speaker_mention": "the president", "speaker_is_pronoun": False}])]
    scores = score(gold, {"a2": [{"text": "We will not stand by while our allies are attacked", "speaker": "Joe Biden"}]})
    assert (scores.quote_recall, scores.speaker_n) == (1.0, 0)

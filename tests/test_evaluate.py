"""evaluate: the scorer behind `newsware eval`, lenient on quote style and split quotes."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.test_cli import invoke
from transforms.evaluate import (GoldArticle, GoldFileError, canonical_name_matches, head_name_word, is_named,
                                 read_gold, score, score_by_language, speaker_matches)

# Our figure -> the reference scorer's (shared/eval/score.py) name for it.
REFERENCE_NAMES = {"quote_precision": "quote_p", "quote_recall": "quote_r", "quote_f1": "quote_f1",
                   "speaker_accuracy": "speaker_acc", "quote_speaker_recall": "quote_speaker_recall"}

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


GERMAN = GoldArticle("d1", "…", [
    {"text": "„Die Hubschrauber kommen pünktlich im nächsten Frühjahr“", "direct": True,
     "speaker_mention": "Ministerin Anna Berger", "speaker_is_pronoun": False},
], language="de")


def test_each_language_is_scored_on_its_own_articles():
    predicted = {"a1": [{"text": "We will deliver the helicopters on time", "speaker": "Pete Hegseth"},
                        {"text": "The partnership has never been stronger and it will grow further next year.",
                         "speaker": "Pete Hegseth"}]}
    by_language = score_by_language([*GOLD, GERMAN], predicted)
    assert list(by_language) == ["de", "en"]
    assert (by_language["en"].articles, by_language["en"].quote_recall, by_language["en"].speaker_accuracy) == (1, 1.0, 1.0)
    assert (by_language["de"].articles, by_language["de"].gold_quotes, by_language["de"].quote_recall) == (1, 1, 0.0)
    assert score([*GOLD, GERMAN], predicted).quote_recall == round(2 / 3, 3)


def test_a_gold_article_without_a_language_is_english(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "x", "text": "…", "quotes": []}) + "\n"
                    + json.dumps({"id": "y", "text": "…", "quotes": [], "language": "fr"}) + "\n")
    assert [article.language for article in read_gold(gold)] == ["en", "fr"]


def two_language_gold(path: Path) -> Path:
    """Invented articles, one in English (no language given, as in PolNeAR) and one in German."""
    articles = [
        {"id": "en-1", "text": '"We will deliver the helicopters on time," Defense Secretary Pete Hegseth said on '
                               "Tuesday.", "quotes": [{"text": '"We will deliver the helicopters on time,"',
                                                       "direct": True, "speaker_mention": "Pete Hegseth",
                                                       "speaker_is_pronoun": False}]},
        {"id": "de-1", "language": "de", "text": "„Die Hubschrauber kommen pünktlich im nächsten Frühjahr“, sagte "
                                                 "Ministerin Anna Berger am Dienstag in Kiel.",
         "quotes": [{"text": "„Die Hubschrauber kommen pünktlich im nächsten Frühjahr“", "direct": True,
                     "speaker_mention": "Ministerin Anna Berger", "speaker_is_pronoun": False}]},
    ]
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def test_eval_prints_the_figures_of_all_articles_then_of_each_language(tmp_path):
    gold = two_language_gold(tmp_path / "gold.jsonl")
    predictions = tmp_path / "pred.jsonl"
    text = invoke("eval", str(gold), "--predictions", str(predictions))
    as_json = json.loads(invoke("eval", str(gold), "--format", "json").stdout)

    articles = read_gold(gold)
    predicted = {json.loads(line)["source"].removesuffix(".txt"): json.loads(line)["quotes"]
                 for line in predictions.read_text(encoding="utf-8").splitlines()}
    expected = {language: score([a for a in articles if a.language == language], predicted)
                for language in ("de", "en")}
    assert text.stdout.splitlines() == [
        *score(articles, predicted).summary(),
        "", "de:", *(f"  {line}" for line in expected["de"].summary()),
        "", "en:", *(f"  {line}" for line in expected["en"].summary()),
    ]
    assert as_json["by_language"] == {language: scores.as_dict() for language, scores in expected.items()}
    assert expected["en"].quote_recall == 1.0   # not two empty blocks: the English quote is found


def test_eval_of_one_language_prints_no_block_per_language(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(two_language_gold(tmp_path / "both.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n")
    result = invoke("eval", str(gold))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(score(read_gold(gold), {}).summary())
    assert list(json.loads(invoke("eval", str(gold), "--format", "json").stdout)["by_language"]) == ["en"]


@pytest.mark.needs_shared
def test_the_figures_of_each_language_agree_with_the_reference_scorer_on_that_language_s_articles(tmp_path):
    """defence-dev holds five languages; the reference scorer reads one language's gold lines at a time."""
    gold = SHARED / "eval" / "defence-dev.jsonl"
    predictions = tmp_path / "pred.jsonl"
    ours = json.loads(invoke("eval", str(gold), "--format", "json", "--predictions", str(predictions)).stdout)
    lines = gold.read_text(encoding="utf-8").splitlines()
    languages = {json.loads(line)["language"] for line in lines}
    assert set(ours["by_language"]) == languages and len(languages) == 5
    for language in languages:
        one_language = tmp_path / f"{language}.jsonl"
        one_language.write_text("".join(line + "\n" for line in lines if json.loads(line)["language"] == language),
                                encoding="utf-8")
        reference = json.loads(subprocess.run(
            [sys.executable, str(SHARED / "eval" / "score.py"), str(one_language), str(predictions)],
            capture_output=True, text=True, check=True).stdout)
        figures = ours["by_language"][language]
        assert figures["articles"] == reference["docs"], language
        for ours_key, reference_key in REFERENCE_NAMES.items():
            assert abs(figures[ours_key] - reference[reference_key]) <= 0.01, (language, ours_key)
        assert figures["speaker_n"] == reference["speaker_n"], language

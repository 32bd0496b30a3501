"""French quotes and speakers from config/languages/fr.yaml (transforms/attribution.py). Invented sentences."""
from tests.language_rules import gazetteer, quotes_of, rules  # noqa: F401 - fixtures

LANGUAGE = "fr"


def test_guillemets_with_spaces_and_an_inverted_cue(rules, gazetteer):
    text = ("Le ministre des Armées, Julien Morel, a visité la base navale de Brest.\n\n"
            "« Nous livrerons les frégates à temps », a déclaré Julien Morel devant les marins.")
    assert quotes_of(text, rules, gazetteer) == [
        ("Nous livrerons les frégates à temps", "Julien Morel", "person", "explicit")]


def test_an_inverted_pronoun_is_the_last_speaker(rules, gazetteer):
    text = ("« Les essais sont terminés », a indiqué la générale Claire Dumas. "
            "« La production commencera en mars », a-t-elle ajouté.")
    assert quotes_of(text, rules, gazetteer) == [
        ("Les essais sont terminés", "Claire Dumas", "person", "explicit"),
        ("La production commencera en mars", "Claire Dumas", "person", "pronoun"),
    ]


def test_a_described_speaker_is_kept_as_written(rules, gazetteer):
    text = "« Le tir a atteint sa cible », précise l’état-major dans un communiqué."
    assert quotes_of(text, rules, gazetteer) == [
        ("Le tir a atteint sa cible", "l’état-major", None, "description")]


def test_selon_and_a_document_stand_for_its_author(rules, gazetteer):
    text = ("Selon un communiqué publié lundi par le ministère des Armées, « deux drones ont été abattus "
            "au-dessus de la mer Rouge ».")
    assert quotes_of(text, rules, gazetteer) == [
        ("deux drones ont été abattus au-dessus de la mer Rouge", "le ministère des Armées", None, "description")]


def test_a_participle_after_a_comma_belongs_to_the_main_clause(rules, gazetteer):
    text = ("Le président Paul Garnier a salué l’accord, soulignant « un choix clair pour notre défense commune ».")
    assert quotes_of(text, rules, gazetteer)[0][:2] == ("un choix clair pour notre défense commune", "Paul Garnier")


def test_names_in_quote_marks_and_scare_quotes_without_a_cue_are_not_speech(rules, gazetteer):
    text = ("Le porte-avions a rejoint l’opération « Bouclier Atlantique » au large du « Cap Vert ». "
            "Le navire « Amiral Ronarc’h » reste à quai.")
    assert quotes_of(text, rules, gazetteer) == []


def test_a_few_quoted_words_with_no_cue_are_a_term_not_the_last_speaker_s_words(rules, gazetteer):
    text = "« Nous sommes prêts », a déclaré le ministre. Les « gilets jaunes » ont manifesté samedi à Paris."
    assert quotes_of(text, rules, gazetteer) == [("Nous sommes prêts", "le ministre", None, "description")]


def test_a_relative_pronoun_after_a_comma_stands_for_the_name_before_it(rules, gazetteer):
    text = ("Le débat a repris. Une lettre est arrivée de Pierre Roux, qui qualifie la réforme de « véritable "
            "catastrophe pour le pays ».")
    assert quotes_of(text, rules, gazetteer)[0][1:3] == ("Pierre Roux", "person")

"""German quotes and speakers from config/languages/de.yaml (transforms/attribution.py). Invented sentences."""
import pytest

from tests.language_rules import CONFIG, gazetteer, quotes_of, rules  # noqa: F401 - fixtures
from transforms.attribution import find_quotes_and_speakers, load_languages
from transforms.settings import ConfigError

LANGUAGE = "de"


def test_inverted_cue_after_the_quote_and_the_full_name_for_a_surname(rules, gazetteer):
    text = ("Verteidigungsminister Karl Brandner besuchte am Montag die Werft in Kiel.\n\n"
            "„Die neuen Fregatten kommen pünktlich“, sagte Brandner. „Wir brauchen sie dringend.“")
    assert quotes_of(text, rules, gazetteer) == [
        ("Die neuen Fregatten kommen pünktlich", "Karl Brandner", "person", "explicit"),
        ("Wir brauchen sie dringend.", "Karl Brandner", "person", "continuation"),
    ]


def test_a_role_and_a_name_after_the_verb_and_a_genitive_surname(rules, gazetteer):
    text = ("„Das System hat sich bewährt“, erklärte der Inspekteur der Luftwaffe, Generalleutnant Otto Fink, "
            "in Berlin. Finks Sprecher nannte die Lieferung „einen wichtigen Schritt für die Bündnisverteidigung“.")
    got = quotes_of(text, rules, gazetteer)
    assert got[0] == ("Das System hat sich bewährt", "Otto Fink", "person", "explicit")
    # "Finks Sprecher": the genitive name is the possessor; the speaker is described
    assert got[1][:2] == ("einen wichtigen Schritt für die Bündnisverteidigung", "Finks Sprecher")


def test_subject_before_a_colon_and_after_the_verb_when_an_adverbial_opens_the_sentence(rules, gazetteer):
    text = ("Die Ministerin Petra Lindner sagte: „Wir werden die Munition schneller beschaffen.“\n\n"
            "Am Dienstag erklärte das Verteidigungsministerium: „Die Verträge sind unterschrieben.“")
    assert quotes_of(text, rules, gazetteer) == [
        ("Wir werden die Munition schneller beschaffen.", "Petra Lindner", "person", "explicit"),
        ("Die Verträge sind unterschrieben.", "das Verteidigungsministerium", None, "description"),
    ]


def test_attribution_phrases_so_and_laut_and_zufolge(rules, gazetteer):
    text = ("Die Lieferung solle „noch vor dem Winter“ erfolgen, so der Sprecher des Ministeriums.\n\n"
            "Laut Polizei war die Kundgebung „friedlich und ohne Zwischenfälle“.")
    got = quotes_of(text, rules, gazetteer)
    assert got[0][:2] == ("noch vor dem Winter", "der Sprecher des Ministeriums")
    assert got[1][:2] == ("friedlich und ohne Zwischenfälle", "Polizei")


def test_a_pronoun_is_the_last_speaker_and_reported_speech_continues_it(rules, gazetteer):
    text = ("Bundeskanzlerin Maria Vogt sprach vor dem Parlament.\n\n"
            "„Wir stehen fest an der Seite unserer Partner“, sagte sie. Die Hilfe sei „keine Frage des Geldes“.")
    got = quotes_of(text, rules, gazetteer)
    assert [(t, s) for t, s, _, _ in got] == [
        ("Wir stehen fest an der Seite unserer Partner", "Maria Vogt"),
        ("keine Frage des Geldes", "Maria Vogt"),
    ]
    assert got[0][3] == "pronoun"


def test_names_and_titles_in_quote_marks_are_not_speech(rules, gazetteer):
    text = ("Der Minister sagte der „Berliner Rundschau“, die Fregatte vom Typ „Klasse 126“ sei bestellt. "
            "Die Übung lief unter dem Motto „Starker Schild Nord“.")
    assert quotes_of(text, rules, gazetteer) == []


def test_a_capitalised_noun_is_not_a_name_unless_something_marks_it(rules, gazetteer):
    text = "Als Begründung sagte ein Sprecher des Heeres: „Die Fahrzeuge sind einsatzbereit.“"
    assert quotes_of(text, rules, gazetteer) == [
        ("Die Fahrzeuge sind einsatzbereit.", "ein Sprecher des Heeres", None, "description")]


def test_people_are_the_speakers_with_their_mentions(rules, gazetteer):
    text = ("Verteidigungsminister Karl Brandner besuchte die Werft.\n\n"
            "„Die Fregatten kommen pünktlich“, sagte Brandner.")
    people, _ = find_quotes_and_speakers(text, rules, gazetteer)
    assert [(p.name, p.role, [m.text for m in p.mentions]) for p in people] == [
        ("Karl Brandner", "Verteidigungsminister", ["Karl Brandner", "Brandner"])]


def test_the_languages_folder_reads_every_file_and_a_broken_one_is_a_config_error(tmp_path, gazetteer):
    assert {"de", "fr", "es", "pl"} <= set(load_languages(CONFIG / "languages", gazetteer.given_names))
    assert load_languages(tmp_path / "absent", {}) == {}
    (tmp_path / "xx.yaml").write_text("quote_pairs: [[\"«\"]]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="xx.yaml"):
        load_languages(tmp_path, {})
    (tmp_path / "xx.yaml").write_text("speech_verbs: [sagte\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_languages(tmp_path, {})


def test_a_giant_sentence_or_paragraph_stays_linear(rules, gazetteer):
    import time
    commas = ("der Minister, der Sprecher, die Polizei, das Gericht, " * 4000) + "sagte er: „Ende der Debatte.“"
    quotes = "Der Minister Karl Brandner sagte, „die Lage ist ernst, aber beherrschbar“, so Brandner. " * 1000
    for text in (commas, quotes):
        started = time.process_time()
        find_quotes_and_speakers(text, rules, gazetteer)
        assert time.process_time() - started < 3.0


def test_a_misspelt_key_of_a_language_file_is_named(tmp_path):
    (tmp_path / "xx.yaml").write_text('quote_pairs: [["«", "»"]]\nspeech_verb: [dice]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key speech_verb"):
        load_languages(tmp_path, {})


def test_a_given_name_after_an_article_is_a_noun_and_reported_speech_stays_with_the_last_speaker(rules, gazetteer):
    # "Lage" is a given name in the English list; "in der Lage" is a noun
    text = ("Verteidigungsminister Karl Brandner sprach am Montag in Kiel. Erstmals sei die Marine wieder in der "
            "Lage, ihre Aufgaben „ohne fremde Hilfe“ zu erfüllen.")
    assert [(t, s) for t, s, _, _ in quotes_of(text, rules, gazetteer)] == [("ohne fremde Hilfe", "Karl Brandner")]


def test_plural_roles_and_plural_speech_verbs(rules, gazetteer):
    text = "Experten warnen vor „einer gefährlichen Lücke in der Luftverteidigung“."
    assert quotes_of(text, rules, gazetteer) == [
        ("einer gefährlichen Lücke in der Luftverteidigung", "Experten", None, "description")]


def test_a_quote_inside_a_sentence_without_a_cue_is_the_words_of_the_description_it_opens_with(rules, gazetteer):
    text = ("Die Bundesländer erwarten durch das neue Gesetz Mehrkosten, die durch einen „erheblichen Bedarf an "
            "neuen Kasernen“ entstünden.")
    assert quotes_of(text, rules, gazetteer) == [
        ("erheblichen Bedarf an neuen Kasernen", "Die Bundesländer", None, "subject")]


def test_a_capitalised_verb_form_inside_a_sentence_is_a_noun(rules, gazetteer):
    text = ("Verteidigungsminister Karl Brandner lobte die Werft. Beim Erklären der Offiziere klang es anders: "
            "„Die Aufträge werden verschoben.“")
    assert [(t, s) for t, s, _, _ in quotes_of(text, rules, gazetteer)] == [("Die Aufträge werden verschoben.", None)]


def test_capitalised_words_that_open_a_sentence_or_a_prepositional_phrase_are_not_people(rules, gazetteer):
    text = ("Kapitän Jonas Weber führte die Fregatte in den Hafen. Im Vergleich zum Vorjahr stieg die Zahl der "
            "Einsätze deutlich. „Wir sind sehr zufrieden mit der Besatzung“, sagte er.\n\n"
            "Beide Seiten hatten vereinbart, bis zum 17. Mai „alle fremden Truppen aus der Region“ abzuziehen.\n\n"
            "Passend zu den Gefahren des Manövers warnte die Sprecherin eines Lokalsenders: „Auf dem Übungsplatz "
            "kann es gefährlich sein.“")
    assert [(s, k) for _, s, k, _ in quotes_of(text, rules, gazetteer)] == [
        ("Jonas Weber", "person"), ("Beide Seiten", None), ("die Sprecherin eines Lokalsenders", None)]


def test_a_title_after_a_word_such_as_motto_or_buch_is_no_speech_even_with_a_cue_or_a_full_stop(rules, gazetteer):
    text = ("Die Soldaten marschierten unter dem Motto „Schild und Schwert!“ durch die Stadt, sagte ein Sprecher. "
            "Der Admiral stellte das Buch „Die Flotte kehrt heim“ vor, berichtete die Zeitung.")
    assert quotes_of(text, rules, gazetteer) == []


def test_a_source_in_the_dative_before_zufolge_and_a_possessive_relative_opening_a_subject(rules, gazetteer):
    text = ("Die Fregatte kehrte nach Kiel zurück. Grund dafür waren dem Bericht zufolge nicht näher bezeichnete "
            "„technische Probleme mit dem Antrieb“.\n\n"
            "„Die Lage an der Grenze ist ernst“, dem Minister zufolge.\n\n"
            "Der General ist derzeit im Ausland. Nach Gerüchten über eine Festnahme teilte dessen Stellvertreter "
            "mit: „Er ruft uns an, wenn er zurückkommt.“")
    assert [(s, m) for _, s, _, m in quotes_of(text, rules, gazetteer)] == [
        ("dem Bericht", "description"), ("dem Minister", "description"), ("dessen Stellvertreter", "description")]


def test_nach_den_worten_and_a_name_in_apposition_to_a_role_in_the_genitive(rules, gazetteer):
    text = ("Viele Dörfer sind überflutet. Nach den Worten des Gouverneurs der Provinz, Tran Quoc Hung, handelt es "
            "sich um „die schwerste Katastrophe in der Geschichte der Region“.")
    assert quotes_of(text, rules, gazetteer) == [
        ("die schwerste Katastrophe in der Geschichte der Region", "Tran Quoc Hung", "person", "explicit")]


def test_after_the_verb_a_speaker_that_can_speak_beats_a_thing_before_it(rules, gazetteer):
    text = "Die Mönche beschrieb die Nachrichtenagentur unter Berufung auf Behörden als „aggressiv und herausfordernd“."
    assert [(s, m) for _, s, _, m in quotes_of(text, rules, gazetteer)] == [("die Nachrichtenagentur", "description")]


def test_reported_speech_continues_the_source_of_an_attribution_phrase_not_an_earlier_speaker(rules, gazetteer):
    text = ("Der Regisseur Jason Miller sagte: „Der Film zeigt die Wahrheit.“ Der Film blende aber vieles aus. Doch "
            "sei es, so der Schriftsteller Tomas Okello in einem Blog, ein Fehler gewesen. Deshalb müsse „die Politik "
            "der Regierung Teil der Lösung sein“.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Jason Miller", "Tomas Okello"]


def test_an_acronym_is_an_organisation_that_speaks(rules, gazetteer):
    text = ("Die Firma baut Stellen ab. Die NWB bestätigte die Zahlen der Gewerkschaft nicht und nannte sie „reine "
            "Spekulation der Presse“.\n\n"
            "Das Urteil wurde bestätigt. Der BGH widersprach allerdings der Ansicht des Gerichts. „Hier wird zwar die "
            "Armee scharf angegriffen“, allerdings sei Kritik nicht strafbar.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Die NWB", "Der BGH"]


def test_after_a_subordinate_clause_the_name_after_the_verb_is_its_subject(rules, gazetteer):
    text = ("Nachdem dieser von Moderator Karl Weber gefragt wurde, was seine Partei unterscheide, entgegnete Huber "
            "empört: „Wollen Sie das so stehen lassen?“")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Huber"]


def test_a_number_then_a_full_stop_then_an_article_ends_a_sentence(rules, gazetteer):
    text = ("Die Werft hat Probleme bei der Auslieferung des Modells 3. Ein Sprecher der Werft teilte mit: „Wir "
            "liefern im Sommer.“")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Ein Sprecher der Werft"]


def test_a_name_in_the_genitive_after_a_prepositional_phrase_is_not_the_speaker(rules, gazetteer):
    text = ("Der Angeklagte Iwan Demjanjuk schwieg. Der Ermittler, der als wichtiger Zeuge gilt, will nach dem "
            "Abschluss des Falls Demjanjuk seine Arbeit einstellen: „Etwas Größeres kommt nicht mehr!“")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Der Ermittler"]


def test_a_document_is_the_source_of_its_words_and_a_person_quoted_by_a_medium_is_the_speaker(rules, gazetteer):
    text = ("In einer Erklärung der Außenminister vom Dienstag hatte es geheißen: „Es gibt keine militärische "
            "Lösung.“\n\n"
            "Karl Brandner wird von der „Morgenpost“ mit den Worten zitiert: „Die Flotte ist bereit.“")
    assert [(s, k) for _, s, k, _ in quotes_of(text, rules, gazetteer)] == [
        ("einer Erklärung der Außenminister vom Dienstag", None), ("Karl Brandner", "person")]


def test_wissen_wollen_asks_and_rechtfertigen_speaks(rules, gazetteer):
    text = ("„Wo bleibt die versprochene Hilfe?“, wollen die Bürger der Stadt seit Tagen wissen.\n\n"
            "In einem Bericht rechtfertigte das Verteidigungsministerium den Einsatz als „defensiver Natur und "
            "notwendig“.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == [
        "die Bürger der Stadt", "das Verteidigungsministerium"]


def test_a_long_subject_between_a_separable_verb_and_its_particle(rules, gazetteer):
    text = ("Der Sprecher Paul Weber sagte: „Wir warten ab.“ Am Rande einer Sitzung des Landtages in Kiel nahm jetzt "
            "auch der Ministerpräsident des Landes Schleswig-Holstein, Karl Brandner (CDU), zu der Frage Stellung. "
            "Jeder Soldat könne „das Konto jetzt einlösen, er kann es später einlösen“.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Paul Weber", "Karl Brandner"]


def test_a_web_address_in_quote_marks_is_no_speech(rules, gazetteer):
    text = "Laut „nachrichten.example.de“ hat die Marine den Auftrag vergeben, sagte ein Sprecher."
    assert quotes_of(text, rules, gazetteer) == []


def test_one_capitalised_word_after_an_article_with_the_sentence_going_on_is_a_name(rules, gazetteer):
    text = ("Die Marine bestellt zwei Fregatten. Das berichtete die „Küstenrundschau“ in ihrer Ausgabe vom Montag. "
            "Ein Sprecher nannte den Bericht eine „Zeitungsente“.")
    assert [t for t, _, _, _ in quotes_of(text, rules, gazetteer)] == ["Zeitungsente"]


def test_a_word_with_a_noun_ending_is_nobody_and_a_role_after_a_prepositional_phrase_opens_a_name(rules, gazetteer):
    text = ("Die Veranstalter der Woche, unter ihnen auch Verleger- und Autorenvereinigungen, betonen, wie wichtig es "
            "sei, „freie Bücher für alle Leser“ zu sichern.\n\n"
            "Entwarnung gab am Abend Kapitän Jonas Weber: „Die Lage ist wieder unter Kontrolle.“")
    people, _ = find_quotes_and_speakers(text, rules, gazetteer)
    assert [p.name for p in people] == ["Jonas Weber"]


def test_a_title_in_quote_marks_belongs_to_the_description_before_it(rules, gazetteer):
    text = ("Die Abgeordnete Ulla Berg sagte: „Wir bleiben dabei.“ Selbst die linke Wochenzeitschrift „Neue Welt“ "
            "hatte letzten September kritisiert, dass sie „für ihre unkritische Haltung gegenüber Milizen“ bekannt sei.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == [
        "Ulla Berg", "die linke Wochenzeitschrift „Neue Welt“"]


def test_an_organisation_inside_an_aside_does_not_take_the_place_of_the_person_before_it(rules, gazetteer):
    text = ("Frank Weber, Vorsitzender der Deutschen Journalistinnen- und Journalisten-Union für das Münsterland, "
            "sagte angesichts der Lage, es sei „unfassbar, mit welcher Kälte hier gehandelt wird“.")
    assert [(s, k) for _, s, k, _ in quotes_of(text, rules, gazetteer)] == [("Frank Weber", "person")]


def test_a_label_before_a_colon_does_not_hide_the_subject_after_it(rules, gazetteer):
    text = "Verteidigung: Die Koalition will die Ausgaben („schnell und deutlich spürbar“) erhöhen."
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Die Koalition"]


def test_the_object_a_quote_gives_an_example_of_is_not_its_speaker(rules, gazetteer):
    text = "Die Demonstranten zogen vor den Sitz der Regierung und skandierten Sprüche wie „Gefälschte Demokratie jetzt“."
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Die Demonstranten"]


def test_who_speaks_beats_who_reports_and_a_role_in_an_aside_marks_a_name(rules, gazetteer):
    text = ("Island fängt wieder Wale. Arni Finnsson, ein Vertreter der Umweltorganisation „Nature Alliance“ (NA), "
            "kommentierte die Entscheidung laut „Nordpost“ mit folgenden Worten: „Es gibt keinen Markt für dieses "
            "Fleisch.“")
    assert quotes_of(text, rules, gazetteer) == [
        ("Es gibt keinen Markt für dieses Fleisch.", "Arni Finnsson", "person", "explicit")]


def test_a_quote_in_brackets_after_a_name_is_that_persons(rules, gazetteer):
    text = ("Auch weitere Politiker gratulierten, so der Ministerpräsident Mario Rossi, die Leiterin der Behörde, "
            "Anna Berg („Mir fällt niemand ein, der das mehr verdient hätte.“), und der Kanzler.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Anna Berg"]


def test_a_comment_clause_after_the_quote_names_its_speaker(rules, gazetteer):
    text = ("Verteidigungsminister Karl Brandner besuchte Kiel. Die Lage sei „sehr ernst und angespannt“, wie "
            "Brandner am Montag sagte.")
    assert quotes_of(text, rules, gazetteer) == [("sehr ernst und angespannt", "Karl Brandner", "person", "explicit")]


def test_capitalised_nouns_nothing_marks_as_a_name_are_not_people(rules, gazetteer):
    text = ("Der Pilot Jan Brandt lobte das neue Flugzeug. Nur Seitenwind möge es „nicht besonders gern“.\n\n"
            "Im Buch beschreibt die Autorin den Löwen als Helfer, der uns aufruft, „in die eigene Mitte zu kommen "
            "und stark zu sein“.")
    people, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert people == [] and all(q.speaker_kind != "person" for q in quotes)


def test_a_sentence_adverb_opening_the_sentence_is_not_its_speaker(rules, gazetteer):
    text = "Die Mannschaft liegt zurück. Dennoch gesteht Mazor ein: „Es wird ein schweres Spiel für uns.“"
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Mazor"]

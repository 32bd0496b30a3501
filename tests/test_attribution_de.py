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
    text = ("Verteidigungsminister Karl Brandner sprach am Montag in Kiel. Künftig sei die Flotte wieder in der "
            "Lage, die Ostsee „ohne fremde Hilfe“ zu überwachen.")
    assert [(t, s) for t, s, _, _ in quotes_of(text, rules, gazetteer)] == [("ohne fremde Hilfe", "Karl Brandner")]


def test_plural_roles_and_plural_speech_verbs(rules, gazetteer):
    text = "Experten warnen vor „einer gefährlichen Lücke in der Luftverteidigung“."
    assert quotes_of(text, rules, gazetteer) == [
        ("einer gefährlichen Lücke in der Luftverteidigung", "Experten", None, "description")]


def test_a_quote_inside_a_sentence_without_a_cue_is_the_words_of_the_description_it_opens_with(rules, gazetteer):
    text = ("Die Kommunen rechnen wegen der Reform mit hohen Kosten, die durch einen „dringenden Bedarf an "
            "Feuerwachen“ entstünden.")
    assert quotes_of(text, rules, gazetteer) == [
        ("dringenden Bedarf an Feuerwachen", "Die Kommunen", None, "subject")]


def test_a_capitalised_verb_form_inside_a_sentence_is_a_noun(rules, gazetteer):
    text = ("Verteidigungsminister Karl Brandner lobte die Werft. Beim Erklären der Offiziere klang es anders: "
            "„Die Aufträge werden verschoben.“")
    assert [(t, s) for t, s, _, _ in quotes_of(text, rules, gazetteer)] == [("Die Aufträge werden verschoben.", None)]


def test_capitalised_words_that_open_a_sentence_or_a_prepositional_phrase_are_not_people(rules, gazetteer):
    text = ("Kapitän Jonas Weber führte die Fregatte in den Hafen. Im Vergleich zum Vorjahr stieg die Zahl der "
            "Einsätze deutlich. „Wir sind sehr zufrieden mit der Besatzung“, sagte er.\n\n"
            "Beide Parteien hatten zugesagt, bis zum 9. Mai „sämtliche schweren Waffen von der Grenze“ abzuziehen.\n\n"
            "Passend zum Wetter mahnte die Sprecherin der Hafenbehörde: „Auf den Stegen kann es heute glatt "
            "sein.“")
    assert [(s, k) for _, s, k, _ in quotes_of(text, rules, gazetteer)] == [
        ("Jonas Weber", "person"), ("Beide Parteien", None), ("die Sprecherin der Hafenbehörde", None)]


def test_a_title_after_a_word_such_as_motto_or_buch_is_no_speech_even_with_a_cue_or_a_full_stop(rules, gazetteer):
    text = ("Die Soldaten marschierten unter dem Motto „Schild und Schwert!“ durch die Stadt, sagte ein Sprecher. "
            "Der Admiral stellte das Buch „Die Flotte kehrt heim“ vor, berichtete die Zeitung. Die Firma wirbt "
            "mit einem Spruch (Motto: „Sicherheit geht immer vor“) für sich, sagte ein Sprecher.")
    assert quotes_of(text, rules, gazetteer) == []


def test_a_source_in_the_dative_before_zufolge_and_a_possessive_relative_opening_a_subject(rules, gazetteer):
    text = ("Die Fregatte kehrte nach Kiel zurück. Ursache waren dem Bericht zufolge „erhebliche Mängel an der "
            "Elektronik“.\n\n"
            "„Die Lage an der Grenze ist ernst“, dem Minister zufolge.\n\n"
            "Der Admiral ist derzeit auf See. Nach Berichten über seinen Rücktritt teilte dessen Stellvertreter "
            "mit: „Der Admiral bleibt im Amt.“")
    assert [(s, m) for _, s, _, m in quotes_of(text, rules, gazetteer)] == [
        ("dem Bericht", "description"), ("dem Minister", "description"), ("dessen Stellvertreter", "description")]


def test_nach_den_worten_and_a_name_in_apposition_to_a_role_in_the_genitive(rules, gazetteer):
    text = ("Viele Straßen sind überflutet. Nach den Worten des Bürgermeisters der Stadt, Tran Quoc Hung, war der "
            "Sturm „der stärkste seit Beginn der Aufzeichnungen“.")
    assert quotes_of(text, rules, gazetteer) == [
        ("der stärkste seit Beginn der Aufzeichnungen", "Tran Quoc Hung", "person", "explicit")]


def test_after_the_verb_a_speaker_that_can_speak_beats_a_thing_before_it(rules, gazetteer):
    text = "Die Proteste nannte der Sender unter Berufung auf die Polizei „laut, aber weitgehend friedlich“."
    assert [(s, m) for _, s, _, m in quotes_of(text, rules, gazetteer)] == [("der Sender", "description")]


def test_reported_speech_continues_the_source_of_an_attribution_phrase_not_an_earlier_speaker(rules, gazetteer):
    text = ("Der Regisseur Jason Miller sagte: „Der Film zeigt die Wahrheit.“ Der Bericht verschweige aber vieles. "
            "Zudem sei die Lage, so die Historikerin Maria Olsen in einem Interview, völlig anders gewesen. Daher "
            "müsse „die Armee ihre Fehler offen zugeben“.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Jason Miller", "Maria Olsen"]


def test_an_acronym_is_an_organisation_that_speaks(rules, gazetteer):
    text = ("Die Firma baut Stellen ab. Die BWB kommentierte den Bericht des Verbandes nicht weiter und nannte ihn "
            "„eine grobe Verzerrung der Tatsachen“.\n\n"
            "Das Urteil wurde bestätigt. Das OLG kritisierte die Anklage deutlich. „Die Vorwürfe wiegen schwer“, "
            "allerdings reiche die Beweislage nicht aus.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Die BWB", "Das OLG"]


def test_after_a_subordinate_clause_the_name_after_the_verb_is_its_subject(rules, gazetteer):
    text = ("Nachdem sie vom Reporter Karl Weber nach den Kosten gefragt wurde, antwortete Huber knapp: „Das klären "
            "wir im Ausschuss.“")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Huber"]


def test_a_number_then_a_full_stop_then_an_article_ends_a_sentence(rules, gazetteer):
    text = ("Die Werft hat Probleme mit den Booten des Typs 3. Ein Sprecher der Werft teilte mit: „Wir liefern im "
            "Sommer.“")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Ein Sprecher der Werft"]


def test_a_name_in_the_genitive_after_a_prepositional_phrase_is_not_the_speaker(rules, gazetteer):
    text = ("Der Angeklagte Boris Kowalski schwieg. Der Staatsanwalt, der als erfahren gilt, will nach dem Ende des "
            "Prozesses Kowalski seine Arbeit beenden: „Danach kommt nichts mehr!“")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Der Staatsanwalt"]


def test_a_document_is_the_source_of_its_words_and_a_person_quoted_by_a_medium_is_the_speaker(rules, gazetteer):
    text = ("In einer Mitteilung der Verteidigungsminister vom Freitag hatte es geheißen: „Die Übung wird "
            "fortgesetzt.“\n\n"
            "Karl Brandner wird von der „Morgenpost“ mit den Worten zitiert: „Die Flotte ist bereit.“")
    assert [(s, k) for _, s, k, _ in quotes_of(text, rules, gazetteer)] == [
        ("einer Mitteilung der Verteidigungsminister vom Freitag", None), ("Karl Brandner", "person")]


def test_wissen_wollen_asks_and_rechtfertigen_speaks(rules, gazetteer):
    text = ("„Wo bleibt die versprochene Hilfe?“, wollen die Bürger der Stadt seit Tagen wissen.\n\n"
            "In einer Mitteilung rechtfertigte das Innenministerium die Kontrollen als „angemessen und zeitlich "
            "begrenzt“.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == [
        "die Bürger der Stadt", "das Innenministerium"]


def test_a_long_subject_between_a_separable_verb_and_its_particle(rules, gazetteer):
    text = ("Der Sprecher Paul Weber sagte: „Wir warten ab.“ Nach einer Sitzung des Kabinetts in Kiel nahm jetzt "
            "auch der Ministerpräsident des Landes Schleswig-Holstein, Karl Brandner (CDU), zu der Frage Stellung. "
            "Jeder Soldat könne „den Urlaub jetzt nehmen oder später, ganz wie er will“.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Paul Weber", "Karl Brandner"]


def test_a_web_address_in_quote_marks_is_no_speech(rules, gazetteer):
    text = "Laut „nachrichten.example.de“ hat die Marine den Auftrag vergeben, sagte ein Sprecher."
    assert quotes_of(text, rules, gazetteer) == []


def test_one_capitalised_word_after_an_article_with_the_sentence_going_on_is_a_name(rules, gazetteer):
    text = ("Die Marine bestellt zwei Fregatten. Das berichtete die „Küstenrundschau“ in ihrer Ausgabe vom Montag. "
            "Ein Sprecher nannte den Bericht eine „Zeitungsente“.")
    assert [t for t, _, _, _ in quotes_of(text, rules, gazetteer)] == ["Zeitungsente"]


def test_a_word_with_a_noun_ending_is_nobody_and_a_role_after_a_prepositional_phrase_opens_a_name(rules, gazetteer):
    text = ("Die Organisatoren des Festes, unter ihnen auch Winzer- und Bauernvereinigungen, betonen, wie wichtig "
            "es sei, „faire Preise für alle Erzeuger“ zu sichern.\n\n"
            "Entwarnung gab am Abend Kapitän Jonas Weber: „Die Lage ist wieder unter Kontrolle.“")
    people, _ = find_quotes_and_speakers(text, rules, gazetteer)
    assert [p.name for p in people] == ["Jonas Weber"]


def test_a_title_in_quote_marks_belongs_to_the_description_before_it(rules, gazetteer):
    text = ("Die Abgeordnete Ulla Berg sagte: „Wir bleiben dabei.“ Selbst das konservative Magazin „Nordblick“ hatte "
            "im Frühjahr bemängelt, dass sie „zu nachsichtig mit den Generälen“ umgehe.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == [
        "Ulla Berg", "das konservative Magazin „Nordblick“"]


def test_an_organisation_inside_an_aside_does_not_take_the_place_of_the_person_before_it(rules, gazetteer):
    text = ("Petra Lang, Sprecherin der Winzer- und Bauern-Union für den Kreis Kiel, sagte am Montag, es sei "
            "„unbegreiflich, wie hier mit den Betrieben umgegangen wird“.")
    assert [(s, k) for _, s, k, _ in quotes_of(text, rules, gazetteer)] == [("Petra Lang", "person")]


def test_a_label_before_a_colon_does_not_hide_the_subject_after_it(rules, gazetteer):
    text = "Verteidigung: Die Koalition will die Ausgaben („schnell und deutlich spürbar“) erhöhen."
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Die Koalition"]


def test_the_object_a_quote_gives_an_example_of_is_not_its_speaker(rules, gazetteer):
    text = "Die Bauern zogen vor das Ministerium und riefen Parolen wie „Keine Höfe ohne faire Preise“."
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Die Bauern"]


def test_who_speaks_beats_who_reports_and_a_role_in_an_aside_marks_a_name(rules, gazetteer):
    text = ("Die Marine testet neue Drohnen. Lars Eklund, ein Vertreter der Friedensgruppe „Baltic Watch“ (BW), "
            "kommentierte den Test laut „Nordpost“ mit folgenden Worten: „Diese Drohnen braucht an der Küste "
            "niemand.“")
    assert quotes_of(text, rules, gazetteer) == [
        ("Diese Drohnen braucht an der Küste niemand.", "Lars Eklund", "person", "explicit")]


def test_a_quote_in_brackets_after_a_name_is_that_persons(rules, gazetteer):
    text = ("Auch weitere Gäste gratulierten, so der Bürgermeister Mario Rossi, die Leiterin des Museums, "
            "Anna Berg („Eine bessere Wahl gibt es nicht.“), und der Landrat.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Anna Berg"]


def test_a_comment_clause_after_the_quote_names_its_speaker(rules, gazetteer):
    text = ("Verteidigungsminister Karl Brandner besuchte Kiel. Die Lage sei „sehr ernst und angespannt“, wie "
            "Brandner am Montag sagte.")
    assert quotes_of(text, rules, gazetteer) == [("sehr ernst und angespannt", "Karl Brandner", "person", "explicit")]


def test_capitalised_nouns_nothing_marks_as_a_name_are_not_people(rules, gazetteer):
    text = ("Der Pilot Jan Brandt lobte den neuen Hubschrauber. Nur Nebel möge er „gar nicht gern“.\n\n"
            "Im Roman beschreibt die Autorin den Wolf als Begleiter, der uns mahnt, „auf die eigene Stimme zu hören "
            "und mutig zu bleiben“.")
    people, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert people == [] and all(q.speaker_kind != "person" for q in quotes)


def test_a_sentence_adverb_opening_the_sentence_is_not_its_speaker(rules, gazetteer):
    text = "Die Mannschaft liegt zurück. Dennoch gesteht Kowal ein: „Es wird ein schweres Spiel für uns.“"
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Kowal"]


def test_a_quote_standing_alone_after_a_sentence_about_an_organisation_is_its(rules, gazetteer):
    text = ("Europapolitik: Die Partei will am Kurs der Erweiterung festhalten. „Wir wollen ein Europa, auf das "
            "man sich verlassen kann.“")
    assert [(s, m) for _, s, _, m in quotes_of(text, rules, gazetteer)] == [("Die Partei", "adjacent")]


def test_verbs_of_opinion_are_cues(rules, gazetteer):
    text = ("Die Werft meldet Verzögerungen. „Die Schiffe laufen noch vor dem ersten Frost aus“, hofft der Kapitän "
            "Tom Beck.")
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Tom Beck"]


def test_the_agent_of_a_passive_clause_speaks(rules, gazetteer):
    text = "Der Komponist starb am Montag. Seine Werke werden von Kennern als „Meilensteine der neuen Musik“ bezeichnet."
    assert [s for _, s, _, _ in quotes_of(text, rules, gazetteer)] == ["Kennern"]


def test_a_capitalised_word_alone_is_a_person_only_with_evidence(rules, gazetteer):
    """German capitalises every noun: a plural or a firm before a speech verb keeps its words as the
    speaker, but is no person; a surname after a speech verb is one."""
    text = ("Die Demonstranten zogen durch die Hauptstadt. Im Juni erklärten Demonstranten in Masaya die Stadt "
            "zum „befreiten Gebiet ohne jede Diktatur“.\n\n"
            "Der Rüstungskonzern Nordwerft ist betroffen. Nordwerft erklärt, es handle sich um „Lieferscheine "
            "sowie etwaige Begleitpapiere von Kunden“.\n\n"
            "„Das wird ein schwieriger Prozess für alle Beteiligten“, sagte Gnisa.")
    people, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [
        ("Demonstranten", None), ("Nordwerft", None), ("Gnisa", "person")]
    assert [p.name for p in people] == ["Gnisa"]


def test_a_given_name_written_in_lower_case_elsewhere_opens_no_name(rules, gazetteer):
    """"Sie" is a given name in the lists, and the pronoun of polite address: no person "Sie den Witz"."""
    text = ("Kennen Sie den Witz mit dem Hund? Meine Schwester kennt ihn, sie lacht immer. "
            "Er sagte: „Das ist kein guter Witz, den ich da höre.“")
    people, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert people == []
    assert [q.speaker for q in quotes] == [None]


def test_the_object_of_zitiert_after_an_outlet_is_the_one_quoted(rules, gazetteer):
    text = "„Wir gehen davon aus, dass die Regelung rasch umgesetzt werden kann“, zitiert Welt-Online den Minister."
    assert quotes_of(text, rules, gazetteer) == [
        ("Wir gehen davon aus, dass die Regelung rasch umgesetzt werden kann", "den Minister", None, "description")]


def test_before_a_colon_the_person_whose_words_a_phrase_names_speaks(rules, gazetteer):
    text = ("An der Schule lernen jetzt 533 Kinder. Das Fazit von Renate Kolb nach fünf Jahren überrascht daher "
            "nicht: „Die hohen Anmeldezahlen zeigen, dass die Qualität stimmt.“\n\n"
            "Der Sprecher von Renate Kolb sagte dazu: „Wir sind zufrieden mit dem Ergebnis.“")
    assert [(q[1], q[2]) for q in quotes_of(text, rules, gazetteer)] == [
        ("Renate Kolb", "person"), ("Der Sprecher von Renate Kolb", None)]


def test_a_name_after_mitarbeiter_is_the_subject_before_a_colon(rules, gazetteer):
    text = ("Die Zeitschrift „Neue Welt“ hatte kritisiert, dass sie „für ihre unkritische Haltung gegenüber "
            "Milizen“ bekannt sei. Ihr wissenschaftlicher Mitarbeiter Tim Berger hat weniger Hemmungen, seine "
            "Sympathien zu zeigen: „Wir sind der Meinung, dass die Partei einen legitimen Kampf führt.“")
    assert quotes_of(text, rules, gazetteer)[-1][1:] == ("Tim Berger", "person", "explicit")


def test_experts_asking_after_the_quote_are_its_speakers(rules, gazetteer):
    text = ("Das Bündnis steht unter Druck. Denn: „Wozu sollte es existieren, wenn es keine Beschlüsse fassen "
            "kann?“ fragen sich Experten.")
    assert quotes_of(text, rules, gazetteer)[0][1:] == ("Experten", None, "description")


def test_a_few_words_in_another_language_are_a_title_not_speech(rules, gazetteer):
    """No small German word and no German noun ending: a song title. "Entschuldung" is a German noun, so
    the short phrase it opens stays a quote."""
    text = ("Beim Konzert in Köln sang Jon Berger zum Schluss „Keep the fire burning“ und verließ die Bühne. "
            "Der Minister sagte, das Land sei von einer „Entschuldung weit entfernt“.")
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [("Entschuldung weit entfernt", "Der Minister")]


def test_a_role_opening_the_sentence_is_the_subject_across_an_aside(rules, gazetteer):
    text = ("Die Woche beginnt. Die Veranstalter der Aktionswoche, unter ihnen auch Journalisten- und "
            "Autorenverbände, betonen, wie wichtig es sei, den Zugang zu „unorthodoxen oder unpopulären "
            "Sichtweisen“ sicherzustellen.")
    assert quotes_of(text, rules, gazetteer)[0][1:] == ("Die Veranstalter der Aktionswoche", None, "description")


def test_after_an_adverb_or_a_prepositional_phrase_the_phrase_after_the_verb_is_the_subject(rules, gazetteer):
    """Verb second: with no cue, the subject after the finite verb speaks; a thing there does not."""
    text = ("Der Bundespräsident sprach über die Reformen. Hier sparte der Bundespräsident auch nicht mit Kritik: "
            "„Wer kleine Schritte macht, muss viele Schritte machen.“\n\n"
            "Am Rathaus hing ein Banner. Auf dem Banner stand der Satz „Wir bleiben alle hier in der Stadt“.")
    assert [q[1:] for q in quotes_of(text, rules, gazetteer)] == [
        ("der Bundespräsident", None, "subject"), (None, None, None)]


def test_a_verb_right_after_und_shares_the_subject_of_the_clause_before(rules, gazetteer):
    """"und rief", "und skandierten dabei Parolen": the phrase after the verb is its object, the subject the
    first clause's, also when it stands after that clause's verb."""
    text = ("Der Flug verlief ruhig. Als ein Fluggast half, biss der Randalierer den Fluggast und rief: "
            "„Lasst mich sofort hier raus!“\n\n"
            "Am Samstag zogen die Demonstranten durch die Stadt und skandierten dabei Parolen wie „Freiheit statt "
            "Angst für alle“.")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["der Randalierer", "die Demonstranten"]


def test_a_relative_pronoun_stands_for_the_phrase_before_its_comma(rules, gazetteer):
    """The subject of a verb in a relative clause is the phrase the pronoun stands for; the phrases inside a
    relative clause between a subject and its verb are not the subject."""
    text = ("Die Entscheidung fiel am Freitag. In der Zeitung erschien ein Kommentar, der die Entscheidung als "
            "„völlig unverständliche Verirrung“ bezeichnet.\n\n"
            "Der 70-jährige Richter Anton Berg, der als Kritiker der Regierung gilt, hofft aber, „dass der Neue "
            "zuhört.“\n\n"
            "Lina Sorel, eines der Vorstandsmitglieder, die den Aufruf unterschrieben, verurteilte die Haltung der "
            "Regierung. „Diese Regierung hört niemandem zu.“")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["ein Kommentar", "Anton Berg", "Lina Sorel"]


def test_a_name_before_the_finite_auxiliary_is_the_subject_not_the_object_after_it(rules, gazetteer):
    """"X hatte die Rolle der Y betont": the object in the middle names someone, still X speaks; a
    truncated compound ("Fraktions- und Parteichefs") is one phrase, not two clauses."""
    text = ("Brandt hatte besonders die Rolle der Parteichefs betont: „Die Entscheidungen fallen im Kreis der "
            "Vorsitzenden.“\n\n"
            "Kolberg hatte die Rolle der Fraktions- und Parteichefs betont: „Wir entscheiden gemeinsam.“")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["Brandt", "Kolberg"]


def test_a_pronoun_is_the_description_opening_its_sentence(rules, gazetteer):
    text = ("Der Unfall geschah am Abend. Der Student verbrachte die Nacht in Haft, schlief ein, nur ab und zu war "
            "er hochgeschreckt und hatte gefragt: „Was ist mit dem Radfahrer passiert?“")
    assert quotes_of(text, rules, gazetteer)[0][1:] == ("Der Student", None, "pronoun")


def test_a_bare_plural_noun_opening_the_clause_speaks_but_a_capitalised_adverb_does_not(rules, gazetteer):
    """One word with no article: a noun and the subject when no subject follows its verb ("Meteorologen
    rechnen mit"), no person (one-word speakers need evidence); an adverb opening the sentence when one does
    ("Ursprünglich wollte er")."""
    text = ("Der Sturm zog nach Süden ab. Meteorologen rechnen jedoch mit „sehr ergiebigen Niederschlägen“.\n\n"
            "Der Plan war groß. Erwartungsgemäß stellte Nordwerk auch ein „völlig neues Modell“ vor.")
    assert [q[1:3] for q in quotes_of(text, rules, gazetteer)] == [("Meteorologen", None), (None, None)]


def test_in_reported_speech_the_description_whose_verb_reports_speaks(rules, gazetteer):
    """"Der Wahlsieger erklärte, es sei …, weil „…“" is the winner's; "Die Lage sei „…“" is the last
    speaker's."""
    text = ("„Wir sind hier nicht willkommen“, sagte Anna Weber. Der Wahlsieger erklärte indessen, es sei kein "
            "Betrug gewesen, und verglich die Lage mit Krawallen, weil „manche dachten, sie würden gewinnen“.\n\n"
            "„Wir sind hier nicht willkommen“, sagte Anna Weber. Die Lage sei „wirklich sehr dramatisch“.")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == [
        "Anna Weber", "Der Wahlsieger", "Anna Weber", "Anna Weber"]


def test_a_document_named_before_or_after_heisst_es_is_the_whole_phrase(rules, gazetteer):
    """All before the finite verb is one phrase; after the verb the place runs on to the end of the clause."""
    text = ("Der Preis ist hoch dotiert. In der Ankündigung des Komitees von heute Mittag heißt es, der Preis gehe "
            "an Herta Miller, „die mit großer Kraft Landschaften zeichnet“.\n\n"
            "Die Firma investiert. So heißt es in der Meldung auf der Homepage von „Nord Energie“ wörtlich: "
            "„Ziel der Strategie ist eine optimale Vernetzung.“")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == [
        "der Ankündigung des Komitees von heute Mittag", "der Meldung auf der Homepage von „Nord Energie“"]


def test_a_verb_after_the_quote_in_a_subordinate_clause_has_the_subject_after_its_conjunction(rules, gazetteer):
    text = ("„Wir sind hier nicht willkommen“, sagte Anna Weber. Der Bericht ist brisant, weil die Regierung das "
            "Land im letzten Monat als „junge mutige Demokratie“ bezeichnet hat.")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["Anna Weber", "die Regierung"]


def test_an_age_joined_to_a_noun_is_a_description_that_speaks(rules, gazetteer):
    text = ("Der Brief wurde gefunden. Der 58-Jährige habe darin geschrieben, er müsse jetzt „aus diesem "
            "schlechten Leben“ gehen.")
    assert quotes_of(text, rules, gazetteer)[0][1:3] == ("Der 58-Jährige", None)


def test_adverbs_then_a_prepositional_phrase_open_a_clause_whose_subject_follows_the_verb(rules, gazetteer):
    text = ("Die Lage war ruhig. Bereits am Sonntagabend zogen Demonstranten vor den Sitz der Verwaltung und "
            "skandierten Sprüche wie „Gefälschte Demokratie für alle“.")
    assert quotes_of(text, rules, gazetteer)[0][1:3] == ("Demonstranten", None)


def test_after_und_a_clause_of_its_own_has_its_own_subject(rules, gazetteer):
    """"… und der … Unternehmer X rief vor den versammelten Demonstranten aus": the person named in the new
    clause speaks, not the crowd in the prepositional phrase after the verb."""
    text = ("Die Menge skandierte Parolen wie „Nordmann raus!“ und der sich selbst als Gegner Nordmanns "
            "inszenierende Unternehmer Sondhi Limthongkul rief vor den versammelten Demonstranten aus: "
            "„Nordmann ist der schlechteste Regierungschef aller Zeiten!“")
    assert quotes_of(text, rules, gazetteer)[-1][1:3] == ("Sondhi Limthongkul", "person")


def test_a_bare_name_opening_the_clause_speaks_when_the_quote_follows_its_verb(rules, gazetteer):
    """A word the article also writes in lower case is an adverb there ("Letztendlich bleibe „…“")."""
    text = ("Die Nachfrage steigt. Nordwerk erwartet „eine deutliche Steigerung der Produktion“.\n\n"
            "Die Akten sind letztendlich lückenhaft. Letztendlich bleibe „der unbegründete Verdacht gegen den Mann“.")
    assert [q[1:3] for q in quotes_of(text, rules, gazetteer)] == [("Nordwerk", None), (None, None)]


def test_reported_speech_continues_the_document_of_an_earlier_heisst_es(rules, gazetteer):
    text = ("„Wir sind bereit“, sagte Angela Merkel. In einem Positionspapier des Ministeriums heißt es, die Regeln "
            "hätten sich bewährt. Deshalb sei es „folgerichtig, die Regeln beizubehalten“.")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["Angela Merkel", "einem Positionspapier des Ministeriums"]


def test_a_passive_with_no_agent_is_the_words_of_the_medium_it_names_not_of_a_time(rules, gazetteer):
    text = ("„Wir sind bereit“, sagte Anna Weber. Die Verkehrsbetriebe wurden gestern im „Kurier“ als „eine "
            "bedeutende Organisation der Stadt“ bezeichnet.\n\n"
            "„Wir sind bereit“, sagte Anna Weber. Die Verkehrsbetriebe wurden im Januar als „eine bedeutende "
            "Organisation der Stadt“ bezeichnet.")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["Anna Weber", "Kurier", "Anna Weber", "Anna Weber"]


def test_wuerden_marks_reported_speech_of_the_last_speaker(rules, gazetteer):
    """"würden" reports as "seien" does: the phrase opening the sentence is not who speaks."""
    text = ("„Wir bekommen einen besseren Vertrag“, sagte Premierminister Boris Brandt. Alle im Land würden bereit "
            "sein für den Austritt, drei Jahre „unbegründeter Selbstzweifel“ seien vorbei.")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["Boris Brandt", "Boris Brandt"]


def test_a_quote_standing_alone_after_reported_speech_goes_on_with_its_speaker(rules, gazetteer):
    text = ("Der Bundespräsident Horst Kaller begründete seine Entscheidung am Abend.\n\n"
            "Eine handlungsfähige Regierung sei notwendig, die sich auf „eine verlässliche Mehrheit im Parlament“ "
            "stützen könne.\n\n"
            "Nach eingehender Prüfung sei er zu dem Schluss gekommen, dass es keine Alternative gebe. „Ich bin davon "
            "überzeugt, dass die Voraussetzungen gegeben sind.“")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["Horst Kaller", "Horst Kaller"]


def test_the_subjunctive_of_a_condition_reports_the_last_speaker(rules, gazetteer):
    """"Kämen sie dem nicht nach, so „…“": "käme", "wäre" report as "sei" does."""
    text = ("Das Wasser stieg. Der Bürgermeister der Stadt forderte alle Bewohner auf, die Stadt zu verlassen. "
            "Kämen sie dem nicht nach, so „schütze sie Gott“.")
    assert quotes_of(text, rules, gazetteer)[0][1] == "Der Bürgermeister der Stadt"


@pytest.mark.parametrize("text", [
    "Über das weitere Vorgehen berieten die Minister. „Wir warten ab“, sagte Vorgehen.",
    "Für meine Begriffe war das zu viel. „Das ist falsch“, meinte Begriffe dazu.",
])
def test_a_noun_after_a_determiner_and_its_adjective_names_nobody(rules, gazetteer, text):
    people, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert people == [] and [q.speaker_kind for q in quotes] == [None]


@pytest.mark.parametrize("text, speaker", [
    ("„Das ist ein Erfolg“, sagte Rektor Eichlseder.", "Eichlseder"),
    ("„Das ist ein Erfolg“, sagte Kritiker Ijoma Mangold.", "Ijoma Mangold"),
    ("„Das ist ein Erfolg“, sagte Arbeitsrechtlerin Bürger.", "Bürger"),
    ("„Wir kommen wieder“, sagte ATU-Organisator Gutierrez.", "Gutierrez"),
    ("„Das ist ein Erfolg“, schreibt Bach den Berichtsband.", "Bach"),
])
def test_an_agent_noun_before_a_name_is_a_role_and_an_article_after_it_no_particle(rules, gazetteer, text, speaker):
    assert [(s, k) for _, s, k, _ in quotes_of(text, rules, gazetteer)] == [(speaker, "person")]


def test_a_name_ends_at_a_line_break(rules, gazetteer):
    text = "Ein Blog von Margarita Koreneva\nVegetarier sagt: „Ich esse seit Jahren kein Fleisch.“"
    people, _ = find_quotes_and_speakers(text, rules, gazetteer)
    assert "Margarita Koreneva Vegetarier" not in [p.name for p in people]

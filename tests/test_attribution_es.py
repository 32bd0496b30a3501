"""Spanish quotes and speakers from config/languages/es.yaml (transforms/attribution.py). Invented sentences."""
from tests.language_rules import gazetteer, quotes_of, rules  # noqa: F401 - fixtures
from transforms.attribution import find_quotes_and_speakers

LANGUAGE = "es"


def test_an_inverted_cue_names_the_minister_and_a_later_surname_finds_her(rules, gazetteer):
    text = ("La ministra de Defensa, Lucía Herrera, visitó el astillero de Cartagena.\n\n"
            "«El submarino estará listo en otoño», dijo Herrera ante la prensa.")
    assert quotes_of(text, rules, gazetteer) == [
        ("El submarino estará listo en otoño", "Lucía Herrera", "person", "explicit")]


def test_a_role_with_its_name_in_apposition(rules, gazetteer):
    text = ("“Vamos a reforzar la defensa aérea del país”, aseguró el jefe del Estado Mayor, "
            "el general Tomás Rivas, en una rueda de prensa.")
    assert quotes_of(text, rules, gazetteer) == [
        ("Vamos a reforzar la defensa aérea del país", "Tomás Rivas", "person", "explicit")]


def test_a_verb_without_a_subject_is_the_last_speaker(rules, gazetteer):
    text = ("“Los aviones llegarán en marzo”, afirmó el ministro Andrés Vidal. "
            "“Después vendrán los helicópteros”, añadió.")
    assert quotes_of(text, rules, gazetteer) == [
        ("Los aviones llegarán en marzo", "Andrés Vidal", "person", "explicit"),
        ("Después vendrán los helicópteros", "Andrés Vidal", "person", "pronoun"),
    ]


def test_segun_and_a_described_source(rules, gazetteer):
    text = "Según el comunicado del ejército, los misiles “fueron interceptados sobre el mar”."
    assert quotes_of(text, rules, gazetteer) == [
        ("fueron interceptados sobre el mar", "ejército", None, "description")]


def test_the_object_of_a_verb_of_saying_is_not_its_subject(rules, gazetteer):
    text = ("El portavoz militar Jorge Salas reivindicó el ataque y calificó la operación como "
            "“una respuesta a la agresión contra nuestro país”.")
    assert quotes_of(text, rules, gazetteer)[0][:2] == (
        "una respuesta a la agresión contra nuestro país", "Jorge Salas")


def test_names_in_quote_marks_are_not_speech(rules, gazetteer):
    text = "La fragata “Méndez Núñez” zarpó hacia la operación “Escudo Atlántico”."
    assert quotes_of(text, rules, gazetteer) == []


def test_a_comment_clause_after_the_quote_names_its_speaker(rules, gazetteer):
    text = ("El general Tomás Rivas visitó la base. La ministra Ana Pérez habló con la prensa. \"La situación en la "
            "frontera es grave\", como dijo Rivas el lunes.")
    assert quotes_of(text, rules, gazetteer) == [
        ("La situación en la frontera es grave", "Tomás Rivas", "person", "explicit")]


def test_a_word_the_article_also_writes_in_lower_case_is_no_person(rules, gazetteer):
    """"Mi" is in the given-name lists, and "mi" (my) is written in lower case in the same text."""
    text = ("Mi mamá es ingeniera y trabaja en el campo con mi tía. Mi mamá repetía: “Coman, que esto no es un "
            "restaurante para nadie”.")
    assert [kind for _, _, kind, _ in quotes_of(text, rules, gazetteer)] == [None]


def test_a_relative_pronoun_after_a_comma_names_the_speaker_explicitly(rules, gazetteer):
    """The verb's subject is the name before the comma, not a dropped subject resolved to the last speaker."""
    text = ("El debate siguió. Habló también el ministro Carlos Ruiz, quien calificó la reforma de «una catástrofe "
            "para el país entero».")
    assert quotes_of(text, rules, gazetteer)[0][1:] == ("Carlos Ruiz", "person", "explicit")


def test_a_known_person_in_spanish_spelling_is_one_person_named_as_config_people_names_them(rules, gazetteer):
    text = "«No cederemos ni un metro», declaró el presidente Volodímir Zelenski en Kiev."
    people, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [("Volodímir Zelenski", "person")]
    assert [(p.name, p.aliases) for p in people] == [("Volodymyr Zelensky", ["Volodímir Zelenski"])]


def test_places_adverbs_and_an_organisation_s_words_are_not_people(rules, gazetteer):
    texts = ["Ahora Bustos asegura: “No publiqué todo el material que recabé”.",
             "La convencional de la Coordinadora Plurinacional, Tania Madriaga, cree que la comisión será "
             "determinante: “Es un tránsito gradual”, dijo Plurinacional.",
             "Santa Cruz\n\nSANTA CRUZ\n\nUn investigador chileno asegura que no publicó todo su material: "
             "“El 90% de los autos robados están en posesión de autoridades bolivianas”"]
    people = [p.name for text in texts for p in find_quotes_and_speakers(text, rules, gazetteer)[0]]
    assert people == ["Bustos"]

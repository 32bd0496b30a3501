"""Polish quotes and speakers from config/languages/pl.yaml (transforms/attribution.py). Invented sentences."""
from tests.language_rules import gazetteer, quotes_of, rules  # noqa: F401 - fixtures
from transforms.attribution import find_quotes_and_speakers

LANGUAGE = "pl"


def test_a_dash_cue_after_the_quote_and_a_verb_without_a_subject(rules, gazetteer):
    text = ("Minister obrony Tomasz Wilk odwiedził jednostkę w Orzyszu.\n\n"
            "„Te czołgi wzmocnią naszą armię” – powiedział Tomasz Wilk. "
            "„Kolejne trafią do wojska jesienią” – dodał.")
    assert quotes_of(text, rules, gazetteer) == [
        ("Te czołgi wzmocnią naszą armię", "Tomasz Wilk", "person", "explicit"),
        ("Kolejne trafią do wojska jesienią", "Tomasz Wilk", "person", "pronoun"),
    ]


def test_an_inflected_name_is_the_form_the_article_uses(rules, gazetteer):
    text = ("Premier Jan Kowalczyk spotkał się z żołnierzami.\n\n"
            "Według Kowalczyka „zakup rakiet to najważniejszy projekt tego roku”.")
    assert quotes_of(text, rules, gazetteer) == [
        ("zakup rakiet to najważniejszy projekt tego roku", "Jan Kowalczyk", "person", "explicit")]


def test_a_spokesman_of_someone_is_described_not_named_after_him(rules, gazetteer):
    text = ("„Rozmieszczenie rakiet to nasza wewnętrzna sprawa” – powiedział rzecznik prezydenta "
            "Władimira Putina.")
    assert quotes_of(text, rules, gazetteer) == [
        ("Rozmieszczenie rakiet to nasza wewnętrzna sprawa", "rzecznik prezydenta Władimira Putina", None,
         "description")]


def test_a_role_and_its_genitive_complement_then_a_title_and_a_name(rules, gazetteer):
    text = ("Rzecznik resortu obrony gen. Igor Sokołow oświadczył, że ćwiczenia są „rutynowym szkoleniem "
            "naszych wojsk”.")
    assert quotes_of(text, rules, gazetteer)[0][:2] == ("rutynowym szkoleniem naszych wojsk", "Igor Sokołow")


def test_a_communique_stands_for_its_author(rules, gazetteer):
    text = ("„Polska przestrzeń powietrzna została naruszona przez obiekty typu dron” – napisano w komunikacie "
            "Dowództwa Operacyjnego.")
    assert quotes_of(text, rules, gazetteer) == [
        ("Polska przestrzeń powietrzna została naruszona przez obiekty typu dron", "Dowództwa Operacyjnego",
         "organization", "explicit")]


def test_speech_after_a_dash_without_quote_marks_is_not_a_quote(rules, gazetteer):
    text = ("– Nie ma zgody na takie działania – powiedział minister.\n\n"
            "– Będziemy reagować stanowczo – dodał.")
    assert quotes_of(text, rules, gazetteer) == []


def test_the_pronoun_on_is_the_last_man_named_not_a_person_called_on(rules, gazetteer):
    """"on" must be quoted in pl.yaml: YAML reads a bare on as true, and the pronoun was lost."""
    text = ("Generał Adam Lis i ministra Ewa Bąk przyjechali do bazy. Ewa Bąk milczała. "
            "On powiedział: „Ćwiczenia są rutynowe”.")
    assert quotes_of(text, rules, gazetteer) == [("Ćwiczenia są rutynowe", "Adam Lis", "person", "pronoun")]


def test_a_word_capitalised_only_where_a_sentence_opens_is_no_person(rules, gazetteer):
    """Polish capitalises names, not nouns: "Eksperci" (experts) opening a sentence names nobody."""
    text = ("Sąd zajmie się sprawą w czerwcu. Eksperci podkreślają, że działania stowarzyszenia są „groźne dla "
            "wolności słowa w Polsce”.")
    assert quotes_of(text, rules, gazetteer) == [
        ("groźne dla wolności słowa w Polsce", "Eksperci", None, "explicit")]


def test_a_relative_pronoun_after_a_comma_names_the_speaker_explicitly(rules, gazetteer):
    """The verb's subject is the name before the comma, not a dropped subject resolved to the last speaker."""
    text = "Debata trwała. Głos zabrał też minister Jan Nowak, który nazwał reformę „prawdziwą katastrofą dla kraju”."
    assert quotes_of(text, rules, gazetteer)[0][1:] == ("Jan Nowak", "person", "explicit")


def test_a_known_person_in_polish_spelling_is_one_person_named_as_config_people_names_them(rules, gazetteer):
    text = "„Nie ustąpimy” – powiedział prezydent Rosji Władimir Putin w Moskwie."
    people, quotes = find_quotes_and_speakers(text, rules, gazetteer)
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [("Władimir Putin", "person")]
    assert [(p.name, p.aliases) for p in people] == [("Vladimir Putin", ["Władimir Putin"])]


def test_a_country_in_another_case_is_no_person(rules, gazetteer):
    text = "Stonowane wystąpienia przedstawicieli Czech na forum UE: „To był zamach” – powiedział."
    assert find_quotes_and_speakers(text, rules, gazetteer)[0] == []

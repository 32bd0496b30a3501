"""English quotes and speakers from config/languages/en.yaml (transforms/attribution.py). Invented sentences.
Production English still runs transforms/quotes.py; these show what the one mechanism does with English."""
import pytest

from tests.language_rules import gazetteer, quotes_of, rules  # noqa: F401 - fixtures

LANGUAGE = "en"


def test_an_inverted_cue_and_a_pronoun_for_the_last_speaker(rules, gazetteer):
    text = ("“The frigates will be delivered on time,” said Admiral Laura Benton. "
            "“Sea trials start in March,” she added.")
    assert quotes_of(text, rules, gazetteer) == [
        ("The frigates will be delivered on time,", "Laura Benton", "person", "explicit"),
        ("Sea trials start in March,", "Laura Benton", "person", "pronoun"),
    ]


def test_a_question_mark_ends_the_sentence_but_the_speaker_follows_it(rules, gazetteer):
    text = "The hearing ran late. “Who approved the contract without a second bid?” Senator Grace Whitfield asked."
    assert quotes_of(text, rules, gazetteer) == [
        ("Who approved the contract without a second bid?", "Grace Whitfield", "person", "explicit")]


def test_an_aside_between_commas_or_brackets_stands_between_the_name_and_its_verb(rules, gazetteer):
    text = ("“We are not going to cut the shipbuilding budget,” Tom Haskell, the committee’s senior member, "
            "said on Monday.\n\n"
            "“The navy needs those hulls more than ever,” Rep. Diane Kirby (D-Ore.) said.")
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [
        ("We are not going to cut the shipbuilding budget,", "Tom Haskell"),
        ("The navy needs those hulls more than ever,", "Diane Kirby"),
    ]


def test_a_possessive_name_owns_the_role_after_it(rules, gazetteer):
    text = "“The numbers are on our side this year,” Haskell’s campaign manager, Lisa Fordham, said in an interview."
    assert quotes_of(text, rules, gazetteer)[0][:2] == ("The numbers are on our side this year,", "Lisa Fordham")


def test_the_one_told_is_not_the_speaker(rules, gazetteer):
    text = "Dan Morrow, who was listed on the union slate, told Reuters, “Of the three, I like the governor best.”"
    assert quotes_of(text, rules, gazetteer)[0][:2] == ("Of the three, I like the governor best.", "Dan Morrow")


def test_modifiers_before_a_role_without_an_article(rules, gazetteer):
    text = "“Nobody in this town wants the base to close,” said conservative activist Bob Carrick."
    assert quotes_of(text, rules, gazetteer)[0][:3] == ("Nobody in this town wants the base to close,", "Bob Carrick",
                                                         "person")


def test_a_name_after_a_dash_signs_the_quote(rules, gazetteer):
    text = ("“The drills showed how much the crews have learned this year.” ― Maria Lozano\n"
            "“We still need more spare parts for the old helicopters.” ― Kevin Ortiz")
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [
        ("The drills showed how much the crews have learned this year.", "Maria Lozano"),
        ("We still need more spare parts for the old helicopters.", "Kevin Ortiz"),
    ]


def test_a_colon_at_the_end_of_a_paragraph_introduces_the_next(rules, gazetteer):
    text = ("After the vote, Governor Ellen Marsh released the following statement:\n\n"
            "“Our shipyard has a future, and the workers who built it will share in it.”")
    assert quotes_of(text, rules, gazetteer)[0][:2] == (
        "Our shipyard has a future, and the workers who built it will share in it.", "Ellen Marsh")


def test_a_straight_mark_closed_by_a_curly_one_is_one_quote(rules, gazetteer):
    text = "\"The radar upgrade is late and over budget,” said Paul Dreyer, a defence analyst. \"Nobody denies it.\""
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [
        ("The radar upgrade is late and over budget,", "Paul Dreyer"),
        ("Nobody denies it.", "Paul Dreyer"),
    ]


def test_titles_in_quote_marks_are_not_speech(rules, gazetteer):
    text = "The admiral praised the so-called “Pacific Shield” and the book titled “Steel Tides”."
    assert quotes_of(text, rules, gazetteer) == []


def test_a_few_quoted_words_without_a_cue_are_a_term_not_speech(rules, gazetteer):
    text = ("Residents see the closure as “a perception problem” for the town. "
            "Tom Haskell appeared on “Face the Nation,” then toured the shipyard. "
            "“Far too late.” That was all the admiral wrote back.")
    assert [q[0] for q in quotes_of(text, rules, gazetteer)] == ["Far too late."]


def test_a_quote_opened_with_a_closing_mark(rules, gazetteer):
    text = "”The crews have never trained this hard,” said Commander Joan Pike."
    assert quotes_of(text, rules, gazetteer) == [
        ("The crews have never trained this hard,", "Joan Pike", "person", "explicit")]


def test_a_programme_named_after_a_preposition_is_not_speech_even_near_a_cue(rules, gazetteer):
    text = ("“We will not close the yard,” Tom Haskell said on “Meet the Press.” "
            "He told the hosts of “Good Morning America” the same.")
    assert [q[0] for q in quotes_of(text, rules, gazetteer)] == ["We will not close the yard,"]


def test_a_partial_quote_whose_sentence_ends_with_its_subject_and_verb(rules, gazetteer):
    text = "Sailors will get “the best training the fleet can give” after the refit, the Navy Secretary has said."
    assert quotes_of(text, rules, gazetteer) == [
        ("the best training the fleet can give", "the Navy Secretary", None, "description")]


def test_a_quote_too_short_to_count_is_not_a_speaker_and_its_cue_names_the_next_ones(rules, gazetteer):
    text = ("Reporters asked Tom Haskell about the refit.\n\n"
            "“It’s fine,” Haskell said.\n\n"
            "“The crews are ready for the next deployment and the ships are ready too.”")
    assert quotes_of(text, rules, gazetteer) == [
        ("The crews are ready for the next deployment and the ships are ready too.", "Tom Haskell", "person",
         "adjacent")]


def test_us_opens_a_subject_and_a_quote_may_close_with_an_opening_mark(rules, gazetteer):
    text = ("“Ohio is proud to cast its votes for the governor!” US Senator Jane Holt said as the roll call began.\n\n"
            "“The yard stays open as long as I am here,“ said Her Majesty’s envoy Tom Reyes.")
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [
        ("Ohio is proud to cast its votes for the governor!", "Jane Holt"),
        ("The yard stays open as long as I am here,", "Tom Reyes"),
    ]


def test_a_clause_opening_the_sentence_does_not_hold_its_subject(rules, gazetteer):
    text = ("When Admiral Tom Reyes retired in 2019, Governor Ellen Marsh released the following statement:\n\n"
            "“The state owes the admiral more than it can say, and the yard will carry his name.”")
    assert quotes_of(text, rules, gazetteer)[0][1] == "Ellen Marsh"


def test_a_headline_before_a_dash_is_not_the_label_that_speaks(rules, gazetteer):
    text = ("SHIPYARD ORDERS FALL FOR THE THIRD YEAR - Naval Monitor: “Orders for new hulls fell again in every "
            "region we track.”")
    assert quotes_of(text, rules, gazetteer)[0][1] == "Naval Monitor"


def test_modifiers_before_a_role_in_an_inverted_cue(rules, gazetteer):
    text = ("The base will stay open.\n\n"
            "“Nobody expected the budget to pass so quickly,” political scientist Carla Voss told the Herald.")
    assert quotes_of(text, rules, gazetteer)[0][1] == "Carla Voss"


def test_an_aside_without_a_closing_comma_after_an_inverted_name(rules, gazetteer):
    text = ("The base will stay open.\n\n"
            "“The navy should buy the cheaper frigate,” Nora Lindqvist, the analyst who founded navalwatch.org "
            "tweeted on Monday.")
    assert quotes_of(text, rules, gazetteer)[0][1] == "Nora Lindqvist"


def test_the_one_an_aside_names_is_not_the_subject(rules, gazetteer):
    text = ("Republicans were angry. Dorn Pelk, a spokesman for House Speaker Tom Haskell, said, "
            "“The president chose a political attack over a plan for the navy.”")
    assert quotes_of(text, rules, gazetteer)[0][1] == "Dorn Pelk"


def test_a_quote_cut_at_its_start_opens_with_a_mark_and_an_ellipsis(rules, gazetteer):
    text = ("The county votes on Saturday.\n\n"
            "” … in the case of this county, the vote has already been decided,” wrote the Harbor Gazette.\n\n"
            "The poll was taken in May. “ … if the vote were held today, the senator would lose,” said Tom Haskell.")
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [
        ("… in the case of this county, the vote has already been decided,", "the Harbor Gazette"),
        ("… if the vote were held today, the senator would lose,", "Tom Haskell"),
    ]


def test_a_pull_quote_printed_again_without_its_speaker_is_the_first_printings(rules, gazetteer):
    text = ("“The base will stay open as long as the navy needs its dry docks,” said Mayor Ruth Calder.\n\n"
            "The council meets again in May. Its budget is due in June.\n\n"
            "The shipyard employs four thousand people.\n\n"
            "“The base will stay open as long as the navy needs its dry docks.”")
    assert [q[1:] for q in quotes_of(text, rules, gazetteer)] == [
        ("Ruth Calder", "person", "explicit"), ("Ruth Calder", "person", "repeat")]


def test_a_name_with_garbled_or_decomposed_accents_is_one_name(rules, gazetteer):
    # scraped copy: UTF-8 read as Latin-1 ("Ã§" for "ç"), and an accent written as a combining mark
    text = ("“Europe must be able to defend itself,” French President FranÃ§ois Molland said Friday.\n\n"
            "“The fleet sails in May,” said Admiral Rene\u0301 Duval.")
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == ["FranÃ§ois Molland", "Rene\u0301 Duval"]


def test_a_participle_speaks_for_the_phrase_before_it_or_for_the_main_clause(rules, gazetteer):
    text = ("Some supporters pushed a protester, with Tom Bell reportedly yelling: “Get him out of here right now!”\n\n"
            "Later Ann Lowry compared herself to Bell, saying, “I take no speaking fees from any bank.”")
    assert [q[1:] for q in quotes_of(text, rules, gazetteer)] == [
        ("Tom Bell", "person", "explicit"), ("Ann Lowry", "person", "subject")]


def test_a_verb_of_criticism_or_naming_introduces_the_words_after_it_only(rules, gazetteer):
    text = ("In March, Tom Bell blasted the shipyard for its “outrageous practices” in the tender.\n\n"
            "Ann Lowry likened the plan to “burning the whole budget” at a hearing.\n\n"
            "“That makes me smart,” Tom Bell said when Ann Lowry blasted him for it.")
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [
        ("outrageous practices", "Tom Bell"), ("burning the whole budget", "Ann Lowry"),
        ("That makes me smart,", "Tom Bell")]


def test_a_signature_line_names_its_quote_even_with_names_no_list_knows(rules, gazetteer):
    text = ("“The drills showed how much the crews have learned this year.” ― Jorvin Maltrass\n"
            "“We still need more spare parts for the old helicopters.” ― Kestra Ulwen")
    assert [q[1:] for q in quotes_of(text, rules, gazetteer)] == [
        ("Jorvin Maltrass", "person", "explicit"), ("Kestra Ulwen", "person", "explicit")]


@pytest.mark.parametrize("text, speaker", [
    ("„We are ready for the winter“, Karl Brenner said on Monday.", "Karl Brenner"),   # German marks in English copy
    ("“The museum will buy the whole collection,” said Anne des Rivaux, its director.", "Anne des Rivaux"),
    ('"Nothing grows here without rain," my uncle often said.', "my uncle"),
    ("“The harbour will be dredged again next spring,” Mr. Major added.", "Major"),  # a role word after a title
])
def test_marks_particles_titles_and_adverbs_of_english_copy(rules, gazetteer, text, speaker):
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == [speaker]


def test_a_pronoun_after_a_sentence_about_someone_new_is_that_one(rules, gazetteer):
    text = ("“The treaty is good for both sides,” Defense Secretary Carl Winter said.\n\n"
            "Prime Minister Ravi Anand welcomed the treaty. “It is a great day for our coast guard,” he said.\n\n"
            "He later praised Carl Winter. “Our friendship has never been closer,” he said.")
    assert [q[1:] for q in quotes_of(text, rules, gazetteer)] == [
        ("Carl Winter", "person", "explicit"), ("Ravi Anand", "person", "pronoun"),
        ("Ravi Anand", "person", "pronoun")]



@pytest.mark.parametrize("text, speaker", [
    ("“Who will pay for the new hangars?” a narrator in the Lowry campaign ad asks.",
     "a narrator in the Lowry campaign ad"),
    ("“The vote is slipping away from us,” said one Republican aide on the committee.",
     "one Republican aide on the committee"),
    ('"The new hangar is far too big for the airfield," said someone at the hearing.', "someone at the hearing"),
])
def test_a_described_speaker_keeps_the_short_phrase_after_it(rules, gazetteer, text, speaker):
    assert [q[1] for q in quotes_of(text, rules, gazetteer)] == [speaker]


@pytest.mark.parametrize("text, method", [
    ("“We will win this county by a wide margin.”\n\n- Jorvin Maltrass.", "byline"),
    ("On Monday, Senator Ann Lowry made the following comment:\n\n“The base will stay open for years.”", "adjacent"),
    ("Senator Ann Lowry returned to the podium and declared, “We will not back down from this fight.”", "subject"),
])
def test_how_a_speaker_was_found_is_said_as_the_english_rules_said_it(rules, gazetteer, text, method):
    assert [q[3] for q in quotes_of(text, rules, gazetteer)] == [method]


def test_a_quote_holding_a_long_run_of_dots_is_read_once(rules, gazetteer):
    """Each dot of the run re-read the rest of it to find where the sentence ends: quadratic (a million
    dots took hours)."""
    text = "“We will not go" + "." * 1_000_000 + " now,” Tom Bell said."
    assert [q[:2] for q in quotes_of(text, rules, gazetteer)] == [("We will not go" + "." * 1_000_000 + " now,", "Tom Bell")]

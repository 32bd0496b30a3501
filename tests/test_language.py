"""Examples of telling an article's language from its text, the page's declared language breaking ties."""
from transforms.language import identify_language

GERMAN = ("Verteidigungsminister Boris Pistorius hat am Montag die Marine in Kiel besucht. „Wir brauchen mehr "
          "Schiffe und mehr Personal“, sagte der Minister. Die Bundeswehr soll bis 2029 weitere F-35 erhalten.")
ENGLISH = ("Defence Minister Rajnath Singh inspected six MH 60R helicopters on Monday. “These aircraft make our "
           "fleet stronger,” Singh said.")


def test_the_text_decides_not_the_page_that_declares_another_language() -> None:
    assert identify_language(GERMAN) == "de"
    assert identify_language(GERMAN, declared="en") == "de"   # a German article on a site declared `en`
    assert identify_language(ENGLISH, declared="de") == "en"
    assert identify_language("Le ministre a dit que la situation est grave et que les forces sont prêtes.") == "fr"


def test_a_few_words_take_the_declared_language_unless_the_text_rules_it_out() -> None:
    assert identify_language("Ministers met.") is None
    assert identify_language("Ministers met.", declared="en") == "en"
    assert identify_language("Ministers met.", declared="EN") == "en"
    assert identify_language("Pistorius besuchte Kiel.", declared="de") == "de"
    assert identify_language("Wir kommen.", declared="en") is None    # `en` is 150 times less likely than `de`
    assert identify_language("F-35A MH-60R", declared="en") == "en"


def test_a_declared_language_the_model_does_not_know_is_taken_on_a_short_text() -> None:
    assert identify_language("Bon dia.", declared="pap") == "pap"


def test_no_text_is_no_language() -> None:
    assert identify_language("") is None

"""Equipment extraction: designations, named systems, quantities, and codes that are not weapons."""
from __future__ import annotations

from pathlib import Path

import pytest

from transforms.equipment import (EquipmentCatalogue, canonical_designation, find_equipment,
                                  load_equipment_catalogue)

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "config" / "equipment.yaml"


@pytest.fixture(scope="module")
def catalogue() -> EquipmentCatalogue:
    return load_equipment_catalogue(CATALOGUE_PATH)


def designations(text: str, catalogue: EquipmentCatalogue) -> list[str]:
    return [m.designation for m in find_equipment(text, catalogue)]


@pytest.mark.parametrize("written, canonical", [
    ("MH 60R", "MH-60R"), ("MQ 9Bs", "MQ-9B"), ("M777", "M777"), ("AH 64E", "AH-64E"),
    ("C 17", "C-17"), ("Su-30MKI", "Su-30MKI"), ("F/A-18E", "F/A-18E"), ("K9A1", "K9A1"),
    ("Harpoon", "Harpoon"),
])
def test_canonical_designation(written: str, canonical: str) -> None:
    assert canonical_designation(written) == canonical


def test_designations_written_with_spaces_take_their_catalogue_names(catalogue: EquipmentCatalogue) -> None:
    text = ("India operates the MH 60R Sea Hawk, AH 64E Apache, CH 47F Chinook, and C 17 Globemaster III "
            "and P 8I Poseidon aircraft, as well as M777 howitzers, MQ 9Bs and Harpoon antiship missiles.")
    found = find_equipment(text, catalogue)
    assert [(m.designation, m.name, m.category) for m in found] == [
        ("MH-60R", "Seahawk", "helicopter"),
        ("AH-64E", "Apache", "attack helicopter"),
        ("CH-47F", "Chinook", "transport helicopter"),
        ("C-17", "Globemaster III", "transport aircraft"),
        ("P-8I", "Poseidon", "maritime patrol aircraft"),
        ("M777", None, "howitzer"),
        ("MQ-9B", None, "unmanned aerial vehicle"),
        ("Harpoon", "Harpoon", "anti-ship missile"),
    ]
    assert [s.text for m in found for s in m.mentions] == [
        "MH 60R Sea Hawk", "AH 64E Apache", "CH 47F Chinook", "C 17 Globemaster III", "P 8I Poseidon",
        "M777", "MQ 9Bs", "Harpoon"]
    assert all(text[s.start:s.end] == s.text for m in found for s in m.mentions)


def test_one_record_per_system_with_every_mention(catalogue: EquipmentCatalogue) -> None:
    text = "The F-35A flew beside an F-16. Later two more F-35s landed."
    found = find_equipment(text, catalogue)
    assert [(m.designation, [s.text for s in m.mentions]) for m in found] == [
        ("F-35", ["F-35A", "F-35s"]), ("F-16", ["F-16"])]
    assert found[0].maker == "Lockheed Martin"
    assert found[0].country_of_origin == "United States"


def test_variants_fold_into_their_family_unless_listed(catalogue: EquipmentCatalogue) -> None:
    assert designations("Taiwan flies F-16V jets and China the J-10C.", catalogue) == ["F-16", "J-10"]
    assert designations("Boeing's AH-64D and AH-64E helicopters", catalogue) == ["AH-64", "AH-64E"]
    assert designations("a deal for Su-30 MKI fighters", catalogue) == ["Su-30MKI"]


def test_a_variant_of_a_designation_alias_folds_into_the_named_system(catalogue: EquipmentCatalogue) -> None:
    found = find_equipment("The request includes 10 AGM-84L Harpoon Block II missiles.", catalogue)
    assert [(m.designation, m.quantity, [s.text for s in m.mentions]) for m in found] == [
        ("Harpoon", 10, ["AGM-84L Harpoon"])]


def test_uncatalogued_designations_are_found_without_a_category(catalogue: EquipmentCatalogue) -> None:
    found = find_equipment("The XQ-58A flew with an experimental EA-37B aircraft.", catalogue)
    assert [(m.designation, m.category) for m in found] == [("XQ-58A", None), ("EA-37B", None)]


def test_named_systems_and_their_aliases(catalogue: EquipmentCatalogue) -> None:
    text = ("Kyiv asked for more Iron Dome batteries, the S-400 Triumf, Kinzhal missiles, "
            "a Bayraktar TB2 and BrahMos.")
    assert designations(text, catalogue) == ["Iron Dome", "S-400", "Kinzhal", "Bayraktar TB2", "BrahMos"]


def test_common_word_names_need_a_category_word_or_an_earlier_clear_mention(
        catalogue: EquipmentCatalogue) -> None:
    assert designations("Germany sent Patriot air defense systems.", catalogue) == ["MIM-104"]
    assert designations("The Javelin anti-tank missiles arrived.", catalogue) == ["FGM-148"]
    assert designations("The New England Patriots won; Stacey Abrams spoke.", catalogue) == []
    assert designations("She won gold in the javelin and the Javelin final.", catalogue) == []
    found = find_equipment("Two Patriot batteries are deployed. Each Patriot costs $1bn.", catalogue)
    assert [s.text for s in found[0].mentions] == ["Patriot", "Patriot"]


@pytest.mark.parametrize("text, quantity", [
    ("The navy will buy six MH-60R helicopters.", 6),
    ("Washington approved up to 800 Hellfire missiles.", 800),
    ("India ordered 24 Sikorsky MH-60R helicopters.", 24),
    ("Poland signed for twenty-four F-16V jets.", 24),
    ("a dozen Su-30MKI fighters", 12),
    ("The army fields 18 AH-64E Apache helicopters.", 18),
    ("two squadrons of Rafale jets", None),
    ("In 2019 F-16 jets flew over the capital.", None),
    ("It costs 5 times the F-35 price.", None),
])
def test_quantity_given_right_before_the_mention(text: str, quantity: int | None,
                                                 catalogue: EquipmentCatalogue) -> None:
    assert [m.quantity for m in find_equipment(text, catalogue)] == [quantity]


@pytest.mark.parametrize("text", [
    "The laptop's i7 beats the M10 and the A12X; the PS4 and MP3 players lag.",
    "G7 leaders met as COVID-19 and H1N1 cases rose; print it on A4 paper.",
    "B2B sales of 4K TVs and 5G phones grew in Q3 2025.",
    "The F1 season opens; traffic jams on the M25 motorway and I-95.",
    "Brazil won the U-20 World Cup.",
    "The Galaxy S24 and Pixel 8 and Redmi K70 phones launched.",
    "Our office is at SW1A 1AA and E1 6AN.",
    "P-values below 0.05 and CO2 levels.",
    "See Chapter 12 and Section 5 of Article 51.",
    "Flight AI-171 and flight MH-17 crashed; MH370 vanished.",
    "She holds an H-1B visa and a J-1 visa.",
    "The K9 unit sniffed the luggage.",
    "Type 2 diabetes rose by an 8 per cent; An 18-year-old was hurt.",
])
def test_codes_that_are_not_equipment(text: str, catalogue: EquipmentCatalogue) -> None:
    assert designations(text, catalogue) == []


def test_short_codes_count_with_military_words_around(catalogue: EquipmentCatalogue) -> None:
    assert designations("The army's K9 howitzers fired.", catalogue) == ["K9"]
    assert designations("Kyiv wants more M1A2 tanks.", catalogue) == ["M1"]
    assert designations("The F16 fighter jets took off.", catalogue) == ["F-16"]


def test_flight_number_near_military_words_is_not_equipment(catalogue: EquipmentCatalogue) -> None:
    assert designations("MH-17 was downed by a Buk missile.", catalogue) == ["Buk"]


def test_catalogue_entries_are_complete(catalogue: EquipmentCatalogue) -> None:
    assert len(catalogue.entries) >= 300
    assert len({e.designation for e in catalogue.entries}) == len(catalogue.entries)
    assert all(e.category for e in catalogue.entries)

"""British spellings folded to American ones, so "defence" and "defense" compare equal.

Used wherever two texts are compared word by word: role nouns against roles, and one outlet's
quote against another's.
"""
from __future__ import annotations

AMERICAN_SPELLING = {
    "defence": "defense", "offence": "offense", "licence": "license", "programme": "program",
    "centre": "center", "organisation": "organization", "organisations": "organizations",
    "favour": "favor", "honour": "honor", "labour": "labor", "neighbour": "neighbor",
    "armour": "armor", "armoured": "armored",
}


def american(word: str) -> str:
    """The American spelling of a lower-case word (the word itself when there is no other)."""
    return AMERICAN_SPELLING.get(word, word)

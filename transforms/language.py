"""Which language an article is written in, told from its cleaned text.

The detector is py3langid (the maintained fork of langid.py that trafilatura uses for its own language
features): a naive Bayes model over byte n-grams, 140 languages, shipped inside the wheel, so nothing is
downloaded. A page's declared language (`<html lang>`, og:locale) is often the site's default rather
than the article's (on shared/pages 25 German and 6 Spanish articles declare `en`), so it only breaks
a tie: it is taken when the text is too short or too mixed for the model to be sure.
"""
from __future__ import annotations

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# The model is read here, when the module is imported, and not at the first article: the worker pool's
# fork server imports the extraction modules once and every worker it forks shares this copy (100 MB of
# memory, 0.5 s of CPU to read). Read lazily, it would cost every worker that much again, and workers
# are replaced every 100 pages. norm_probs gives probabilities calibrated for the text's length.
_MODEL = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

# The detector reads the first characters only; its cost grows with the text (py3langid walks every
# byte in Python). Measured on shared/pages (916 cleaned pages, 5,300 characters on average): the whole
# text 7.0 ms a page, 2,000 characters 1.1 ms, with the same label on 914 pages; of the other two, the
# whole text was wrong on one (a German appeal followed by its Spanish, Greek and English versions
# came out `ext`), the first 2,000 characters on the other (PHP warnings before a German review).
SAMPLE_CHARS = 2000
# The model's label is taken when it has at least this probability: on shared/pages 912 of 916 pages
# reach 0.9, and the one below 0.5 is in Papiamento, a language the model does not know. A few words
# of English or German get 0.1-0.9.
MIN_CONFIDENCE = 0.5
# Below that, the page's declared language is taken unless the model finds it less than a twentieth as
# likely as its own best guess: a German body on a page declared `en` gives `en` a probability under
# 0.001 (0.000 on every such page of shared/pages), while on a few words every language gets a little:
# "Ministers met." gives `af` 0.031 and `en` 0.019.
MIN_DECLARED_SHARE_OF_BEST = 0.05


def identify_language(text: str, declared: str | None = None) -> str | None:
    """The text's language as an ISO 639 code ("de"), or `declared` when the text is too short or mixed
    to tell and does not contradict it; else None. `zxx` means the model sees no language at all
    (scrambled or encoded text)."""
    ranked = _MODEL.rank(text[:SAMPLE_CHARS])
    best, probability = ranked[0]
    if probability >= MIN_CONFIDENCE:
        return best
    declared = declared.lower() if declared else None
    # A language the model does not know (`pap`) cannot be ruled out by it.
    if declared and dict(ranked).get(declared, probability) >= MIN_DECLARED_SHARE_OF_BEST * probability:
        return declared
    return None

"""Is a feedback text English? Short answers ("ok", "meh", "Zero stars") must be scored and real
foreign comments ("Sehr gut", "Il pacco non è mai arrivato") left unscored.

A character n-gram detector guesses wildly on one or two words, so the decision is made by
words first: a text mostly made of known English words is English; otherwise its words are
weighed by how often each language uses them (wordfreq's frequency lists, which ship inside
that package: nothing is downloaded), and a foreign language must be far more likely than
English to win. Texts in other scripts, or in words no list knows, go to py3langid (whose model
also ships inside its package).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from whylens.insights.feedback.lexicon import ENGLISH_WORDS, WORDS

#: at or above this share of known English words a text is English without further ado
ENGLISH_SHARE = 0.5
#: Latin-script languages weighed against English by word frequency: those customers of a shop
#: selling in English most often write in instead; the rest go to py3langid
LANGUAGES = (
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "nl",
    "sv",
    "da",
    "nb",
    "fi",
    "pl",
    "cs",
    "ro",
    "hu",
    "tr",
)
#: words kept per foreign language, most frequent first: the words that tell languages apart.
#: English keeps its whole list (about 30,000 words), so that rarer English words ("bravo",
#: "shambles") are not taken for a foreign language's common ones.
TOP_WORDS = 10_000
#: natural-log likelihood a foreign language needs over English (e^6 ≈ 400 times as likely):
#: English is the expected language, and a word shared by both ("super", "top") is no evidence
MARGIN = 6.0
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LATIN = re.compile(r"[a-zà-ɏ]")
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" for text without words (emoji only)."""
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    if not words:
        return "en"  # emoji or punctuation only: VADER reads emoji
    known = english_vocabulary()
    if sum(w in known or w.replace("'", "") in known for w in words) / len(words) >= ENGLISH_SHARE:
        return "en"  # most texts stop here: the rest costs more
    if not _mostly_latin(text):
        return _identifier().classify(text)[0]
    language, margin, english_share = _weigh(words)
    if margin >= MARGIN:
        return language
    if english_share >= ENGLISH_SHARE:
        return "en"
    return _identifier().classify(text)[0]


def _weigh(words: list[str]) -> tuple[str, float, float]:
    """The likeliest foreign language, its log-likelihood over English, and the share of the
    words English uses at all (unigram model, unknown words at each list's floor)."""
    model = word_model()
    totals = {}
    for language, (frequencies, floor) in model.items():
        totals[language] = sum(frequencies.get(w, floor) for w in words)
    english = totals.pop("en")
    best = max(totals, key=totals.__getitem__)
    english_words = model["en"][0]
    share = sum(w in english_words for w in words) / len(words)
    return best, totals[best] - english, share


def _mostly_latin(text: str) -> bool:
    letters = _LETTER.findall(text.lower())
    return sum(bool(_LATIN.match(c)) for c in letters) * 2 >= len(letters)


@lru_cache(maxsize=1)
def english_vocabulary() -> frozenset[str]:
    """Words that are evidence of English: VADER's lexicon, ours and common short words."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return frozenset(SentimentIntensityAnalyzer().lexicon) | frozenset(WORDS) | ENGLISH_WORDS


@lru_cache(maxsize=1)
def word_model() -> dict[str, tuple[dict[str, float], float]]:
    """language -> (word -> log frequency for its TOP_WORDS words, log frequency of a word not
    among them). Read once per process from wordfreq's lists (about a second)."""
    from wordfreq import DATA_PATH, read_cBpack

    model = {}
    for language in ("en", *LANGUAGES):
        buckets = read_cBpack(str(DATA_PATH / f"small_{language}.msgpack.gz"))
        frequencies: dict[str, float] = {}
        for centibels, bucket in enumerate(buckets):
            # bucket i holds the words used 10^(-i/100) of the time
            for word in bucket:
                frequencies.setdefault(word, -centibels / 100 * math.log(10))
            if len(frequencies) >= TOP_WORDS and language != "en":
                break
        floor = min(frequencies.values()) - math.log(10)
        model[language] = (frequencies, floor)
    return model


@lru_cache(maxsize=1)
def _identifier():
    import py3langid

    return py3langid

"""A cheap, dependency-free guess at the language of an article.

The pipeline is English, so the question is only "is this English prose?". Two signals,
both generic properties of writing systems and languages:

* script: the share of letters outside the Latin script (Arabic, Cyrillic, CJK, …);
* function words: the share of running words that are the commonest function words of
  English and of a few other Latin-script languages. English news prose has 35-50 %
  English function words; French, Spanish or German prose has well under 10 %.

Short texts (under ~25 words) are not judged: the signal is too weak, and a headline or a
quote is better analysed than refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to a in that is was he for it with as his on be at by i this had not are but "
        "from or have an they which one you were her all she there would their we him been has "
        "when who will more no if out so said what up its about into than them can only other "
        "new some could these two may then do first any my now such like our over also did"
    ),
    "fr": _words(
        "le la les de des du un une et est en que qui dans pour pas sur au aux ne se ce il elle "
        "son sa ses avec par plus ont été sont mais leur cette nous vous ils elles"
    ),
    "es": _words(
        "el la los las de del y en que un una es por con para se su sus al lo como más pero "
        "fue son ha le ya muy sin sobre este esta también entre cuando"
    ),
    "de": _words(
        "der die das und ist nicht ein eine zu den dem des von mit sich auf für im dass es er "
        "sie wir auch als wie bei nach aus wird werden hat haben oder aber noch"
    ),
    "it": _words(
        "il lo la gli le di del della dei e è che un una per non con si al alla sono ha anche "
        "come più ma nel nella questo questa"
    ),
    "pt": _words(
        "o a os as de do da dos das e é que um uma em no na por para com não se ao mais mas "
        "foi são seu sua como também"
    ),
    "nl": _words(
        "de het een en van in is dat op te zijn met voor niet aan er maar ook als bij door "
        "om wordt werd heeft hebben naar"
    ),
}
_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "de": "German",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_WORDS = 25
_MIN_LETTERS = 60


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``code`` is an ISO 639-1 code, or None when the text is too short to tell."""

    code: str | None
    name: str
    reason: str


def _script(ch: str) -> str:
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"
    return "LATIN" if first in {"LATIN", "FULLWIDTH"} else first


def guess_language(text: str, *, sample_chars: int = 20_000) -> LanguageGuess:
    """Guess the language of ``text`` from its first ``sample_chars`` characters."""
    sample = text[:sample_chars]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return LanguageGuess(None, "unknown", f"too little text to tell ({len(letters)} letters)")
    scripts = Counter(_script(ch) for ch in letters)
    script, count = scripts.most_common(1)[0]
    share = count / len(letters)
    if script != "LATIN" and share > 0.5:
        name = script.title()
        return LanguageGuess(
            script.lower()[:8], f"{name} script", f"{share:.0%} of the letters are {name} script"
        )
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sample)]
    words = [w for w in words if _script(w[0]) == "LATIN"]
    if len(words) < _MIN_WORDS:
        return LanguageGuess(None, "unknown", f"too few words to tell ({len(words)})")
    shares = {
        code: sum(1 for w in words if w in vocab) / len(words) for code, vocab in _FUNCTION_WORDS.items()
    }
    english = shares["en"]
    best = max(shares, key=lambda c: shares[c])
    if english >= 0.12 or best == "en":
        return LanguageGuess("en", "English", f"{english:.0%} English function words")
    if shares[best] >= max(0.12, 2 * english):
        return LanguageGuess(
            best, _NAMES[best], f"{shares[best]:.0%} {_NAMES[best]} vs {english:.0%} English function words"
        )
    return LanguageGuess(None, "unknown", f"only {english:.0%} English function words; no clear language")


def language_refusal(text: str, languages: tuple[str, ...] | None) -> str | None:
    """The reason to skip ``text`` under the allowed ``languages`` (None: analyse it)."""
    if languages is None:
        return None
    guess = guess_language(text)
    if guess.code is None or guess.code in languages:
        return None
    return (
        f"not analysed: the text looks like {guess.name} ({guess.reason}); "
        f"the pipeline reads {', '.join(languages)} (use --language any to analyse anyway)"
    )


__all__ = ["LanguageGuess", "guess_language", "language_refusal"]

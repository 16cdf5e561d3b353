"""Word lists per language, built from the catalogs, to find text of the other language on a screen.

Dutch words: the Dutch side of the program's catalogs (locales/nl/ui*.po, msgstr) and the Dutch source of the
content catalogs (locales/en/content*.po, msgid). English words: the other sides. A word in both lists (a name,
"is", "in", a number) tells nothing and is left out, as are short words; a short hand list adds tell-tale words
that may not be in a catalog.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[a-z]+)?")

HAND = {
    "nl": {"Stoppen", "Wachtwoord", "Verder", "Waarom", "Terug", "Opdrachten", "Ja", "Nee", "Klaar", "Bewaren",
           "Openen", "wijzigen", "antwoord", "antwoorden", "vraag", "vragen", "niet", "bewaard", "Samenvatting",
           "Overwegingen", "Geen", "gevonden", "genoemd", "groep", "liever", "zeggen", "en", "het", "een", "van"},
    "en": {"Quit", "Passphrase", "Continue", "Why", "Back", "Commands", "Yes", "No", "Done", "Save",
           "change", "answer", "answers", "question", "questions", "not", "saved", "Summary", "Considerations",
           "matches", "found", "named", "group", "rather", "say", "the", "and", "with", "your"},
}
ALLOWED = {"English", "Nederlands", "dialoog"}
"""The language key names the other language on purpose; the program's name is the same in both."""
PROPER_NAMES = ("Dialoog en Ethiek",)
"""Names that stay Dutch in English (the English text gives the Dutch name of a programme in brackets)."""


def _texts(po: Path, side: str) -> list[str]:
    with po.open("rb") as fh:
        catalog = read_po(fh)
    out: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        out += [s for s in (ids if side == "id" else strs) if s]
    return out


def _words(texts: list[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        text = re.sub(r"\{[^}]*\}|%\([^)]*\)\w|\{\{.*?\}\}|\{%.*?%\}", " ", text)  # placeholders, Jinja
        words |= {w.lower() for w in WORD.findall(text)}
    return words


@lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    """Per language, the lowercase words that belong to it and not to the other."""
    locales = REPO / "locales"
    nl_texts: list[str] = []
    en_texts: list[str] = []
    for po in sorted((locales / "nl" / "LC_MESSAGES").glob("ui*.po")):
        en_texts += _texts(po, "id")
        nl_texts += _texts(po, "str")
    for po in sorted((locales / "en" / "LC_MESSAGES").glob("content*.po")):
        nl_texts += _texts(po, "id")
        en_texts += _texts(po, "str")
    nl, en = _words(nl_texts), _words(en_texts)
    both = nl & en
    nl = {w for w in nl - both if len(w) > 3} | {w.lower() for w in HAND["nl"]}
    en = {w for w in en - both if len(w) > 3} | {w.lower() for w in HAND["en"]}
    nl -= {w.lower() for w in HAND["en"]}
    en -= {w.lower() for w in HAND["nl"]}
    return {"nl": frozenset(nl), "en": frozenset(en)}


def other_language_words(lang: str, text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The words in `text` that belong to the other language only (the other language's name allowed)."""
    lists = word_lists()
    other = "en" if lang == "nl" else "nl"
    skip = {w.lower() for w in ALLOWED | set(allowed)}
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    found = []
    for word in WORD.findall(text):
        low = word.lower()
        if low in lists[other] and low not in lists[lang] and low not in skip:
            found.append(word)
    return found

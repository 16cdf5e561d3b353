"""Checking and normalising an answer for the kind of question asked."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from dialoog.engine.errors import AnswerError
from dialoog.engine.turn import first_conflict
from dialoog.flow.model import Node
from dialoog.i18n import UI

YES = frozenset({"yes", "ja", "y", "j", "true", "1"})
NO = frozenset({"no", "nee", "n", "false", "0"})
MAX_NAME_LENGTH = 80


def validate(node: Node, value: Any, ui: UI, t: Callable[[str], str] = str) -> Any:
    """The normalised answer, or AnswerError with a message for the user.

    `t` translates content texts (option labels) that a message quotes.
    """
    if node.kind == "multi":
        return _multi(node, value, ui, t)
    check = _CHECKS.get(node.kind)
    if check is None:
        return None
    return check(node, value, ui)


def _fail(node: Node, message: str) -> AnswerError:
    return AnswerError(message, node.id)


MAX_NUMBER_DIGITS = 9
"""A number given as an answer has at most this many digits (larger ones are never an option or on a scale)."""


def _key(value: Any) -> str | None:
    """An option value as text: a string, or a whole number of at most MAX_NUMBER_DIGITS digits; else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**MAX_NUMBER_DIGITS:
        return str(value)
    return None


def _choice(node: Node, value: Any, ui: UI) -> str:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    key = _key(value)
    if key is not None and node.option(key):
        return key
    raise _fail(node, ui._("Please choose one of the options."))


def _multi(node: Node, value: Any, ui: UI, t: Callable[[str], str]) -> list[str]:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise _fail(node, ui._("Please choose from the options."))
    chosen: list[str] = []
    for item in value:
        key = _key(item)
        if key is None or node.option(key) is None:
            raise _fail(node, ui._("Please choose from the options."))
        item = key
        if str(item) not in chosen:
            chosen.append(str(item))
    if len(chosen) < node.min:
        raise _fail(
            node, ui.ngettext("Please choose at least {n} option.", "Please choose at least {n} options.", node.min)
        )
    if len(chosen) > node.max:
        raise _fail(
            node, ui.ngettext("Please choose at most {n} option.", "Please choose at most {n} options.", node.max)
        )
    conflict = first_conflict(node.options, chosen)
    if conflict is not None:
        value, others = conflict
        labels = {o.value: t(o.label) for o in node.options}
        raise _fail(
            node,
            ui._(
                "'{label}' cannot be combined with {others}.",
                label=labels[value],
                others=", ".join(f"'{labels[v]}'" for v in others),
            ),
        )
    order = [o.value for o in node.options]
    return sorted(chosen, key=order.index)


def _scale(node: Node, value: Any, ui: UI) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        number = _whole_number(value.strip())
    if number is None or not node.min <= number <= node.max:
        raise _fail(node, ui._("Please choose a number from {low} to {high}.", low=node.min, high=node.max))
    return number


def _whole_number(text: str) -> int | None:
    """`text` as a whole number ("-3", "５"), or None: one optional minus sign, then 1 to MAX_NUMBER_DIGITS decimal
    digits (Unicode Nd, so "²" and "--5" are not numbers)."""
    digits = text[1:] if text.startswith("-") else text
    if not 0 < len(digits) <= MAX_NUMBER_DIGITS or not all(unicodedata.category(c) == "Nd" for c in digits):
        return None
    try:
        return int(text)
    except ValueError:  # pragma: no cover - every Nd character is a decimal digit to int()
        return None


def _yesno(node: Node, value: Any, ui: UI) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        word = value.strip().lower()
        if word in YES:
            return "yes"
        if word in NO:
            return "no"
    raise _fail(node, ui._("Please answer yes or no."))


def _text(node: Node, value: Any, ui: UI) -> str:
    from dialoog.sanitize import MAX_PASTE, clean_text_report

    if not isinstance(value, str):
        raise _fail(node, ui._("Please type your answer as text."))
    if len(value) > MAX_PASTE:
        raise _fail(
            node,
            ui._("That text is too long ({n} characters). The limit is {limit}.", n=len(value), limit=node.max_length),
        )
    text, _cut = clean_text_report(value, MAX_PASTE)
    if len(text) > node.max_length:
        raise _fail(
            node,
            ui._("That text is too long ({n} characters). The limit is {limit}.", n=len(text), limit=node.max_length),
        )
    if not text:
        raise _fail(node, ui._("Please type an answer, or skip this question."))
    return text


def _card(node: Node, value: Any, ui: UI) -> str:
    if isinstance(value, str) and value.strip().lower() in ("a", "b", "c", "d"):
        return value.strip().lower()
    raise _fail(node, ui._("Please choose option A, B, C or D."))


def network_entries(node: Node, value: Any, ui: UI) -> list[dict[str, Any]]:
    """The names phase of a network question: a list of {name, category}."""
    from dialoog.sanitize import clean_text_report

    if not isinstance(value, (list, tuple)):
        raise _fail(node, ui._("Please give a list of people or organisations."))
    categories = {c.value for c in node.categories}
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in value:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise _fail(node, ui._("Each entry needs a name, initials or a pseudonym."))
        name, _cut = clean_text_report(item["name"], 10 * MAX_NAME_LENGTH)
        if not name:
            raise _fail(node, ui._("Each entry needs a name, initials or a pseudonym."))
        if len(name) > MAX_NAME_LENGTH:
            raise _fail(node, ui._("A name can be at most {limit} characters.", limit=MAX_NAME_LENGTH))
        if name.casefold() in seen:
            raise _fail(node, ui._("'{name}' is in the list twice.", name=name))
        seen.add(name.casefold())
        category = item.get("category")
        if category is None and len(categories) == 1:
            category = next(iter(categories))
        if not isinstance(category, str) or category not in categories:
            raise _fail(node, ui._("Please choose a group for '{name}'.", name=name))
        entries.append({"name": name, "category": category, "answers": {}})
    if len(entries) < node.min:
        raise _fail(node, ui.ngettext("Please name at least {n} entry.", "Please name at least {n} entries.", node.min))
    if len(entries) > node.max:
        raise _fail(node, ui.ngettext("Please name at most {n} entry.", "Please name at most {n} entries.", node.max))
    return entries


_CHECKS = {
    "choice": _choice,
    "scale": _scale,
    "yesno": _yesno,
    "text": _text,
    "card": _card,
}

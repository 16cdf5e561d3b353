"""Bot texts: translated, then rendered as Jinja2 templates in a sandbox.

User-typed values that reach a template (a portfolio, a name in the network) are
`UserText`; they are escaped for Markdown on output, so a typed `[link](...)`
or `**` shows literally in the transcript.

Content cannot crash or hang a conversation here: templates are read only from
regular files in prompts/ (`dialoog.flow.templates.PromptLoader`), the sandbox
bounds the work of every expression and loop (`dialoog.flow.sandbox`), a
rendering stops at `MAX_OUTPUT` characters, any failure shows the text as
written, and control characters from content (`ESC`, C1, bidi controls, ...)
are removed from what is shown.
"""

from __future__ import annotations

import re
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError

from dialoog.flow.sandbox import MAX_OUTPUT, BoundedSandbox, end_budget, new_budget
from dialoog.flow.templates import PromptLoader
from dialoog.i18n import content_translations
from dialoog.locations import content_root
from dialoog.sanitize import strip_controls

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!{}()])")


class UserText(str):
    """Text the user typed: shown literally, never as Markdown or markup."""

    __slots__ = ()


def escape_markdown(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _finalize(value: Any) -> Any:
    if isinstance(value, UserText):
        return escape_markdown(value)
    if value is None:
        return ""
    return value


class Texts:
    """Content texts in one language."""

    def __init__(self, lang: str, root: Path | None = None) -> None:
        self.lang = lang
        self.root = root or content_root()
        self.translations = content_translations(lang, self.root)
        self.env = BoundedSandbox(
            loader=PromptLoader(self.root / "prompts"),
            extensions=["jinja2.ext.i18n"],
            autoescape=False,
            finalize=_finalize,
            keep_trailing_newline=False,
        )
        self.env.policies["ext.i18n.trimmed"] = True
        # added to the environment by the i18n extension at run time; jinja2's types do not declare it
        self.env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        self._compiled: dict[str, Template] = {}

    def t(self, message: str) -> str:
        """The translation of a content string (the Dutch source when missing)."""
        return self.translations.gettext(message) if message else message

    def render(self, source: str, context: dict[str, Any]) -> str:
        """Translate `source`, then render it as a template."""
        text = strip_controls(self.t(source))
        template = self.template(text)
        if template is None:
            return text
        try:
            return _bounded_render(template, context)
        except Exception:  # noqa: BLE001 - a broken text shows as written rather than crash
            return text

    def template(self, text: str) -> Template | None:
        """The translated `text` compiled (once); None when it has no fields or does not compile."""
        if "{" not in text:
            return None
        template = self._compiled.get(text)
        if template is None:
            try:
                template = self.env.from_string(text)
            except Exception:  # noqa: BLE001 - syntax, recursion, a literal too large: shown as written
                return None
            self._compiled[text] = template
        return template

    def warm_up(self, sources: list[str], files: list[str]) -> None:
        """Compile the texts `sources` (translated) and the template files `files` ahead of their use."""
        for source in sources:
            self.template(self.t(source))
        for name in files:
            with suppress(Exception):  # reported where it is used, as before
                self.env.get_template(name)

    def render_file(self, name: str, context: dict[str, Any]) -> str:
        try:
            return _bounded_render(self.env.get_template(name), context).strip()
        except RecursionError:
            return f"({name}: the template includes or calls itself)"
        except Exception as exc:  # noqa: BLE001 - a broken template says so rather than crash
            return strip_controls(f"({name}: {exc})")


def _bounded_render(template: Template, context: dict[str, Any]) -> str:
    """Render with a fresh loop budget, stopping at MAX_OUTPUT characters; control characters removed."""
    token = new_budget()
    try:
        parts: list[str] = []
        size = 0
        # the render function itself, not `generate` (which adds a generator layer for every chunk)
        for chunk in template.root_render_func(template.new_context(context)):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SecurityError(f"the text would be longer than {MAX_OUTPUT} characters")
            parts.append(chunk)
    finally:
        end_budget(token)
    return strip_controls("".join(parts))


@lru_cache(maxsize=8)
def texts_for(lang: str, root: Path | None = None) -> Texts:
    return Texts(lang, root)

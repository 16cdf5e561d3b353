"""Bot texts: translated, then rendered as Jinja2 templates in a sandbox.

User-typed values that reach a template (a portfolio, a name in the network) are
`UserText`; they are escaped for Markdown on output, so a typed `[link](...)`
or `**` shows literally in the transcript.
"""

from __future__ import annotations

import re
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from dialoog.i18n import content_translations
from dialoog.locations import content_root

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
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(str(self.root / "prompts")),
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
        text = self.t(source)
        template = self.template(text)
        if template is None:
            return text
        try:
            return template.render(context)
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
            except TemplateError:
                return None
            self._compiled[text] = template
        return template

    def warm_up(self, sources: list[str], files: list[str]) -> None:
        """Compile the texts `sources` (translated) and the template files `files` ahead of their use."""
        for source in sources:
            self.template(self.t(source))
        for name in files:
            with suppress(TemplateError):  # reported where it is used, as before
                self.env.get_template(name)

    def render_file(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(name).render(context).strip()
        except TemplateError as exc:
            return f"({name}: {exc})"


@lru_cache(maxsize=8)
def texts_for(lang: str, root: Path | None = None) -> Texts:
    return Texts(lang, root)

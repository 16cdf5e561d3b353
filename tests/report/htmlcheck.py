"""An HTML checker for the report tests: every tag closed in order, and every resource local."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "area", "base", "col", "embed", "param", "track"}
# elements whose src/href would make a browser fetch something
RESOURCE_ATTRS = {"src", "href", "xlink:href", "srcset", "poster", "data", "action", "formaction", "background"}
EXTERNAL = re.compile(r"^\s*(https?:|//|ftp:|file:)", re.IGNORECASE)


class Checked(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in RESOURCE_ATTRS and value is not None and EXTERNAL.match(value) and tag != "a":
                self.problems.append(f"<{tag} {name}={value!r}> fetches from elsewhere")
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}> is a script")
        if tag == "svg":
            self.svg_depth += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID and not self.svg_depth:
            self.problems.append(f"<{tag}/> self-closed outside SVG")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag == "svg":
            self.svg_depth -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(text: str) -> Checked:
    parser = Checked()
    parser.feed(text)
    parser.close()
    if parser.stack:
        parser.problems.append(f"unclosed: {parser.stack}")
    return parser

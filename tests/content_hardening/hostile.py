"""The hostile content of the security review (section 1.1), one change each to a copy of tests/fixtures/mini.

Each case says what `dialoog check` must report (a code at a file, or nothing but the fixture's translation
notes) and whether `dialoog play` must refuse the flow (exit 1 with the problem) or may run it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

QUESTIONS = "flows/modules/questions.yaml"
INTRO = "flows/modules/intro.yaml"
CARDS = "flows/cards/kaarten.yaml"
DOMAINS = "flows/domains.yaml"
ADVICE = "flows/advice.yaml"
SUMMARY = "prompts/summary.j2"
PO = "locales/en/LC_MESSAGES/content.po"
NOTES = frozenset({"DLG020", "DLG021"})  # the mini fixture has no English catalog: translation notes only


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Path], None]
    code: str | None
    """What check reports (None: nothing but the translation notes)."""
    at: str | None = None
    """The file the problem is reported in (relative to the root); None: any."""
    refused: bool = False
    """Whether play refuses the flow (exit 1, the problem on stderr)."""
    lang: str = "nl"


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as fh:
            fh.write(text)

    return change


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _prepend(rel: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")

    return change


def _append_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with (root / rel).open("ab") as fh:
            fh.write(data)

    return change


def _write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return change


def _symlink(rel: str, target: str | Callable[[Path], Path]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        path.unlink(missing_ok=True)
        path.symlink_to(target(root) if callable(target) else target)

    return change


def _fifo(rel: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        os.mkfifo(root / rel)

    return change


def _laughs(levels: int = 9, width: int = 9, prefix: str = "x") -> str:
    lines = [f'{prefix}0: &a0 ["lol"]']
    lines += [f"{prefix}{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _when(condition: str) -> Callable[[Path], None]:
    quoted = condition.replace("\\", "\\\\").replace('"', '\\"')
    return _replace(QUESTIONS, "when: \"role_audience == 'bewindspersoon'\"", f'when: "{quoted}"')


def _question_text(text: str) -> Callable[[Path], None]:
    quoted = text.replace('"', '\\"')
    return _replace(QUESTIONS, "text: Uw portefeuille?", f'text: "{quoted}"')


def _victim(root: Path) -> Path:
    victim = root.parent / "victim.txt"
    victim.write_text("root:x:0:0:SECRET-FROM-OUTSIDE\n", encoding="utf-8")
    return victim


def _both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        for c in changes:
            c(root)

    return change


_EN_PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n{extra}\nmsgid "Hallo."\nmsgstr "Hello."\n'
_NODES = "".join(f"  - {{id: m{i}, kind: message, text: Bericht {i}.}}\n" for i in range(40_000))
_LOOP = "{% for a in 'x'*100000 %}{% for b in 'x'*100000 %}.{% endfor %}{% endfor %}"

CASES: list[Case] = [
    # YAML: aliases, nesting, size, special files
    Case("laughs-module-key", _append(QUESTIONS, _laughs()), "DLG030", QUESTIONS, refused=True),
    Case("laughs-card-file", _append(CARDS, _laughs()), "DLG030", CARDS, refused=True),
    Case("laughs-domains", _append(DOMAINS, _laughs()), "DLG030", DOMAINS, refused=True),
    Case("laughs-advice-steps", _both(_prepend(ADVICE, _laughs()), _replace(ADVICE, "steps: [Bel.]", "steps: *a9")),
         "DLG030", ADVICE, refused=True),
    Case("laughs-anchors-as-keys", _append(INTRO, _laughs(prefix="k")), "DLG030", INTRO, refused=True),
    Case("merge-key-bomb", _append(QUESTIONS, "m0: &m0 {a: 1}\n" + "".join(
        f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}\n" for i in range(1, 26))), "DLG030", QUESTIONS, refused=True),
    Case("nesting-10k-flow-list", _append(QUESTIONS, "deep: " + "[" * 10_000 + "]" * 10_000 + "\n"),
         "DLG001", QUESTIONS, refused=True),
    Case("nesting-5k-flow-map", _append(QUESTIONS, "deep: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n"),
         "DLG001", QUESTIONS, refused=True),
    Case("nesting-100-block-levels", _append(QUESTIONS, "deep:\n" + "".join(
        "  " * (i + 1) + f"k{i}:\n" for i in range(100)) + "  " * 101 + "v\n"), "DLG030", QUESTIONS, refused=True),
    Case("unclosed-brackets", _append(QUESTIONS, "deep: " + "[" * 200_000 + "\n"), "DLG001", QUESTIONS, refused=True),
    Case("message-text-2mb", _question_text("x" * 2_000_000), "DLG030", QUESTIONS, refused=True),
    Case("nodes-1.5mb", _replace(INTRO, "nodes:\n", "nodes:\n" + _NODES), "DLG030", INTRO, refused=True),
    Case("comments-2mb", _append(QUESTIONS, "# " + "c" * 2_000_000 + "\n"), "DLG030", QUESTIONS, refused=True),
    Case("random-bytes", _write(QUESTIONS, bytes(range(256)) * 100), "DLG001", QUESTIONS, refused=True),
    Case("nul-byte", _append(QUESTIONS, "x: a\0b\n"), "DLG001", QUESTIONS, refused=True),
    Case("latin-1", _append_bytes(QUESTIONS, b"x: caf\xe9\n"), "DLG001", QUESTIONS, refused=True),
    Case("lone-surrogate-escape", _append_bytes(QUESTIONS, b"x: \xed\xa0\x80\n"), "DLG001", QUESTIONS, refused=True),
    Case("python-tag-apply", _append(QUESTIONS, "x: !!python/object/apply:os.system ['true']\n"),
         "DLG001", QUESTIONS, refused=True),
    Case("python-tag-name", _append(QUESTIONS, "x: !!python/name:os.system\n"), "DLG001", QUESTIONS, refused=True),
    Case("unknown-tag", _append(QUESTIONS, "x: !foo bar\n"), "DLG001", QUESTIONS, refused=True),
    Case("binary-as-points", _replace(QUESTIONS, "{belangen: 2}}", "{belangen: !!binary aGVsbG8=}}"),
         "DLG003", QUESTIONS, refused=True),
    Case("huge-float", _replace(QUESTIONS, "{belangen: 2}}", "{belangen: 1e400}}"), "DLG003", QUESTIONS, refused=True),
    Case("points-nan", _replace(QUESTIONS, "{belangen: 2}}", "{belangen: .nan}}"), "DLG003", QUESTIONS, refused=True),
    Case("points-inf", _replace(QUESTIONS, "{belangen: 2}}", "{belangen: .inf}}"), "DLG003", QUESTIONS, refused=True),
    Case("threshold-nan", _replace(DOMAINS, "thresholds: {attention: 2, high: 4}",
                                   "thresholds: {attention: .nan, high: 4}"), "DLG003", DOMAINS, refused=True),
    Case("integer-5000-digits", _replace(QUESTIONS, "{belangen: 2}}", "{belangen: " + "9" * 5000 + "}}"),
         "DLG030", QUESTIONS, refused=True),
    Case("recursive-alias", _append(QUESTIONS, "loop: &n [*n]\n"), "DLG001", QUESTIONS, refused=True),
    Case("complex-key", _append(QUESTIONS, "? [a, b]\n: c\n"), "DLG005", QUESTIONS, refused=True),
    Case("modules-path-traversal", _replace("flows/mini.yaml", "modules: [intro, questions]",
                                            "modules: [intro, questions, ../../../../etc/passwd, /etc/passwd]"),
         "DLG023", "flows/mini.yaml", refused=True),
    Case("module-is-dev-zero", _symlink("flows/modules/zero.yaml", "/dev/zero"), "DLG030", "flows/modules/zero.yaml",
         refused=True),
    Case("module-is-dev-urandom", _symlink("flows/modules/rnd.yaml", "/dev/urandom"), "DLG030",
         "flows/modules/rnd.yaml", refused=True),
    Case("module-is-fifo", _fifo("flows/modules/fifo.yaml"), "DLG030", "flows/modules/fifo.yaml", refused=True),
    Case("dangling-symlink", _symlink("flows/modules/gone.yaml", "/nonexistent/gone.yaml"), "DLG002",
         "flows/modules/gone.yaml", refused=True),
    Case("symlink-loop", _symlink("flows/modules/loop.yaml", "loop.yaml"), "DLG002", "flows/modules/loop.yaml",
         refused=True),
    Case("symlink-to-folder", _symlink("flows/modules/dir.yaml", lambda r: r / "flows"), "DLG030",
         "flows/modules/dir.yaml", refused=True),
    Case("key-of-2mb", _append(QUESTIONS, "k" * 2_000_000 + ": 1\n"), "DLG030", QUESTIONS, refused=True),
    Case("options-100k", _replace(QUESTIONS, "      - {value: none, label: Niets, exclusive: true}\n",
                                  "".join(f"      - {{value: o{i}, label: L}}\n" for i in range(100_003))),
         "DLG030", QUESTIONS, refused=True),
    # templates
    Case("template-absolute", _replace(QUESTIONS, "template: summary.j2", "template: /etc/passwd"),
         "DLG032", QUESTIONS, refused=True),
    Case("template-dotdot", _replace(QUESTIONS, "template: summary.j2", "template: ../../../../../../etc/passwd"),
         "DLG032", QUESTIONS, refused=True),
    Case("template-include-dotdot", _write(SUMMARY, "x{% include '../../../etc/passwd' %}"), "DLG032", SUMMARY,
         refused=True),
    Case("template-includes-itself", _write(SUMMARY, "x{% include 'summary.j2' %}"), "DLG033", SUMMARY,
         refused=True),
    Case("template-extends-itself", _write(SUMMARY, "{% extends 'summary.j2' %}"), "DLG033", SUMMARY, refused=True),
    Case("template-recursive-macro", _write(SUMMARY, "{% macro m(x) %}{{ m(x) }}{% endmacro %}{{ m(1) }}"),
         "DLG033", SUMMARY, refused=True),
    Case("template-symlink", _symlink(SUMMARY, _victim), "DLG032", None, refused=True),
    Case("template-latin-1", _write(SUMMARY, b"caf\xe9 {{ summary }}"), "DLG016", None, refused=True),
    Case("template-random-bytes", _write(SUMMARY, bytes(range(128, 256)) * 20), "DLG016", None, refused=True),
    Case("template-fifo", _both(lambda r: (r / SUMMARY).unlink(), _fifo(SUMMARY)), "DLG030", None, refused=True),
    Case("template-nested-loops", _write(SUMMARY, _LOOP), None),
    Case("template-repeat-1e9", _write(SUMMARY, "{{ 'a' * 1000000000 }}"), None),
    Case("template-power-left", _write(SUMMARY, "{{ 9 ** 9 ** 9 }}"), None),
    Case("template-power-right", _write(SUMMARY, "{{ 9 ** (9 ** 9) }}"), None),
    Case("template-escapes", _write(SUMMARY, "{{ ''.__class__.__mro__ }}{{ cycler.__init__.__globals__ }}"
                                    "{{ lipsum.__globals__.os }}"), None),
    Case("template-formats", _write(SUMMARY, "{{ '{0.__class__.__mro__}'.format('') }}{{ '%s'|format(lipsum) }}"
                                    "{{ '%999999999d' % 1 }}{{ '{:>999999999}'.format(1) }}"), None),
    Case("template-padding", _write(SUMMARY, "{{ 'x'|center(1000000000) }}{{ 'x'.ljust(1000000000) }}"
                                    "{{ ('x' * 100000)|replace('x', 'x' * 100000) }}"), None),
    Case("template-doubling", _write(SUMMARY, "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
                                    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"), None),
    Case("template-escape-sequence", _write(SUMMARY, "a\x1b]52;c;cHduZWQ=\x07 \x1b[2J b"), "DLG031", SUMMARY,
         refused=True),
    # question texts
    Case("text-repeat-1e9", _question_text("{{ 'a' * 1000000000 }}"), None),
    Case("text-power", _question_text("Uw {{ 9 ** (9 ** 9) }}"), None),
    Case("text-nested-loops", _question_text(_LOOP), None),
    Case("text-percent-format", _question_text("{{ '%0999999999d' % 1 }}"), None),
    Case("text-range", _question_text("{{ range(10**9)|list }}"), None),
    Case("text-escapes", _question_text("{{ ''.__class__.__mro__[1].__subclasses__() }}"), None),
    Case("text-deep", _question_text("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}"), "DLG016", QUESTIONS),
    Case("text-5000-digits", _question_text("{{ " + "9" * 5000 + " }}"), "DLG016", QUESTIONS),
    Case("text-osc52-csi", _replace(QUESTIONS, "text: Uw portefeuille?",
                                    'text: "Uw \\e]52;c;cHduZWQ=\\a \\e[2J portefeuille?"'),
         "DLG031", QUESTIONS, refused=True),
    Case("text-c1-csi", _replace(QUESTIONS, "text: Uw portefeuille?", 'text: "Uw \\x9b2J portefeuille?"'),
         "DLG031", QUESTIONS, refused=True),
    Case("text-bidi", _replace(QUESTIONS, "text: Uw portefeuille?", 'text: "Uw \\u202eportefeuille?"'),
         "DLG031", QUESTIONS, refused=True),
    # conditions
    Case("when-repeat", _when("('a' * 1000000000) == role_audience"), None),
    Case("when-power", _when("9 ** (9 ** 9) > 1"), None),
    Case("when-concat-repeat", _when("((portfolio ~ 'x') * 1000000000)|length > 1"), None),
    Case("when-percent", _when("('%0999999999d' % 1) == lang"), None),
    Case("when-private", _when("''.__class__.__mro__"), "DLG013", QUESTIONS, refused=True),
    Case("when-concat-private", _when("lang['__cla' ~ 'ss__']"), None),
    Case("when-template-injection", _when("1 }}{% for x in range(10) %}{{ x"), "DLG013", QUESTIONS, refused=True),
    Case("when-unknown-filter", _when("lang|nosuchfilter"), "DLG013", QUESTIONS, refused=True),
    Case("when-unknown-test", _when("lang is nosuchtest"), "DLG013", QUESTIONS, refused=True),
    Case("when-unknown-filter-compare", _when("gifts|nosuch > 1"), "DLG013", QUESTIONS, refused=True),
    Case("when-blank", _when(" "), "DLG013", QUESTIONS, refused=True),
    Case("when-50000-or", _when(" or ".join(["lang"] * 50_000)), "DLG013", QUESTIONS, refused=True),
    Case("when-5000-parens", _when("(" * 5000 + "lang" + ")" * 5000), "DLG013", QUESTIONS, refused=True),
    Case("when-5000-not", _when("not " * 5000 + "lang"), "DLG013", QUESTIONS, refused=True),
    Case("when-5000-digits", _when("9" * 5000 + " > 1"), "DLG013", QUESTIONS, refused=True),
    Case("advice-if-power", _replace(ADVICE, "if: \"'threats' in stress\"", 'if: "9 ** 9 ** 9 > 1"'), None),
    Case("advice-if-repeat", _replace(ADVICE, "if: \"'threats' in stress\"", "if: \"('a' * 1000000000)|length > 1\""),
         None),
    Case("advice-if-blank", _replace(ADVICE, "if: \"'threats' in stress\"", "if: ' '"), "DLG013", ADVICE,
         refused=True),
    # catalogs
    Case("po-random-bytes", _write(PO, bytes(range(256)) * 10), "DLG027", PO, lang="en"),
    Case("po-latin-1", _write(PO, b'msgid ""\nmsgstr ""\n\nmsgid "Hallo."\nmsgstr "H\xe9llo."\n'), "DLG027", PO,
         lang="en"),
    Case("po-long-plural", _write(PO, _EN_PO.format(
        extra='"Plural-Forms: nplurals=2; plural=' + "(" * 3000 + "n != 1" + ")" * 3000 + ';\\n"')),
        "DLG027", PO, lang="en"),
    Case("mo-garbage-newer", _both(_write(PO, _EN_PO.format(extra="")), lambda r: _newer_mo(r, b"\xde\x12\x04\x95"
                                   + os.urandom(2000))), None, lang="en"),
    Case("mo-huge-count", _both(_write(PO, _EN_PO.format(extra="")), lambda r: _newer_mo(
        r, b"\xde\x12\x04\x95" + (0).to_bytes(4, "little") + (2**31).to_bytes(4, "little") + b"\0" * 20)),
        None, lang="en"),
    Case("po-translation-escape", _write(PO, _EN_PO.format(extra="").replace('"Hello."', '"He\x1b]0;T\x07llo."')),
         "DLG031", PO, lang="en"),
]


def _newer_mo(root: Path, data: bytes) -> None:
    po = root / PO
    mo = po.with_suffix(".mo")
    mo.write_bytes(data)
    stat = po.stat()
    os.utime(mo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))

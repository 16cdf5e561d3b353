"""Conditions are Jinja2 expressions in a sandbox: no way from a flow file into Python's internals."""

from __future__ import annotations

import builtins
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.check import run_check
from dialoog.engine import Session
from dialoog.engine.machine import machine_for
from dialoog.flow.expressions import ConditionError, compile_condition
from dialoog.flow.library import load_library
from dialoog.flow.problems import ContentError

pytestmark = pytest.mark.usefixtures("plain_env")

MODULE = """\
id: probe
title: Proef
nodes:
  - id: probe_start
    kind: yesno
    text: Begin?
  - id: probe_guarded
    kind: message
    text: Dit ziet u alleen als de voorwaarde klopt.
    when: "{condition}"
  - id: probe_end
    kind: end
    text: Einde.
"""
WHEN_LINE, WHEN_COL = 10, 11

# (condition, what check says about it: a code, or None when it is let through and must be false at run time)
ATTEMPTS = [
    ("().__class__.__bases__[0].__subclasses__()", "DLG013"),
    ("lang.__class__", "DLG013"),
    ("lang|attr('__class__')", "DLG013"),
    ("cycler.__init__.__globals__", "DLG013"),
    ("self._TemplateReference__context", "DLG013"),
    ("range(10**9)|list", "DLG014"),  # `range` is no question id
    ("lipsum.__globals__", "DLG013"),
    ("lipsum|attr('__globals__')", "DLG013"),
    ("joiner|attr('__init__')|attr('__globals__')", "DLG013"),
    ("probe_start['__class__']", "DLG013"),
    ("probe_start|attr('__class__')|attr('__mro__')", "DLG013"),
    ("'{0.__class__}'.format(lang)", None),
    ("declined.append('probe_start')", None),
    ("scores.update({'x': 1})", "DLG015"),  # `update` is no domain
    ("levels.pop('belangen')", "DLG015"),
]


def _install(root: Path, condition: str) -> Path:
    path = root / "flows" / "modules" / "probe.yaml"
    path.write_text(MODULE.format(condition=condition.replace('"', '\\"')), encoding="utf-8")
    return path


@pytest.mark.parametrize(("condition", "code"), ATTEMPTS)
def test_check_refuses_or_lets_through_only_what_is_harmless(
    valid_root: Path, condition: str, code: str | None
) -> None:
    path = _install(valid_root, condition)
    problems = [p for p in run_check(valid_root).problems if p.path == str(path) and p.code != "DLG020"]
    if code is None:
        assert problems == []
    else:
        assert [(p.line, p.col, p.code) for p in problems][:1] == [(WHEN_LINE, WHEN_COL, code)]
        # the flow is refused too: nothing runs it
        with pytest.raises(ContentError):
            load_library(valid_root).flow("probe")


@pytest.mark.parametrize(("condition", "code"), [a for a in ATTEMPTS if a[1] is None])
def test_what_check_lets_through_is_false_and_the_question_is_passed_over(
    valid_root: Path, condition: str, code: None
) -> None:
    _install(valid_root, condition)
    session = Session(load_library(valid_root, strict=True).flow("probe"), "nl", valid_root)
    before = session.to_dict()
    turn = session.answer("yes")
    assert turn.node == "probe_end"  # probe_guarded was passed over
    assert session.declined == set()
    assert session.to_dict()["answers"] == {"probe_start": "yes"}
    assert before["answers"] == {}


def _context() -> dict[str, Any]:
    return {"lang": "nl", "probe_start": "yes", "declined": [], "scores": {"belangen": 1.0}, "levels": {}}


@pytest.mark.parametrize("condition", [a[0] for a in ATTEMPTS])
def test_at_run_time_an_attempt_is_refused_or_false(condition: str) -> None:
    context = _context()
    try:
        run = compile_condition(condition)
    except ConditionError as exc:
        assert "not allowed" in str(exc)
        return
    started = time.monotonic()
    assert run(context) is False
    assert time.monotonic() - started < 1.0
    assert context == _context()  # nothing was changed


def test_a_condition_cannot_run_a_command(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    attempts = [
        f"(lipsum|attr('__globals__'))['os'].popen('touch {marker}').read()",
        f"(cycler|attr('__init__')|attr('__globals__'))['os'].system('touch {marker}')",
        f"(joiner|attr('__init__')|attr('__globals__')|attr('__getitem__'))('__builtins__')"
        f"['eval']('open(\"{marker}\", \"w\")')",
    ]
    for condition in attempts:
        try:
            result = compile_condition(condition)(_context())
        except ConditionError:
            continue  # refused before it could run
        assert result is False
    assert not marker.exists()


def test_text_templates_are_rendered_in_the_sandbox_too(valid_root: Path) -> None:
    path = valid_root / "flows" / "modules" / "probe.yaml"
    path.write_text(
        MODULE.format(condition="true").replace(
            "text: Begin?", "text: \"Begin {{ lang.__class__ }}{{ (lipsum|attr('__globals__')) }}?\""
        ),
        encoding="utf-8",
    )
    session = Session(load_library(valid_root, strict=True).flow("probe"), "nl", valid_root)
    text = session.turn().text
    assert "class" not in text and "os" not in text and "{" not in text


def test_conditions_are_never_handed_to_python_eval(engine_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_eval = builtins.eval

    def spy(source: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(source))
        return real_eval(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", spy)
    flow = load_library(engine_root, strict=True).flow("branch")
    session = Session(flow, "nl", engine_root)
    for value in ("gemeente", 5, "no", "yes"):
        session.answer(value)
    session.summary()
    fresh = "sector == 'gemeente' and gift_count >= 4 and 'eval_probe' != lang"
    assert compile_condition(fresh)({"sector": "gemeente", "gift_count": 5, "lang": "nl"}) is True
    authored = ["scores.belangen", "sector ==", "eval_probe", "'threats' in stress"]
    assert not [s for s in seen if any(a in s for a in authored)]


def test_the_state_machine_gets_functions_never_strings(engine_root: Path) -> None:
    lib = load_library(engine_root, strict=True)
    for flow_id in ("branch", "mini", "circle"):
        flow = lib.flow(flow_id)
        machine = machine_for(flow)
        transitions = [t for ts in machine.events["advance"].transitions.values() for t in ts]
        routes = [r for n in flow.nodes.values() for r in n.routes]
        assert len(transitions) == len(routes)
        conditional = 0
        for transition in transitions:
            for condition in transition.conditions:
                assert callable(condition.func) and not isinstance(condition.func, str)
                assert condition.target is True  # a plain condition, not `unless`
                conditional += 1
            assert not transition.before and not transition.after and not transition.prepare
        assert conditional == sum(1 for r in routes if r.answer is not None or r.condition is not None)
    # a route by condition and a route by answer both exist in `branch`
    branch = machine_for(lib.flow("branch")).events["advance"].transitions
    assert len(branch["gift_count"]) == 3
    assert len(branch["sector"]) == 2


def test_a_failing_condition_counts_as_false() -> None:
    # comparing text with a number raises inside Jinja: the route is simply not taken
    assert compile_condition("sector > 3")({"sector": "rijk"}) is False
    assert compile_condition("gift_count.bit_length() > 100")({"gift_count": 3}) is False


def test_an_unanswered_question_is_none_and_never_greater_or_smaller(engine_root: Path) -> None:
    session = Session(load_library(engine_root, strict=True).flow("branch"), "nl", engine_root)
    context = session.context()
    assert compile_condition("gift_count is none")(context) is True
    assert compile_condition("gift_count == none")(context) is True
    assert compile_condition("gift_count > 3")(context) is False
    assert compile_condition("gift_count < 3")(context) is False
    assert compile_condition("'x' in gift_count")(context) is False
    session.answer("rijk")
    session.answer(4)
    context = session.context()
    assert compile_condition("gift_count is none")(context) is False
    assert compile_condition("gift_count > 3 and levels.belangen == 'attention'")(context) is True


# -- bounded work (security review, section 1.1 and F5) ---------------------------------------------------

BOUNDED = [
    "{{ 9 ** (9 ** 9) }}",
    "{{ 'a' * 1000000000 }}",
    "{{ [1] * 1000000000 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%*d' % (1000000000, 1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '{:{}}'.format(1, 1000000000) }}",
    "{{ '%999999999d'|format(1) }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'|indent(1000000000, true) }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ '\t'.expandtabs(1000000000) }}",
    "{{ ('x' * 100000)|replace('x', 'x' * 100000) }}",
    "{{ ('x' * 100000).replace('x', 'xx') }}",
    "{{ (['x' * 100000] * 100)|join }}",
    "{{ ('x' * 60000) ~ ('x' * 60000) }}",
    "{{ ('x' * 60000) + ('x' * 60000) }}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
]


@pytest.mark.parametrize("source", BOUNDED)
def test_work_an_expression_may_do_is_bounded(source: str) -> None:
    from jinja2.exceptions import SecurityError

    from dialoog.flow.sandbox import BoundedSandbox

    env = BoundedSandbox()
    start = time.monotonic()
    template = env.from_string(source)  # compiling folds no constant: nothing is computed yet
    with pytest.raises(SecurityError):
        template.render()
    assert time.monotonic() - start < 2


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{{ 2 ** 10 }}", "1024"),
        ("{{ 9 ** 9 ** 9 }}", str((9**9) ** 9)),
        ("{{ 'ab' * 3 }}", "ababab"),
        ("{{ '%05.1f' % 3.14159 }}", "003.1"),
        ("{{ '{:>4}'.format('x') }}", "   x"),
        ("{{ 'x'|center(5) }}", "  x  "),
        ("{{ [1, 2]|join(', ') }}", "1, 2"),
        ("{{ 'a' ~ 'b' ~ 1 }}", "ab1"),
        ("{% for i in range(3) %}{{ i }}{% endfor %}", "012"),
    ],
)
def test_ordinary_expressions_work_as_before(source: str, shown: str) -> None:
    from dialoog.flow.sandbox import BoundedSandbox

    assert BoundedSandbox().from_string(source).render() == shown


def test_check_does_not_fold_a_huge_constant() -> None:
    """`meta.find_undeclared_variables` compiles, and Jinja folds constants while compiling: `9 ** (9 ** 9)`
    hung `dialoog check`. Intercepted operators are not folded."""
    from jinja2 import meta

    from dialoog.render import texts_for

    env = texts_for("nl").env
    start = time.monotonic()
    assert meta.find_undeclared_variables(env.parse("{{ 9 ** (9 ** 9) }}{{ 'a' * 10 ** 9 }}")) == set()
    assert time.monotonic() - start < 1


@given(st.integers(-(10**6), 10**6), st.integers(-50, 10**6))
@settings(max_examples=200, deadline=None)
def test_a_power_is_exact_or_refused(base: int, exponent: int) -> None:
    from jinja2.exceptions import SecurityError

    from dialoog.flow.sandbox import MAX_INT_BITS, _pow

    try:
        value = _pow(base, exponent)
    except SecurityError:
        assert abs(base) > 1 and base.bit_length() * exponent > MAX_INT_BITS
        return
    except ZeroDivisionError:
        assert base == 0 and exponent < 0
        return
    assert value == base**exponent

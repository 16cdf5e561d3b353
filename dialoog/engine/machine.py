"""The `transitions` state machine behind a flow, built once per flow.

Every node is a state; each route is an `advance` transition whose condition is
a Python closure over the route (never a string: `transitions` would import and
run a dotted name). Sessions are not registered as models: the machine is
shared, and `advance` is triggered with the session as the model.

The machine and the progress table are cached here, per flow object, never on the
flow itself (content stays content: it can be pickled and compared).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from transitions import EventData, Machine

from dialoog.engine.conditions import holds
from dialoog.flow.model import FINISH, Flow, Route

if TYPE_CHECKING:
    from dialoog.engine.session import Session


def _route_test(route: Route) -> Callable[[EventData], bool]:
    if route.answer is not None:
        expected = route.answer

        def by_answer(event: EventData) -> bool:
            session = cast("Session", event.model)
            value = session.answers.get(event.state.name)
            if isinstance(value, list):
                return expected in value
            return value is not None and str(value) == expected

        return by_answer
    assert route.condition is not None
    condition = route.condition

    def by_condition(event: EventData) -> bool:
        return holds(condition, cast("Session", event.model).context())

    return by_condition


@dataclass(frozen=True, slots=True)
class Compiled:
    """What the engine builds once per flow: the state machine (progress is worked out in
    `dialoog.engine.progress`)."""

    machine: Machine


_compiled: dict[int, Compiled] = {}
"""Per live `Flow` (by identity), what was built for it; an entry goes when its flow does. Kept here,
not on the flow: the `Flow` is content (and is pickled into the start-up cache), the machine is not."""


def compiled(flow: Flow) -> Compiled:
    """What is built for `flow`, on first use."""
    key = id(flow)
    found = _compiled.get(key)
    if found is None:
        found = Compiled(_build(flow))
        _compiled[key] = found
        weakref.finalize(flow, _compiled.pop, key, None)
    return found


def machine_for(flow: Flow) -> Machine:
    return compiled(flow).machine


def _build(flow: Flow) -> Machine:
    machine = Machine(
        model=None,
        states=[*flow.nodes, FINISH],
        initial=None,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
    )
    for node in flow.nodes.values():
        for route in node.routes:
            tests: list[Any] = []
            if route.answer is not None or route.condition is not None:
                tests.append(_route_test(route))
            machine.add_transition("advance", node.id, route.target, conditions=tests)
    return machine

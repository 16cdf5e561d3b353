"""Counting the distinct ways through a flow."""

from __future__ import annotations

from dialoog.flow.model import FINISH, Flow

PATH_BOUND = 10**12


def count_paths(flow: Flow) -> tuple[int, bool]:
    """Distinct node sequences from the start to an end; (count, exact).

    Routes are counted by their distinct targets. A loop or more than
    PATH_BOUND paths makes the count a lower bound (exact is False).
    """
    memo: dict[str, int] = {}
    exact = True
    on_stack: set[str] = set()
    # iterative post-order DFS
    stack: list[tuple[str, bool]] = [(flow.start, False)]
    while stack:
        node_id, done = stack.pop()
        if node_id == FINISH or node_id in memo:
            continue
        node = flow.nodes[node_id]
        targets = list(dict.fromkeys(r.target for r in node.routes))
        if done:
            on_stack.discard(node_id)
            total = 1 if node.kind == "end" or not targets else 0
            for t in targets:
                total += 1 if t == FINISH else memo.get(t, 0)
            if total > PATH_BOUND:
                total, exact = PATH_BOUND, False
            memo[node_id] = total
            continue
        on_stack.add(node_id)
        stack.append((node_id, True))
        for t in targets:
            if t in on_stack:
                exact = False
            elif t != FINISH and t not in memo:
                stack.append((t, False))
    return memo.get(flow.start, 0), exact

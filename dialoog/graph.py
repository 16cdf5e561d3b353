"""`dialoog graph`: a flow as a Mermaid or Graphviz diagram, conditions on the edges."""

from __future__ import annotations

from dialoog.flow.model import FINISH, Flow, Route


def _label(route: Route) -> str:
    if route.answer is not None:
        return f"= {route.answer}"
    if route.condition:
        return f"if {route.condition}"
    return ""


def _node_label(flow: Flow, node_id: str) -> str:
    node = flow.nodes[node_id]
    extra = f" {node.card}" if node.card else ""
    when = f"\\nwhen {node.when}" if node.when else ""
    return f"{node_id}\\n({node.kind}{extra}){when}"


def mermaid(flow: Flow) -> str:
    def esc(text: str) -> str:
        return text.replace('"', "#quot;").replace("\\n", "<br/>")

    lines = ["flowchart TD"]
    for module in flow.modules:
        lines.append(f'  subgraph {module.id}["{esc(module.title)}"]')
        for node in module.nodes:
            shape = ('(["', '"])') if node.kind in ("message", "end") else ('["', '"]')
            lines.append(f"    {node.id}{shape[0]}{esc(_node_label(flow, node.id))}{shape[1]}")
        lines.append("  end")
    lines.append(f'  {FINISH}(("einde"))')
    for node in flow.nodes.values():
        for route in node.routes:
            label = _label(route)
            arrow = f' -- "{esc(label)}" --> ' if label else " --> "
            lines.append(f"  {node.id}{arrow}{route.target}")
    return "\n".join(lines) + "\n"


def dot(flow: Flow) -> str:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n") + '"'

    lines = [f"digraph {q(flow.id)} {{", "  rankdir=TB;", "  node [shape=box, fontname=Helvetica];"]
    for module in flow.modules:
        lines.append(f"  subgraph {q('cluster_' + module.id)} {{")
        lines.append(f"    label={q(module.title)};")
        for node in module.nodes:
            shape = ", shape=ellipse" if node.kind in ("message", "end") else ""
            lines.append(f"    {q(node.id)} [label={q(_node_label(flow, node.id))}{shape}];")
        lines.append("  }")
    lines.append(f'  {q(FINISH)} [label="einde", shape=doublecircle];')
    for node in flow.nodes.values():
        for route in node.routes:
            label = _label(route)
            attr = f" [label={q(label)}]" if label else ""
            lines.append(f"  {q(node.id)} -> {q(route.target)}{attr};")
    lines.append("}")
    return "\n".join(lines) + "\n"

"""`dialoog network`: the network map as GraphML that NetworkX reads, with names unless --no-names, by consent."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from share_helpers import NAMES, leaks, recorded

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.sharing.network import network_graphml


def test_the_graphml_is_read_by_networkx_with_the_user_and_every_entry(canary_nl: Session, tmp_path: Path) -> None:
    path = tmp_path / "n.graphml"
    path.write_text(network_graphml(canary_nl), encoding="utf-8")
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == 1 + len(canary_nl.answers["network"])
    assert graph.nodes["ego"]["kind"] == "ego"
    labels = {data.get("label") for node, data in graph.nodes(data=True) if node != "ego"}
    assert labels == set(NAMES)
    assert all(graph.has_edge("ego", node) for node in graph.nodes if node != "ego")
    categories = sorted(d["category"] for n, d in graph.nodes(data=True) if n != "ego")
    assert categories == ["business", "clubs", "family"]


def test_without_names_no_name_or_typed_text_is_in_it(canary_nl: Session) -> None:
    text = network_graphml(canary_nl, names=False)
    assert leaks(text) == []
    assert set(NAMES) <= set(leaks(network_graphml(canary_nl, names=True)))  # the check can fail


def test_dialoog_network_writes_it_with_consent(saved: tuple[Path, str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, sid = saved
    target = tmp_path / "net.graphml"
    assert main(["network", "--output", str(target), "--no-names", "--yes", "--data-dir", str(data_dir)]) == 0
    graph = nx.read_graphml(target)
    assert graph.number_of_nodes() == 4 and leaks(target.read_text(encoding="utf-8")) == []
    assert target.stat().st_mode & 0o777 == 0o600
    (consent,) = recorded(data_dir)
    assert consent.export == "network" and consent.sessions == (sid,) and "names" in consent.left_out
    named = tmp_path / "named.graphml"
    assert main(["network", sid, "--output", str(named), "--yes", "--data-dir", str(data_dir)]) == 0
    assert set(NAMES) <= set(leaks(named.read_text(encoding="utf-8")))
    assert [c.left_out for c in recorded(data_dir)] == [(), ("names", "free_text")]
    assert main(["network", "--output", str(tmp_path / "n.xml"), "--yes", "--data-dir", str(data_dir)]) == 2
    assert ".graphml" in capsys.readouterr().err

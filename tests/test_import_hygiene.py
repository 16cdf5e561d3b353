"""The engine works without the terminal UI: importing it loads neither Textual nor Rich.

As in harlequin's test_import_hygiene: each check runs in a fresh interpreter, so
nothing imported by other tests can hide an import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

UI_PACKAGES = ("textual", "rich")


def loaded_after(imports: str) -> set[str]:
    """The top-level packages in sys.modules after running `imports` in a new interpreter."""
    code = f"import json, sys\n{imports}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_engine_loads_no_ui() -> None:
    loaded = loaded_after("import dialoog.engine, dialoog.flow.library, dialoog.check, dialoog.play, dialoog.cli")
    assert "dialoog" in loaded and "jinja2" in loaded  # the imports really ran
    assert not loaded & set(UI_PACKAGES), sorted(loaded & set(UI_PACKAGES))


@pytest.mark.parametrize("module", ["dialoog.engine", "dialoog.flow.library", "dialoog.check", "dialoog.play"])
def test_each_engine_module_alone_loads_no_ui(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert not loaded & set(UI_PACKAGES)


def test_the_command_line_imports_lazily() -> None:
    # `dialoog` must not wait for what its command does not use
    loaded = loaded_after("import dialoog.cli")
    heavy = {"textual", "rich", "jinja2", "babel", "yaml", "transitions", "cryptography"}
    assert not loaded & heavy, sorted(loaded & heavy)


def test_headless_commands_load_no_ui() -> None:
    code = (
        "from dialoog.cli import main\n"
        "import sys, io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    main(['check', '--json'])\n"
        "    main(['graph', 'scan'])\n"
    )
    loaded = loaded_after(code)
    assert not loaded & set(UI_PACKAGES), sorted(loaded & set(UI_PACKAGES))


@pytest.mark.parametrize("module", ["dialoog.keeping.keeper", "dialoog.keeping.headless", "dialoog.forget"])
def test_keeping_and_the_forget_command_load_no_ui(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert not loaded & set(UI_PACKAGES), sorted(loaded & set(UI_PACKAGES))


# Which parts of dialoog each layer must never import, not even inside a function.
FORBIDDEN = {
    "dialoog/store": ("dialoog.play", "dialoog.cli", "dialoog.engine", "dialoog.tui", "dialoog.keeping",
                      "dialoog.forget", "dialoog.i18n", "textual", "rich"),
    "dialoog/engine": ("dialoog.store", "dialoog.keeping", "dialoog.play", "dialoog.cli", "dialoog.tui", "textual",
                       "rich"),
    "dialoog/flow": ("dialoog.engine", "dialoog.store", "dialoog.keeping", "dialoog.play", "dialoog.cli",
                     "dialoog.tui", "textual", "rich"),
    "dialoog/keeping": ("dialoog.play", "dialoog.cli", "dialoog.tui", "textual", "rich"),
}


def imported_names(path: Path) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_one_above_it(layer: str) -> None:
    package = Path(__file__).resolve().parents[1] / layer
    found = []
    for path in sorted(package.rglob("*.py")):
        for name in imported_names(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                found.append(f"{path.relative_to(package.parent.parent)} imports {name}")
    assert not found, found

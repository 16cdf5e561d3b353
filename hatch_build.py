"""Build hook: ship the gettext catalogs compiled (.mo) next to their .po in the wheel."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


# hatchling exists only in pip's isolated build environment: to mypy the base class is Any
class CompileCatalogs(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="dialoog-mo-"))
        for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
            rel = po.relative_to(root)
            target = f"dialoog/_content/{rel.as_posix()}"
            build_data["force_include"][str(po)] = target
            with po.open("rb") as fh:
                catalog = read_po(fh)
            mo = out / rel.with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            build_data["force_include"][str(mo)] = target[:-3] + ".mo"

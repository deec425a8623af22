"""MkDocs hooks: write the generated pages before every build (see gen_pages.py)."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any


def on_pre_build(config: Any) -> None:  # noqa: ARG001 (MkDocs passes the config)
    """Run ``docs/gen_pages.py``, a plain script any builder could run instead."""
    runpy.run_path(str(Path(__file__).with_name("gen_pages.py")), run_name="__main__")

"""Execute every notebook in this folder with the current interpreter; fail on any error."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    folder = Path(__file__).parent
    failed = 0
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
        )
        try:
            # ipykernel's native "python3" kernel runs this interpreter: the project venv.
            client.execute()
        except CellExecutionError as exc:
            failed += 1
            print(f"FAILED {path.name}: {exc}", file=sys.stderr)
            continue
        print(f"ok {path.name} ({len(notebook.cells)} cells)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

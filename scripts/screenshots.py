"""Render a validation report and a chart in headless Chromium, to look at them.

Not part of CI (it needs Debian's chromium: ``apt-get install chromium``). Run
``uv run python scripts/screenshots.py`` and open the PNGs in ``.screenshots/``.
The chart is saved with its JavaScript inlined (vl-convert), so no network is needed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import po_codes as po
from po_codes import plots, tables

OUT = Path(__file__).resolve().parent.parent / ".screenshots"


def shoot(html: Path, png: Path, size: str) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--hide-scrollbars",
                f"--window-size={size}",
                f"--screenshot={png}",
                "--virtual-time-budget=5000",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {png}")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    tasks = po.synthetic_tasks(200_000, seed=3, error_rate=0.003)
    report = po.validate(tasks)
    page = OUT / "report.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><style>body{font-family:sans-serif;margin:16px}"
        "td,th{padding:2px 8px;border-bottom:1px solid #eee}</style></head><body>"
        + report._repr_html_()
        + "</body></html>",
        encoding="utf-8",
    )
    shoot(page, OUT / "report.png", "1100,900")

    clean = po.harmonize_districts(report.valid_rows(), split="combine")
    chart = plots.capacity_trend(po.indicators(clean))
    chart_page = OUT / "capacity.html"
    chart.save(str(chart_page), inline=True)
    shoot(chart_page, OUT / "capacity.png", "800,480")

    funnel_page = OUT / "funnel.html"
    plots.funnel(po.compare(clean, code="Ikke kapasitet")).save(str(funnel_page), inline=True)
    shoot(funnel_page, OUT / "funnel.png", "800,480")

    table_page = OUT / "table.html"
    year = clean.filter(clean["year"] == 2016)
    table_page.write_text(tables.code_table(po.code_table(year)).as_raw_html(), encoding="utf-8")
    shoot(table_page, OUT / "table.png", "1400,600")


if __name__ == "__main__":
    main()

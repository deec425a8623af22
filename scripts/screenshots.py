"""Render the report, the charts and the code table to PNG, to look at them.

Not part of CI. The charts are rendered by vl-convert (``vl-convert-python``, in the
dev environment: the same Vega as in a notebook, no browser, no network); the
validation report, the district page and the great-tables code table by Debian's
headless Chromium (``apt-get install chromium``). Run
``uv run python scripts/screenshots.py`` and open the PNGs in ``.screenshots/``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import vl_convert

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


def render(chart: object, png: Path) -> None:
    """Write an altair chart as a PNG at twice its size (vl-convert, no browser)."""
    png.write_bytes(vl_convert.vegalite_to_png(chart.to_json(), scale=2))  # type: ignore[attr-defined]
    print(f"wrote {png}")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    tasks = po.synthetic_tasks(300_000, seed=3, error_rate=0.003)
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

    district_page = OUT / "district_page.html"
    district_page.write_text(po.district_page(tasks, source="synthetic"), encoding="utf-8")
    shoot(district_page, OUT / "district_page.png", "1400,2000")  # 360 px: check_page.py

    clean = po.harmonize_districts(report.valid_rows(), split="combine")
    code = po.ClosureCode.IKKE_KAPASITET.value
    render(plots.capacity_trend(po.indicators(clean)), OUT / "capacity.png")
    compared = po.compare(clean, code=code, by=("district", "year"))
    render(plots.funnel(compared, code=code), OUT / "funnel.png")
    binomial = po.compare(
        clean, code="Ingen operative tiltak", by=("district", "year"), method="binomial"
    )
    render(
        plots.funnel(binomial, code="Ingen operative tiltak", year=2012, lang="en"),
        OUT / "funnel_binomial_en.png",
    )

    year = clean.filter(clean["year"] == 2016)
    for name, frame in (
        ("table", po.code_table(year)),
        ("table_shares", po.code_table(year, shares=True)),
    ):
        table_page = OUT / f"{name}.html"
        table_page.write_text(
            "<html><head><meta charset='utf-8'></head><body>"
            + tables.code_table(frame, title="PO-tall 2016").as_raw_html()
            + "</body></html>",
            encoding="utf-8",
        )
        shoot(table_page, OUT / f"{name}.png", "1500,560")


if __name__ == "__main__":
    main()

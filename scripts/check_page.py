"""Render the district page on synthetic data and screenshot it at 360 and 1400 px.

Not part of CI: it needs Debian's chromium (``apt-get install chromium``). Run
``uv run --no-sync python scripts/check_page.py [--district Vest] [--lang en]``
(it also renders a page from that district's rows only) and
open the PNGs it prints (in ``/tmp/po_page/``).

Headless Chromium does not lay a page out narrower than 500 px whatever
``--window-size`` says, so narrow widths are shot through a wrapper page that shows
the district page in an ``<iframe>`` of exactly that width: the iframe is a real
360 px viewport (media queries, chart sizes), as on a phone.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import polars as pl

import po_codes as po
from po_codes._publish import district_page

OUT = Path(tempfile.gettempdir()) / "po_page"
WIDTHS = ((360, 4400), (1400, 2000))
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    return found


def shoot(url: str, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                "--virtual-time-budget=3000",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"wrote {png} ({width} px wide)")


def write(name: str, page: str) -> Path:
    html_path = OUT / f"{name}.html"
    html_path.write_text(page, encoding="utf-8")
    size = len(page.encode("utf-8"))
    print(f"{html_path}: {size:,} bytes")
    if size >= 2_000_000:
        raise SystemExit("the page is 2 MB or more")
    return html_path


def shoot_widths(html_path: Path, name: str, district: str) -> None:
    target = f"{html_path.as_uri()}#district={quote(district)}"
    for width, height in WIDTHS:
        png = OUT / f"{name}_{width}.png"
        if width < 500:
            # Tiles of 1100 px too, to look at them at full size.
            for tile, top in enumerate(range(0, height, 1100)):
                framed(target, OUT / f"{name}_{width}_{tile}.png", width, height, top)
            framed(target, png, width, height, 0, tile_height=height)
        else:
            shoot(target, png, width, height)


def framed(
    target: str, png: Path, width: int, height: int, top: int, *, tile_height: int = 1100
) -> None:
    """Shoot ``target`` in an iframe ``width`` px wide, from ``top`` px down."""
    wrapper = OUT / f"frame_{png.stem}.html"
    wrapper.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
        f"<body style='margin:0'><div style='height:{tile_height}px;overflow:hidden'>"
        f"<iframe src='{target}' title='page' style='display:block;border:0;"
        f"margin-top:-{top}px;width:{width}px;height:{height}px'></iframe></div></body></html>",
        encoding="utf-8",
    )
    shoot(wrapper.as_uri(), png, width, tile_height)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="synthetic task rows")
    parser.add_argument("--district", default="Vest", help="district selected in the shots")
    parser.add_argument("--lang", default="nb", choices=("nb", "en"))
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    tasks = po.synthetic_tasks(args.rows)
    start = time.perf_counter()
    page = district_page(tasks, lang=args.lang, source=f"synthetic_tasks({args.rows})")
    print(f"rendered {args.rows:,} rows in {time.perf_counter() - start:.2f} s")
    name = f"page_{args.lang}"
    shoot_widths(write(name, page), name, args.district)

    # One district's export: "Alle distrikter i dataene", only that district offered.
    one = po.harmonize_districts(tasks, split="combine").filter(pl.col("district") == args.district)
    page = district_page(one, lang=args.lang, source=f"{args.district} only")
    name = f"page_{args.lang}_one"
    shoot_widths(write(name, page), name, args.district)


if __name__ == "__main__":
    main()

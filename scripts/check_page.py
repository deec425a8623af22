"""Render the district page on synthetic data and screenshot it at 360 and 1400 px.

Not part of CI: it needs Debian's chromium (``apt-get install chromium``). Run
``uv run --no-sync python scripts/check_page.py [--district Vest] [--lang en]`` and
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="synthetic task rows")
    parser.add_argument("--district", default="Vest", help="district selected in the shots")
    parser.add_argument("--lang", default="nb", choices=("nb", "en"))
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    tasks = po.synthetic_tasks(args.rows)
    start = time.perf_counter()
    page = district_page(tasks, lang=args.lang, source=f"synthetic_tasks({args.rows})")
    seconds = time.perf_counter() - start
    html_path = OUT / f"page_{args.lang}.html"
    html_path.write_text(page, encoding="utf-8")
    size = len(page.encode("utf-8"))
    print(f"{html_path}: {size:,} bytes for {args.rows:,} rows, rendered in {seconds:.2f} s")
    if size >= 2_000_000:
        raise SystemExit("the page is 2 MB or more")

    target = f"{html_path.as_uri()}#district={quote(args.district)}"
    for width, height in WIDTHS:
        png = OUT / f"page_{args.lang}_{width}.png"
        if width < 500:
            wrapper = OUT / f"frame_{args.lang}_{width}.html"
            wrapper.write_text(
                "<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
                "<body style='margin:0'>"
                f"<iframe src='{target}' title='page' style='display:block;border:0;"
                f"width:{width}px;height:{height}px'></iframe></body></html>",
                encoding="utf-8",
            )
            shoot(wrapper.as_uri(), png, width, height)
        else:
            shoot(target, png, width, height)


if __name__ == "__main__":
    main()

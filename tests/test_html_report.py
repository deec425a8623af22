"""Issue 25, "What a newcomer meets": the HTML report reads well at 360 px.

The structure is checked on the markup (every table scrolls inside its own box, long
names may wrap, the style sheet is a package file); where Chromium is installed, the page
is also laid out at 360 and 1400 px and must not be wider than the window.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from importlib.resources import files
from pathlib import Path

import polars as pl
import pytest

import po_codes as po
from po_codes._i18n import Lang
from po_codes._report import located

LONG_ID = "OPPDRAG-2016-" + "0123456789" * 4
LONG_PATH = "exports/2016/agder/oppdrag_eksport_fra_po_2016_fullstendig_med_alle_felt.csv"


def long_report(lang: Lang = "en") -> po.ValidationReport[pl.DataFrame]:
    frame = pl.DataFrame(
        {
            "task_id": [LONG_ID, "T2", "T3", "T4"],
            "closure_code": [
                "Ukjent kode med et veldig langt navn som ikke finnes i listen i det hele tatt",
                "Utført",
                "Ikke kapasitet",
                "Ordnet på stedet",
            ],
            "district": ["Agder", "Oslo", "Trondelagg", "Vest"],
            "priority": ["1", "2", "3", "x"],
        }
    )
    report = po.validate(frame, lang=lang)
    located(report, LONG_PATH, pl.Series([2, 3, 4, 5]))
    return report


def css() -> str:
    return files("po_codes._formats").joinpath("report.css").read_text(encoding="utf-8")


def test_the_style_sheet_is_a_package_file_inlined_in_the_page() -> None:
    page = long_report().to_html()
    assert css().strip() in page
    assert "<link" not in page
    assert "http://" not in page
    assert "https://" not in page
    assert "</style" not in css().lower()


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_table_scrolls_inside_its_own_box(lang: Lang) -> None:
    page = long_report(lang).to_html()
    tables = page.count("<table")
    assert tables >= 2
    assert page.count("<div class='scroll'><table") == tables
    assert re.search(r"\.po-report \.scroll\{[^}]*overflow-x:auto", css())
    assert "<meta name='viewport' content='width=device-width,initial-scale=1'>" in page


def test_long_names_and_messages_may_wrap() -> None:
    style = css()
    # Headings (a long file name) and task ids wrap anywhere rather than overflow.
    assert re.search(
        r"\.po-report h1,\.po-report h2,\.po-report h3\{[^}]*overflow-wrap:anywhere", style
    )
    assert re.search(r"\.po-report td\.id\{[^}]*overflow-wrap:anywhere", style)
    assert not re.search(r"\.po-report td\.id\{[^}]*nowrap", style)
    page = long_report().to_html()
    # A skipped rule's "needs ..." is words that wrap, not a number that never does.
    assert "<td class='needs'>needs closed_at, created_at</td>" in page
    assert "<td class='num'>needs" not in page


def _layout_width(page: str, width: int) -> tuple[int, int]:
    """The laid-out and the available width of ``page`` in a ``width`` px frame.

    Headless Chromium has a minimum window width (500 px), so the page is laid out in an
    ``<iframe>`` of exactly ``width`` px (its media queries see that width).
    """
    frame = (
        f"<!doctype html><html><body style='margin:0'><iframe id='f' width='{width}' "
        f"height='2000' style='border:0' srcdoc=\"{html.escape(page, quote=True)}\"></iframe>"
        "<script>f.addEventListener('load',()=>{const d=f.contentDocument.documentElement;"
        "document.title='W'+d.scrollWidth+'/'+d.clientWidth})</script></body></html>"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "frame.html"
        path.write_text(frame, encoding="utf-8")
        done = subprocess.run(  # noqa: S603  (a fixed command on our own file)
            [
                CHROMIUM or "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={folder}/profile",
                f"--window-size={width + 100},2000",
                "--dump-dom",
                path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    found = re.search(r"<title>W(\d+)/(\d+)</title>", done.stdout)
    assert found, done.stderr[-500:]
    return int(found.group(1)), int(found.group(2))


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs a headless Chromium")
@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("width", [360, 1400])
def test_the_page_is_never_wider_than_the_window(width: int, lang: Lang) -> None:
    laid_out, available = _layout_width(long_report(lang).to_html(), width)
    assert available > width - 30  # the frame was as wide as asked (less a scroll bar)
    assert laid_out <= available

"""The district page: structure, embedded data, wording, escaping, size, and a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime
from html import unescape
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import po_codes as po
from po_codes._errors import InvalidArgumentError
from po_codes._publish import district_page
from po_codes._publish._render import script_json

VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
URL_ATTRIBUTES = frozenset({"src", "href", "action", "srcset", "poster", "data", "formaction"})
COMBINED = "Nordland og Troms"
CHROMIUM = Path("/usr/bin/chromium")


class Page(HTMLParser):
    """Collects what the tests look at; records unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}
        self.headings: list[str] = []
        self.text: list[str] = []
        self._script: str | None = None
        self._select: str | None = None
        self._label: str | None = None
        self._heading: list[str] | None = None
        self._option: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "script":
            self._script = attributes.get("id", f"inline-{len(self.scripts)}")
            self.scripts[self._script] = ""
        elif tag == "select":
            self._select = attributes.get("id", "")
            self.options[self._select] = []
        elif tag == "option":
            self._option = []
        elif tag == "label":
            self._label = attributes.get("for", "")
            self.labels[self._label] = ""
        elif tag in {"h1", "h2", "h3"}:
            self._heading = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "script":
            self._script = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None and self._select is not None:
            self.options[self._select].append("".join(self._option).strip())
            self._option = None
        elif tag == "label":
            self._label = None
        elif tag in {"h1", "h2", "h3"} and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts[self._script] += data
            return
        self.text.append(data)
        if self._option is not None:
            self._option.append(data)
        if self._label is not None:
            self.labels[self._label] += data
        if self._heading is not None:
            self._heading.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def embedded(page: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(parse(page).scripts["po-data"])
    return data


def as_frame(table: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(
        table["rows"], schema=table["columns"], orient="row", infer_schema_length=None
    )


def same(left: pl.DataFrame, right: pl.DataFrame) -> None:
    """Equal values; JSON does not keep integer widths."""
    assert_frame_equal(left, right, check_dtypes=False)


def expected_figures(
    frame: pl.DataFrame, by: tuple[str, ...], split: str, weight: str | None = None
) -> pl.DataFrame:
    units = po.harmonize_districts(frame, split=split)
    out = po.figures(units, by=by, weight=weight)
    return out.with_columns(pl.col("closure_code").cast(pl.String))


@pytest.fixture(scope="module")
def tasks() -> pl.DataFrame:
    """Ten years (2007-2016): old districts, Midtre Hålogaland among them."""
    return po.synthetic_tasks(20_000, seed=7)


@pytest.fixture(scope="module")
def recent() -> pl.DataFrame:
    """2016-2019 only: the 12 districts of 2016, no Midtre Hålogaland."""
    return po.synthetic_tasks(12_000, seed=11, years=range(2016, 2020))


@pytest.fixture(scope="module")
def page(tasks: pl.DataFrame) -> str:
    return district_page(tasks, source="eksport.csv", generated=datetime(2024, 3, 1, 12, 30))


@pytest.fixture(scope="module")
def page_en(tasks: pl.DataFrame) -> str:
    return district_page(tasks, lang="en", source="export.csv")


# -- structure -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["page", "page_en"])
def test_tags_are_balanced(which: str, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue(which)
    assert html.startswith("<!DOCTYPE html>")
    parsed = parse(html)
    assert parsed.errors == []
    assert parsed.stack == []
    assert [t for t, _ in parsed.tags].count("html") == 1


def test_district_picker_lists_the_districts_and_the_country(page: str) -> None:
    parsed = parse(page)
    assert "po-district" in parsed.labels
    assert parsed.labels["po-district"].strip() == "Politidistrikt"
    assert parsed.labels["po-year"].strip() == "År"
    expected = [d.name for d in po.districts(2016)]
    expected[expected.index("Nordland")] = COMBINED
    expected.remove("Troms")
    assert parsed.options["po-district"] == ["Hele landet", *expected]
    assert parsed.options["po-year"] == [str(y) for y in range(2016, 2006, -1)]
    assert "Midtre Hålogaland ble delt mellom Nordland og Troms" in page


def test_twelve_separate_districts_without_midtre_halogaland(recent: pl.DataFrame) -> None:
    html = district_page(recent)
    parsed = parse(html)
    assert parsed.options["po-district"] == ["Hele landet", *(d.name for d in po.districts(2016))]
    assert COMBINED not in parsed.options["po-district"]
    assert "Dataene inneholder ikke Midtre Hålogaland" in html
    data = embedded(html)
    assert data["combined"] is False
    figures = as_frame(data["figures"])
    same(figures, expected_figures(recent, ("district", "year"), "error"))


def test_every_district_and_code_is_named(page: str, page_en: str) -> None:
    text = " ".join(parse(page).text)
    for name in [d.name for d in po.districts(2016) if d.name not in {"Nordland", "Troms"}]:
        assert name in text
    for code in po.ClosureCode:
        assert code.value in text
        assert code.description in text
    text_en = " ".join(parse(page_en).text)
    for code in po.ClosureCode:
        assert code.value in text_en
        assert code.label_en in text_en
        assert code.description in text_en


def test_nothing_is_loaded_from_outside(page: str, page_en: str) -> None:
    for html in (page, page_en):
        parsed = parse(html)
        lowered = html.lower()
        assert "http://" not in lowered
        assert "https://" not in lowered
        assert "url(" not in lowered
        assert "@import" not in lowered
        for tag, attributes in parsed.tags:
            assert tag not in {"link", "img", "iframe", "object", "embed", "base"}
            for name, value in attributes.items():
                if name in URL_ATTRIBUTES:
                    assert not value.startswith("//"), (tag, name, value)
                    assert ":" not in value, (tag, name, value)
            if tag == "script":
                assert "src" not in attributes
        csp = [
            a
            for t, a in parsed.tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert csp
        assert "default-src 'none'" in csp[0]["content"]


def test_only_aggregates_are_embedded(page: str, tasks: pl.DataFrame) -> None:
    scripts = parse(page).scripts
    assert set(scripts) == {"po-data", "po-text", "inline-2"}
    data = embedded(page)
    assert len(data["figures"]["rows"]) == 11 * 10 * 14
    ids = tasks["task_id"].head(50).to_list()
    assert not any(task_id in page for task_id in ids)


# -- embedded data -------------------------------------------------------------------------


def test_embedded_figures_equal_po_figures(page: str, tasks: pl.DataFrame) -> None:
    data = embedded(page)
    assert data["combined"] is True
    assert data["code"] == "Ikke kapasitet"
    assert data["years"] == list(range(2007, 2017))
    same(as_frame(data["figures"]), expected_figures(tasks, ("district", "year"), "combine"))
    same(as_frame(data["national_figures"]), expected_figures(tasks, ("year",), "combine"))
    units = po.harmonize_districts(tasks, split="combine")
    funnel = as_frame(data["funnel"])
    for level, suffix in ((0.95, ""), (0.998, "_outer")):
        expected = po.compare(units, code="Ikke kapasitet", by=("district", "year"), level=level)
        got = funnel.select(
            "district",
            "year",
            "n",
            "total",
            "share",
            pl.col(f"limit_low{suffix}").alias("limit_low"),
            pl.col(f"limit_high{suffix}").alias("limit_high"),
            pl.col(f"flag{suffix}").alias("flag"),
        )
        columns = ["district", "year", "n", "total", "share", "limit_low", "limit_high", "flag"]
        same(got, expected.select(columns).sort("district", "year"))


def test_counted_table_gives_the_same_figures(tasks: pl.DataFrame, page: str) -> None:
    counted = (
        po.figures(tasks, by=("district", "year"))
        .filter(pl.col("n") > 0)
        .select("district", "year", "closure_code", "n")
    )
    from_counts = embedded(district_page(counted))
    from_tasks = embedded(page)
    for key in ("figures", "national_figures", "funnel", "curves", "units", "years"):
        assert from_counts[key] == from_tasks[key], key


def test_raw_headers_lazy_frames_and_arrow(tasks: pl.DataFrame, page: str) -> None:
    raw = tasks.select(
        pl.col("district").alias("Distrikt"),
        pl.col("created_at").alias("Opprettet"),
        pl.col("closure_code").cast(pl.String).alias("Avslutningskode"),
    )
    expected = embedded(page)["figures"]
    assert embedded(district_page(raw))["figures"] == expected
    assert embedded(district_page(raw.lazy()))["figures"] == expected
    pytest.importorskip("pyarrow")
    assert embedded(district_page(raw.to_arrow()))["figures"] == expected


def test_counted_table_with_antall_header(recent: pl.DataFrame) -> None:
    counted = po.figures(recent, by=("district", "year")).select(
        pl.col("district").alias("Politidistrikt"),
        pl.col("year").alias("År"),
        pl.col("closure_code").cast(pl.String).alias("Avslutningskode"),
        pl.col("n").alias("Antall"),
    )
    data = embedded(district_page(counted))
    same(as_frame(data["figures"]), expected_figures(recent, ("district", "year"), "error"))


def test_other_code_is_followed(tasks: pl.DataFrame) -> None:
    html = district_page(tasks, code="ingen operative tiltak")
    data = embedded(html)
    assert data["code"] == "Ingen operative tiltak"
    assert data["code_index"] == list(po.ClosureCode).index(po.ClosureCode.INGEN_OPERATIVE_TILTAK)
    assert "Andel «Ingen operative tiltak» per år" in parse(html).headings


# -- wording -------------------------------------------------------------------------------


def test_norwegian_page(page: str) -> None:
    parsed = parse(page)
    assert '<html lang="nb">' in page
    assert parsed.headings[0] == "PO-tall per politidistrikt"
    assert "Hva kodene betyr" in parsed.headings
    assert "Om tallene" in parsed.headings
    assert {"Med ressurs", "Uten ressurs"} <= set(parsed.headings)
    text = " ".join(parsed.text)
    assert "2007–2016" in text
    assert "eksport.csv" in text
    assert "2024-03-01 12:30" in text
    assert "«Over» betyr" in text


def test_english_page(page_en: str) -> None:
    parsed = parse(page_en)
    assert '<html lang="en">' in page_en
    assert parsed.headings[0] == "PO figures by police district"
    assert "What the codes mean" in parsed.headings
    assert "About the figures" in parsed.headings
    assert "Share of “No capacity” by year" in parsed.headings
    assert {"With a resource", "Without a resource"} <= set(parsed.headings)
    assert parsed.options["po-district"][0] == "Whole country"
    assert parsed.labels["po-district"].strip() == "Police district"
    text = " ".join(parsed.text)
    assert "“Above” means" in text
    assert "Nordland and Troms are shown as one unit" in text
    assert "Hele landet" not in text
    texts = json.loads(parsed.scripts["po-text"])
    assert texts["national"] == "Whole country"
    assert texts["col_nat"] == "National share"


def test_title_and_values_are_escaped(recent: pl.DataFrame) -> None:
    evil = "</script><script>alert(1)</script>"
    odd = recent.with_columns(
        pl.when(pl.col("district") == "Oslo")
        .then(pl.lit(evil))
        .otherwise(pl.col("district"))
        .alias("district")
    )
    html = district_page(odd, title="<b>PO & co</b>", source="a<b>&.csv", keep_invalid=True)
    parsed = parse(html)
    assert parsed.errors == []
    assert "<b>" not in html
    assert "&lt;b&gt;PO &amp; co&lt;/b&gt;" in html
    assert "a&lt;b&gt;&amp;.csv" in html
    assert evil in parsed.options["po-district"]
    assert html.count("<script") == 3
    assert evil in embedded(html)["units"]


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "", "no", "NB", "nn"])
def test_bad_lang_raises(recent: pl.DataFrame, lang: str) -> None:
    with pytest.raises(InvalidArgumentError, match="lang"):
        district_page(recent, lang=lang)


def test_bad_input_raises(recent: pl.DataFrame) -> None:
    with pytest.raises(po.UnknownCodeError):
        district_page(recent, code="Kaffepause")
    with pytest.raises(TypeError):
        district_page([{"district": "Oslo"}])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        district_page("tasks.csv")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        district_page(recent, title=3)  # type: ignore[arg-type]
    with pytest.raises(po.SchemaError):
        district_page(recent.drop("closure_code"))
    with pytest.raises(po.SchemaError):
        district_page(recent.drop("district"))
    with pytest.raises(po.SchemaError):
        district_page(recent.drop("year", "created_at"))
    with pytest.raises(InvalidArgumentError):
        district_page(recent.head(0))


# -- size ----------------------------------------------------------------------------------


def test_page_size_is_reasonable() -> None:
    html = district_page(po.synthetic_tasks(300_000, seed=1))
    size = len(html.encode("utf-8"))
    assert size < 400_000, size


# -- a real browser ------------------------------------------------------------------------


def dump_dom(path: Path, suffix: str, profile: Path) -> str:
    result = subprocess.run(  # noqa: S603
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--dump-dom",
            path.as_uri() + suffix,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def table_text(dom: str) -> tuple[str, str]:
    """The rendered caption and code table body of a dumped DOM."""
    caption = re.search(r'<caption id="po-caption">(.*?)</caption>', dom, re.DOTALL)
    body = re.search(r'<tbody id="po-tbody">(.*?)</tbody>', dom, re.DOTALL)
    assert caption is not None
    assert body is not None
    return unescape(caption.group(1)), unescape(body.group(1))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_browser_selects_district_from_address(page: str, page_en: str, tmp_path: Path) -> None:
    if shutil.which(str(CHROMIUM)) is None:
        pytest.skip("chromium is not executable")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    default = dump_dom(path, "", tmp_path / "profile")
    vest = dump_dom(path, "?district=Vest", tmp_path / "profile")
    hashed = dump_dom(path, "#district=s%C3%B8r-%C3%B8st&year=2010", tmp_path / "profile")

    default_caption, default_body = table_text(default)
    vest_caption, vest_body = table_text(vest)
    assert default_caption.startswith("Hele landet, 2016")
    assert vest_caption.startswith("Vest, 2016")
    assert vest_body != default_body
    assert hashed.count("<tr") > 10
    assert table_text(hashed)[0].startswith("Sør-Øst, 2010")
    # 14 code rows, 2 group headers, 2 subtotals; Norwegian number formats
    assert vest_body.count("<tr") == 18
    assert re.search(r"\d\u00a0\d{3} ", default_caption)
    assert re.search(r"\d,\d\u00a0%</td>", vest_body)
    for element in ("<svg", "<circle", "<path"):
        assert element in vest

    path_en = tmp_path / "page_en.html"
    path_en.write_text(page_en, encoding="utf-8")
    caption_en, body_en = table_text(dump_dom(path_en, "#district=vest", tmp_path / "profile"))
    default_en = table_text(dump_dom(path_en, "", tmp_path / "profile"))[0]
    assert caption_en.startswith("Vest, 2016")
    assert re.search(r"\d\.\d\u00a0%</td>", body_en)
    assert re.search(r"\d,\d{3} ", default_en)
    assert "With a resource" in body_en


# -- the page is package files -------------------------------------------------------------


def test_template_css_and_js_are_package_files(recent: pl.DataFrame) -> None:
    folder = files("po_codes._publish")
    html = district_page(recent)
    for name in ("page.css", "page.js"):
        content = folder.joinpath(name).read_text(encoding="utf-8")
        assert len(content) > 1000
        assert content in html
    template = folder.joinpath("page.html").read_text(encoding="utf-8")
    assert "{{raw:js}}" in template
    assert "{{" not in html


def test_js_has_no_second_funnel_formula_or_folding() -> None:
    js = files("po_codes._publish").joinpath("page.js").read_text(encoding="utf-8")
    assert "Math.sqrt" not in js
    assert "normalize(" not in js
    assert "politidistrikt" not in js


def test_embedded_json_cannot_end_its_script() -> None:
    text = script_json({"a": "</script><!-- & -->"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & -->"}

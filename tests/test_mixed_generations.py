"""compare, indicators and plots.capacity_trend warn when districts of 2002 and 2016 mix."""

from __future__ import annotations

import warnings

import polars as pl
import pytest

import po_codes as po

MIXED = pl.DataFrame(
    {
        "district": ["Follo", "Romerike", "Øst", "Oslo", "Vest", "Agder"] * 2,
        "year": [2015, 2015, 2016, 2016, 2016, 2015] * 2,
        "kode": ["Utført"] * 6 + ["Ikke kapasitet"] * 6,
    }
)


@pytest.mark.parametrize(
    "function",
    [
        lambda frame: po.compare(frame, code="Ikke kapasitet", by=("district", "year")),
        po.indicators,
    ],
    ids=["compare", "indicators"],
)
def test_warns_naming_the_districts_and_the_fix(function: object) -> None:
    with pytest.warns(UserWarning, match="harmonize_districts") as caught:
        function(MIXED)  # type: ignore[operator]
    message = str(caught[0].message)
    assert "Follo, Romerike" in message  # only of 2002
    assert "Øst" in message  # only of 2016
    assert "Oslo" not in message  # a name of both generations is neither
    assert "Agder" not in message
    assert caught[0].filename == __file__  # points at the caller's line


def test_harmonised_or_single_generation_frames_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        po.compare(po.harmonize_districts(MIXED), code="Ikke kapasitet")
        po.indicators(po.harmonize_districts(MIXED))
        po.indicators(MIXED.filter(pl.col("year") == 2015))
        # no district column in the result: the national figures do not mix units
        po.indicators(MIXED, by="year")
        po.compare(MIXED, code="Utført", by=("year",))
        # unknown names are neither generation
        po.indicators(MIXED.with_columns(pl.lit("Bergen").alias("district")))


def test_capacity_trend_uses_the_same_check() -> None:
    pytest.importorskip("altair")
    from po_codes import plots  # noqa: PLC0415

    with pytest.warns(UserWarning, match="Follo, Romerike") as caught:
        indicators = po.indicators(MIXED)
    with pytest.warns(UserWarning, match="Follo, Romerike") as drawn:
        plots.capacity_trend(indicators)
    assert str(drawn[0].message) == str(caught[0].message)

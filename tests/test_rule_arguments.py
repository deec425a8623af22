"""A user rule with a bad severity or message template is a clear po_codes error."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po


def _rule(**changes: object) -> po.Rule:
    arguments: dict[str, object] = {
        "id": "MY001",
        "title": "Code missing",
        "severity": "error",
        "columns": ("closure_code",),
        "check": lambda _ctx: pl.col("closure_code").is_null(),
        "message": "code missing on {task_id}",
    }
    arguments.update(changes)
    return po.Rule(**arguments)  # type: ignore[arg-type]


def _messages(rule: po.Rule) -> list[str]:
    frame = pl.DataFrame(
        {"task_id": ["A-1"], "closure_code": [None]}, schema_overrides={"closure_code": pl.String}
    )
    report = po.validate(frame, rules=[rule], select=[rule.id])
    return report.failures["message"].to_list()


def test_an_unknown_severity_names_the_choices() -> None:
    with pytest.raises(po.InvalidArgumentError, match=r"'error', 'warning', 'info'.*'fatal'"):
        _rule(severity="fatal")


@pytest.mark.parametrize(
    "template", ["{", "}", "oops {", "{0}", "{task_id!r}", "{task_id:>9}", "{a.b}"]
)
def test_a_template_that_cannot_be_filled_is_refused(template: str) -> None:
    with pytest.raises(po.InvalidArgumentError, match="message template"):
        _rule(message=template)
    with pytest.raises(po.InvalidArgumentError, match="message template"):
        _rule(message={"en": "fine {task_id}", "nb": template})


def test_literal_braces_and_unknown_fields_render() -> None:
    # Before: a raw polars ShapeError / InvalidOperationError at validation time.
    assert _messages(_rule(message="{{}} {task_id}")) == ["{} A-1"]
    assert _messages(_rule(message="{{ x }} in {task_id}")) == ["{ x } in A-1"]
    assert _messages(_rule(message="{not_a_column} on {task_id}")) == ["- on A-1"]


@given(st.text(max_size=30))
def test_any_template_is_a_rule_or_a_po_codes_error(template: str) -> None:
    try:
        rule = _rule(message=template)
    except po.InvalidArgumentError:
        return
    (message,) = _messages(rule)
    assert isinstance(message, str)

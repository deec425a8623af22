"""Canonical task columns, their polars dtypes and the Norwegian headers accepted for them."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Final

import attrs

from po_codes._errors import SchemaError
from po_codes._text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["COLUMNS", "Column", "resolve_columns"]


@attrs.frozen
class Column:
    """A canonical column of a PO task table.

    Attributes
    ----------
    name
        Canonical column name, e.g. ``"closure_code"``.
    dtype
        The polars dtype after :func:`po_codes.normalize`, as text.
    aliases
        Header spellings accepted for it, matched case-insensitively with spaces,
        hyphens and underscores treated alike and æ/ø/å folded.
    description
        What the column holds.
    """

    name: str
    dtype: str
    aliases: tuple[str, ...]
    description: str


COLUMNS: Final[tuple[Column, ...]] = (
    Column(
        "task_id",
        "String",
        (
            "oppdragsnr",
            "oppdragsnummer",
            "oppdrag_id",
            "hendelsesnr",
            "oppdrag",
            "task",
            "task id",
            "task no",
            "task number",
        ),
        "Identifier of the task (oppdrag); unique in a log.",
    ),
    Column(
        "district",
        "String",
        ("distrikt", "politidistrikt", "pd", "police district"),
        "Police district name.",
    ),
    Column(
        "created_at",
        "Datetime",
        (
            "opprettet",
            "opprettet_tid",
            "starttid",
            "opprettet tidspunkt",
            "created",
            "opened",
            "start time",
        ),
        "When the task was created.",
    ),
    Column(
        "closed_at",
        "Datetime",
        ("avsluttet", "avsluttet_tid", "sluttid", "avsluttet tidspunkt", "closed", "end time"),
        "When the task was closed; null for an open task.",
    ),
    Column("priority", "Enum(1..5, INGEN)", ("prioritet", "prio"), "Task priority."),
    Column(
        "incident_type",
        "String",
        ("forholdets art", "hendelsestype", "art", "forholdets_art", "incident type", "incident"),
        "Nature of the incident (forholdets art).",
    ),
    Column(
        "resource_assigned",
        "Boolean",
        ("ressurs", "ressurs_tildelt", "ressurs satt", "ressurs_satt", "enhet", "resource", "unit"),
        "Whether a resource (patrol) was set on the task.",
    ),
    Column(
        "resource_redeployed",
        "Boolean",
        ("omdisponert", "ressurs_omdisponert", "redeployed"),
        "Whether the assigned resource was redeployed to another task.",
    ),
    Column(
        "arrived_at",
        "Datetime",
        ("ankomst", "fremme", "ankomsttid", "fremme_tid", "arrived", "arrival", "arrival time"),
        "When the first resource arrived on scene.",
    ),
    Column(
        "closure_code",
        "Enum of the 14 labels",
        (
            "avslutningskode",
            "avslutning",
            "kode",
            "sluttkode",
            "avslutningsarsak",
            "closure code",
            "code",
        ),
        "The closure code (avslutningskode).",
    ),
    Column(
        "case_number",
        "String",
        ("saksnummer", "saksnr", "bl_saksnr", "bl saksnummer", "case number", "case no"),
        "Case number in the case system (BL), if a case was created.",
    ),
    Column(
        "handled_by",
        "String",
        ("overtatt_av", "håndtert_av", "handled by", "taken over by"),
        "Who took over the task (for 'Overtatt').",
    ),
    Column("year", "Int32", ("år", "aar", "arstall"), "Year; derived from created_at when absent."),
    Column(
        "n",
        "Int64",
        ("antall", "count", "antall oppdrag", "tasks"),
        "Count, in already-counted tables.",
    ),
)
"""The canonical columns, in canonical order."""

CANONICAL: Final = frozenset(c.name for c in COLUMNS)


@cache
def _alias_keys() -> dict[str, str]:
    """Map the folded key of every accepted header to its canonical column."""
    table: dict[str, str] = {}
    for column in COLUMNS:
        for spelling in (column.name, *column.aliases):
            table.setdefault(fold(spelling), column.name)
    return table


def resolve_columns(
    names: Iterable[str], columns: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Map input column names to canonical names.

    Explicit ``columns`` entries win; then a column already named canonically;
    then header aliases in input order. A canonical name is claimed once; later
    columns that would claim it again are left alone (and kept).

    Raises
    ------
    SchemaError
        If ``columns`` names an input column that is absent or a target that is not
        a canonical column.
    """
    names = list(names)
    mapping: dict[str, str] = {}
    claimed: set[str] = set()
    if columns is not None:
        if not hasattr(columns, "items"):
            raise SchemaError(
                f"columns must be a mapping such as {{'my_col': 'closure_code'}}, "
                f"got {type(columns).__name__}"
            )
        for source, target in columns.items():
            if target not in CANONICAL:
                raise SchemaError(
                    f"columns maps {source!r} to {target!r}, which is not a canonical column; "
                    f"canonical columns are: {', '.join(c.name for c in COLUMNS)}",
                    column=source,
                    value=target,
                )
            if source not in names:
                raise SchemaError(
                    f"columns names {source!r}, but the input has no such column; "
                    f"it has: {', '.join(map(repr, names)) or 'no columns'}",
                    column=source,
                )
            mapping[source] = target
            claimed.add(target)
    for name in names:
        if name in CANONICAL and name not in mapping and name not in claimed:
            mapping[name] = name
            claimed.add(name)
    keys = _alias_keys()
    for name in names:
        if name in mapping:
            continue
        # A byte-order mark kept by another reader on the first header is not a letter.
        found = keys.get(fold(name.lstrip("\ufeff")))
        if found is not None and found not in claimed:
            mapping[name] = found
            claimed.add(found)
    return mapping

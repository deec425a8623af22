"""The output formats of a validation report, behind one registry.

Each format is one module ``to_<name>.py`` beside this one with a function
``render(reports, errors=(), *, lang, **options) -> str`` over
:class:`~po_codes._formats._model.ReportData` (one per file) and
:class:`~po_codes._formats._model.FileError` (files that could not be read). The
library (``report.to_text()``, ``to_markdown()``...) and the command line both render
through :func:`render`; adding a format is adding a module and a line to
:data:`FORMATS`. Modules are imported when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

import attrs

from po_codes._formats._model import FileError, ReportData, RuleLine

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._i18n import Lang

__all__ = ["FORMATS", "FileError", "Format", "ReportData", "RuleLine", "render"]


@attrs.frozen
class Format:
    """An output format: its name, and how many failures it lists per rule by default.

    ``listed`` is None for formats that list every failure the report kept (JSON).
    """

    name: str
    listed: int | None

    def render(
        self,
        reports: Sequence[ReportData],
        errors: Sequence[FileError] = (),
        *,
        lang: Lang = "en",
        **options: Any,
    ) -> str:
        """The format's text for ``reports`` (and ``errors``), without a final newline."""
        module = import_module(f"po_codes._formats.to_{self.name}")
        result: str = module.render(reports, errors, lang=lang, **options)
        return result


FORMATS: Final[dict[str, Format]] = {
    f.name: f
    for f in (
        Format("text", 10),
        Format("json", None),
        Format("github", 10),
        Format("markdown", 10),
        Format("html", 50),
        Format("junit", 20),
    )
}
"""Every output format by name, in the order the command line offers them."""


def render(
    name: str,
    reports: Sequence[ReportData],
    errors: Sequence[FileError] = (),
    *,
    lang: Lang = "en",
    **options: Any,
) -> str:
    """Render ``reports`` in the format ``name`` (a key of :data:`FORMATS`)."""
    return FORMATS[name].render(reports, errors, lang=lang, **options)

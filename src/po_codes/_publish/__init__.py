"""The district page: one self-contained HTML page of PO figures per police district.

``page.html``, ``page.css`` and ``page.js`` beside this module are the page; Python
builds the data (:mod:`._data`), leaves out what fails error rules (:mod:`._left_out`)
and fills the template (:mod:`._render`).
"""

from __future__ import annotations

from po_codes._publish._left_out import LeftOut, drop_invalid, left_out_line
from po_codes._publish._page import build_page, district_page

__all__ = ["LeftOut", "build_page", "district_page", "drop_invalid", "left_out_line"]

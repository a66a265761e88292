"""Exchange formats for translators' tools: PO today (XLIFF and TMX to come).

Pure functions over plain data classes; nothing here touches the store.
"""

from __future__ import annotations

from translate_app.catalog.po import ParsedUnit, Unit, check_placeholders, read_po, write_po

__all__ = ["ParsedUnit", "Unit", "check_placeholders", "read_po", "write_po"]

"""Translators' files: the formats, and their import into and export from the store.

Each format has a pure module (plain data classes; nothing touches the store) and
an exchange module, the service that reads and writes the store:

- PO: ``po`` (with ``po_lexer``, ``po_syntax``, ``po_rules``, ``po_writer``) and ``po_exchange``;
- XLIFF 1.2: ``xliff`` and ``xliff_exchange``;
- TMX 1.4 (the translation memory): ``tmx`` and ``tmx_exchange``;
- TBX and CSV (the glossary): ``tbx``, ``glossary_csv`` and ``glossary_exchange``.
"""

from __future__ import annotations

from translate_app.catalog.po import ParsedUnit, Unit, check_placeholders, read_po, write_po

__all__ = ["ParsedUnit", "Unit", "check_placeholders", "read_po", "write_po"]

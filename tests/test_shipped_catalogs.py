"""The catalogs shipped in locales/: valid, complete, and honest about being machine drafts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib

from translate_app.catalog.po import check_placeholders, read_po
from translate_app.segment import load_document

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "source" / "crossing-thresholds.md"
UK = ROOT / "locales" / "uk" / "LC_MESSAGES" / "crossing-thresholds.po"


def test_ukrainian_draft_is_valid_complete_and_marked_as_a_draft() -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(UK)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    units = read_po(UK.read_bytes(), path=str(UK), language="uk")
    sources = {s.key: s.source for s in load_document(REPORT).segments}
    assert {u.key for u in units} == set(sources)
    assert check_placeholders(units, sources, str(UK)) == []
    assert all(u.target and u.fuzzy for u in units)
    po = polib.pofile(str(UK))
    assert po.metadata["X-Translate-App-Origin"] == "mt:llm-draft"


def test_ukrainian_draft_follows_ukrainian_typography() -> None:
    units = read_po(UK.read_bytes(), path=str(UK), language="uk")
    for unit in units:
        assert '"' not in unit.target and "”" not in unit.target, unit.key  # «…», nested „…“
        assert unit.target.count("„") == unit.target.count("“"), unit.key
        assert "'" not in unit.target and "’" not in unit.target, unit.key  # apostrophe ʼ
        assert " —" not in unit.target, unit.key  # non-breaking space before a dash
    repeated: dict[str, set[str]] = {}
    for unit in units:
        repeated.setdefault(unit.source, set()).add(unit.target)
    assert all(len(targets) == 1 for targets in repeated.values())


def test_ukrainian_draft_passes_every_error_level_check() -> None:
    from translate_app.checks import run_checks

    units = read_po(UK.read_bytes(), path=str(UK), language="uk")
    failures = {
        unit.key: [f.message for f in run_checks(unit.source, unit.target, lang="uk")
                   if f.severity == "error"]
        for unit in units
    }  # fmt: skip
    assert {key: found for key, found in failures.items() if found} == {}


def test_the_shipped_glossary_writes_names_as_the_shipped_draft_does() -> None:
    """``make run`` imports locales/<lang>/glossary.csv: the author's name on the cover of an
    edition comes from it, so each term must be written as the draft writes it."""
    from translate_app.catalog.glossary_csv import read_csv

    path = ROOT / "locales" / "uk" / "glossary.csv"
    records = read_csv(path.read_bytes(), path=str(path))
    assert records
    units = read_po(UK.read_bytes(), path=str(UK), language="uk")
    front = load_document(REPORT).text.split("---", 2)[1]
    assert "author: Jade McGlynn" in front  # the name the cover would otherwise print
    for record in records:
        assert record.language == "uk"
        using = [u for u in units if record.source_term in u.source]
        assert using, record.source_term  # the term occurs in the report…
        assert all(record.target_term in u.target for u in using), record.source_term  # …written so

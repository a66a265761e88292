"""The translate-app command end to end: init, ingest, status, export, import, build, users."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tests.test_segment import REPORT, element_tree
from translate_app.cli import main
from translate_app.segment import load_document
from translate_app.store.models import Translation
from translate_app.store.states import State

SLUG = "crossing-thresholds"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Run:
    """Run ``translate-app ARGS`` in a working folder of its own, on the test's database."""
    monkeypatch.setenv(
        "TRANSLATE_APP_DATABASE_URL", engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("TRANSLATE_APP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source").mkdir()
    shutil.copy(REPORT, tmp_path / "source" / REPORT.name)

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            import io

            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def ingested(run: Run) -> Run:
    assert run("init")[0] == 0
    code, out, _ = run("ingest", "source/")
    assert code == 0 and "412 new" in out
    return run


def without_note(built: str) -> str:
    """A built Markdown edition without its closing note (which must be there, once)."""
    text, found, note = built.rpartition('\n\n<p class="edition-note" lang="')
    assert found and note.count("\n") == 1 and note.endswith("</p>\n"), built[-300:]
    return text + "\n"


def status(run: Run, lang: str = "uk") -> dict[str, int]:
    code, out, _ = run("status", SLUG, "--json")
    assert code == 0
    (doc,) = json.loads(out)
    entry = next(e for e in doc["languages"] if e["language"] == lang)
    return dict(entry["segments"].items())


def msgfmt_ok(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def pseudo_translate(path: Path, *, only: int | None = None) -> None:
    po = polib.pofile(str(path))
    for i, entry in enumerate(po):
        if only is None or i < only:
            entry.msgstr = f"‹{entry.msgid}›"
    po.save()


def test_status_counts_every_language(ingested: Run) -> None:
    counts = status(ingested)
    assert counts == {"empty": 412, "draft": 0, "translated": 0, "approved": 0}
    code, out, _ = ingested("status")
    assert code == 0 and "uk" in out and "412" in out


def test_export_is_msgfmt_valid_and_has_the_contract(ingested: Run, tmp_path: Path) -> None:
    code, _out, _ = ingested("export", SLUG, "--lang", "uk")
    assert code == 0
    po_path = tmp_path / "locales" / "uk" / "LC_MESSAGES" / f"{SLUG}.po"
    msgfmt_ok(po_path)
    po = polib.pofile(str(po_path))
    assert po.metadata["Language"] == "uk"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert len(po) == 412
    first = po[0]
    assert first.msgctxt and first.occurrences == [(f"source/{REPORT.name}", "3")]
    assert "front matter: title" in first.comment
    label = next(e for e in po if e.msgid.startswith("<g1>Private Resistance:</g1>"))
    assert "<g1>…</g1>: strong (__)" in label.comment
    assert ingested("export", SLUG, "--format", "pot")[0] == 0
    msgfmt_ok(tmp_path / "locales" / f"{SLUG}.pot")


def _without_dates(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if "-Date: " not in line)


def test_ingest_with_export_writes_what_export_writes(run: Run, tmp_path: Path) -> None:
    assert run("init")[0] == 0
    code, out, _ = run("ingest", f"source/{REPORT.name}", "--export", "uk", "-o", "one.po")
    assert code == 0 and "412 new" in out and "wrote one.po" in out
    assert run("export", SLUG, "--lang", "uk", "-o", "two.po")[0] == 0
    one, two = (tmp_path / name for name in ("one.po", "two.po"))
    msgfmt_ok(one)
    assert _without_dates(one.read_text(encoding="utf-8")) == _without_dates(
        two.read_text(encoding="utf-8")
    )
    # a folder: one catalog per document, where export puts it; -o needs a single file
    code, out, _ = run("ingest", "source/", "--export", "uk")
    assert code == 0 and "412 kept" in out
    assert (tmp_path / "locales" / "uk" / "LC_MESSAGES" / f"{SLUG}.po").is_file()
    (tmp_path / "source" / "other.md").write_text("Another document.\n", encoding="utf-8")
    code, _, err = run("ingest", "source/", "--export", "uk", "-o", "x.po")
    assert code == 1 and "single file" in err
    code, _, err = run("ingest", f"source/{REPORT.name}", "-o", "x.po")
    assert code == 1 and "--export" in err and not (tmp_path / "x.po").exists()


@pytest.mark.usefixtures("single_threaded")
def test_ingest_with_export_by_workers_after_translations(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Segmenting and the catalog in worker processes (thresholds lowered for the report),
    on a document that already has translations and drafts: what export writes."""
    import translate_app.segment as segmenting
    from translate_app.catalog import po_exchange

    monkeypatch.setattr(segmenting, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(po_exchange, "PARALLEL_MIN_UNITS", 1)
    source = f"source/{REPORT.name}"
    assert run("init")[0] == 0
    assert run("ingest", source, "--export", "uk", "-o", "first.po", "-j", "3")[0] == 0
    po = polib.pofile(str(tmp_path / "first.po"))
    for entry in po[::7]:
        entry.msgstr = f"[uk] {entry.msgid}"
    po[1].flags.append("fuzzy")
    po.save(str(tmp_path / "translated.po"))
    assert run("import", "translated.po", "--lang", "uk", "--document", SLUG)[0] == 0
    edited = (tmp_path / source).read_text(encoding="utf-8").replace(" the ", " THE ", 40)
    (tmp_path / source).write_text(edited, encoding="utf-8")
    code, out, _ = run("ingest", source, "--export", "uk", "-o", "again.po", "-j", "3")
    assert code == 0 and "outdated" in out
    assert run("export", SLUG, "--lang", "uk", "-o", "read.po")[0] == 0
    again = (tmp_path / "again.po").read_text(encoding="utf-8")
    assert _without_dates(again) == _without_dates((tmp_path / "read.po").read_text("utf-8"))
    entries = polib.pofile(again)
    translated = [e for e in entries if e.msgstr.startswith("[uk] ")]
    assert len(translated) == len(po[::7])
    assert any(e.previous_msgid and e.fuzzy for e in translated)  # edited: a draft
    msgfmt_ok(tmp_path / "again.po")


def test_import_then_build_markdown(ingested: Run, tmp_path: Path, engine: Engine) -> None:
    po_path = tmp_path / "uk.po"
    assert ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))[0] == 0
    pseudo_translate(po_path)
    code, out, _ = ingested("import", str(po_path), "--lang", "uk", "--document", SLUG)
    repeats = sum(s.occurrence > 1 for s in load_document(REPORT).segments)
    assert repeats == 5  # the pull quotes repeat body sentences: filled by propagation
    assert code == 0 and f"{412 - repeats} updated, {repeats} unchanged" in out, out
    assert status(ingested)["translated"] == 412
    with Session(engine) as session:
        origins = set(session.scalars(select(Translation.origin)))
        assert origins == {"import:uk.po"}
        assert State.APPROVED not in set(session.scalars(select(Translation.state)))
    # approved only (the default): nothing is approved, the source comes back unchanged
    # except for the lines the edition adds to the front matter (lang, translation_key, colophon)
    # (below the default minimum coverage: refused unless a partial edition is asked for)
    assert ingested("build", SLUG, "--lang", "uk", "--out", "out")[0] == 1
    assert ingested("build", SLUG, "--lang", "uk", "--out", "out", "--partial")[0] == 0
    built = without_note((tmp_path / "out" / "uk" / f"{SLUG}.md").read_text(encoding="utf-8"))
    added = built.splitlines(keepends=True)[9:-250]  # after the source's front matter keys
    assert added[:3] == ["lang: uk\n", f"translation_key: {SLUG}\n", "translation:\n"]
    assert built.replace("".join(added), "") == REPORT.read_text(encoding="utf-8")
    code, out, _ = ingested("build", SLUG, "--lang", "uk", "--min-state", "translated")
    assert code == 0 and "412 of 412" in out
    noted = (tmp_path / "build" / "uk" / f"{SLUG}.md").read_text(encoding="utf-8")
    built = without_note(noted)
    # --no-edition-note: the same edition without the closing note (front matter unchanged)
    code, _, _ = ingested("build", SLUG, "--lang", "uk", "--min-state", "translated",
                          "--out", "plain", "--no-edition-note")  # fmt: skip
    assert code == 0
    assert (tmp_path / "plain" / "uk" / f"{SLUG}.md").read_text(encoding="utf-8") == built
    assert "title : ‹Crossing Thresholds›" in built
    assert element_tree(built) == element_tree(REPORT.read_text(encoding="utf-8"))
    code, out, err = ingested("build", SLUG, "--lang", "de", "--fallback", "fail")
    assert code == 1 and "412 of 412 segments are below approved" in err
    assert "--fallback fail: the build is refused (412 segments)" in out
    assert not (tmp_path / "build" / "de").exists()


def test_status_shows_the_publish_gate(ingested: Run, tmp_path: Path, engine: Engine) -> None:
    po_path = tmp_path / "uk.po"
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    labelled = next(i for i, e in enumerate(polib.pofile(str(po_path))) if "<g1>" in e.msgid)
    pseudo_translate(po_path, only=labelled + 1)
    assert ingested("import", str(po_path), "--lang", "uk", "--document", SLUG)[0] == 0
    from translate_app.store.models import Segment
    from translate_app.workflow.editing import get_translation, save

    with Session(engine) as session, session.begin():  # someone breaks a placeholder
        seg = session.scalars(select(Segment).where(Segment.source.contains("<g1>"))).first()
        assert seg is not None
        tr = get_translation(session, seg, "uk")
        save(session, seg, "uk", tr.text.replace("<g1>", ""), user=None, origin="import:x.po",
             base_version=tr.version)  # fmt: skip
    translated = status(ingested)["translated"]
    code, out, _ = ingested("status", SLUG, "--lang", "uk", "--min-state", "translated")
    assert code == 0, out
    assert f"{SLUG} [uk]: publish gate at translated (checks: " in out
    assert f"in the edition:        {translated - 1:>5} of 412 segments" in out
    assert f"below the gate:        {412 - translated:>5}  (empty {412 - translated})" in out
    assert "blocked by checks:         1" in out and "placeholders: missing placeholder" in out
    code, out, _ = ingested("status", SLUG, "--lang", "uk,de", "--json")
    assert code == 0
    uk, de = json.loads(out)
    assert (uk["language"], uk["included"], de["included"]) == ("uk", 0, 0)
    assert uk["below"] == {"empty": 412 - translated, "translated": translated}
    assert len(uk["fallbacks"]) == 412
    code, _, err = ingested("status", "--lang", "uk")
    assert code == 1 and "needs a document" in err


def test_build_every_language_and_format(ingested: Run, tmp_path: Path) -> None:
    code, out, err = ingested(
        "build", SLUG, "--lang", "all", "--format", "md,html,review.html", "--out", "o", "--partial"
    )
    assert code == 0, err
    for lang in ("de", "es", "fr", "pl", "uk"):
        names = sorted(p.name for p in (tmp_path / "o" / lang).iterdir())
        assert names == [f"{SLUG}.html", f"{SLUG}.md", f"{SLUG}.review.html"]
        assert f"[{lang}]: publish gate at approved" in out
    page = (tmp_path / "o" / "de" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="de" dir="ltr">' in page and 'hreflang="uk" href="../uk/' in page
    code, _, err = ingested("build", SLUG, "--lang", "uk", "--format", "epub")
    assert code == 1 and "unknown format 'epub'" in err
    code, _, err = ingested("build", SLUG, "--lang", "xx")
    assert code == 1 and "xx" in err


def test_import_of_an_edited_catalog_applies_only_the_edit(ingested: Run, tmp_path: Path) -> None:
    po_path = tmp_path / f"{SLUG}.po"
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    pseudo_translate(po_path, only=10)
    assert "10 updated" in ingested("import", str(po_path), "--lang", "uk")[1]
    po = polib.pofile(str(po_path))
    po[3].msgstr = "Вступ"
    po.save()
    code, out, _ = ingested("import", str(po_path), "--lang", "uk")
    assert code == 0 and "1 updated, 9 unchanged" in out


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace('msgstr "‹Introduction›"', 'msgstr "‹Introduction'), "po:"),
        (lambda t: t.replace("Language: uk", "Language: de"), "'de'"),
        (
            lambda t: t.replace("<g1>Private Resistance:</g1> This", "Private Resistance: This", 2),
            "",
        ),
        (lambda t: t.replace('msgctxt "2473e96bc614"', 'msgctxt "ffffffffffff"'), "ffffffffffff"),
        (lambda t: t + '\nmsgctxt "2473e96bc614"\nmsgid "Introduction"\nmsgstr "x"\n', "duplicate"),
        (lambda t: t.replace('msgstr "‹Introduction›"', 'msgstr "‹Intro\x1bduction›"'),
         "holds U+001B (ESCAPE) at position 7"),
    ],
    ids=["unterminated", "foreign", "placeholder", "unknown-key", "duplicate", "control"],
)
def test_broken_or_foreign_catalog_changes_nothing(
    ingested: Run, tmp_path: Path, edit: Callable[[str], str], expected: str
) -> None:
    po_path = tmp_path / f"{SLUG}.po"
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    pseudo_translate(po_path)
    po_path.write_text(edit(po_path.read_text(encoding="utf-8")), encoding="utf-8")
    code, _, err = ingested("import", str(po_path), "--lang", "uk")
    assert code == 1
    assert f"{po_path}:" in err and "nothing was imported" in err
    assert expected.lower() in err.lower()
    assert status(ingested)["translated"] == 0


def test_users_add_and_errors(ingested: Run, tmp_path: Path) -> None:
    code, out, _ = ingested(
        "users", "add", "olena", "--role", "translator", "--lang", "uk", "--password-stdin",
        stdin="correct horse\n",
    )  # fmt: skip
    assert code == 0 and "olena" in out
    code, _, err = ingested(
        "users",
        "add",
        "x",
        "--role",
        "editor",
        "--lang",
        "xx-nope",
        "--password-stdin",
        stdin="pw\n",
    )
    assert code == 1 and err.startswith("error:") and len(err.strip().splitlines()) == 1
    code, _, err = ingested("ingest", "missing.md")
    assert code == 1 and "missing.md" in err
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [oops\n---\nText.\n", encoding="utf-8")
    code, _, err = ingested("ingest", str(bad))
    assert code == 1 and "bad.md:2" in err


def test_commands_before_init_say_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRANSLATE_APP_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["status"]) == 1
    assert "run 'translate-app init' first" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["export", SLUG, "--lang", "uk"],
        ["languages"],
        ["users", "ensure-admin"],
        ["glossary", "list"],
        ["tm", "lookup", "text", "--lang", "uk"],
        ["xliff", "export", SLUG, "--lang", "uk"],
    ],
)
def test_every_command_on_the_store_opens_it_one_way(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``commands.sessions.open_sessions``: one check, one message, whatever the command."""
    monkeypatch.setenv("TRANSLATE_APP_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("TRANSLATE_APP_INSTANCE_PATH", str(tmp_path / "instance"))
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no translate_app database at sqlite:///"), err
    assert err.endswith("; run 'translate-app init' first\n") and err.count("\n") == 1


def test_the_registry_holds_every_command_module_in_help_order() -> None:
    import pkgutil

    from translate_app import commands
    from translate_app.cli import parser

    with_register = {
        info.name
        for info in pkgutil.iter_modules(commands.__path__)
        if hasattr(importlib.import_module(f"translate_app.commands.{info.name}"), "register")
    }
    assert with_register == set(commands.COMMAND_MODULES)
    text = parser().format_help()
    listed = re.findall(r"^    (\S+)", text.split("  COMMAND\n", 1)[1], flags=re.MULTILINE)
    assert listed == [
        "init", "ingest", "status", "export", "import", "build", "languages", "users",
        "doctor", "draft", "worker", "glossary", "serve", "tm", "xliff",
    ]  # fmt: skip


def test_po_and_xliff_imports_take_the_same_options() -> None:
    from translate_app.cli import parser

    options = ["f.x", "--lang", "uk", "--document", "d", "--overwrite", "--only-empty"]
    po = vars(parser().parse_args(["import", *options]))
    xliff = vars(parser().parse_args(["xliff", "import", *options]))
    shared = ("file", "lang", "document", "overwrite", "only_empty")
    assert {k: po[k] for k in shared} == {k: xliff[k] for k in shared}
    assert (po["batch"], xliff["batch"]) == (True, False)  # as before: only PO runs as a batch


def test_source_update_keeps_every_translation_where_it_belongs(
    ingested: Run, tmp_path: Path, engine: Engine
) -> None:
    po_path = tmp_path / f"{SLUG}.po"
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    pseudo_translate(po_path)
    assert ingested("import", str(po_path), "--lang", "uk")[0] == 0
    source = tmp_path / "source" / REPORT.name
    text = source.read_text(encoding="utf-8")
    intro = "The following report is an effort to provide indicative answers to this question."
    moved = text[text.index(intro) : text.index("\n\n", text.index(intro))]
    text = text.replace(moved + "\n\n", "")  # move a paragraph to the end of the body
    text = text.replace("\n---\n\n__Jade", "\n\n" + moved + "\n\n---\n\n__Jade")
    text = text.replace("You need to blend into the crowd.", "You must blend into the crowd.")
    text = text.replace(" Their stories are as harrowing as they are heroic.", "")
    text = text.replace("go unnoticed. ", "go unnoticed. Nobody is safe. ")
    source.write_text(text, encoding="utf-8")

    code, out, _ = ingested("ingest", "source/")
    assert code == 0
    assert "1 new, 1 outdated, 1 obsolete" in out and "410 kept" in out, out

    with Session(engine) as session:
        from translate_app.store.models import Segment

        def one(source_text: str) -> tuple[Segment, Translation | None]:
            seg = session.scalars(select(Segment).where(Segment.source == source_text)).one()
            tr = session.scalars(
                select(Translation).where(
                    Translation.segment_id == seg.id, Translation.language_code == "uk"
                )
            ).one_or_none()
            return seg, tr

        seg, tr = one(intro)  # moved: same row, same translation, new place
        assert tr is not None and tr.text == f"‹{intro}›" and tr.state == State.TRANSLATED
        assert seg.line > 250
        seg, tr = one("You must blend into the crowd.")  # edited: old translation as draft
        assert seg.previous_source == "You need to blend into the crowd."
        assert tr is not None and tr.state == State.DRAFT
        assert tr.text == "‹You need to blend into the crowd.›"
        seg, tr = one("Their stories are as harrowing as they are heroic.")  # removed: obsolete
        assert seg.obsolete and tr is not None and tr.text.startswith("‹Their stories")
        seg, tr = one("Nobody is safe.")  # new
        assert tr is None or tr.state == State.EMPTY

    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    msgfmt_ok(po_path)
    po = polib.pofile(str(po_path))
    edited = next(e for e in po if e.msgid == "You must blend into the crowd.")
    assert edited.fuzzy and edited.previous_msgid == "You need to blend into the crowd."
    assert not any(e.msgid.startswith("Their stories") for e in po)
    code, out, _ = ingested(
        "build", SLUG, "--lang", "uk", "--min-state", "draft", "--out", "o", "--partial"
    )
    built = without_note((tmp_path / "o" / "uk" / f"{SLUG}.md").read_text(encoding="utf-8"))
    assert f"‹{intro}›" in built and "Nobody is safe." in built
    assert element_tree(built) == element_tree(text)


def test_import_merges_with_work_done_since_the_export(
    ingested: Run, tmp_path: Path, engine: Engine
) -> None:
    po_path = tmp_path / f"{SLUG}.po"
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    pseudo_translate(po_path, only=3)
    ingested("import", str(po_path), "--lang", "uk")
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))  # the translator's copy
    # meanwhile, in the web editor, someone improves entries 0 and 1
    from translate_app.store.models import Segment
    from translate_app.workflow.editing import get_translation, save

    with Session(engine) as session, session.begin():
        for source, text in [
            ("Crossing Thresholds", "Перетинаючи пороги"),
            ("Ukrainian Resistance to Russian Occupation", "Український опір"),
        ]:
            seg = session.scalars(select(Segment).where(Segment.source == source)).one()
            tr = get_translation(session, seg, "uk")
            save(session, seg, "uk", text, user=None, base_version=tr.version, origin="mt:test",
                 state=State.DRAFT)  # fmt: skip
    po = polib.pofile(str(po_path))
    po[1].msgstr = "Опір окупації"  # the translator changed entry 1 too: a conflict
    po[2].msgstr = "Росія не має повного контролю."  # and entry 2, untouched here: applies
    po.save()
    code, _, err = ingested("import", str(po_path), "--lang", "uk")
    assert code == 1 and "changed here after this catalog was exported" in err
    assert "Український опір" in err and f"{po_path}:" in err
    po[1].msgstr = "Український опір"  # resolved by hand: same as the store now
    po.save()
    code, out, _ = ingested("import", str(po_path), "--lang", "uk")
    assert code == 0 and "2 updated" in out and "1 kept (newer here)" in out, out
    with Session(engine) as session:
        texts = set(session.scalars(select(Translation.text)))
    assert {"Перетинаючи пороги", "Український опір", "Росія не має повного контролю."} <= texts
    assert ingested("import", str(po_path), "--lang", "uk", "--overwrite")[0] == 0


def test_any_cldr_language_can_be_added(ingested: Run, tmp_path: Path) -> None:
    code, out, _ = ingested("languages", "add", "ar", "--approvals", "2")
    assert code == 0
    arabic = next(line for line in out.splitlines() if line.startswith("ar "))
    assert "Arabic" in arabic and "rtl" in arabic and "6 plural forms" in arabic
    po_path = tmp_path / "ar.po"
    assert ingested("export", SLUG, "--lang", "ar", "-o", str(po_path))[0] == 0
    assert polib.pofile(str(po_path)).metadata["Plural-Forms"].startswith("nplurals=6;")
    msgfmt_ok(po_path)
    code, _, err = ingested("languages", "add", "xx")
    assert code == 1 and "no CLDR locale" in err


def test_machine_drafted_catalog_imports_as_drafts_and_only_fills_empty(
    ingested: Run, tmp_path: Path, engine: Engine
) -> None:
    po_path = tmp_path / f"{SLUG}.po"
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    pseudo_translate(po_path, only=2)
    ingested("import", str(po_path), "--lang", "uk")  # a human's work on the first two
    ingested("export", SLUG, "--lang", "uk", "-o", str(po_path))
    po = polib.pofile(str(po_path))
    po.metadata["X-Translate-App-Origin"] = "mt:llm-draft"
    for entry in po:
        entry.msgstr = f"[draft] {entry.msgid}"
    po.save()
    code, out, _ = ingested("import", str(po_path), "--lang", "uk", "--only-empty")
    assert code == 0 and "405 updated, 7 unchanged" in out, out  # 2 human, 5 propagated repeats
    with Session(engine) as session:
        rows = session.execute(select(Translation.text, Translation.state, Translation.origin))
        by_origin: dict[str, set[State]] = {}
        for text, state, origin in rows:
            by_origin.setdefault(origin, set()).add(state)
            assert text.startswith("[draft] ") == (origin == "mt:llm-draft")
    assert by_origin == {f"import:{SLUG}.po": {State.TRANSLATED}, "mt:llm-draft": {State.DRAFT}}

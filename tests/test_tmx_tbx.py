"""TMX and TBX files on their own, and the ``tm`` and ``glossary`` commands end to end."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import Engine

from tests.test_segment import REPORT
from translate_app.catalog.glossary_csv import TermRecord, read_csv, write_csv
from translate_app.catalog.tbx import read_tbx, write_tbx
from translate_app.catalog.tmx import TmxUnit, read_tmx, store_lang, tmx_lang, write_tmx
from translate_app.cli import main
from translate_app.errors import CatalogError

WHEN = datetime(2024, 6, 18, 12, 30, 5, tzinfo=UTC)


def test_tmx_units_round_trip_whole() -> None:
    units = [
        TmxUnit("en", "uk", "We walked <g1>for <g2>days</g2></g1><x3/>.",
                "Ми <g1>йшли <g2>днями</g2></g1><x3/>.", 30, "human:olena", "report", "k1",
                WHEN, WHEN),
        TmxUnit("en", "pt_BR", "A & B < C.", "A & B < C.", 20, "import:x.tmx", "", "", WHEN, None),
        TmxUnit("en", "uk", "Plain.", "Просто.", None, None),
    ]  # fmt: skip
    data = write_tmx(units, source_lang="en")
    back = read_tmx(data, path="m.tmx")
    assert [(u.source, u.target, u.target_lang, u.quality, u.origin) for u in back] == [
        (u.source, u.target, u.target_lang, u.quality, u.origin) for u in units
    ]
    assert [(u.document_slug, u.segment_key, u.created_at, u.updated_at) for u in back] == [
        ("report", "k1", WHEN, WHEN), ("", "", WHEN, WHEN), ("", "", None, None),
    ]  # fmt: skip
    root = etree.fromstring(data)
    assert root.find("header").get("srclang") == "en"
    assert 'xml:lang="pt-BR"' in data.decode()


def test_crossed_codes_are_written_as_isolated_tags_and_refused_on_reading() -> None:
    crossed = TmxUnit("en", "uk", "<g1>a <g2>b</g2></g1>", "<g1>а <g2>б</g1> в</g2>")
    data = write_tmx([crossed], source_lang="en")
    [_, seg] = etree.fromstring(data).iter("seg")
    assert [(e.tag, e.get("pos"), e.get("x")) for e in seg] == [
        ("it", "begin", "1"), ("it", "begin", "2"), ("it", "end", "1"), ("it", "end", "2"),
    ]  # fmt: skip
    with pytest.raises(CatalogError, match=r"m.tmx:5: \[uk\] placeholder </g1> closes across <g2>"):
        read_tmx(data, path="m.tmx")


def test_language_tags() -> None:
    assert (tmx_lang("pt_BR"), tmx_lang("uk")) == ("pt-BR", "uk")
    assert (store_lang("pt-BR"), store_lang("EN-us"), store_lang("uk")) == ("pt_BR", "en_us", "uk")


def test_a_tmx_with_several_targets_gives_one_unit_each() -> None:
    data = """<tmx version="1.4"><header srclang="en"/><body>
    <tu><tuv xml:lang="en"><seg>Yes.</seg></tuv><tuv xml:lang="uk"><seg>Так.</seg></tuv>
        <tuv xml:lang="de"><seg>Ja.</seg></tuv><tuv xml:lang="fr"><seg></seg></tuv></tu>
    <tu srclang="de"><tuv xml:lang="de"><seg>Nein.</seg></tuv>
        <tuv xml:lang="en"><seg>No <hi>way</hi>.</seg></tuv></tu>
    </body></tmx>""".encode()
    units = read_tmx(data, path="m.tmx")
    assert [(u.source_lang, u.target_lang, u.source, u.target) for u in units] == [
        ("en", "uk", "Yes.", "Так."), ("en", "de", "Yes.", "Ja."), ("de", "en", "Nein.", "No way."),
    ]  # fmt: skip


RECORDS = [
    TermRecord("National Resistance Center", "Центр національного спротиву", "uk",
               "Official name.\nSee sprotyv.mod.gov.ua, \"Resistance\"",
               ("Національний центр опору",)),
    TermRecord("Kherson", "", None, "", (), True, True, False),
    TermRecord("IT", "ІТ", "uk", "", ("айті", "Ай-Ті"), False, False, True),
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_term_records_round_trip(fmt: str) -> None:
    if fmt == "csv":
        back = read_csv(write_csv(RECORDS).encode(), path="g.csv")
    else:
        back = read_tbx(write_tbx(RECORDS, source_lang="en"), path="g.tbx", source_lang="en")
    assert [r.__class__(**{**r.__dict__, "line": 0}) for r in back] == RECORDS


# --- commands ------------------------------------------------------------------------------

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Run:
    monkeypatch.setenv(
        "TRANSLATE_APP_DATABASE_URL", engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("TRANSLATE_APP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    assert run("init")[0] == 0
    return run


def test_tm_commands(run: Run, tmp_path: Path) -> None:
    (tmp_path / "mem.tmx").write_text(
        """<tmx version="1.4"><header srclang="en"/><body>
        <tu><prop type="x-quality">30</prop>
          <tuv xml:lang="en"><seg>The most important rule: go unnoticed.</seg></tuv>
          <tuv xml:lang="uk"><seg>Найважливіше правило: залишайтеся непоміченими.</seg></tuv></tu>
        </body></tmx>""",
        encoding="utf-8",
    )
    assert run("tm", "import", "mem.tmx") == (
        0,
        "mem.tmx: 1 units added, 0 raised, 0 unchanged\n",
        "",
    )
    code, out, _ = run("tm", "lookup", "The most important rule: stay unnoticed.", "--lang", "uk")
    assert code == 0
    assert out.splitlines()[0].endswith("Найважливіше правило: залишайтеся непоміченими.")
    assert "approved, import:mem.tmx; [-go-] {+stay+}" in out
    code, out, _ = run("tm", "lookup", "Something else entirely.", "--lang", "uk", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert run("tm", "export", "out.tmx", "--lang", "uk")[0] == 0
    assert len(read_tmx((tmp_path / "out.tmx").read_bytes(), path="out.tmx")) == 1
    code, _, err = run("tm", "import", "missing.tmx")
    assert code == 1 and "missing.tmx: cannot read the file" in err
    (tmp_path / "bad.tmx").write_text("<tmx><body><tu/>", encoding="utf-8")
    code, _, err = run("tm", "import", "bad.tmx")
    assert code == 1 and "error: bad.tmx:1: not well-formed XML" in err


def test_tm_propagate_command(run: Run, tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    shutil.copy(REPORT, tmp_path / "source" / REPORT.name)
    assert run("ingest", "source/")[0] == 0
    (tmp_path / "mem.tmx").write_text(
        """<tmx version="1.4"><header srclang="en"/><body><tu>
          <tuv xml:lang="en"><seg>You need to blend into the crowd.</seg></tuv>
          <tuv xml:lang="uk"><seg>Вам треба злитися з натовпом.</seg></tuv></tu></body></tmx>""",
        encoding="utf-8",
    )
    assert run("tm", "import", "mem.tmx")[0] == 0
    code, out, _ = run("tm", "propagate", "crossing-thresholds", "--lang", "uk")
    assert (code, out) == (
        0, "crossing-thresholds [uk]: 1 segments filled from exact matches (drafts)\n",
    )  # fmt: skip


def test_glossary_commands(run: Run, tmp_path: Path) -> None:
    assert run("glossary", "list")[1] == "no glossary terms yet: translate-app glossary add\n"
    code, out, _ = run(
        "glossary", "add", "occupation", "окупація", "--lang", "uk", "--forbidden", "оккупация",
        "--note", "not 'захоплення'",
    )  # fmt: skip
    assert (code, out) == (0, "added 'occupation' [uk]\n")
    assert run("glossary", "add", "Kherson", "--do-not-send", "--do-not-translate")[0] == 0
    code, out, _ = run("glossary", "list", "--lang", "uk")
    assert out.splitlines() == [
        "*     Kherson → —  [do-not-translate, do-not-send]",
        "uk    occupation → окупація  (not: оккупация)  # not 'захоплення'",
    ]
    for name in ("g.csv", "g.tbx"):
        assert run("glossary", "export", name) == (0, f"wrote {name}\n", "")
        assert run("glossary", "import", name) == (
            0, f"{name}: 0 terms added, 0 updated, 2 unchanged\n", "",
        )  # fmt: skip
    (tmp_path / "more.csv").write_text("source,target\nMelitopol,Мелітополь\n", encoding="utf-8")
    assert run("glossary", "import", "more.csv", "--lang", "uk")[1].startswith(
        "more.csv: 1 terms added"
    )
    code, _, err = run("glossary", "import", "more.txt")
    assert code == 1 and "give a .csv or .tbx file" in err

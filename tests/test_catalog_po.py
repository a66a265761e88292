"""PO exchange format: golden output, msgfmt's verdict, round trips, and refused catalogs.

Every broken catalog in the table is also given to GNU msgfmt, so the table
shows that we refuse what msgfmt refuses (and where we are stricter, why).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_app.catalog import ParsedUnit, Unit, check_placeholders, po_writer, read_po, write_po
from translate_app.errors import CatalogError
from translate_app.runtime.files import write_atomic
from translate_app.store.states import State

DATA = Path(__file__).parent / "data" / "catalog"
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.usefixtures("msgfmt_installed")


@pytest.fixture
def msgfmt_installed() -> None:
    """msgfmt is the reference these tests compare with: its absence is a failure, not a skip."""
    if MSGFMT is None:
        pytest.fail(
            "GNU gettext's msgfmt is not installed (make test installs it: apt-get install gettext)"
        )


UK_PLURALS = get_plural("uk").plural_forms
WHEN = datetime(2024, 6, 18, 12, 30, tzinfo=UTC)
REPORT = "source/crossing-thresholds.md"

UNITS = [
    Unit(
        key="title",
        source="Crossing thresholds",
        target="Перетинаючи пороги",
        state=State.APPROVED,
        references=[f"{REPORT}:2"],
        notes=["Front matter: title"],
    ),
    Unit(
        key="p3.s1",
        source="The report is <g1>not</g1> a verdict; see <x2/> for the method.",
        target="Звіт — <g1>не</g1> вирок; про метод див. <x2/>.",
        state=State.TRANSLATED,
        references=[f"{REPORT}:14"],
        notes=["Paragraph 3, sentence 1", "<g1>…</g1> = emphasis", "<x2/> = footnote reference"],
    ),
    Unit(
        key="p3.s2",
        source='She said: "We crossed at night"\tand the river\\was high.',
        target="Вона сказала: «Ми переходили вночі»\tі річка\\була висока.",
        state=State.DRAFT,
        previous_source='She said: "We crossed at dawn".',
        references=[f"{REPORT}:14", f"{REPORT}:90"],
    ),
    Unit(
        key="p4.s1",
        source=(
            "Between 2014 and 2022 more than a million people crossed the line of contact "
            "every month, most of them pensioners collecting what the state owed them."
        ),
        target="",
        state=State.EMPTY,
        references=[f"{REPORT}:{line}" for line in range(20, 32)],
    ),
    Unit(key="p5.s1", source="Machine draft.", target="Машинна чернетка.", state=State.DRAFT),
    Unit(
        key="p9.s1",
        source="A sentence that was removed.",
        target="Речення, яке вилучили.",
        state=State.TRANSLATED,
        obsolete=True,
    ),
]


def export(
    units: list[Unit] = UNITS, language: str | None = "uk", plural_forms: str | None = None
) -> str:
    if language == "uk":
        plural_forms = UK_PLURALS
    return write_po(
        units,
        language=language,
        plural_forms=plural_forms,
        project="Crossing thresholds",
        revision_date=WHEN,
        creation_date=datetime(2024, 6, 1, 9, 0),
    )


def msgfmt(path: Path) -> subprocess.CompletedProcess[str]:
    assert MSGFMT is not None
    return subprocess.run(
        [MSGFMT, "-c", "--check-format", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )


# --- writing ---------------------------------------------------------------------------------


def word_by_word_wrap(text: str, room: int) -> list[str]:
    """The writer's wrap as first written, one word at a time (the fast one cuts with rfind)."""
    if len(text) <= room:
        return [text]
    chunks: list[str] = []
    line = ""
    for word in text.split(" "):
        piece = word + " "
        if line and len(line) + len(piece) > room:
            chunks.append(line)
            line = ""
        line += piece
    line = line[:-1]
    if line:
        chunks.append(line)
    return chunks


_ESCAPED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPED |= {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


@settings(max_examples=500)
@given(
    st.lists(
        st.sampled_from(["a", "word", " ", "  ", "x" * 30, "y" * 90, "\n", "\\", '"', "\t", "é"]),
        max_size=40,
    ).map("".join),
    st.integers(1, 90),
)
def test_writer_wraps_and_escapes_as_the_simple_rules_say(text: str, room: int) -> None:
    assert po_writer._wrap(text, room) == word_by_word_wrap(text, room)
    assert po_writer.escape(text) == "".join(_ESCAPED.get(char, char) for char in text)


@pytest.mark.parametrize(("language", "golden"), [("uk", "uk.po"), (None, "template.pot")])
def test_export_matches_golden_file(language: str | None, golden: str) -> None:
    assert export(language=language) == (DATA / golden).read_text(encoding="utf-8")


@needs_msgfmt
@pytest.mark.parametrize(
    ("language", "plural_forms"),
    [("uk", None), (None, None), ("ar", None), ("crh", "nplurals=1; plural=0;")],
)
def test_export_passes_msgfmt_check(
    tmp_path: Path, language: str | None, plural_forms: str | None
) -> None:
    target = tmp_path / "locales" / str(language) / "LC_MESSAGES" / "crossing-thresholds.po"
    write_atomic(target, export(language=language, plural_forms=plural_forms))
    result = msgfmt(target)
    assert result.returncode == 0, result.stderr


def test_header_has_every_standard_field() -> None:
    metadata = polib.pofile(export()).metadata
    assert metadata == {
        "Project-Id-Version": "Crossing thresholds",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2024-06-01 09:00+0000",
        "PO-Revision-Date": "2024-06-18 12:30+0000",
        "Last-Translator": "",
        "Language-Team": "uk",
        "Language": "uk",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": UK_PLURALS,
        "X-Generator": "translate_app 0.1.0",
    }


def test_fuzzy_flag_marks_exactly_the_drafts() -> None:
    entries = {entry.msgctxt: entry for entry in polib.pofile(export())}
    for unit in UNITS:
        assert ("fuzzy" in entries[unit.key].flags) == (unit.state is State.DRAFT), unit.key
    assert entries["p3.s2"].previous_msgid == UNITS[2].previous_source
    assert entries["p9.s1"].obsolete


def test_template_has_no_language_translations_or_obsolete_units() -> None:
    template = polib.pofile(export(language=None))
    assert "Language" not in template.metadata
    assert "Plural-Forms" not in template.metadata
    assert [entry.msgstr for entry in template] == [""] * 5
    assert not any(entry.flags or entry.previous_msgid or entry.obsolete for entry in template)


def test_plural_forms_default_to_babel_rules() -> None:
    text = write_po(UNITS, language="uk", plural_forms=None, project="P", revision_date=WHEN)
    assert polib.pofile(text).metadata["Plural-Forms"] == UK_PLURALS


@pytest.mark.parametrize(
    ("units", "plural_forms", "complaint"),
    [
        ([Unit("k", "")], None, "empty source"),
        ([Unit("k", "Same."), Unit("k", "Same.", obsolete=True)], None, "twice"),
        ([Unit("k", "S.", references=["a file.md:3"])], None, "spaces"),
        ([Unit("k", "S.", "П.\n", State.TRANSLATED)], None, "line break"),
        ([Unit("k", "S.\x04")], None, "context separator"),
        ([Unit("k", "S.")], "nplurals=2; plural=n>1 ? 2 : 0;", "plural_forms"),
    ],
)
def test_write_refuses_what_no_po_file_can_hold(
    units: list[Unit], plural_forms: str | None, complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        write_po(units, language="uk", plural_forms=plural_forms, project="P", revision_date=WHEN)


def test_language_without_cldr_data_needs_explicit_plural_forms() -> None:
    with pytest.raises(ValueError, match="no plural rule is known for 'crh'"):
        write_po(UNITS, language="crh", plural_forms=None, project="P", revision_date=WHEN)


# --- reading back ------------------------------------------------------------------------------


def test_round_trip_gives_the_same_units() -> None:
    parsed = read_po(export(), path="uk.po", language="uk")
    expected = [
        # approval lives in the database: it comes back as translated
        replace(unit, state=min(unit.state, State.TRANSLATED))
        for unit in UNITS
        if not unit.obsolete
    ]
    assert [unit.to_unit() for unit in parsed] == expected


no_example_database = settings(database=None)  # tests write nothing into the repository
_TEXT = st.text(min_size=1).filter(lambda text: "\x04" not in text)
_REFERENCE = _TEXT.filter(lambda text: not any(char.isspace() for char in text))
_NOTE = st.text().filter(lambda note: "\n" not in note and note == note.strip(" \t\r\f\v"))


@st.composite
def _units(draw: st.DrawFn) -> list[Unit]:
    units: dict[str, Unit] = {}
    for key in draw(st.lists(st.text().filter(lambda k: "\x04" not in k), max_size=4)):
        source = draw(_TEXT)
        target = draw(st.one_of(st.just(""), _TEXT)).strip("\n")
        if target:
            target = "\n" * source.startswith("\n") + target + "\n" * source.endswith("\n")
        state = draw(st.sampled_from([State.DRAFT, State.TRANSLATED])) if target else State.EMPTY
        units[key] = Unit(
            key,
            source,
            target,
            state,
            previous_source=draw(st.none() | _TEXT),
            references=draw(st.lists(_REFERENCE, max_size=12)),
            notes=draw(st.lists(_NOTE, max_size=3)),
        )
    return list(units.values())


@no_example_database
@given(_units())
def test_any_units_survive_a_round_trip(units: list[Unit]) -> None:
    text = write_po(units, language="uk", plural_forms=None, project="P", revision_date=WHEN)
    assert [unit.to_unit() for unit in read_po(text, path="uk.po", language="uk")] == units


@no_example_database
@given(st.binary() | st.text())
def test_reading_anything_either_succeeds_or_explains(data: bytes | str) -> None:
    try:
        read_po(data, path="any.po")
    except CatalogError as exc:
        assert exc.problems


@needs_msgfmt
def test_gettext_formatted_catalog_reads_the_same(tmp_path: Path) -> None:
    """msgcat rewrites the file the way gettext's own tools do (its wrapping, its escapes)."""
    ours = tmp_path / "ours.po"
    ours.write_text(export(), encoding="utf-8")
    theirs = tmp_path / "theirs.po"
    msgcat = Path(MSGFMT or "").with_name("msgcat")
    subprocess.run([str(msgcat), "-w", "40", "-o", str(theirs), str(ours)], check=True)
    assert theirs.read_bytes() != ours.read_bytes()
    rewrapped = [unit.to_unit() for unit in read_po(theirs.read_bytes(), path="theirs.po")]
    assert rewrapped == [unit.to_unit() for unit in read_po(ours.read_bytes(), path="ours.po")]


def test_lines_point_at_msgctxt() -> None:
    text = export()
    lines = text.split("\n")
    for unit in read_po(text, path="uk.po"):
        assert lines[unit.line - 1] == f'msgctxt "{unit.key}"'


ACCEPTED = r"""# A catalog written by hand, with everything the grammar allows.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Language: uk_UA\n"
"Plural-Forms: PLURAL_FORMS\n"

# translator's comment
#, fuzzy, c-format
#| msgctxt "old"
#| msgid "Old "
#| "source"
msgctxt "multi"
msgid ""
"Line one\n"
"line two with \"quotes\", a \\ and a\ttab"
msgstr   "Рядок\n"  "два"

msgid
"no context"
msgstr "без контексту"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "%d файл"
msgstr[ 1 ] "%d файли"
msgstr[2] "%d файлів"

#~| msgid "older"
#~ msgctxt "gone"
#~ msgid "Gone"
#~ msgstr "Нема"
""".replace("PLURAL_FORMS", UK_PLURALS)


def test_reads_everything_the_grammar_allows() -> None:
    data = b"\xef\xbb\xbf" + ACCEPTED.replace("\n", "\r\n").encode()
    units = read_po(data, path="hand.po", language="uk")
    assert units == [
        ParsedUnit(
            key="multi",
            source='Line one\nline two with "quotes", a \\ and a\ttab',
            target="Рядок\nдва",
            fuzzy=True,
            previous_source="Old source",
            line=13,
        ),
        ParsedUnit("", "no context", "без контексту", False, None, line=19),
        ParsedUnit(
            "",
            "one file",
            "%d файл",
            False,
            None,
            line=23,
            source_plural="%d files",
            plural_targets=("%d файл", "%d файли", "%d файлів"),
        ),
    ]
    assert [unit.state for unit in units] == [State.DRAFT, State.TRANSLATED, State.TRANSLATED]


# --- refusing broken catalogs ------------------------------------------------------------------

HEADER = f"""msgid ""
msgstr ""
"Project-Id-Version: Crossing thresholds\\n"
"PO-Revision-Date: 2024-06-18 12:30+0000\\n"
"Last-Translator: Olena <olena@example.org>\\n"
"Language-Team: uk\\n"
"Language: uk\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {UK_PLURALS}\\n"

msgctxt "p1.s1"
msgid "First."
msgstr "Перше."
"""  # 15 lines; the cases below start at line 16


def whole(text: str) -> bytes:
    """A case that is a whole file rather than entries added after HEADER."""
    return text.encode()


# One case per row or two reads better than ruff's one value per line.
# fmt: off
BROKEN: list[tuple[str, str | bytes, int, str, bool]] = [
    # (case, entries after HEADER or a whole file, line, part of our message, msgfmt refuses too)
    ("unterminated string", '\nmsgctxt "a"\nmsgid "Open\nmsgstr "Відкр"\n', 18, "not closed", True),
    ("bad escape", '\nmsgctxt "a"\nmsgid "a\\q"\nmsgstr ""\n', 18, "invalid escape", True),
    ("duplicate entry", '\nmsgctxt "p1.s1"\nmsgid "First."\nmsgstr "1"\n', 17, "line 13", True),
    ("missing msgstr", '\nmsgctxt "a"\nmsgid "A."\n\nmsgctxt "b"\nmsgid "B."\nmsgstr ""\n', 18,
     'add a line msgstr ""', True),
    ("garbage line", '\nmsgctxt "a"\nmsgid "A."\nmsgstr "А."\nРядок без лапок\n', 20,
     "inside double quotes", True),
    ("unknown keyword", '\nmsgctxt "a"\nmsgid "A."\nmsgtsr "А."\n', 19, "'msgtsr'", True),
    ("text not in quotes", '\nmsgctxt "a"\nmsgid A.\nmsgstr ""\n', 18, "in double quotes", True),
    ("quote inside text", '\nmsgctxt "a"\nmsgid "A."\nmsgstr "Він "так" каже"\n', 19, '\\"', True),
    ("inconsistent #~", '\n#~ msgctxt "a"\n#~ msgid "A."\nmsgstr ""\n', 19, "#~", True),
    ("msgstr[0] without plural", '\nmsgid "a"\nmsgstr[0] "б"\n', 18, "msgid_plural", True),
    ("plural index out of order",
     '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "б"\nmsgstr[2] "в"\nmsgstr[1] "г"\n', 20,
     "msgstr[1] belongs", True),
    ("plural count vs nplurals",
     '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "б"\nmsgstr[1] "в"\n', 17, "nplurals=3", True),
    ("translation adds a line break", '\nmsgctxt "a"\nmsgid "A."\nmsgstr "А.\\n"\n', 19,
     "ends with a line break", True),
    ("source starts with a line break", '\nmsgctxt "a"\nmsgid "\\nA."\nmsgstr "А."\n', 19,
     "begin the translation with \\n", True),
    ("non-UTF-8 bytes", HEADER.encode() + b'\nmsgctxt "a"\nmsgid "Caf\xe9"\nmsgstr ""\n', 18,
     "save it again as UTF-8", True),
    ("context separator in text", '\nmsgctxt "a"\nmsgid "A\\004"\nmsgstr ""\n', 18, "EOT", True),
    ("bad nplurals", whole(HEADER.replace("nplurals=3", "nplurals=2")), 11, "gives form 2", True),
    ("bad plural expression", whole(HEADER.replace("plural=(", "plural=(n =")), 11,
     "Plural-Forms", True),
    ("no header", whole('msgctxt "a"\nmsgid "A."\nmsgstr "А."\n'), 1, "no header", True),
    # stricter than msgfmt, which only warns (or cannot know which language is being imported):
    ("wrong Language", whole(HEADER.replace("Language: uk", "Language: de")), 7,
     "catalog is for 'de', not 'uk'", False),
    ("declared charset is not UTF-8",
     whole(HEADER.replace("charset=UTF-8", "charset=ISO-8859-1")), 9, "charset=ISO-8859-1", False),
    ("no charset", whole(HEADER.replace("; charset=UTF-8", "")), 9, "charset=UTF-8", False),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "line", "message", "msgfmt_refuses"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_catalog_is_refused_at_the_right_line(
    tmp_path: Path, text: str | bytes, line: int, message: str, msgfmt_refuses: bool
) -> None:
    data = text if isinstance(text, bytes) else (HEADER + text).encode()
    with pytest.raises(CatalogError) as caught:
        read_po(data, path="uk.po", language="uk")
    found = [(problem.line, problem.message) for problem in caught.value.problems]
    assert any(at == line and message in said for at, said in found), found
    assert all(problem.path == "uk.po" for problem in caught.value.problems)
    if MSGFMT is not None:
        path = tmp_path / "broken.po"
        path.write_bytes(data)
        result = msgfmt(path)
        assert (result.returncode != 0) == msgfmt_refuses, result.stderr


def test_every_problem_is_reported_and_nothing_returned() -> None:
    text = HEADER + (
        '\nmsgctxt "a"\nmsgid "bad \\q"\nmsgstr ""\n'  # 16-19
        '\nmsgctxt "p1.s1"\nmsgid "First."\nmsgstr ""\n'  # 20-23
        '\nmsgctxt "c"\nmsgid "C."\nmsgstr "В.\\n"\n'  # 24-27
    )
    with pytest.raises(CatalogError) as caught:
        read_po(text, path="uk.po")
    assert [problem.line for problem in caught.value.problems] == [18, 21, 27]
    assert str(caught.value).startswith("uk.po:18: invalid escape sequence \\q")
    assert "(and 2 more problems)" in str(caught.value)


_PIECES = [b"msgid ", b"msgstr ", b"msgctxt ", b"msgid_plural ", b"msgstr[0] ", b"msgstr[2] "]
_PIECES += [b'"a"', b'"\\', b'"', b"#~ ", b"#| ", b"#~| ", b"# x\n", b"#. n\n", b"\n", b"\xe9"]


@no_example_database
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_reading_scrambled_entries_either_succeeds_or_explains(pieces: list[bytes]) -> None:
    try:
        read_po(HEADER.encode() + b"".join(pieces), path="any.po")
    except CatalogError as exc:
        assert exc.problems


def test_same_language_with_region_is_accepted() -> None:
    text = HEADER.replace("Language: uk", "Language: uk_UA")
    assert [unit.key for unit in read_po(text, path="uk.po", language="uk")] == ["p1.s1"]
    with pytest.raises(CatalogError, match="catalog is for 'uk', not 'uk_UA'"):
        read_po(HEADER, path="uk.po", language="uk_UA")


# --- comparing with the document ---------------------------------------------------------------

SOURCES = {
    "p1.s1": "First.",
    "p2.s1": "The <g1>river</g1> rose; see <x2/>.",
    "p2.s2": "Second sentence.",
}


@pytest.mark.parametrize(
    ("key", "source", "target", "complaint"),
    [
        ("p2.s1", SOURCES["p2.s1"], "<g1>Річка</g1> піднялася; див. <x2/>.", None),
        ("p2.s1", SOURCES["p2.s1"], "", None),
        ("p2.s1", SOURCES["p2.s1"], "Річка піднялася; див. <x2/>.", "missing placeholder"),
        ("p2.s1", SOURCES["p2.s1"], "</g1>Річка<g1> <x2/>.", "</g1> comes before <g1>"),
        ("p2.s1", SOURCES["p2.s1"], "<g1>Річка</g1> <x2/> <x3/>.", "unexpected placeholder <x3/>"),
        ("p7.s1", "Gone.", "Нема.", "segment key 'p7.s1'"),
        ("p2.s2", "Second sentence, edited.", "Друге.", "the source of 'p2.s2' has changed"),
    ],
)
def test_check_placeholders_against_the_document(
    key: str, source: str, target: str, complaint: str | None
) -> None:
    unit = ParsedUnit(key, source, target, fuzzy=False, previous_source=None, line=40)
    problems = check_placeholders([unit], SOURCES, "uk.po")
    if complaint is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert problems[0].line == 40
        assert complaint in problems[0].message


# --- writing the file --------------------------------------------------------------------------


def test_failed_write_keeps_the_old_catalog_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "uk.po"
    write_atomic(target, "old")

    def refuse(self: Path, other: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, export())
    assert target.read_text() == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["uk.po"]


def test_a_file_written_in_runs_is_the_runs_one_after_the_other(tmp_path: Path) -> None:
    target = tmp_path / "runs.po"
    write_atomic(target, [b"header\n", b"", "entr\u00e9e".encode(), b"\n"])
    assert target.read_bytes() == "header\nentr\u00e9e\n".encode()
    write_atomic(target, (run for run in [b"a", b"b"]))  # any iterable of bytes
    assert target.read_bytes() == b"ab"


def test_written_file_has_ordinary_permissions(tmp_path: Path) -> None:
    fresh = tmp_path / "new" / "uk.po"
    write_atomic(fresh, b"data")
    umask = os.umask(0o022)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.po"
    kept.write_text("old")
    kept.chmod(0o640)
    write_atomic(kept, "new")
    assert (kept.read_text(), kept.stat().st_mode & 0o777) == ("new", 0o640)

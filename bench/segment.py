"""Benchmark: translate_app's segmentation pipeline against peer tools, same input, same run.

Two tasks, on the report (``source/crossing-thresholds.md``) and on a x100 corpus made at run time
(front matter once, the body repeated 100 times, ~6.6 MB):

* **ingest+export** -- from the Markdown file to a PO catalog.  translate_app: ``init`` + ``ingest``
  + ``export`` (sentence units, database written).  Peers: ``po4a-updatepo``, translate-toolkit's
  ``md2po`` (and ``md2po`` + ``posegment`` for sentence units), mdpo's ``md2po``.
* **build** -- from a pseudo-translated PO (msgstr = "‹" + msgid + "›", made with polib from the
  tool's own extracted PO) back to Markdown.  translate_app: ``build --format md --min-state
  draft`` after ``import`` (import timed separately, not in the build figure).  Peers:
  ``po4a-translate``, translate-toolkit's ``po2md``, mdpo's ``po2md``.

Every command runs as a subprocess and is timed from outside (start-up included, for everyone);
each figure is the best of N runs.  translate_app runs with a temporary instance folder and SQLite
database, so nothing touches the repository.  Peers live in their own virtualenvs under
``bench/.work/`` (pins in ``bench/peers.txt``) and po4a comes from the system (``apt-get install
po4a``).  See ``bench/README.md``.

    python bench/segment.py            # report (3 runs) and x100 (1 run)
    python bench/segment.py --quick    # report only, 1 run: a smoke test
    python bench/segment.py --setup    # install the peer venvs and exit
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
REPORT = ROOT / "source" / "crossing-thresholds.md"
PEERS_FILE = HERE / "peers.txt"
X100_SLUG = "corpus-x100"
COPIES = 100
LANG = "uk"
FRONT_MATTER_KEYS = "title,description"
OPEN, CLOSE = "‹", "›"

PO4A_OPTIONS = ["-f", "text", "-o", "markdown", "-o", f"yfm_keys={FRONT_MATTER_KEYS}"]
PO4A_OPTIONS += ["-M", "UTF-8"]
TT = "translate-toolkit"
TA = "translate_app"


# --------------------------------------------------------------------------- running commands


class Stopped(Exception):
    """The command exceeded its time bound and was killed."""


class Failed(Exception):
    """The command exited with a non-zero status."""


def run(
    cmd: list[str | Path],
    *,
    timeout: float,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> float:
    """Run ``cmd``; return its wall-clock time in seconds.

    The command gets a process group of its own, so that a time-out kills it with its children.
    """
    args = [str(c) for c in cmd]
    start = time.perf_counter()
    with subprocess.Popen(
        args,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    ) as proc:
        try:
            _, err = proc.communicate(timeout=max(timeout, 0.01))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise Stopped from None
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        lines = [line for line in err.splitlines() if line.strip()]
        last = lines[-1] if lines else "(no message)"
        raise Failed(f"{Path(args[0]).name} exited with {proc.returncode}: {last}")
    return elapsed


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of a table."""

    tool: str
    task: str
    """``ingest+export``, ``build`` or ``import``."""
    what: str
    """The commands measured."""
    seconds: float | None = None
    """Best of the runs; None when it failed or was stopped."""
    units: int | None = None
    kind: str = ""
    """What the units are: sentences, paragraphs, substitutions."""
    problem: str = ""
    """Why there is no figure ("> 120 s (stopped)", an error)."""
    detail: str = ""
    stopped_after: float | None = None

    @property
    def compared(self) -> bool:
        return self.task in {"ingest+export", "build"}


def measure(row: Row, times: int, timeout: float, once: Callable[[float], float]) -> Row:
    """Fill ``row.seconds`` with the best of ``times`` calls of ``once(time_bound)``.

    The first failure or time-out ends the measurement and goes into ``row.problem``.
    """
    try:
        row.seconds = min(once(timeout) for _ in range(times))
    except Stopped:
        row.problem = f"> {timeout:g} s (stopped)"
        row.stopped_after = timeout
    except (Failed, OSError, ValueError) as exc:
        row.problem = f"failed: {exc}"
    return row


# --------------------------------------------------------------------------- PO helpers


def po_units(path: Path) -> int:
    """Translatable entries in a PO file (header and obsolete entries excluded)."""
    return sum(1 for e in polib.pofile(str(path)) if not e.obsolete)


def _wrap(text: str) -> str:
    """``‹text›``, keeping leading and trailing newlines where gettext wants them."""
    core = text.strip("\n")
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip("\n"))]
    trail = text[len(text.rstrip("\n")) :]
    return f"{lead}{OPEN}{core}{CLOSE}{trail}"


def pseudo_translate(source: Path, target: Path) -> int:
    """Write ``target``: ``source`` with every msgstr = ‹msgid›, none fuzzy. Returns the count."""
    po = polib.pofile(str(source), wrapwidth=0)
    count = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: _wrap(entry.msgid), 1: _wrap(entry.msgid_plural)}
        else:
            entry.msgstr = _wrap(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        count += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(target))
    return count


def substitutions(path: Path) -> int:
    """How many pseudo-translations a built file contains."""
    return path.read_text(encoding="utf-8").count(OPEN)


# --------------------------------------------------------------------------- inputs


def make_corpus(copies: int = COPIES) -> Path:
    """Front matter once, the report's body ``copies`` times, into bench/.work/corpus-x100.md."""
    text = REPORT.read_text(encoding="utf-8")
    match = re.match(r"---\n.*?\n---\n", text, flags=re.DOTALL)
    front, body = (match.group(0), text[match.end() :]) if match else ("", text)
    if not body.endswith("\n"):
        body += "\n"
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"{X100_SLUG}.md"
    corpus = front + "\n".join([body] * copies)
    if not path.exists() or path.read_text(encoding="utf-8") != corpus:
        path.write_text(corpus, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- peer installation


def read_peers() -> tuple[dict[str, list[str]], list[str]]:
    """The ``[venv NAME]`` requirement lists and the ``[apt]`` packages of bench/peers.txt."""
    venvs: dict[str, list[str]] = {}
    apt: list[str] = []
    current: list[str] | None = None
    for raw in PEERS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[venv ") and line.endswith("]"):
            current = venvs.setdefault(line[6:-1].strip(), [])
        elif line == "[apt]":
            current = apt
        elif current is not None:
            current.append(line)
    return venvs, apt


def ensure_venv(name: str, requirements: list[str], *, force: bool = False) -> Path | None:
    """bench/.work/NAME with ``requirements`` installed; None (and a message) when that fails."""
    folder = WORK / name
    stamp = folder / ".bench-pins"
    wanted = "\n".join(requirements) + "\n"
    python = folder / "bin" / "python"
    if not force and python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return folder
    print(
        f"setting up {folder.relative_to(ROOT)}: pip install {' '.join(requirements)}", flush=True
    )
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *requirements,
            ],
            check=True,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        print(
            f"  could not set up {name} ({exc}); its tools are left out. "
            f"Retry with: {Path(sys.executable).name} bench/segment.py --setup",
            file=sys.stderr,
        )
        return None
    stamp.write_text(wanted)
    return folder


def po4a_version() -> str | None:
    if not shutil.which("po4a-updatepo") or not shutil.which("po4a-translate"):
        return None
    try:
        out = subprocess.run(
            ["po4a-updatepo", "--version"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return None
    match = re.search(r"version ([\w.~+-]+)", out)
    return match.group(1).rstrip(".") if match else "?"


PO4A_MISSING = (
    "po4a is not installed: its rows are left out. Install it with "
    "`apt-get install po4a` (Debian/Ubuntu; `dnf install po4a` on Fedora, "
    "`brew install po4a` on macOS)."
)


def pip_version(folder: Path, package: str) -> str:
    out = subprocess.run(
        [str(folder / "bin" / "python"), "-m", "pip", "show", package],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    match = re.search(r"^Version: (\S+)", out, flags=re.MULTILINE)
    return match.group(1) if match else "?"


# --------------------------------------------------------------------------- the tools


@dataclass
class Setup:
    """Where each tool is; None when it is not available."""

    translate_app: Path | None
    po4a: str | None
    tt_bin: Path | None
    mdpo_bin: Path | None
    repeat: int = 1
    timeout: float = 120.0
    keep: bool = False


def find_translate_app() -> Path | None:
    """The ``translate-app`` command next to this Python, in /tmp/venv, or on PATH."""
    for candidate in (
        Path(sys.executable).parent / "translate-app",
        Path("/tmp/venv/bin/translate-app"),
    ):
        if candidate.exists():
            return candidate
    found = shutil.which("translate-app")
    return Path(found) if found else None


def compile_translate_app(cli: Path) -> None:
    """Compile translate_app's modules to bytecode before any timing, as installing it does.

    An editable install (``pip install -e``) leaves that to the first import, and with
    ``PYTHONDONTWRITEBYTECODE`` set it never happens: every command would then compile
    ~100 modules again (0.03-0.04 s each time). The peers' venvs were compiled by pip.
    """
    python = cli.parent / "python"
    if not python.exists():
        return
    subprocess.run(
        [str(python), "-m", "compileall", "-q", str(ROOT / "translate_app")],
        check=False,
        stdout=subprocess.DEVNULL,
    )


def bench_po4a(source: Path, out: Path, s: Setup) -> list[Row]:
    extract = Row(
        "po4a",
        "ingest+export",
        "po4a-updatepo -f text -o markdown",
        kind="paragraphs, duplicates merged",
    )
    build = Row("po4a", "build", "po4a-translate -k 0", kind="substitutions")
    pot = out / "po4a.po"

    def once_extract(bound: float) -> float:
        pot.unlink(missing_ok=True)  # a fresh extraction, not a msgmerge update
        return run(["po4a-updatepo", *PO4A_OPTIONS, "-m", source, "-p", pot], timeout=bound)

    measure(extract, s.repeat, s.timeout, once_extract)
    if extract.seconds is None:
        build.problem = "no PO (extraction did not finish)"
        return [extract, build]
    extract.units = po_units(pot)
    pseudo = out / "po4a.pseudo.po"
    pseudo_translate(pot, pseudo)
    result = out / "po4a.md"

    def once_build(bound: float) -> float:
        return run(
            [
                "po4a-translate",
                *PO4A_OPTIONS,
                "-L",
                "UTF-8",
                "-m",
                source,
                "-p",
                pseudo,
                "-l",
                result,
                "-k",
                "0",
            ],
            timeout=bound,
        )

    measure(build, s.repeat, s.timeout, once_build)
    if build.seconds is not None:
        build.units = substitutions(result)
    return [extract, build]


def bench_translate_toolkit(source: Path, out: Path, s: Setup) -> list[Row]:
    assert s.tt_bin is not None
    md2po, posegment, po2md = (s.tt_bin / n for n in ("md2po", "posegment", "po2md"))
    quiet = ["--progress", "none"]
    extract = Row(TT, "ingest+export", "md2po", kind="paragraphs")
    segment = Row(TT, "ingest+export", "md2po + posegment", kind="sentences")
    build = Row(TT, "build", "po2md (paragraph PO)", kind="substitutions")
    po, seg = out / "tt.po", out / "tt.segmented.po"
    split: dict[str, float] = {}

    def once_extract(bound: float) -> float:
        po.unlink(missing_ok=True)
        return run([md2po, *quiet, "-i", source, "-o", po], timeout=bound)

    def once_both(bound: float) -> float:
        first = once_extract(bound)
        seg.unlink(missing_ok=True)
        second = run([posegment, *quiet, "-i", po, "-o", seg], timeout=bound - first)
        if first + second < split.get("total", float("inf")):
            split.update(total=first + second, md2po=first, posegment=second)
        return first + second

    measure(extract, s.repeat, s.timeout, once_extract)
    measure(segment, s.repeat, s.timeout, once_both)
    if segment.seconds is not None:
        segment.units = po_units(seg)
        segment.detail = f"md2po {split['md2po']:.2f} s + posegment {split['posegment']:.2f} s"
    if extract.seconds is None:
        build.problem = "no PO (extraction did not finish)"
        return [extract, segment, build]
    extract.units = po_units(po)
    # po2md looks translations up by the units md2po made: it needs the paragraph-level PO.
    pseudo = out / "tt.pseudo.po"
    pseudo_translate(po, pseudo)
    result = out / "tt.md"

    def once_build(bound: float) -> float:
        result.unlink(missing_ok=True)
        return run([po2md, *quiet, "-t", source, "-i", pseudo, "-o", result], timeout=bound)

    measure(build, s.repeat, s.timeout, once_build)
    if build.seconds is not None:
        build.units = substitutions(result)
    return [extract, segment, build]


def bench_mdpo(source: Path, out: Path, s: Setup) -> list[Row]:
    assert s.mdpo_bin is not None
    md2po, po2md = s.mdpo_bin / "md2po", s.mdpo_bin / "po2md"
    extract = Row("mdpo", "ingest+export", "md2po", kind="paragraphs, duplicates merged")
    build = Row("mdpo", "build", "po2md", kind="substitutions")
    po = out / "mdpo.po"

    def once_extract(bound: float) -> float:
        po.unlink(missing_ok=True)  # md2po -p merges into an existing file
        return run([md2po, source, "--quiet", "--save", "--po-filepath", po], timeout=bound)

    measure(extract, s.repeat, s.timeout, once_extract)
    if extract.seconds is None:
        build.problem = "no PO (extraction did not finish)"
        return [extract, build]
    extract.units = po_units(po)
    pseudo = out / "mdpo.pseudo.po"
    pseudo_translate(po, pseudo)
    result = out / "mdpo.md"

    def once_build(bound: float) -> float:
        result.unlink(missing_ok=True)
        return run(
            [po2md, source, "--quiet", "--po-files", pseudo, "--save", result], timeout=bound
        )

    measure(build, s.repeat, s.timeout, once_build)
    if build.seconds is not None:
        build.units = substitutions(result)
    return [extract, build]


@dataclass
class _Run:
    """The latest translate_app run: its database is the one import and build use."""

    number: int = 0
    folder: Path = Path()
    env: dict[str, str] = field(default_factory=dict)
    po: Path = Path()


def bench_translate_app(source: Path, s: Setup) -> list[Row]:
    """Per run, a fresh store: ``init`` (timed apart), then ``ingest --export`` (the compared
    figure); ``ingest`` + ``export`` as two commands on another fresh store; import once; build
    N times."""
    assert s.translate_app is not None
    cli = s.translate_app
    slug = source.stem
    extract = Row(TA, "ingest+export", "ingest --export uk (initialized store)", kind="sentences")
    extract1 = Row(
        TA, "ingest+export, -j 1", "ingest --export uk -j 1 (one process)", kind="sentences"
    )
    two = Row(TA, "ingest+export, 2 commands", "ingest + export --lang uk", kind="sentences")
    init = Row(TA, "init", "init (Alembic migrations, languages)", kind="empty store")
    imp = Row(TA, "import", "import (pseudo-translated PO)", kind="entries")
    build = Row(TA, "build", "build --format md --min-state draft", kind="substitutions")
    top = Path(tempfile.mkdtemp(prefix=f"ta-bench-{slug}-"))
    last = _Run()
    init_times: list[float] = []
    split: dict[str, float] = {}

    def fresh_env(folder: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSLATE_APP_")}
        env["TRANSLATE_APP_INSTANCE_PATH"] = str(folder / "instance")
        env["TRANSLATE_APP_DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
        env["TRANSLATE_APP_LANGUAGES"] = LANG
        return env

    def initialized(bound: float) -> tuple[Path, dict[str, str], float]:
        """A fresh folder with an initialized store, and the time ``init`` took."""
        last.number += 1
        folder = top / f"run{last.number}"
        folder.mkdir()
        env = fresh_env(folder)
        return folder, env, run([cli, "init"], timeout=bound, env=env, cwd=folder)

    def once_extract(bound: float, jobs: list[str] | None = None) -> float:
        folder, env, took = initialized(bound)
        init_times.append(took)
        po = folder / "export" / f"{slug}.po"
        cmd: list[str | Path] = [cli, "ingest", source, "--export", LANG, "-o", po, *(jobs or [])]
        seconds = run(cmd, timeout=bound, env=env, cwd=folder)
        if jobs is None:
            last.folder, last.env, last.po = folder, env, po
        return seconds

    def once_two(bound: float) -> float:
        folder, env, _ = initialized(bound)
        po = folder / "export" / f"{slug}.po"
        ingest = run([cli, "ingest", source], timeout=bound, env=env, cwd=folder)
        cmd: list[str | Path] = [cli, "export", slug, "--lang", LANG, "-o", po]
        export = run(cmd, timeout=bound - ingest, env=env, cwd=folder)
        if ingest + export < split.get("total", float("inf")):
            split.update(total=ingest + export, ingest=ingest, export=export)
        return ingest + export

    try:
        measure(two, s.repeat, s.timeout, once_two)
        if two.seconds is not None:
            two.detail = f"ingest {split['ingest']:.2f} s + export {split['export']:.2f} s"
        measure(extract1, s.repeat, s.timeout, lambda bound: once_extract(bound, ["-j", "1"]))
        measure(extract, s.repeat, s.timeout, once_extract)
        if init_times:
            init.seconds = min(init_times)
        if extract.seconds is None:
            imp.problem = build.problem = "no database (ingest+export did not finish)"
            return [extract, extract1, two, init, imp, build]
        if init.seconds is not None:
            extract.detail = (
                f"with init: {init.seconds + extract.seconds:.2f} s "
                f"(init {init.seconds:.2f} s + ingest --export {extract.seconds:.2f} s)"
            )
        folder, env, po = last.folder, last.env, last.po
        extract.units = extract1.units = two.units = po_units(po)
        # The PO file keeps the slug as its name: `import FILE --lang L` finds the document by it.
        pseudo = folder / "pseudo" / f"{slug}.po"
        imp.units = pseudo_translate(po, pseudo)
        measure(
            imp,
            1,
            s.timeout,
            lambda bound: run(
                [cli, "import", pseudo, "--lang", LANG], timeout=bound, env=env, cwd=folder
            ),
        )
        if imp.seconds is None:
            build.problem = "no translations (import did not finish)"
            return [extract, extract1, two, init, imp, build]
        out = folder / "build"

        def once_build(bound: float) -> float:
            shutil.rmtree(out, ignore_errors=True)
            cmd: list[str | Path] = [cli, "build", slug, "--lang", LANG, "--format", "md"]
            cmd += ["--min-state", "draft", "--out", out]
            return run(cmd, timeout=bound, env=env, cwd=folder)

        measure(build, s.repeat, s.timeout, once_build)
        if build.seconds is not None:
            built = sorted(out.rglob("*.md"), key=lambda p: (p.stem != slug, str(p)))
            if built:
                build.units = substitutions(built[0])
            else:
                build.problem = f"build wrote no .md file under {out}"
                build.seconds = None
        return [extract, extract1, two, init, imp, build]
    finally:
        if s.keep:
            print(f"  (translate_app files kept in {top})")
        else:
            shutil.rmtree(top, ignore_errors=True)


# --------------------------------------------------------------------------- the report


def ratio_text(row: Row, reference: Row | None) -> tuple[str, str]:
    """(peer_time / translate_app_time, "2.3x slower") for a peer row."""
    if row.tool == TA or not row.compared or reference is None or not reference.seconds:
        return "", ""
    if row.seconds is not None:
        r = row.seconds / reference.seconds
    elif row.stopped_after is not None:
        r = row.stopped_after / reference.seconds
        return f"> {r:.1f}", f"{row.tool} > {r:.1f}x slower"
    else:
        return "", ""
    if r >= 1:
        return f"{r:.2f}", f"{row.tool} is {r:.1f}x slower"
    return f"{r:.2f}", f"{row.tool} is {1 / r:.1f}x faster"


def print_table(title: str, rows: list[Row]) -> None:
    refs = {r.task: r for r in rows if r.tool == TA}
    head = ("tool", "task", "commands", "seconds", "units", "unit", "peer/TA", "vs translate_app")
    table = [head]
    for row in rows:
        if row.seconds is not None:
            seconds = f"{row.seconds:.3f}"
        elif row.stopped_after is not None:
            seconds = row.problem  # "> 120 s (stopped)"
        else:
            seconds = "failed" if row.problem.startswith("failed") else "not run"
        units = f"{row.units:,}" if row.units is not None else ""
        ratio, words = ratio_text(row, refs.get(row.task))
        table.append((row.tool, row.task, row.what, seconds, units, row.kind, ratio, words))
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    right = {3, 4, 6}
    print(f"\n{title}")
    for n, cells in enumerate(table):
        line = "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        print(line.rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    for row in rows:
        if row.detail:
            print(f"  {row.tool} {row.what}: {row.detail}")
        if row.problem and row.stopped_after is None:
            print(f"  {row.tool} {row.what}: {row.problem}")
    if any("merged" in r.kind for r in rows):
        print(
            "  (duplicates merged: one entry per distinct text, however often it occurs; "
            "the build still substitutes every occurrence)"
        )


def check_targets(rows: list[Row], label: str) -> list[str]:
    """The issue's targets: translate_app at most half of po4a's time, extraction and build."""

    def find(tool: str, task: str) -> Row | None:
        return next((r for r in rows if r.tool == tool and r.task == task), None)

    lines = []
    for task, peer_cmd in (("ingest+export", "po4a-updatepo"), ("build", "po4a-translate")):
        ours, po4a = find(TA, task), find("po4a", task)
        goal = f"{label} {task} in at most half of {peer_cmd}'s time"
        if ours is None or po4a is None:
            lines.append(f"  {goal}: not measured")
        elif ours.seconds is None or (po4a.seconds is None and po4a.stopped_after is None):
            lines.append(f"  {goal}: not measured ({ours.problem or po4a.problem})")
        else:
            peer = po4a.seconds if po4a.seconds is not None else po4a.stopped_after
            assert peer is not None
            limit = peer / 2
            verdict = "MET" if ours.seconds <= limit else "NOT MET"
            lines.append(
                f"  {goal}: {verdict} (translate_app {ours.seconds:.3f} s, "
                f"limit {limit:.3f} s = po4a / 2)"
            )
            lines.extend(_other_figures(rows, task, limit))
    return lines


def _other_figures(rows: list[Row], task: str, limit: float) -> list[str]:
    """The same limit against translate_app in one process (``-j 1``: no worker processes),
    and for ingest+export against init + ingest --export and the two commands."""
    ours = {r.task: r.seconds for r in rows if r.tool == TA}
    figures = []
    single = ours.get(f"{task}, -j 1")
    if single is not None:
        figures.append((f"{task} -j 1 (one process, no workers)", single))
    if task == "ingest+export":
        one, init, two = ours.get(task), ours.get("init"), ours.get("ingest+export, 2 commands")
        if one is not None and init is not None:
            figures.append(("init + ingest --export (a store created in the same run)", init + one))
        if two is not None:
            figures.append(("ingest + export as two commands (initialized store)", two))
    return [
        f"    {what}: {seconds:.3f} s, {'within' if seconds <= limit else 'over'} the limit"
        for what, seconds in figures
    ]


# --------------------------------------------------------------------------- main


def bench_input(name: str, source: Path, setup: Setup) -> list[Row]:
    out = WORK / "run" / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    size = source.stat().st_size
    print(
        f"\n== {name}: {source.relative_to(ROOT)} ({size / 1024:,.0f} KB), "
        f"best of {setup.repeat} run{'s' if setup.repeat > 1 else ''}, "
        f"time bound {setup.timeout:g} s per command",
        flush=True,
    )
    rows: list[Row] = []
    jobs: list[tuple[str, Callable[[], list[Row]]]] = []
    if setup.translate_app is not None:
        jobs.append((TA, lambda: bench_translate_app(source, setup)))
    if setup.po4a is not None:
        jobs.append(("po4a", lambda: bench_po4a(source, out, setup)))
    if setup.tt_bin is not None:
        jobs.append((TT, lambda: bench_translate_toolkit(source, out, setup)))
    if setup.mdpo_bin is not None:
        jobs.append(("mdpo", lambda: bench_mdpo(source, out, setup)))
    for label, job in jobs:
        print(f"  {label} ...", flush=True)
        started = time.perf_counter()
        rows.extend(job())
        print(f"  {label} done in {time.perf_counter() - started:.1f} s", flush=True)
    order = {
        "ingest+export": 0, "ingest+export, -j 1": 1, "ingest+export, 2 commands": 2, "init": 3,
        "import": 4, "build": 5,
    }  # fmt: skip
    rows.sort(key=lambda r: order[r.task])  # stable: translate_app first within a task
    print_table(f"{name} ({size:,} bytes)", rows)
    return rows


def describe_environment(setup: Setup) -> None:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    print(f"translate_app: {setup.translate_app or 'not run'} (commit {commit or '?'})")
    workers = max(1, min(os.cpu_count() or 1, 4))
    print(
        f"  its ingest and export use {workers} worker processes on a large document "
        "(-j, default: one per core, at most 4); the '-j 1' rows show one process. "
        "The peers run in one process."
    )
    print(f"po4a: {setup.po4a or 'not installed'}")
    if setup.tt_bin is not None:
        print(
            f"{TT}: {pip_version(setup.tt_bin.parent, 'translate-toolkit')} "
            f"(mistletoe {pip_version(setup.tt_bin.parent, 'mistletoe')})"
        )
    if setup.mdpo_bin is not None:
        print(
            f"mdpo: {pip_version(setup.mdpo_bin.parent, 'mdpo')} "
            f"(pymd4c {pip_version(setup.mdpo_bin.parent, 'pymd4c')})"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="report only, 1 run (a smoke test)")
    p.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs per figure for the report (default 3; 1 with --quick)",
    )
    p.add_argument(
        "--repeat-x100", type=int, default=1, help="runs per figure for the x100 corpus (default 1)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="time bound per measured command, in seconds (default 120)",
    )
    p.add_argument("--only-peers", action="store_true", help="leave translate_app out")
    p.add_argument(
        "--setup",
        action="store_true",
        help="install (or check) the peer virtualenvs from bench/peers.txt and exit",
    )
    p.add_argument(
        "--keep", action="store_true", help="keep translate_app's temporary database and files"
    )
    args = p.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.repeat < 1 or args.repeat_x100 < 1:
        p.error("--repeat and --repeat-x100 must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    venvs, _ = read_peers()
    folders = {name: ensure_venv(name, reqs, force=args.setup) for name, reqs in venvs.items()}
    po4a = po4a_version()
    if po4a is None:
        print(PO4A_MISSING, file=sys.stderr)
    if args.setup:
        print(
            "peer venvs: "
            + ", ".join(f"{n} {'ready' if f else 'FAILED'}" for n, f in folders.items())
        )
        print(f"po4a: {po4a or 'missing'}")
        return 0 if all(folders.values()) and po4a else 1

    tt, mdpo = folders.get("peers-venv"), folders.get("mdpo-venv")
    ta = None if args.only_peers else find_translate_app()
    if ta is None and not args.only_peers:
        print(
            "translate-app command not found (install the project: pip install -e .); "
            "showing the peers only",
            file=sys.stderr,
        )
    setup = Setup(
        translate_app=ta,
        po4a=po4a,
        tt_bin=tt / "bin" if tt else None,
        mdpo_bin=mdpo / "bin" if mdpo else None,
        timeout=args.timeout,
        keep=args.keep,
    )
    if ta is not None:
        compile_translate_app(ta)
    describe_environment(setup)
    started = time.perf_counter()

    setup.repeat = args.repeat
    report_rows = bench_input("report", REPORT, setup)
    targets = []
    if args.quick:
        targets = check_targets(report_rows, "report (a quick run; the targets are for x100):")
    else:
        corpus = make_corpus()
        setup.repeat = args.repeat_x100
        x100_rows = bench_input(f"x{COPIES}", corpus, setup)
        targets = check_targets(x100_rows, f"x{COPIES}")

    print("\ntargets (issue): translate_app at most half of po4a's time on the x100 corpus")
    print("\n".join(targets))
    print(
        f"\ntotal {time.perf_counter() - started:.0f} s; peer outputs in "
        f"{(WORK / 'run').relative_to(ROOT)}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

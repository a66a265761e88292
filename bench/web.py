"""Benchmark: the web UI and the JSON API under concurrent load, against a Flask "hello" ceiling.

One run prepares a fresh store in a temporary folder, the way ``make run`` does it: ``init``
(languages uk de fr pl es enabled, ``languages add`` for any that are missing), ``ingest source/``,
``import locales/uk/LC_MESSAGES/crossing-thresholds.po --lang uk --only-empty``, a translator for
the five languages (``users add``) and an API token made by the app's own code
(``translate_app.people.tokens.create``, what the profile page calls).  Then it serves, in turn:

* **translate_app** (a) as ``make run`` serves it: ``translate-app serve`` (gunicorn's sync
  workers, cores + 1 of them, preloaded; see translate_app/web/server.py) on SQLite; (b)
  ``translate-app serve --server werkzeug`` (werkzeug's threaded server, one process: what
  ``serve`` ran before, and still runs where gunicorn does not) on SQLite; (c) ``translate-app
  serve`` on PostgreSQL (a throwaway cluster from ``scripts/pg-test-server``; left out, with a
  note, when PostgreSQL is not installed);
* **hello**, the ceiling: a minimal Flask app (``GET /`` returns a short text, ``PUT /save``
  reads a JSON body and answers a small JSON object) served the same two ways, by the same
  code (``translate_app.web.server``).

Each server gets two loads of ``--clients`` concurrent clients (and ``--high`` clients for the
PostgreSQL case and its hello ceiling), each for ``--duration`` seconds after a warm-up:

* **editor page**: ``GET /documents/crossing-thresholds/uk/`` (the first page, ~40 segments) as
  the translator, logged in through the real login form (CSRF token included); every client
  sends the session cookie of that login;
* **save**: ``PUT /api/v1/documents/crossing-thresholds/segments/KEY/translations/LANG`` with the
  token; client *i* owns one segment in one language (distinct, not shared with identical
  sentences), sends a changed text with the version it last saw, takes the new version from the
  answer and, after a 409, re-reads the version (``GET``) before saving again.

The load generator is wrk (C; ``apt-get install wrk``) with one connection per wrk thread, so a
thread's Lua state is one client, and a Lua script for the saves; without wrk (or with
``--load-generator python``) an asyncio client in a process of its own does the same.  Both are
closed loops: a client sends its next request when the answer to the previous one arrived.
Latency is from sending a request to its full answer.  CPU time of the server, of the load
generator and of everything else on the machine is measured per load, so a starved server shows.

    python bench/web.py            # 10 s per load (~4 min in all)
    python bench/web.py --quick    # 3 s per load: a smoke test (~1.5 min)
    python bench/web.py --profile  # only the cProfile of the editor page (in-process)

Targets (issue): the editor page's p99 under 150 ms and at least 200 saves/s, with 32 clients, on
SQLite as ``make run`` serves it.  See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate_app.web.server import default_workers

if TYPE_CHECKING:
    from flask import Flask

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE = ROOT / "source"
SLUG = "crossing-thresholds"
CATALOG = ROOT / "locales" / "uk" / "LC_MESSAGES" / f"{SLUG}.po"
PG_SERVER = ROOT / "scripts" / "pg-test-server"
LANGS = ("uk", "de", "fr", "pl", "es")
EDITOR_PATH = f"/documents/{SLUG}/uk/"
USER = "bench-translator"
HELLO_TEXT = "Hello, World!"
HELLO_SAVE = "/save"
WORKERS = default_workers()
"""gunicorn workers of ``translate-app serve`` on this machine."""
EDITOR_P99_MS = 150.0
SAVES_PER_S = 200.0
TA = "translate_app"
HELLO = "hello"
WERKZEUG = "werkzeug threaded"
SERVE = f"serve: gunicorn -w {WORKERS}"
"""The server as ``make run`` runs it (``translate-app serve``)."""
EDITOR, SAVE = "editor page", "save"
GET, PUT = "GET /", "PUT (JSON)"
BUSY = 0.25
"""CPU (in cores) used by other work during a load above which the run is marked disturbed."""
TIMEOUT = 300.0
"""Bound of every preparation command, in seconds."""


# --------------------------------------------------------------------------- the hello ceiling


def hello_app() -> Flask:
    """The minimal Flask app (``python bench/web.py --serve-hello gunicorn`` serves it)."""
    from flask import Flask, jsonify, request

    app = Flask("hello")

    @app.get("/")
    def hello() -> str:
        return HELLO_TEXT

    @app.put(HELLO_SAVE)
    def save() -> Any:
        data = request.get_json(silent=True) or {}
        version = data.get("version", 0) if isinstance(data, dict) else 0
        return jsonify({"translation": {"version": int(version) + 1}})

    return app


def serve_hello(kind: str) -> int:
    """``hello_app`` served the way ``translate-app serve`` serves (``--server kind``)."""
    from translate_app.web import server

    sock = server.listen("127.0.0.1", 0)
    print(f"hello: http://127.0.0.1:{sock.getsockname()[1]}/", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        if kind == "gunicorn":
            server.run_gunicorn(hello_app(), sock, WORKERS)
        else:
            server.run_werkzeug(hello_app(), sock)
    return 0


# --------------------------------------------------------------------------- commands


class Failed(Exception):
    """A preparation step or a server did not work."""


def run(
    cmd: list[str | Path],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stdin: str | None = None,
    timeout: float = TIMEOUT,
) -> tuple[float, str]:
    """Run ``cmd`` (its own process group, killed on time-out); (seconds, stdout)."""
    args = [str(c) for c in cmd]
    start = time.perf_counter()
    with subprocess.Popen(
        args,
        env=env,
        cwd=cwd,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise Failed(f"{Path(args[0]).name} {args[1] if len(args) > 1 else ''}: "
                         f"> {timeout:g} s (killed)") from None  # fmt: skip
    if proc.returncode != 0:
        lines = [line for line in (err or out).splitlines() if line.strip()]
        raise Failed(f"{' '.join(args[:2])} exited with {proc.returncode}: "
                     f"{lines[-1] if lines else '(no message)'}")  # fmt: skip
    return time.perf_counter() - start, out


def find_command(name: str) -> Path | None:
    """``name`` next to this Python, in /tmp/venv, or on PATH."""
    for candidate in (Path(sys.executable).parent / name, Path("/tmp/venv/bin") / name):
        if candidate.exists():
            return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def version_of(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "?"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


# --------------------------------------------------------------------------- the store


@dataclass
class Target:
    """What one client saves: its own segment in one language."""

    key: str
    lang: str
    text: str
    """The text sent, a counter appended to it on each save."""

    @property
    def path(self) -> str:
        key = urllib.parse.quote(self.key, safe="")
        return f"/api/v1/documents/{SLUG}/segments/{key}/translations/{self.lang}"


@dataclass
class Store:
    """A prepared database and what the clients need to use it."""

    label: str
    """``SQLite`` or ``PostgreSQL``."""
    url: str
    folder: Path
    password: str
    token: str
    targets: list[Target]
    steps: dict[str, float] = field(default_factory=dict)

    def env(self, folder: Path | None = None, url: str | None = None) -> dict[str, str]:
        """The environment of commands and servers on this store (or a copy of it)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSLATE_APP_")}
        env.pop("GUNICORN_CMD_ARGS", None)
        env["TRANSLATE_APP_INSTANCE_PATH"] = str((folder or self.folder) / "instance")
        env["TRANSLATE_APP_DATABASE_URL"] = url or self.url
        return env


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'translate_app.db'}"


def prepare(label: str, folder: Path, url: str, cli: Path, clients: int) -> Store:
    """The report loaded in five languages, a translator with a token, ``clients`` targets."""
    store = Store(label, url, folder, password=secrets.token_urlsafe(16), token="", targets=[])
    env = store.env()
    (folder / "instance").mkdir(parents=True, exist_ok=True)

    def step(name: str, cmd: list[str | Path], stdin: str | None = None) -> str:
        seconds, out = run(cmd, env=env, cwd=ROOT, stdin=stdin)
        store.steps[name] = store.steps.get(name, 0.0) + seconds
        return out

    step("init", [cli, "init"])
    listed = step("languages", [cli, "languages", "list"])
    enabled = {line.split()[0] for line in listed.splitlines() if " enabled " in f"{line} "}
    missing = [code for code in LANGS if code not in enabled]
    if missing:
        step("languages", [cli, "languages", "add", *missing])
    step("ingest", [cli, "ingest", "source/"])
    step("import", [cli, "import", CATALOG.relative_to(ROOT), "--lang", "uk", "--only-empty"])
    step(
        "users add",
        [cli, "users", "add", USER, "--role", "translator", "--lang", ",".join(LANGS),
         "--password-stdin"],
        stdin=store.password + "\n",
    )  # fmt: skip
    started = time.perf_counter()
    store.token, store.targets = token_and_targets(url, clients)
    store.steps["token"] = time.perf_counter() - started
    return store


def token_and_targets(url: str, clients: int) -> tuple[str, list[Target]]:
    """An API token for the translator (``tokens.create``, as the profile page does it), and
    one target per client: a segment without placeholders whose sentence occurs once."""
    from sqlalchemy import select

    from translate_app.people import tokens
    from translate_app.store import db
    from translate_app.store.models import Segment, Translation, User

    engine = db.make_engine(url)
    try:
        factory = db.make_session_factory(engine)
        with db.transaction(factory) as session:
            user = session.scalars(select(User).where(User.name == USER)).one()
            secret = tokens.create(session, user, "bench/web.py").secret
            segments = list(
                session.scalars(
                    select(Segment)
                    .where(Segment.obsolete.is_(False))
                    .order_by(Segment.document_id, Segment.position)
                )
            )
            query = select(Translation.segment_id, Translation.text).where(
                Translation.language_code == "uk"
            )
            uk: dict[int, str] = dict(session.execute(query).all())
    finally:
        engine.dispose()
    groups = Counter((s.document_id, s.group_hash) for s in segments)
    alone = [
        s for s in segments
        if groups[(s.document_id, s.group_hash)] == 1 and not s.codes and s.kind == "paragraph"
    ]  # fmt: skip
    if len(alone) < clients:
        raise Failed(f"only {len(alone)} segments suit the saves; {clients} clients need one each")
    targets = []
    for i, segment in enumerate(alone[:clients]):
        lang = LANGS[i % len(LANGS)]
        text = uk.get(segment.id) if lang == "uk" else None
        targets.append(Target(segment.key, lang, (text or segment.source)[:300]))
    return secret, targets


def clone_sqlite(store: Store, folder: Path) -> str:
    """A copy of the SQLite store in ``folder`` (each server starts from the same data)."""
    source = store.url.removeprefix("sqlite:///")
    folder.mkdir(parents=True)
    shutil.copytree(store.folder / "instance", folder / "instance")
    url = sqlite_url(folder)
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(
        sqlite3.connect(url.removeprefix("sqlite:///"))
    ) as dst:
        src.backup(dst)
    return url


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    app: str
    """``translate_app`` or ``hello``."""
    kind: str
    """``serve: gunicorn -w N`` (as make run serves) or ``werkzeug threaded``."""
    database: str
    base: str
    """``http://127.0.0.1:PORT``."""
    pgid: int
    log: Path
    database_pid: int | None = None
    """PostgreSQL's postmaster: its CPU (and its backends') counts as the server's."""


PORT = re.compile(r"http://127\.0\.0\.1:(\d+)")


@contextlib.contextmanager
def serving(
    app: str, kind: str, database: str, *, cmd: list[str | Path], env: dict[str, str], log: Path,
    ready: str,
) -> Iterator[Server]:  # fmt: skip
    """Start ``cmd`` (its own process group), wait until ``ready`` answers, stop it after."""
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(c) for c in cmd], env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        port = None
        while port is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace").strip().splitlines()[-3:]
                raise Failed(f"{kind} did not start: {' | '.join(tail) or 'no output'}")
            found = PORT.search(log.read_text(errors="replace"))
            port = int(found.group(1)) if found else None
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                with urllib.request.urlopen(base + ready, timeout=5) as answer:
                    answer.read()
                break
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise Failed(f"{kind} on port {port} does not answer {ready}") from None
                time.sleep(0.1)
        yield Server(app, kind, database, base, proc.pid, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def translate_app_server(
    kind: str, store: Store, folder: Path, *, url: str, cli: Path
) -> contextlib.AbstractContextManager[Server]:
    env = store.env(folder, url)
    log = folder / f"{'werkzeug' if kind == WERKZEUG else 'gunicorn'}.log"
    cmd: list[str | Path] = [cli, "serve", "--host", "127.0.0.1", "--port", "0"]
    if kind == WERKZEUG:
        cmd += ["--server", "werkzeug"]
    return serving(TA, kind, store.label, cmd=cmd, env=env, log=log, ready="/auth/login")


def hello_server(kind: str, folder: Path) -> (
    contextlib.AbstractContextManager[Server]
):  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
    how = "werkzeug" if kind == WERKZEUG else "gunicorn"
    cmd: list[str | Path] = [sys.executable, Path(__file__), "--serve-hello", how]
    log = folder / f"hello-{'werkzeug' if kind == WERKZEUG else 'gunicorn'}.log"
    return serving(HELLO, kind, "-", cmd=cmd, env=env, log=log, ready="/")


# --------------------------------------------------------------------------- HTTP helpers


def login(base: str, password: str) -> tuple[str, int, int]:
    """Log in through the form (CSRF token from the page); (cookie, page bytes, segments)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + EDITOR_PATH, timeout=30) as answer:  # redirected to the login form
        form = answer.read().decode()
        form_url = answer.geturl()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    action = re.search(r'<form method="post" action="([^"]+)"', form)
    nxt = re.search(r'name="next" value="([^"]*)"', form)
    if token is None or action is None:
        raise Failed(f"no login form with a CSRF token at {form_url}")
    data = urllib.parse.urlencode({
        "csrf_token": token.group(1), "name": USER, "password": password,
        "next": nxt.group(1) if nxt else EDITOR_PATH,
    }).encode()  # fmt: skip
    with opener.open(urllib.parse.urljoin(form_url, action.group(1)), data, timeout=30) as answer:
        page = answer.read()
        where = urllib.parse.urlparse(answer.geturl()).path
    if where != EDITOR_PATH:
        raise Failed(f"login did not lead to the editor (ended at {where})")
    cookies = [f"{c.name}={c.value}" for c in jar]
    if not cookies:
        raise Failed("the login set no session cookie")
    return "; ".join(cookies), len(page), page.count(b"<textarea")


def api_versions(base: str, token: str, targets: list[Target]) -> list[int]:
    """The current version of each target, read through the API."""
    versions = []
    for target in targets:
        request = urllib.request.Request(
            base + target.path, headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            versions.append(int(json.load(answer)["translation"]["version"]))
    return versions


# --------------------------------------------------------------------------- CPU accounting


def _ticks_of_group(pgid: int, parent: int | None = None) -> int:
    """utime + stime (clock ticks) of the live processes in process group ``pgid`` (and of
    ``parent`` and its children: PostgreSQL's postmaster and backends)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        ppid, pgrp = int(fields[1]), int(fields[2])  # after the name: state ppid pgrp ...
        if pgrp == pgid or (parent is not None and parent in {ppid, int(entry.name)}):
            total += int(fields[11]) + int(fields[12])
    return total


def _machine_busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]) - idle


def wait_idle(pgid: int, limit: float = 60.0) -> float:
    """Wait until the server's processes stop using CPU: requests a load generator left behind
    when it stopped (already sent, still queued) must not run into the next load.  Returns the
    seconds waited."""
    if not Path("/proc/stat").exists():
        time.sleep(2.0)
        return 2.0
    started = time.perf_counter()
    quiet = 0
    ticks = _ticks_of_group(pgid)
    while quiet < 2 and time.perf_counter() - started < limit:
        time.sleep(0.25)
        now = _ticks_of_group(pgid)
        quiet = quiet + 1 if now - ticks <= 2 else 0
        ticks = now
    return time.perf_counter() - started


def machine_busy(seconds: float = 1.0) -> float:
    """CPUs in use on the machine over ``seconds`` (0 where /proc/stat is missing)."""
    if not Path("/proc/stat").exists():
        return 0.0
    hz = os.sysconf("SC_CLK_TCK")
    before = _machine_busy_ticks()
    time.sleep(seconds)
    return (_machine_busy_ticks() - before) / hz / seconds


def wait_quiet(limit: float) -> tuple[float, float]:
    """Wait up to ``limit`` seconds for other work on the machine to drop below ``BUSY``
    (our server is idle at that point); (seconds waited, CPUs busy at the end)."""
    started = time.perf_counter()
    busy = machine_busy()
    while busy > BUSY and time.perf_counter() - started < limit:
        busy = machine_busy(2.0)
    return time.perf_counter() - started, busy


@dataclass
class Cpu:
    """CPU used during one load, in cores (CPU seconds per second of wall time)."""

    server: float = 0.0
    client: float = 0.0
    other: float = 0.0


class CpuMeter:
    """Measures the server's process group, our waited children (the load generator), and the
    machine, around one load."""

    def __init__(self, pgid: int, parent: int | None = None) -> None:
        self.pgid, self.parent = pgid, parent
        self.hz = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.enabled = Path("/proc/stat").exists()

    def __enter__(self) -> CpuMeter:
        self.wall = time.perf_counter()
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.kids = kids.ru_utime + kids.ru_stime
        if self.enabled:
            self.server_ticks = _ticks_of_group(self.pgid, self.parent)
            self.busy_ticks = _machine_busy_ticks()
        return self

    def __exit__(self, *_exc: object) -> None:
        wall = time.perf_counter() - self.wall
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = Cpu(client=(kids.ru_utime + kids.ru_stime - self.kids) / wall)
        if self.enabled:
            server = (_ticks_of_group(self.pgid, self.parent) - self.server_ticks) / self.hz
            busy = (_machine_busy_ticks() - self.busy_ticks) / self.hz
            self.cpu.server = server / wall
            self.cpu.other = max(busy / wall - self.cpu.server - self.cpu.client, 0.0)


# --------------------------------------------------------------------------- load generators


@dataclass
class Load:
    """One load: who is asked what, how many clients, for how long."""

    base: str
    mode: str
    """``get`` (one path for everyone) or ``save`` (each client its target)."""
    path: str
    clients: int
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    targets: list[tuple[str, str, int]] = field(default_factory=list)
    """(path, text, version) per client, for ``save``."""
    expect: int = 200


@dataclass
class Figures:
    """What a load generator measured (latencies in milliseconds)."""

    requests: int = 0
    seconds: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    socket_errors: int = 0
    saved: int = 0
    conflicts: int = 0
    rereads: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def errors(self, expect: int, mode: str) -> int:
        ok = {expect, 409} if mode == "save" else {expect}
        return self.socket_errors + sum(n for s, n in self.statuses.items() if s not in ok)


WRK_SCRIPT = r"""
-- written by bench/web.py: one wrk thread = one connection = one client
local mode = "%(mode)s"
local targets = { %(targets)s }
local headers = { %(headers)s }
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  saved, conflicts, rereads = 0, 0, 0
  n, reread, pending = 0, false, "get"
  if mode == "save" then
    target = targets[id]
    version = target[3]
    put_headers = { ["Content-Type"] = "application/json" }
    for k, v in pairs(headers) do put_headers[k] = v end
  end
end

function request()
  if mode ~= "save" then
    return wrk.format("GET", "%(path)s", headers)
  end
  if reread then
    pending = "get"
    return wrk.format("GET", target[1], headers)
  end
  n = n + 1
  pending = "put"
  local body = '{"text":"' .. target[2] .. ' (' .. id .. '.' .. n .. ')","version":'
    .. version .. '}'
  return wrk.format("PUT", target[1], put_headers, body)
end

function response(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
  if mode ~= "save" then return end
  if status == 200 then
    local v = string.match(body, '.*"version":%%s*(%%d+)')
    if v then version = tonumber(v) end
    if pending == "put" then saved = saved + 1 else rereads = rereads + 1 end
    reread = false
  elseif status == 409 then
    conflicts = conflicts + 1
    reread = true
  end
end

function done(summary, latency, requests)
  local st, sv, cf, rr = {}, 0, 0, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses") or {}) do st[k] = (st[k] or 0) + v end
    sv = sv + (t:get("saved") or 0)
    cf = cf + (t:get("conflicts") or 0)
    rr = rr + (t:get("rereads") or 0)
  end
  local parts = {}
  for k, v in pairs(st) do table.insert(parts, '"' .. k .. '":' .. v) end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%%d,"duration_us":%%d,"socket_errors":%%d,"p50_us":%%d,"p99_us":%%d,' ..
    '"saved":%%d,"conflicts":%%d,"rereads":%%d,"statuses":{%%s}}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), sv, cf, rr, table.concat(parts, ",")))
end
"""


def _lua(text: str) -> str:
    """A Lua string literal (Lua 5.1 escapes: printable ASCII kept, other bytes as \\ddd)."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        out.append(char if 32 <= byte < 127 and char not in '\\"' else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def wrk_load(wrk: Path, load: Load, folder: Path) -> Figures:
    """``load`` with wrk: ``-t C -c C`` (one connection per thread), a Lua script."""
    targets = ", ".join(
        "{" + ", ".join([_lua(p), _lua(json.dumps(t)[1:-1]), str(v)]) + "}"
        for p, t, v in load.targets
    )
    headers = ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in load.headers.items())
    script = folder / f"wrk-{load.mode}.lua"
    script.write_text(
        WRK_SCRIPT % {"mode": load.mode, "targets": targets, "headers": headers,
                      "path": load.path}, encoding="utf-8"
    )  # fmt: skip
    seconds = max(round(load.seconds), 1)
    clients = str(load.clients)
    cmd: list[str | Path] = [wrk, "-t", clients, "-c", clients, "-d", f"{seconds}s",
                             "--timeout", "30s", "-s", script, load.base + load.path]  # fmt: skip
    _, out = run(cmd, timeout=seconds + 60)
    line = next((x for x in out.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise Failed(f"wrk printed no figures: {out.strip()[-200:]}")
    data = json.loads(line.removeprefix("BENCH "))
    return Figures(
        requests=data["requests"], seconds=data["duration_us"] / 1e6,
        p50=data["p50_us"] / 1000, p99=data["p99_us"] / 1000,
        statuses={int(k): v for k, v in data["statuses"].items()},
        socket_errors=data["socket_errors"], saved=data["saved"],
        conflicts=data["conflicts"], rereads=data["rereads"],
    )  # fmt: skip


def python_load(load: Load, folder: Path) -> Figures:
    """``load`` with the asyncio client below, in a process of its own."""
    spec = folder / f"client-{load.mode}.json"
    spec.write_text(json.dumps(load.__dict__), encoding="utf-8")
    _, out = run([sys.executable, Path(__file__), "--client-run", spec],
                 timeout=load.seconds + 60)  # fmt: skip
    data = json.loads(out.strip().splitlines()[-1].removeprefix("BENCH "))
    data["statuses"] = {int(k): v for k, v in data["statuses"].items()}
    return Figures(**data)


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
) -> tuple[int, bytes, bool]:
    """Send one request; (status, body, whether the server keeps the connection)."""
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    if fields.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while size := int((await reader.readuntil(b"\r\n")).strip() or b"0", 16):
            body += await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    elif "content-length" in fields:
        body = await reader.readexactly(int(fields["content-length"]))
    else:
        body = await reader.read()
    keep = fields.get("connection", "").lower() != "close" and lines[0].startswith("HTTP/1.1")
    return status, body, keep


async def _client(
    load: Load, number: int, deadline: float, latencies: list[float], figures: Figures
) -> None:
    url = urllib.parse.urlparse(load.base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    common = "".join(f"{k}: {v}\r\n" for k, v in load.headers.items())
    path, text, version = load.targets[number] if load.mode == "save" else (load.path, "", 0)
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    reread, n = False, 0
    version_re = re.compile(rb'.*"version":\s*(\d+)', re.S)
    while time.perf_counter() < deadline:
        if load.mode == "save" and not reread:
            n += 1
            body = json.dumps({"text": f"{text} ({number + 1}.{n})", "version": version}).encode()
            raw = (f"PUT {path} HTTP/1.1\r\nHost: {host}\r\n{common}Content-Type: "
                   f"application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        else:
            raw = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{common}\r\n".encode()
        try:
            if conn is None:
                conn = await asyncio.open_connection(host, port)
            started = time.perf_counter()
            status, answer, keep = await _exchange(*conn, raw)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            figures.socket_errors += 1
            if conn is not None:
                conn[1].close()
            conn = None
            continue
        if time.perf_counter() > deadline:
            break  # answered after the end: not counted, as wrk does it
        latencies.append(time.perf_counter() - started)
        figures.statuses[status] = figures.statuses.get(status, 0) + 1
        if not keep:
            conn[1].close()
            conn = None
        if load.mode != "save":
            continue
        if status == 200:
            found = version_re.match(answer)
            version = int(found.group(1)) if found else version
            if reread:
                figures.rereads += 1
            else:
                figures.saved += 1
            reread = False
        elif status == 409:
            figures.conflicts += 1
            reread = True
    if conn is not None:
        conn[1].close()


async def _run_clients(load: Load) -> Figures:
    figures = Figures()
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + load.seconds
    await asyncio.gather(*(
        _client(load, i, deadline, latencies, figures) for i in range(load.clients)
    ))  # fmt: skip
    figures.seconds = time.perf_counter() - started
    figures.requests = len(latencies)
    latencies.sort()
    if latencies:
        figures.p50 = latencies[len(latencies) // 2] * 1000
        figures.p99 = latencies[min(int(len(latencies) * 0.99), len(latencies) - 1)] * 1000
    return figures


def client_run(spec: Path) -> int:
    """``--client-run SPEC``: one load with the asyncio client; prints ``BENCH {json}``."""
    data = json.loads(spec.read_text(encoding="utf-8"))
    data["targets"] = [tuple(t) for t in data["targets"]]
    figures = asyncio.run(_run_clients(Load(**data)))
    print("BENCH " + json.dumps(figures.__dict__))
    return 0


# --------------------------------------------------------------------------- loads and rows


@dataclass
class Row:
    app: str
    server: str
    database: str
    request: str
    clients: int
    figures: Figures | None = None
    cpu: Cpu | None = None
    expect: int = 200
    mode: str = "get"
    problem: str = ""
    note: str = ""
    load: Load | None = None
    drain: float = 0.0
    """Seconds the server kept working on requests sent before the load generator stopped."""

    @property
    def errors(self) -> int:
        assert self.figures is not None
        return self.figures.errors(self.expect, self.mode)

    @property
    def ok_per_s(self) -> float:
        """Successful saves (or 200 answers) per second."""
        f = self.figures
        if f is None or not f.seconds:
            return 0.0
        if self.mode == "save":
            return f.saved / f.seconds
        return f.statuses.get(self.expect, 0) / f.seconds


@dataclass
class Bench:
    """What the loads share."""

    generator: str
    """``wrk`` or ``python``."""
    wrk: Path | None
    seconds: float
    warmup: float
    folder: Path
    quiet_wait: float = 0.0
    """Seconds to wait, before each load, for other work on the machine to stop."""
    rows: list[Row] = field(default_factory=list)

    def generate(self, load: Load) -> Figures:
        if self.generator == "wrk":
            assert self.wrk is not None
            return wrk_load(self.wrk, load, self.folder)
        return python_load(load, self.folder)

    def measure(
        self,
        server: Server,
        request: str,
        clients: int,
        make: Callable[[float], Load],
        *,
        saves: bool = False,
    ) -> Row:
        """Warm up, then measure ``make(seconds) -> Load`` against ``server``; add the row."""
        row = Row(server.app, server.kind, server.database, request, clients,
                  mode="save" if saves else "get")  # fmt: skip
        print(f"  {server.app} | {server.kind} | {server.database} | {request} | "
              f"{clients} clients ...", end="", flush=True)  # fmt: skip
        try:
            if self.warmup > 0:
                self.generate(make(self.warmup))
                wait_idle(server.pgid)
            if self.quiet_wait > 0:
                waited, busy = wait_quiet(self.quiet_wait)
                if waited >= 1.5:
                    print(f" (waited {waited:.0f} s for other work to stop: "
                          f"{busy:.2f} CPUs busy)", end="", flush=True)  # fmt: skip
            load = make(self.seconds)
            with CpuMeter(server.pgid, server.database_pid) as meter:
                row.figures = self.generate(load)
            row.cpu = meter.cpu
            row.drain = wait_idle(server.pgid)
            row.expect = load.expect
            row.load = load
            print(f" {row.figures.rps:,.0f} req/s, p50 {row.figures.p50:.1f} ms, "
                  f"p99 {row.figures.p99:.1f} ms, {row.errors} errors "
                  f"(other work: {meter.cpu.other:.2f} CPUs)", flush=True)  # fmt: skip
        except (Failed, OSError, ValueError, KeyError, urllib.error.URLError) as exc:
            row.problem = f"failed: {exc}"
            print(f" {row.problem}", flush=True)
        self.rows.append(row)
        return row


def save_load(
    server: Server, token: str, targets: list[Target], clients: int, seconds: float
) -> Load:
    chosen = targets[:clients]
    versions = api_versions(server.base, token, chosen)
    return Load(
        server.base, "save", chosen[0].path, clients, seconds,
        headers={"Authorization": f"Bearer {token}"},
        targets=[(t.path, t.text, v) for t, v in zip(chosen, versions, strict=True)],
    )  # fmt: skip


def bench_translate_app(
    bench: Bench, server: Server, store: Store, client_counts: list[int]
) -> None:
    cookie, size, cards = login(server.base, store.password)
    print(f"  logged in through the form on {server.kind}: the editor page is "
          f"{size / 1024:.0f} KB with {cards} segments", flush=True)  # fmt: skip
    for clients in client_counts:
        editor = partial(Load, server.base, "get", EDITOR_PATH, clients, headers={"Cookie": cookie})
        bench.measure(server, EDITOR, clients, editor)
        saves = partial(save_load, server, store.token, store.targets, clients)
        row = bench.measure(server, SAVE, clients, saves, saves=True)
        if row.figures is not None and row.load is not None:
            after = api_versions(server.base, store.token, store.targets[:clients])
            advanced = sum(after) - sum(v for _p, _t, v in row.load.targets)
            counted = row.figures.saved
            # A save answered after the end of the load is written but not counted: at most
            # one per client.
            verdict = "ok" if counted <= advanced <= counted + clients else "MISMATCH"
            row.note = (f"check {verdict}: versions advanced {advanced:,} during the load, "
                        f"{counted:,} saves answered 200")  # fmt: skip


def bench_hello(bench: Bench, server: Server, client_counts: list[int]) -> None:
    for clients in client_counts:
        bench.measure(server, GET, clients, partial(Load, server.base, "get", "/", clients))
        targets = [(HELLO_SAVE, "hello", 0)] * clients
        saves = partial(Load, server.base, "save", HELLO_SAVE, clients, targets=targets)
        bench.measure(server, PUT, clients, saves, saves=True)


# --------------------------------------------------------------------------- the table


def ceiling(rows: list[Row], row: Row) -> Row | None:
    """The hello row of the same server kind, request kind and clients."""
    want = PUT if row.mode == "save" else GET
    for other in rows:
        if (other.app == HELLO and other.server == row.server and other.request == want
                and other.clients == row.clients and other.figures is not None):  # fmt: skip
            return other
    return None


def print_table(rows: list[Row], generator: str) -> None:
    head = ("app", "server", "db", "request", "clients", "req/s", "ok/s", "p50 ms", "p99 ms",
            "errors", "409", "req/s ÷ hello", "p99 × hello", "CPU srv/gen/other")  # fmt: skip
    table: list[tuple[str, ...]] = [head]
    for row in rows:
        cells = [row.app, row.server, row.database, row.request, str(row.clients)]
        f = row.figures
        if f is None:
            table.append((*cells, row.problem, *[""] * (len(head) - 6)))
            continue
        hello = ceiling(rows, row)
        ratio = p99x = ""
        if row.app != HELLO and hello is not None and hello.figures is not None:
            ratio = f"{f.rps / hello.figures.rps:.3f}" if hello.figures.rps else ""
            p99x = f"{f.p99 / hello.figures.p99:.0f}x" if hello.figures.p99 else ""
        cpu = row.cpu or Cpu()
        table.append((
            *cells, f"{f.rps:,.0f}", f"{row.ok_per_s:,.0f}", f"{f.p50:.1f}", f"{f.p99:.1f}",
            f"{row.errors:,}", f"{f.conflicts:,}" if row.mode == "save" else "",
            ratio, p99x, f"{cpu.server:.2f}/{cpu.client:.2f}/{cpu.other:.2f}",
        ))  # fmt: skip
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    right = set(range(4, len(head)))
    print(f"\nweb load, {generator}: requests/s, latency from request sent to answer received")
    for n, line in enumerate(table):
        print("  ".join(c.rjust(w) if i in right else c.ljust(w)
                        for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print("  ok/s: answers 200 per second (saves: versions written); errors: socket errors and "
          "unexpected statuses (409s are counted apart);\n  ratios against hello on the same "
          "server, same request kind (GET or PUT), same clients;\n  CPU in cores: server "
          "(PostgreSQL's processes included) / load generator / everything else")  # fmt: skip
    for row in rows:
        f = row.figures
        if f is None:
            continue
        odd = {s: n for s, n in sorted(f.statuses.items()) if s not in {row.expect, 409}}
        extra = []
        if odd or f.socket_errors:
            extra.append(f"statuses {odd or '{}'}, socket errors {f.socket_errors}")
        if row.mode == "save" and (f.conflicts or f.rereads):
            extra.append(f"{f.conflicts} conflicts (409), {f.rereads} re-reads")
        if row.note:
            extra.append(row.note)
        if extra:
            print(f"  {row.app} | {row.server} | {row.database} | {row.request} | "
                  f"{row.clients}: {'; '.join(extra)}")  # fmt: skip
    busy = [r.cpu.other for r in rows if r.cpu is not None]
    if busy and max(busy) > BUSY:
        print(f"  WARNING: other work used up to {max(busy):.2f} of the {os.cpu_count()} CPUs "
              f"during the loads (column 'other', mean {sum(busy) / len(busy):.2f}): the "
              "figures are lower than on a quiet machine")  # fmt: skip


def check_targets(rows: list[Row], clients: int) -> list[str]:
    def find(request: str) -> Row | None:
        return next((r for r in rows if r.app == TA and r.server == SERVE
                     and r.database == "SQLite" and r.request == request
                     and r.clients == clients), None)  # fmt: skip

    lines = []
    editor, save = find(EDITOR), find(SAVE)
    goal = f"editor page p99 under {EDITOR_P99_MS:g} ms ({clients} clients, make run, SQLite)"
    if editor is None or editor.figures is None:
        lines.append(f"  {goal}: not measured ({editor.problem if editor else 'no row'})")
    else:
        met = editor.figures.p99 < EDITOR_P99_MS and editor.errors == 0
        lines.append(f"  {goal}: {'MET' if met else 'NOT MET'} "
                     f"(p99 {editor.figures.p99:.0f} ms, {editor.errors} errors)")  # fmt: skip
    goal = f"at least {SAVES_PER_S:g} saves/s ({clients} clients, make run, SQLite)"
    if save is None or save.figures is None:
        lines.append(f"  {goal}: not measured ({save.problem if save else 'no row'})")
    else:
        met = save.ok_per_s >= SAVES_PER_S and save.errors == 0
        lines.append(f"  {goal}: {'MET' if met else 'NOT MET'} "
                     f"({save.ok_per_s:,.0f} saves/s, {save.errors} errors)")  # fmt: skip
    return lines


# --------------------------------------------------------------------------- profile


def _area(filename: str, name: str) -> str:
    """Which library (or part of translate_app) a profiled function belongs to."""
    if filename == "~":
        return "sqlite3 (C)" if "sqlite3" in name else "builtins (C)"
    path = filename.replace("\\", "/")
    if "/templates/" in path and path.endswith(".html"):
        return "templates (compiled Jinja code)"
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/translate_app/" in path:
        parts = path.split("/translate_app/", 1)[1].split("/")
        return "translate_app." + ".".join(p.removesuffix(".py") for p in parts[:2])
    return "stdlib: " + Path(path).stem


def profile_editor(store: Store, folder: Path, count: int) -> None:
    """cProfile of ``count`` editor page requests in-process (Flask test client, no HTTP)."""
    import cProfile
    import pstats

    url = clone_sqlite(store, folder) if store.label == "SQLite" else store.url
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(store.env(folder, url))
    try:
        from translate_app.web import create_app

        app = create_app()
        client = app.test_client()
        form = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        answer = client.post("/auth/login", data={
            "csrf_token": token.group(1), "name": USER, "password": store.password, "next": ""})
        if answer.status_code != 302:
            raise Failed(f"in-process login answered {answer.status_code}")
        for _ in range(3):
            assert client.get(EDITOR_PATH).status_code == 200
        started = time.perf_counter()
        for _ in range(count):
            client.get(EDITOR_PATH)
        plain = (time.perf_counter() - started) / count
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(count):
            client.get(EDITOR_PATH)
        profiler.disable()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    stats: Any = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats
    total = sum(tt for _cc, _nc, tt, _ct, _callers in raw.values())
    areas: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tt, _ct, _callers) in raw.items():
        area = _area(filename, name)
        areas[area] = areas.get(area, 0.0) + tt
    print(f"\nwhere the editor page's time goes: {count} requests in-process on {store.label} "
          f"(Flask test client, no HTTP, one at a time): {plain * 1000:.1f} ms each without "
          f"the profiler, {total / count * 1000:.1f} ms with it")  # fmt: skip
    print("  own time by library (share of the profiled total):")
    for area, seconds in sorted(areas.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {seconds / total:6.1%}  {seconds / count * 1000:6.2f} ms  {area}")
    print("  cumulative time of translate_app's functions and the template (per request):")
    ours = []
    for (filename, line, name), (_cc, nc, _tt, ct, _callers) in raw.items():
        path = filename.replace("\\", "/")
        if "/translate_app/" in path or (name == "render_template" and "flask" in path):
            where = path.split("/translate_app/", 1)[-1] if "/translate_app/" in path else "flask"
            ours.append((ct, nc, f"{where}:{line} {name}"))
    for ct, nc, label in sorted(ours, reverse=True)[:14]:
        per = ct / count * 1000
        print(f"    {ct / total:6.1%}  {per:6.2f} ms  {nc // count:>5} calls  {label}")
    sql = next((v for k, v in raw.items() if k[2] == "<method 'execute' of 'sqlite3.Cursor' "
                "objects>"), None)  # fmt: skip
    if sql is not None:
        print(f"  SQL statements per request: {sql[1] // count} "
              f"({sql[2] / count * 1000:.2f} ms inside SQLite)")  # fmt: skip


# --------------------------------------------------------------------------- main


def describe(args: argparse.Namespace, generator: str, wrk: Path | None,
             gunicorn: Path | None) -> None:  # fmt: skip
    from importlib.metadata import version

    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                            capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, {platform.platform()}; load average {' '.join(load)}")
    print(f"translate_app commit {commit or '?'}; Flask {version('flask')}, Werkzeug "
          f"{version('werkzeug')}, SQLAlchemy {version('sqlalchemy')}, SQLite "
          f"{sqlite3.sqlite_version}, gunicorn {version('gunicorn') if gunicorn else 'missing'}")
    if generator == "wrk":
        print(f"load generator: {version_of([str(wrk), '-v']).split(' [')[0]} (C), one "
              "connection per thread (-t C -c C), a Lua script per load; closed loop")
    else:
        print("load generator: Python asyncio client (raw HTTP/1.1, keep-alive) in its own "
              "process; closed loop")  # fmt: skip
    wait = (f"; before each, up to {args.quiet_wait:g} s of waiting for other work to stop"
            if args.quiet_wait > 0 else "")
    print(f"each load: {args.warmup:g} s warm-up, then {args.duration:g} s measured; "
          f"{args.clients} clients (and {args.high} on PostgreSQL){wait}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--quick", action="store_true", help="3 s per load, 1 s warm-up")
    p.add_argument("--duration", type=float, help="seconds per load (10; 3 with --quick)")
    p.add_argument("--warmup", type=float, help="warm-up seconds per load (2; 1 with --quick)")
    p.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    p.add_argument("--high", type=int, default=64,
                   help="clients of the second PostgreSQL load (64)")  # fmt: skip
    p.add_argument("--load-generator", choices=["wrk", "python"],
                   help="wrk (default when installed) or the asyncio client")  # fmt: skip
    p.add_argument("--no-postgresql", action="store_true", help="leave PostgreSQL out")
    p.add_argument("--profile", action="store_true",
                   help="only profile the editor page in-process (cProfile) and exit")  # fmt: skip
    p.add_argument("--no-profile", action="store_true", help="skip the profile after the loads")
    p.add_argument("--quiet-wait", type=float, default=0.0, metavar="S",
                   help="before each load, wait up to S seconds until other work on the "
                   "machine uses under a quarter of a CPU (0: do not wait)")  # fmt: skip
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, data)")
    p.add_argument("--serve-hello", choices=["gunicorn", "werkzeug"], help=argparse.SUPPRESS)
    p.add_argument("--client-run", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.duration is None:
        args.duration = 3.0 if args.quick else 10.0
    if args.warmup is None:
        args.warmup = 1.0 if args.quick else 2.0
    if args.clients < 1 or args.high < 1 or args.duration <= 0:
        p.error("--clients, --high and --duration must be positive")
    return args


def postmaster(folder: Path) -> int | None:
    """The pid of the cluster's postmaster (first line of ``data/postmaster.pid``)."""
    try:
        return int((folder / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def postgresql(folder: Path) -> Iterator[str | None]:
    """A throwaway cluster's URL (None, with a note, when PostgreSQL cannot start)."""
    try:
        _, out = run([PG_SERVER, "start", folder], timeout=120)
    except (Failed, OSError) as exc:
        print(f"\nPostgreSQL left out: {exc}", flush=True)
        yield None
        return
    try:
        yield out.strip().splitlines()[-1]
    finally:
        with contextlib.suppress(Failed, OSError):
            run([PG_SERVER, "stop", folder], timeout=120)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_hello:
        return serve_hello(args.serve_hello)
    if args.client_run is not None:
        return client_run(args.client_run)
    cli, gunicorn = find_command("translate-app"), find_command("gunicorn")
    wrk = shutil.which("wrk")
    if cli is None:
        print("translate-app not found (pip install -e .)", file=sys.stderr)
        return 1
    generator = args.load_generator or ("wrk" if wrk else "python")
    if generator == "wrk" and wrk is None:
        print("wrk not found (apt-get install wrk); use --load-generator python", file=sys.stderr)
        return 1
    top = Path(tempfile.mkdtemp(prefix="ta-bench-web-"))
    started = time.perf_counter()
    try:
        store = prepare("SQLite", top / "base", sqlite_url(top / "base"), cli, args.high)
        print("store: " + ", ".join(f"{k} {v:.2f} s" for k, v in store.steps.items())
              + f" ({len(store.targets)} save targets, token {store.token[:8]}…)")  # fmt: skip
        if args.profile:
            profile_editor(store, top / "profile", 20)
            return 0
        describe(args, generator, Path(wrk) if wrk else None, gunicorn)
        bench = Bench(generator, Path(wrk) if wrk else None, args.duration, args.warmup, top,
                      quiet_wait=args.quiet_wait)  # fmt: skip
        kinds = [SERVE, WERKZEUG]
        for kind in kinds:
            counts = [args.clients] + ([args.high] if kind == SERVE else [])
            print(f"\n== hello, {kind}", flush=True)
            with hello_server(kind, top) as server:
                bench_hello(bench, server, counts)
        for n, kind in enumerate(kinds):
            folder = top / f"sqlite-{n}"
            url = clone_sqlite(store, folder)
            print(f"\n== translate_app, {kind}, SQLite", flush=True)
            try:
                with translate_app_server(
                    kind, store, folder, url=url, cli=cli
                ) as server:
                    bench_translate_app(bench, server, store, [args.clients])
            except (Failed, urllib.error.URLError, OSError) as exc:
                print(f"  failed: {exc}")
        if not args.no_postgresql:
            pg_dir = Path(tempfile.mkdtemp(prefix="ta-bench-web-pg-"))
            with postgresql(pg_dir) as pg_url:
                if pg_url is not None:
                    print(f"\n== translate_app, {SERVE}, PostgreSQL", flush=True)
                    pg = prepare("PostgreSQL", top / "pg", pg_url, cli, args.high)
                    print("store: " + ", ".join(f"{k} {v:.2f} s" for k, v in pg.steps.items()))
                    try:
                        with translate_app_server(
                            SERVE, pg, top / "pg", url=pg_url, cli=cli
                        ) as server:
                            server.database_pid = postmaster(pg_dir)
                            bench_translate_app(bench, server, pg, [args.clients, args.high])
                    except (Failed, urllib.error.URLError, OSError) as exc:
                        print(f"  failed: {exc}")
        print_table(bench.rows, "wrk" if generator == "wrk" else "Python asyncio client")
        print(f"\ntargets (issue): {args.clients} clients, SQLite, served as make run serves it")
        print("\n".join(check_targets(bench.rows, args.clients)))
        if not args.no_profile:
            try:
                profile_editor(store, top / "profile", 20)
            except (Failed, AssertionError, OSError) as exc:
                print(f"\nprofile of the editor page failed: {exc!r}")
        print(f"\ntotal {time.perf_counter() - started:.0f} s")
        return 0
    finally:
        if args.keep:
            print(f"(files kept in {top})")
        else:
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Pacing towards providers: a rate and Retry-After holds shared by every process via Redis."""

from __future__ import annotations

import multiprocessing
import time

from tests.test_drafting_jobs import redis_url  # noqa: F401 - fixture: a redis-server of our own
from translate_app.machinery.limits import Pacer, SharedPacer, make_pacer
from translate_app.machinery.settings import EngineSettings


def test_local_pacer_spaces_requests_by_the_rate() -> None:
    slept: list[float] = []
    pacer = Pacer(rate=10, sleep=slept.append)
    for _ in range(5):
        pacer.wait()
    assert len(slept) == 4  # the first request goes at once
    assert all(0.05 < s <= 0.4 + 1e-6 for s in slept)
    assert slept == sorted(slept)  # each waits for one more slot (0.1 s apart)
    assert slept[-1] > 0.3


def test_rate_comes_from_the_engine_settings() -> None:
    settings = EngineSettings.from_config({"TRANSLATE_APP_GOOGLE_RATE": "2.5"}, "google")
    assert settings.rate == 2.5 and settings.redis_url == ""
    shared = EngineSettings.from_config({"REDIS_URL": "redis://127.0.0.1:1/0"}, "libre")
    assert shared.redis_url == "redis://127.0.0.1:1/0"
    assert type(make_pacer("google", 2.5, None)) is Pacer


def _worker(url: str, rounds: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    pacer = SharedPacer(url, "google", rate=20)
    stamps = []
    for _ in range(rounds):
        pacer.wait()
        stamps.append(time.time())
    out.put(stamps)


def test_shared_pacer_holds_the_rate_across_processes(redis_url: str) -> None:  # noqa: F811
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    procs = [context.Process(target=_worker, args=(redis_url, 10, out)) for _ in range(3)]
    for p in procs:
        p.start()
    stamps = sorted(t for _ in procs for t in out.get(timeout=60))
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    # 30 requests at 20/s from three processes: the budget is shared, so ~1.45 s in all,
    # where three unshared pacers would each take 0.45 s side by side
    assert len(stamps) == 30
    assert stamps[-1] - stamps[0] >= 1.3


def test_retry_after_hold_is_seen_by_another_process(redis_url: str) -> None:  # noqa: F811
    first = SharedPacer(redis_url, "mymemory")
    slept: list[float] = []
    second = SharedPacer(redis_url, "mymemory", sleep=slept.append)
    first.hold_for(0.8)  # a 429 with Retry-After in one worker
    second.wait()  # another worker, another connection
    assert len(slept) == 1 and 0.5 < slept[0] <= 0.8

"""Machine drafting from the UI: start a job, follow its progress bar, read the outbound log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import build_document
from tests.test_web_support import Site
from translate_app import drafting, workflow
from translate_app.documents.ingesting import ingest
from translate_app.store.models import DraftJob, OutboundRequest, Segment
from translate_app.store.states import State
from translate_app.web.database import web_state

pytest_plugins = ["tests.test_web_support"]


@pytest.fixture(autouse=True)
def _no_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)


def test_only_editors_and_admins_of_the_language_may_draft(site: Site) -> None:
    assert site.client("olena").get("/admin/drafting").status_code == 403
    dieter = site.client("dieter")
    assert dieter.get("/admin/drafting").status_code == 200
    refused = dieter.post("/admin/drafting", {"document": "report", "lang": "uk",
                                              "engine": "memory"})  # fmt: skip
    assert refused.status_code == 403
    ed = site.client("ed")
    url = ed.post("/admin/drafting", {"document": "report", "lang": "uk", "engine": "memory",
                                      "engine_url": "http://127.0.0.1:9/"})  # fmt: skip
    assert url.status_code == 403 and "only admins" in url.get_data(as_text=True)


def test_a_job_starts_shows_live_progress_and_its_outbound_log(site: Site) -> None:
    with site.session() as session:
        ingest(session, build_document(["The road was long.", "The shops were shut.",
                                        "Something new entirely."], slug="other", path="o.md"))
        session.commit()
    ed = site.client("ed")
    page = ed.get("/admin/drafting").get_data(as_text=True)
    assert "<option selected>google</option>" in page and "<option>memory</option>" in page
    started = ed.post("/admin/drafting", {"document": "other", "lang": "uk", "engine": "memory",
                                          "only_empty": "1"})  # fmt: skip
    assert started.status_code == 303
    with site.session() as session:
        job = session.scalar(select(DraftJob))
        assert job is not None and (job.status, job.total) == ("queued", 3)
        job_id = job.id
    assert started.headers["Location"] == f"/admin/drafting/jobs/{job_id}"
    waiting = ed.get(f"/admin/drafting/jobs/{job_id}").get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in waiting and "queued" in waiting
    with site.session() as session:  # the worker's part, done here
        status = drafting.run_job(session, job_id, config=web_state(site.app).config)
        assert status.status == "done"
        session.add(OutboundRequest(engine="libre", host="127.0.0.1:5001", segment_keys=["k1"],
                                    characters=42, language_code="uk", job_id=job_id,
                                    duration_ms=12))  # fmt: skip
        session.commit()
    progress = ed.get(f"/admin/drafting/jobs/{job_id}/progress", headers={"HX-Request": "true"})
    html = progress.get_data(as_text=True)
    assert "hx-trigger" not in html and "done" in html and " of 3 drafted, 0 failed" in html
    log = ed.get(f"/admin/drafting/jobs/{job_id}").get_data(as_text=True)
    assert "<code>127.0.0.1:5001</code>" in log and ">42<" in log
    with site.session() as session:
        road = session.scalars(select(Segment).where(Segment.source == "The road was long.")
                               .order_by(Segment.id.desc())).first()  # fmt: skip
        assert road is not None
        tr = workflow.get_translation(session, road, "uk")
    assert (tr.text, tr.state, tr.origin) == ("Дорога була довгою.", State.DRAFT, "tm:100")
    assert site.client("greta").get(f"/admin/drafting/jobs/{job_id}").status_code == 403
    dashboard = ed.get("/admin/drafting").get_data(as_text=True)
    assert f"/admin/drafting/jobs/{job_id}" in dashboard and "127.0.0.1:5001" in dashboard


def test_the_menu_links_to_drafting_for_those_who_may_draft(site: Site) -> None:
    # the link was guarded by a view name that did not exist, so it never showed (issue 18)
    for name in ("ed", "root"):
        page = site.client(name).get("/").get_data(as_text=True)
        assert 'href="/admin/drafting"' in page, name
    assert 'href="/admin/drafting"' not in site.client("olena").get("/").get_data(as_text=True)

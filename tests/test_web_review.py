"""Review: approve and reject one by one or in batch; four-eyes and approvals-needed come
from the workflow; reasons reach the translator."""

from __future__ import annotations

import re

from tests.test_web_support import SLUG, Site
from translate_app import workflow
from translate_app.people.languages import enable_language
from translate_app.store.models import CheckResult
from translate_app.store.states import State

pytest_plugins = ["tests.test_web_support"]

REVIEW = f"/review/{SLUG}/uk"


def state(site: Site, index: int) -> tuple[State, int]:
    with site.session() as session:
        tr = workflow.get_translation(session, site.segment(session, index), "uk")
        return tr.state, tr.version


def test_the_review_page_lists_texts_waiting_with_checkboxes(site: Site) -> None:
    html = site.client("ed").get(f"{REVIEW}/").get_data(as_text=True)
    rows = re.findall(r'<article id="seg-([^"]+)" class="review-row', html)
    assert rows == [site.keys[4], site.keys[8], site.keys[9]]
    assert html.count('name="key"') == 3 and html.count(' form="batch"') == 6


def test_approve_one_shows_who_and_when(site: Site) -> None:
    key = site.keys[4]
    response = site.client("ed").post(f"{REVIEW}/segments/{key}/approve", {"version": "1"},
                                      htmx=True)  # fmt: skip
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "state-approved" in html and "approved by Ed" in html and "<time" in html
    assert state(site, 4) == (State.APPROVED, 2)
    card = site.client("eva").post(f"{REVIEW}/segments/{site.keys[8]}/approve",
                                   {"version": "1", "view": "card"}, htmx=True)  # fmt: skip
    assert card.status_code == 200 and 'class="seg state-approved' in card.get_data(as_text=True)


def test_four_eyes_and_approvals_needed_are_the_workflows(site: Site) -> None:
    ed = site.client("ed")
    key = site.keys[1]
    ed.post(f"/documents/{SLUG}/uk/segments/{key}", {"text": "Кордон зачинили.", "version": "1"})
    own = ed.post(f"{REVIEW}/segments/{key}/approve", {"version": "2"}, htmx=True)
    assert own.status_code == 403 and "four-eyes" in own.get_data(as_text=True)
    assert state(site, 1) == (State.TRANSLATED, 2)
    with site.session() as session:
        enable_language(session, "uk", approvals_needed=2)
        session.commit()
    first = ed.post(f"{REVIEW}/segments/{site.keys[4]}/approve", {"version": "1"}, htmx=True)
    assert first.status_code == 200 and state(site, 4) == (State.TRANSLATED, 1)
    twice = ed.post(f"{REVIEW}/segments/{site.keys[4]}/approve", {"version": "1"}, htmx=True)
    assert twice.status_code == 422 and "approved" in twice.get_data(as_text=True)
    second = site.client("eva").post(f"{REVIEW}/segments/{site.keys[4]}/approve",
                                     {"version": "1"}, htmx=True)  # fmt: skip
    assert second.status_code == 200 and state(site, 4) == (State.APPROVED, 2)
    stale = ed.post(f"{REVIEW}/segments/{site.keys[8]}/approve", {"version": "0"}, htmx=True)
    assert stale.status_code == 409


def test_reject_needs_a_reason_that_reaches_the_translator(site: Site) -> None:
    ed = site.client("ed")
    key = site.keys[8]
    empty = ed.post(f"{REVIEW}/segments/{key}/reject", {"version": "1", "reason": " "}, htmx=True)
    assert empty.status_code == 422 and "reason" in empty.get_data(as_text=True)
    assert state(site, 8) == (State.TRANSLATED, 1)
    done = ed.post(f"{REVIEW}/segments/{key}/reject",
                   {"version": "1", "reason": "Use «магазини»"}, htmx=True)  # fmt: skip
    assert done.status_code == 200 and state(site, 8) == (State.DRAFT, 2)
    olena = site.client("olena")
    dashboard = olena.get("/").get_data(as_text=True)
    assert "Rejected back to me" in dashboard and "Ed: Use «магазини»" in dashboard
    editor = olena.get(f"/documents/{SLUG}/uk/?state=draft").get_data(as_text=True)
    assert "Rejected by Ed:" in editor and "Use «магазини»" in editor
    plain = ed.post(f"{REVIEW}/segments/{site.keys[9]}/reject", {"version": "1", "reason": "No"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"#seg-{site.keys[9]}")


def test_batch_approval_skips_texts_that_fail_error_level_checks(site: Site) -> None:
    olena = site.client("olena")
    olena.post(f"/documents/{SLUG}/uk/segments/{site.keys[3]}",
               {"text": "Ми йшли днями.", "version": "1"})  # placeholder lost  # fmt: skip
    with site.session() as session:
        tr = workflow.get_translation(session, site.segment(session, 9), "uk")
        session.add(CheckResult(translation_id=tr.id, version=tr.version, check_id="numbers",
                                severity="error", message="a number is missing"))  # fmt: skip
        session.commit()
    page = site.client("ed").get(f"{REVIEW}/").get_data(as_text=True)
    assert page.count('class="passes"') == 2 and "missing placeholder" in page
    keys = [site.keys[i] for i in (3, 4, 8, 9)]
    form = {"key": keys, **{f"version-{k}": str(state(site, i)[1])
                            for k, i in zip(keys, (3, 4, 8, 9), strict=True)}}  # fmt: skip
    response = site.client("ed").post(f"{REVIEW}/approve", form, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Approved 2 segments." in html
    assert "Not approved: missing placeholder" in html and "a number is missing" in html
    assert [state(site, i)[0] for i in (3, 4, 8, 9)] == [
        State.TRANSLATED, State.APPROVED, State.APPROVED, State.TRANSLATED,
    ]  # fmt: skip
    nothing = site.client("ed").post(f"{REVIEW}/approve", {}, follow_redirects=True)
    assert "Select the segments to approve first." in nothing.get_data(as_text=True)

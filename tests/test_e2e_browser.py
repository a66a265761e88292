"""End to end in a real browser: Debian's Chromium driven by Playwright (no pytest plugin),
the app served by werkzeug on 127.0.0.1.  Screenshots go to each test's tmp_path."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.test_web_support import PASSWORD, SLUG, Server, Site, serve, stop
from translate_app import memory, workflow
from translate_app.store.states import State

pytest_plugins = ["tests.test_web_support"]

CHROMIUM = os.environ.get("TRANSLATE_APP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip



@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # A missing browser fails the tests rather than skipping them (CI installs it).
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield found
        found.close()


@pytest.fixture
def live(site: Site) -> Iterator[Server]:
    server = serve(site.app)
    yield server
    stop(server)


class Visit:
    """One person's browser tab on the live site, with numbered screenshots."""

    def __init__(self, page: Page, server: Server, folder: Path) -> None:
        self.page, self.url, self.folder = page, server.url, folder
        self.errors: list[str] = []
        self.allowed: tuple[str, ...] = ()
        self.shots = 0
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def allow(self, *fragments: str) -> None:
        """Console errors containing one of ``fragments`` are expected (an HTTP 409, say)."""
        self.allowed += fragments

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(f in e for f in self.allowed)]

    def login(self, name: str) -> None:
        self.page.goto(f"{self.url}/auth/login")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form button[type=submit].primary")
        expect(self.page.locator("h1")).to_be_visible()

    def go(self, path: str) -> None:
        self.page.goto(f"{self.url}{path}")

    def shot(self, name: str) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def card(self, key: str) -> object:
        return self.page.locator(f"#seg-{key}")


@pytest.fixture
def visit(browser: Browser, live: Server, tmp_path: Path) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    found = Visit(page, live, tmp_path)
    yield found
    context.close()
    assert found.unexpected_errors() == []


def stored(site: Site, index: int) -> tuple[str, State, int, str]:
    with site.session() as session:
        tr = workflow.get_translation(session, site.segment(session, index), "uk")
        return tr.text, tr.state, tr.version, tr.origin


def test_a_translator_confirms_drafts_with_the_keyboard(site: Site, visit: Visit) -> None:
    with site.session() as session:
        memory.remember(session, source="Nobody knew why.", target="Ніхто не знав чому.",
                        source_lang="en", target_lang="uk", quality=20, origin="human:taras",
                        document_slug="earlier", segment_key="k")  # fmt: skip
        session.commit()
    visit.login("olena")
    visit.shot("dashboard")
    visit.go(f"/documents/{SLUG}/uk/")
    page, keys = visit.page, site.keys
    field = page.locator(f"#seg-{keys[1]} .seg-form textarea")
    field.focus()
    expect(page.locator(f"#details-{keys[1]} .history")).to_be_visible()  # loaded on focus
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#seg-{keys[1]}")).to_have_class(re.compile("state-translated"))
    why = page.locator(f"#seg-{keys[2]} .seg-form textarea")
    expect(why).to_be_focused()
    assert stored(site, 1) == ("Кордон закрили.", State.TRANSLATED, 2, "human:olena")
    # The memory's first suggestion, taken with the keyboard.
    expect(page.locator(f"#details-{keys[2]} .suggestion[data-n='1']")).to_contain_text("100%")
    page.keyboard.press("Control+Shift+1")
    expect(why).to_have_value("Ніхто не знав чому.")
    # An empty segment with a placeholder: type, insert the chip by keyboard, save and go on.
    for _step in range(4):  # from #3 down to #7
        page.keyboard.press("Alt+ArrowDown")
    rain = page.locator(f"#seg-{keys[6]} .seg-form textarea")
    expect(rain).to_be_focused()
    page.keyboard.type("Потім пішов ")
    page.keyboard.press("Control+Shift+X")
    page.keyboard.type(" дощ.")
    expect(rain).to_have_value("Потім пішов <x1/> дощ.")
    expect(page.locator(f"#preview-{keys[6]}")).to_contain_text("Потім пішов")
    visit.shot("typing-with-preview")
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#seg-{keys[6]}")).to_have_class(re.compile("state-translated"))
    expect(page.locator(f"#seg-{keys[7]} .seg-form textarea")).to_be_focused()
    assert stored(site, 6)[:2] == ("Потім пішов <x1/> дощ.", State.TRANSLATED)
    # A chip clicked goes in at the cursor; copy-source fills the field.
    walk = page.locator(f"#seg-{keys[3]} .seg-form textarea")
    walk.fill("")
    walk.focus()
    page.keyboard.press("Control+Shift+C")
    expect(walk).to_have_value("We walked <g1>for days</g1>.")
    walk.fill("Ми йшли днями.")
    page.locator(f"#seg-{keys[3]} .seg-source .chip").first.click()
    expect(walk).to_have_value("Ми йшли днями.<g1>")
    visit.shot("editor")


def test_a_conflict_shows_both_texts_and_keeps_mine(site: Site, visit: Visit) -> None:
    visit.login("olena")
    visit.go(f"/documents/{SLUG}/uk/")
    page, key = visit.page, site.keys[4]
    visit.allow("409")  # the browser logs the refused save
    with site.session() as session:  # Taras saves first, from another browser
        workflow.save(session, site.segment(session, 4), "uk", "Дорога була дуже довгою.",
                      user=site.user(session, "taras"), base_version=1)  # fmt: skip
        session.commit()
    field = page.locator(f"#seg-{key} .seg-form textarea")
    field.fill("Шлях був довгим.")
    field.focus()
    page.keyboard.press("Control+Enter")
    card = page.locator(f"#seg-{key}")
    expect(card).to_have_class(re.compile("has-conflict"))
    expect(card.locator(".conflict-theirs")).to_contain_text("Дорога була дуже довгою.")
    expect(card.locator(".seg-form textarea")).to_have_value("Шлях був довгим.")
    expect(card.locator(".seg-form textarea")).to_be_focused()
    visit.shot("conflict")
    assert stored(site, 4)[0] == "Дорога була дуже довгою."
    card.locator("button.save").click()
    expect(card).not_to_have_class(re.compile("has-conflict"))
    expect(card).to_have_class(re.compile("state-translated"))
    assert stored(site, 4)[:3] == ("Шлях був довгим.", State.TRANSLATED, 3)
    visit.shot("conflict-resolved")


def test_an_editor_rejects_approves_and_approves_in_batch(site: Site, visit: Visit) -> None:
    with site.session() as session:
        olena = site.user(session, "olena")
        for index, text in ((0, "Кордон"), (1, "Кордон закрили.")):
            workflow.save(session, site.segment(session, index), "uk", text, user=olena,
                          base_version=1)  # fmt: skip
        session.commit()
    visit.login("ed")
    visit.go(f"/review/{SLUG}/uk/")
    page, keys = visit.page, site.keys
    rejected = page.locator(f"#seg-{keys[8]}")
    rejected.locator("input[name=reason]").fill("Краще «магазини», не «крамниці».")
    rejected.locator("button.reject").click()
    expect(page.locator(f"#seg-{keys[8]}")).to_have_class(re.compile("state-draft"))
    approved = page.locator(f"#seg-{keys[4]}")
    approved.locator("button.approve").click()
    expect(page.locator(f"#seg-{keys[4]}")).to_have_class(re.compile("state-approved"))
    expect(page.locator(f"#seg-{keys[4]}")).to_contain_text("approved by Ed")
    visit.shot("review-one-by-one")
    page.locator("input.select-all").check()
    expect(page.locator("input.passes:checked")).to_have_count(3)
    page.locator("#batch button.approve").click()
    expect(page.locator(".flash-success")).to_contain_text("Approved 3 segments.")
    visit.shot("review-batch")
    assert [stored(site, i)[1] for i in (0, 1, 4, 8, 9)] == [
        State.APPROVED, State.APPROVED, State.APPROVED, State.DRAFT, State.APPROVED,
    ]  # fmt: skip
    page.click(".who button[type=submit]")  # log out
    visit.login("olena")
    rejected_queue = page.locator(".queue", has_text="Rejected back to me")
    expect(rejected_queue).to_contain_text("Краще «магазини»")
    visit.shot("rejected-back-to-translator")


def test_the_ui_switches_to_ukrainian(site: Site, visit: Visit) -> None:
    visit.login("olena")
    visit.go("/profile/")
    page = visit.page
    page.select_option(".locale-form select[name=locale]", "uk")
    page.click(".locale-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Мій профіль")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    visit.go("/")
    expect(page.locator("h1")).to_have_text("Огляд")
    visit.shot("dashboard-uk")
    visit.go(f"/documents/{SLUG}/uk/")
    expect(page.locator(f"#seg-{site.keys[1]} button.save")).to_have_text("Зберегти й далі")
    expect(page.locator(f"#seg-{site.keys[1]} .badge.state-draft")).to_have_text("Чернетка")
    page.locator(f"#seg-{site.keys[3]} .seg-form textarea").focus()
    expect(page.locator(f"#details-{site.keys[3]} .history")).to_contain_text("Історія")
    visit.shot("editor-uk")


def test_reading_works_without_javascript(browser: Browser, live: Server, site: Site,
                                          tmp_path: Path) -> None:  # fmt: skip
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                       "height": 900})
    page = context.new_page()
    try:
        visit = Visit(page, live, tmp_path)
        visit.login("olena")
        visit.go(f"/documents/{SLUG}/uk/?state=draft")
        expect(page.locator("article.seg")).to_have_count(4)
        page.locator(f"#seg-{site.keys[3]} a.seg-open").click()
        expect(page.locator(".history")).to_contain_text("drafted")
        expect(page.locator(".seg-form textarea")).to_have_value("Ми йшли <g1>днями</g1>.")
        page.locator(".seg-form button.save").click()  # a plain form post, then back
        expect(page.locator(f"#seg-{site.keys[3]}")).to_have_class(re.compile("state-translated"))
        visit.shot("no-javascript")
    finally:
        context.close()
    assert stored(site, 3)[:2] == ("Ми йшли <g1>днями</g1>.", State.TRANSLATED)

"""Views of the publish page: the gate report, builds (as ``translate-app build`` does) and
the editions built, under ``<instance>/editions/<lang>/``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from translate_app.errors import NotFoundError, PermissionDeniedError, TranslateAppError
from translate_app.people.languages import enabled_languages
from translate_app.publish import build
from translate_app.publish.coverage import Verdict, verdicts
from translate_app.publish.gate import Gate, compute_gate
from translate_app.publish.links import LinkSettings
from translate_app.store.models import Document, Language, User
from translate_app.store.states import State
from translate_app.web import lookup
from translate_app.web.accounts import person
from translate_app.web.database import db, web_state
from translate_app.web.i18n import percent
from translate_app.web.publish.blueprint import bp
from translate_app.workflow.policy import may_review, require

WEB_FORMATS = ("md", "html", "pdf")
"""Formats the build form offers."""
MIN_STATES = (State.DRAFT, State.TRANSLATED, State.APPROVED)
"""Gates the build form offers (default: approved, as the CLI)."""


@dataclass
class EditionFile:
    """A built file of an edition."""

    name: str
    fmt: str
    size: int
    built: datetime


def editions_root() -> Path:
    """``<instance>/editions``: one folder per language."""
    return Path(current_app.instance_path) / "editions"


def expected_names(slug: str) -> dict[str, str]:
    """File name -> format, for the editions of ``slug``."""
    return {pattern.format(slug=slug): fmt for fmt, pattern in build.FORMATS.items()}


def built_files(slug: str, lang: str) -> list[EditionFile]:
    """The editions of ``slug`` in ``lang`` that exist, newest first."""
    folder = editions_root() / lang
    found = []
    for name, fmt in expected_names(slug).items():
        path = folder / name
        if path.is_file():
            info = path.stat()
            when = datetime.fromtimestamp(info.st_mtime, tz=UTC)
            found.append(EditionFile(name, fmt, info.st_size, when))
    return sorted(found, key=lambda f: f.built, reverse=True)


def _open(slug: str, lang: str, *, doing: str) -> tuple[User, Document, Language]:
    user = person()
    session = db()
    language = lookup.language(session, lang)
    require(session, user, language.code, review=True, doing=doing)
    return user, lookup.document(session, slug), language


@dataclass
class Row:
    """One language on the publish page."""

    language: Language
    gate: Gate
    verdict: Verdict
    """Whether an edition at the default gate may be built (the coverage gate)."""
    files: list[EditionFile]


@bp.get("/<slug>/")
def page(slug: str) -> ResponseReturnValue:
    user = person()
    session = db()
    doc = lookup.document(session, slug)
    languages = [lang for lang in enabled_languages(session)
                 if may_review(session, user, lang.code)]  # fmt: skip
    if not languages:
        raise PermissionDeniedError(f"{user.name} may not publish any language of {slug}")
    settings = web_state().config.extra
    rows = []
    for lang in languages:
        gate = compute_gate(session, slug, lang.code)
        (verdict,) = verdicts([gate], settings)
        rows.append(Row(lang, gate, verdict, built_files(slug, lang.code)))
    return render_template("publish/page.html", doc=doc, rows=rows, formats=WEB_FORMATS,
                           min_states=MIN_STATES, default_state=State.APPROVED)  # fmt: skip


@bp.post("/<slug>/<lang>/build")
def build_edition(slug: str, lang: str) -> ResponseReturnValue:
    """Build the chosen formats of one language and replace its files atomically."""
    _user, doc, language = _open(slug, lang, doing="publish")
    formats = tuple(f for f in WEB_FORMATS if f in request.form.getlist("format"))
    target = url_for("publish.page", slug=doc.slug)
    if not formats:
        flash(_("Choose at least one format to build."), "error")
        return redirect(target, 303)
    try:
        min_state = State.parse(request.form.get("min_state", "approved"))
    except ValueError:
        min_state = State.APPROVED
    if min_state not in MIN_STATES:
        min_state = State.APPROVED
    session = db()
    settings = web_state().config.extra
    try:
        gate = compute_gate(session, doc.slug, language.code, min_state=min_state)
        (verdict,) = verdicts([gate], settings, partial=request.form.get("partial") == "1")
        if not verdict.builds:
            found = verdict.coverage
            flash(_("The edition was not built: %(included)s of %(total)s segments pass the "
                    "gate, at least %(needed)s needed. Choose “partial translation” to publish "
                    "it labelled as partial.", included=found.included, total=found.segments,
                    needed=percent(verdict.required)), "error")  # fmt: skip
            return redirect(target, 303)
        links = LinkSettings.from_settings(settings, out=editions_root())
        builds = build.build(session, [gate], formats, links=links)
        build.write(builds, editions_root())
    except TranslateAppError as exc:
        flash(_("The edition was not built: %(reason)s", reason=str(exc)), "error")
        return redirect(target, 303)
    for built in builds:
        for warning in built.warnings:
            flash(warning, "warning")
        edition = built.markdown
        flash(_("Built %(formats)s: %(translated)s of %(total)s segments translated.",
                formats=", ".join(formats), translated=edition.translated,
                total=edition.total), "success")  # fmt: skip
    return redirect(target, 303)


@bp.get("/<slug>/<lang>/<filename>")
def download(slug: str, lang: str, filename: str) -> ResponseReturnValue:
    """A built file: the HTML edition opens in the browser, the others download."""
    _user, doc, language = _open(slug, lang, doing="download editions")
    fmt = expected_names(doc.slug).get(filename)
    folder = editions_root() / language.code
    if fmt is None or not (folder / filename).is_file():
        raise NotFoundError(f"no edition {filename!r} of {doc.slug} [{language.code}]")
    inline = fmt in {"html", "review.html"}
    return send_from_directory(folder, filename, as_attachment=not inline, max_age=0)

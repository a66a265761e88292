"""What every segment card of a page shares, worked out once per request instead of per card.

A card needs up to seven URLs, a CSRF token, the person's rights in the language and a dozen
labels.  Asked per card, through ``url_for``, ``csrf_token()``, the policy and gettext, that
is hundreds of lookups for a page of forty segments -- most of the editor page's time before
this module (issue 4's latency target).  Here the URLs are cut once from ``url_for`` around a
marker key, so they stay exactly what ``url_for`` builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from flask import g, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from translate_app.store.models import Document, Language
from translate_app.store.states import State
from translate_app.web.accounts import me
from translate_app.web.database import db
from translate_app.web.i18n import gettext as _
from translate_app.web.i18n import ui
from translate_app.web.templating import origin, state_names
from translate_app.workflow.policy import may_edit, may_review

_SAFE = "!$&'()*+,/:;=@"
"""What werkzeug's default URL converter leaves unquoted (the tests compare with url_for)."""
_MARK = "KEYMARK0"
_ID_MARK = 918273645
"""A key that URL quoting leaves alone, cut out of the built URLs."""
_ENDPOINTS = {
    "segment": "editor.segment",
    "details": "editor.details",
    "preview": "editor.preview",
    "approve": "review.approve",
    "reject": "review.reject",
}


@dataclass(frozen=True)
class CardUrls:
    """The URLs of one card (``segment`` is also where its form posts a save)."""

    segment: str
    details: str
    preview: str
    approve: str
    reject: str


@dataclass(frozen=True)
class CardLabels:
    """The labels every card shows, in the UI's language (the rest stay in the template)."""

    source_changed: str
    details: str
    details_title: str
    translation: str
    save_and_next: str
    save_as_draft: str
    copy_source: str
    approve: str
    reject: str
    reject_reason: str
    reject_placeholder: str
    acknowledge: str
    acknowledge_title: str
    assigned_to: str
    """With ``%(name)s`` left in: :meth:`CardKit.assigned` fills it in."""


_LABELS: dict[str, CardLabels] = {}
""":class:`CardLabels` per UI locale."""


def card_labels() -> CardLabels:
    """The card labels in this request's UI language (translated once per locale)."""
    locale = ui().locale
    found = _LABELS.get(locale)
    if found is None:
        found = _LABELS[locale] = CardLabels(
            source_changed=_("Source changed"),
            details=_("Details"),
            details_title=_("Suggestions, history and comments"),
            translation=_("Translation"),
            save_and_next=_("Save and next"),
            save_as_draft=_("Save as draft"),
            copy_source=_("Copy source"),
            approve=_("Approve"),
            reject=_("Reject"),
            reject_reason=_("Reason for rejecting"),
            reject_placeholder=_("Why? (goes to the translator)"),
            acknowledge=_("Acknowledge"),
            acknowledge_title=_("The text is right as it is"),
            assigned_to=_("assigned to %(name)s"),
        )
    return found


@dataclass(frozen=True)
class ShownOrigin:
    """An origin as a card shows it."""

    kind: str
    label: str


@dataclass(frozen=True)
class CardKit:
    """The shared part of the cards of one document and language in this request."""

    csrf: str
    """The CSRF token every card form carries."""
    may_edit: bool
    """The person may write translations in the language."""
    may_review: bool
    """The person may approve and reject in the language."""
    parts: dict[str, tuple[str, str]]
    """Each URL's text before and after the key."""
    acknowledge_parts: tuple[str, str]
    """The acknowledge URL's text before and after the check result's id."""
    t: CardLabels
    """The labels."""
    states: dict[State, str]
    """The states' names."""
    viewer: tuple[object, ...] = ()
    """What every card's HTML depends on besides the card: UI locale and time zone, rights,
    the URLs' prefix, the language (the start of :func:`fragments.card_key`)."""
    _origins: dict[str, ShownOrigin] = field(default_factory=dict)
    _escaped: dict[str, str] = field(default_factory=dict)

    def escaped(self, value: str) -> str:
        """``value`` HTML-escaped (the page to come back to: the same for every card)."""
        found = self._escaped.get(value)
        if found is None:
            found = self._escaped[value] = str(escape(value))
        return found

    def origin(self, value: str) -> ShownOrigin:
        """Where a text came from (``mt:google``), with its label; worked out once per value."""
        found = self._origins.get(value)
        if found is None:
            parsed = origin(value)
            found = self._origins[value] = ShownOrigin(parsed.kind, parsed.label)
        return found

    def assigned(self, name: str) -> str:
        """``assigned to <name>`` in the UI's language (escaped by the template)."""
        return self.t.assigned_to % {"name": name}

    def acknowledge_url(self, result_id: int) -> str:
        """Where a warning (check result ``result_id``) is acknowledged."""
        head, tail = self.acknowledge_parts
        return f"{head}{int(result_id)}{tail}"

    def urls(self, key: str) -> CardUrls:
        """The URLs of the card of segment ``key``."""
        quoted = quote(key, safe=_SAFE)
        made = {name: f"{head}{quoted}{tail}" for name, (head, tail) in self.parts.items()}
        return CardUrls(**made)


def card_kit(doc: Document, language: Language) -> CardKit:
    """The kit for ``doc`` in ``language``, made on the first card of the request."""
    kits: dict[tuple[str, str], CardKit] = g.setdefault("_ta_card_kits", {})
    found = kits.get((doc.slug, language.code))
    if found is None:
        found = kits[(doc.slug, language.code)] = _make(doc, language)
    return found


def _make(doc: Document, language: Language) -> CardKit:
    parts = {}
    for name, endpoint in _ENDPOINTS.items():
        built = url_for(endpoint, slug=doc.slug, lang=language.code, key=_MARK)
        head, mark, tail = built.partition(_MARK)
        assert mark, f"{endpoint} has no <key> in its URL"
        parts[name] = (head, tail)
    built = url_for("editor.acknowledge", slug=doc.slug, lang=language.code, result_id=_ID_MARK)
    head, mark, tail = built.partition(str(_ID_MARK))
    assert mark, "editor.acknowledge has no <result_id> in its URL"
    user = me()
    session = db()
    here = ui()
    may_edit_here = user is not None and may_edit(session, user, language.code)
    may_review_here = user is not None and may_review(session, user, language.code)
    return CardKit(
        acknowledge_parts=(head, tail),
        csrf=generate_csrf(),
        may_edit=may_edit_here,
        may_review=may_review_here,
        parts=parts,
        t=card_labels(),
        states=state_names(),
        viewer=(
            here.locale, str(here.timezone), may_edit_here, may_review_here, parts["segment"],
            language.code, language.direction,
        ),
    )  # fmt: skip

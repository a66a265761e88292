"""Segment cards kept once rendered, by content (fragment caching, as Rails and Django do it).

A card's HTML is a function of what it shows -- the segment, its translation, checks,
comments count, rejection, approvals -- and of who looks (rights, UI language, time zone).
All of that is the cache key, so a card is rendered again exactly when something it shows
changed; nothing has to be invalidated.  What differs per request (the CSRF token, the page to
come back to) is left out of the stored HTML as marks that escaping can never produce (they
hold ``<``) and filled in on every use.  Cards showing a refused save (conflict, error, the
person's own text) are never kept.

Each server process keeps its own bounded cache (:data:`CAPACITY` cards, least recently used
dropped first).  On the editor page this turns ~80 µs of template work per card into a
dictionary lookup (bench/web.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from translate_app.store.models import Document, Language
from translate_app.web.cardkit import CardKit, card_kit
from translate_app.web.cards import Card

CAPACITY = 4096
"""Cards kept per process (a card is ~3 KB)."""
CSRF_MARK = Markup("<ta:csrf>")
"""Stands for the request's CSRF token in kept HTML."""
NEXT_MARK = Markup("<ta:next>")
"""Stands for the page to come back to (the form field ``next``) in kept HTML."""


class FragmentCache:
    """A bounded, thread-safe LRU mapping of keys to HTML."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._items: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, html: str) -> None:
        with self._lock:
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)


cards = FragmentCache()
"""This process's kept cards."""


def card_key(card: Card, kit: CardKit, oob: bool) -> Hashable | None:
    """Everything ``editor/_card.html`` shows of ``card``, or None when it must not be kept."""
    if card.conflict is not None or card.error or card.typed is not None:
        return None
    seg = card.segment
    rejection = card.rejection
    return (
        kit.viewer, oob,
        seg.id, seg.key, seg.source, repr(seg.codes), seg.context, seg.position,
        seg.previous_source,
        card.text, int(card.state), card.version, card.origin, card.author, card.updated_at,
        tuple((c.id, c.check_id, c.severity, c.message) for c in card.checks),
        card.open_comments,
        (rejection.reason, rejection.by, rejection.at) if rejection is not None else None,
        tuple((a.by, a.at) for a in card.approvals), card.assignee,
    )  # fmt: skip


@pass_context
def card_html(
    context: Context, render: Callable[..., Any], card: Card, oob: bool = False
) -> Markup:
    """``render(card, oob)`` (the ``card_view`` macro), kept by content; the template's
    ``doc``, ``language`` and ``return_to`` say where the card stands."""
    doc: Document = context["doc"]
    language: Language = context["language"]
    kit = card_kit(doc, language)
    key = card_key(card, kit, oob)
    html = cards.get(key) if key is not None else None
    if html is None:
        html = str(render(card, oob))
        if key is not None:
            cards.put(key, html)
    back = kit.escaped(context.get("return_to") or "")
    return Markup(html.replace(CSRF_MARK, kit.csrf).replace(NEXT_MARK, back))

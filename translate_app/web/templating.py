"""Jinja helpers: placeholders as chips, diffs, origins, mentions, state names, permissions.

Everything a translator wrote passes through ``markupsafe.escape`` before it is
wrapped in markup here; templates never mark user text safe themselves.  The templates
reach these through :mod:`.jinja_env`, which registers them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from translate_app.segment.placeholders import PLACEHOLDER_RE
from translate_app.store.states import State
from translate_app.web.accounts import me
from translate_app.web.database import db
from translate_app.web.feed import count_new
from translate_app.web.i18n import gettext as _
from translate_app.web.i18n import ui
from translate_app.web.queues import languages_of
from translate_app.workflow.policy import may_edit, may_review

_WORDS = re.compile(r"\s+|[^\s\w]|\w+", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,80})")


_STATE_NAMES: dict[str, dict[State, str]] = {}
"""The states' names per UI locale (worked out once: every card shows one)."""


def state_names() -> dict[State, str]:
    """The states as the UI names them, in its language (do not change the mapping)."""
    locale = ui().locale
    names = _STATE_NAMES.get(locale)
    if names is None:
        names = _STATE_NAMES[locale] = {
            State.EMPTY: _("Empty"),
            State.DRAFT: _("Draft"),
            State.TRANSLATED: _("Translated"),
            State.APPROVED: _("Approved"),
        }
    return names


def state_name(state: State | int) -> str:
    """One state's name in the UI's language."""
    return state_names()[State(state)]


def action_name(action: str) -> str:
    """An event's action as the UI names it."""
    names = {
        "edit": _("edited"),
        "approve": _("approved"),
        "reject": _("rejected"),
        "restore": _("restored"),
        "import": _("imported"),
        "draft": _("drafted"),
        "propagate": _("propagated"),
        "outdated": _("outdated by a source edit"),
        "link": _("linked"),
        "unlink": _("unlinked"),
    }
    return str(names.get(action, action))


_BLOCK_LABELS: dict[tuple[str, str, str], str] = {}
"""Block labels per (UI locale, kind, context): a document has few distinct ones."""


def block_label(kind: str, context: str) -> str:
    """Where a segment stands, in the UI's language (the segmenter's context is English)."""
    key = (ui().locale, kind, context)
    found = _BLOCK_LABELS.get(key)
    if found is None:
        if len(_BLOCK_LABELS) > 10_000:
            _BLOCK_LABELS.clear()
        found = _BLOCK_LABELS[key] = _block_label(kind, context)
    return found


def _block_label(kind: str, context: str) -> str:
    if kind == "front-matter":
        return str(_("Front matter: %(key)s", key=context.rpartition(": ")[2]))
    if "pull quote" in context:
        return str(_("Pull quote"))
    if kind == "heading":
        level = "".join(ch for ch in context.partition(",")[0] if ch.isdigit())
        return str(_("Heading %(level)s", level=level))
    names = {
        "paragraph": _("Paragraph"),
        "list-item": _("List item"),
        "quote": _("Block quote"),
        "table-cell": _("Table cell"),
        "footnote": _("Footnote"),
    }
    label = str(names.get(kind, kind))
    styles = {"italic": _("italic"), "bold": _("bold"), "struck": _("struck through"),
              "linked": _("a link")}  # fmt: skip
    _head, _sep, tail = context.partition(", ")
    found = [str(styles[word]) for word in tail.split(" and ") if word in styles]
    return ", ".join([label, *found])


def _code_info(codes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    info: dict[str, dict[str, Any]] = {}
    for code in codes:
        kind, number = code.get("kind"), code.get("id")
        token = {"open": f"<g{number}>", "close": f"</g{number}>"}.get(str(kind), f"<x{number}/>")
        info[token] = code
    return info


def _chip_label(token: str, code: dict[str, Any] | None) -> str:
    label = str(code.get("label", "")) if code else ""
    number = re.sub(r"\D", "", token)
    if token.startswith("</"):
        return f"{number}⟩"
    if token.startswith("<g"):
        return f"⟨{number} {label}".rstrip()
    return f"⟨{label or 'x'} {number}⟩"


def chips(text: str, codes: list[dict[str, Any]] | None = None, *, buttons: bool = False) -> Markup:
    """``text`` escaped, each placeholder shown as a chip (a button when ``buttons``)."""
    if "<" not in text:  # no placeholder: most sentences
        return escape(text)
    info = _code_info(codes or [])
    out: list[str] = []
    cursor = 0
    start = '<button type="button" tabindex="-1"' if buttons else "<span"
    end = "</button>" if buttons else "</span>"
    for match in PLACEHOLDER_RE.finditer(text):
        out.append(escape(text[cursor : match.start()]))
        token = match.group(0)
        code = info.get(token)
        title = f"{code.get('label', '')}: {code.get('markup', '')}" if code else token
        label = _chip_label(token, code)
        out.append(f'{start} class="chip" data-token="{escape(token)}" title="{escape(title)}">'
                   f"{escape(label)}{end}")  # fmt: skip
        cursor = match.end()
    out.append(escape(text[cursor:]))
    return Markup("".join(out))


def diff(old: str, new: str) -> Markup:
    """Word-level difference of two texts: ``<del>`` removed, ``<ins>`` added (all escaped)."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out: list[Markup] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if j2 > j1:
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return Markup("").join(out)


def diff_pieces(pieces: tuple[tuple[str, str], ...]) -> Markup:
    """``(op, text)`` runs (``equal``, ``delete``, ``insert``) as escaped ``<del>``/``<ins>``."""
    tags = {"delete": "del", "insert": "ins"}
    out: list[Markup] = []
    for op, text in pieces:
        tag = tags.get(op)
        if tag is None:
            out.append(escape(text))
        else:
            out.append(Markup("<{0}>{1}</{0}>").format(Markup(tag), text))
    return Markup("").join(out)


@dataclass(frozen=True)
class Origin:
    """Where a text came from, for the UI."""

    kind: str
    """``human``, ``mt``, ``tm``, ``import`` or ``other``."""
    detail: str
    """The person's name, the engine, the match score or the file."""

    @property
    def label(self) -> str:
        """A short description in the UI's language."""
        if self.kind == "human":
            return str(_("by %(name)s", name=self.detail))
        if self.kind == "mt":
            return str(_("machine: %(engine)s", engine=self.detail))
        if self.kind == "tm":
            return str(_("memory: %(score)s%% match", score=self.detail))
        if self.kind == "import":
            return str(_("imported from %(file)s", file=self.detail.rsplit("/", 1)[-1]))
        return self.detail


def origin(value: str) -> Origin:
    """Parse ``human:<user>``, ``mt:<engine>``, ``tm:<score>``, ``import:<file>``."""
    kind, _sep, detail = value.partition(":")
    if kind in {"human", "mt", "tm", "import"}:
        return Origin(kind, detail)
    return Origin("other", value)


def mentions(text: str) -> Markup:
    """Comment text escaped, with ``@name`` mentions highlighted."""
    out: list[Markup] = []
    cursor = 0
    for match in _MENTION.finditer(text):
        out.append(escape(text[cursor : match.start()]))
        out.append(Markup('<span class="mention">@{}</span>').format(match.group(1)))
        cursor = match.end()
    out.append(escape(text[cursor:]))
    return Markup("").join(out)


def can_edit(lang: str) -> bool:
    """Whether the person may write translations in ``lang`` (for showing controls)."""
    user = me()
    return user is not None and may_edit(db(), user, lang)


def can_review(lang: str) -> bool:
    """Whether the person may approve and reject in ``lang`` (for showing controls)."""
    user = me()
    return user is not None and may_review(db(), user, lang)


def new_activity() -> str:
    """How many changes in the person's languages are new since they last looked (``99+``)."""
    user = me()
    if user is None:
        return ""
    count = count_new(db(), languages_of(db(), user), user.activity_seen_at, up_to=100)
    return "99+" if count > 99 else str(count) if count else ""

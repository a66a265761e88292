"""Who may do what (DESIGN §4): roles, language assignments, the four-eyes rule.

The workflow asks these functions before it changes anything; the web UI can
ask them too, to show or hide buttons, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from translate_app.config import Config
from translate_app.errors import NotFoundError, PermissionDeniedError, WorkflowError
from translate_app.store.db import CONFIG_KEY
from translate_app.store.models import Language, Role, Segment, User
from translate_app.store.states import State

EDITING_ROLES = frozenset({Role.TRANSLATOR, Role.EDITOR, Role.ADMIN})
"""Roles that may write translations and comments."""
REVIEWING_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
"""Roles that may approve and reject."""


@dataclass(frozen=True)
class WorkflowPolicy:
    """Settings of the review workflow."""

    four_eyes: bool = True
    """The last human author of a text may not approve it."""
    approvals_needed: int = 1
    """Default number of approvals, for languages without their own setting."""

    @classmethod
    def from_config(cls, config: Config) -> WorkflowPolicy:
        """The policy configured for an installation."""
        return cls(four_eyes=config.four_eyes, approvals_needed=max(1, config.approvals_needed))

    def needed_for(self, language: Language) -> int:
        """Approvals a translation into ``language`` needs."""
        return language.approvals_needed or self.approvals_needed


def policy_for(session: Session, policy: WorkflowPolicy | None = None) -> WorkflowPolicy:
    """``policy`` if given, else the one of the session's configuration, else the defaults."""
    if policy is not None:
        return policy
    config = session.info.get(CONFIG_KEY)
    return WorkflowPolicy.from_config(config) if isinstance(config, Config) else WorkflowPolicy()


def enabled_language(session: Session, code: str) -> Language:
    """The language ``code``, which must exist and be enabled."""
    # Kept in the session: its identity map holds objects only while something refers to
    # them, and a request asks for its language several times.
    known: dict[str, Language] = session.info.setdefault("translate_app.people.languages", {})
    language = known.get(code)
    if language is None or language not in session:
        language = known[code] = session.get(Language, code)  # type: ignore[assignment]
    if language is None:
        raise NotFoundError(f"language {code!r} is not set up")
    if not language.enabled:
        raise WorkflowError(f"language {code!r} is disabled")
    return language


def works_on(session: Session, user: User, code: str) -> bool:
    """Whether ``user`` is assigned ``code`` (admins work on every language)."""
    if user.role == Role.ADMIN:
        return True
    # The relationship is loaded once per session (a page asks several times) and follows
    # changes made through it (users.set_languages); sessions end with each request or job.
    return any(language.code == code for language in user.languages)


def may_edit(session: Session, user: User, code: str) -> bool:
    """Whether ``user`` may write translations and comments in ``code``."""
    return user.active and user.role in EDITING_ROLES and works_on(session, user, code)


def may_review(session: Session, user: User, code: str) -> bool:
    """Whether ``user`` may approve and reject translations in ``code``."""
    return user.active and user.role in REVIEWING_ROLES and works_on(session, user, code)


def require(session: Session, user: User, code: str, *, review: bool, doing: str) -> None:
    """Raise :class:`PermissionDeniedError` unless ``user`` may do ``doing`` in ``code``."""
    if not user.active:
        raise PermissionDeniedError(f"{user.name} is deactivated and may not {doing}")
    roles = REVIEWING_ROLES if review else EDITING_ROLES
    if user.role not in roles:
        names = [f"{role.value}s" for role in Role if role in roles]
        allowed = " and ".join([", ".join(names[:-1]), names[-1]])
        raise PermissionDeniedError(f"{user.name} is a {user.role}: only {allowed} may {doing}")
    if not works_on(session, user, code):
        raise PermissionDeniedError(f"{user.name} is not assigned {code!r} and may not {doing}")


def check_save_state(text: str, state: State) -> State:
    """The state a save of ``text`` ends in: EMPTY for an empty text; never APPROVED."""
    state = State(state)
    if state == State.APPROVED:
        raise WorkflowError("a save cannot approve: approvals are given with approve()")
    if not text:
        return State.EMPTY
    if state == State.EMPTY:
        raise WorkflowError("state EMPTY needs an empty text (to clear a translation)")
    return state


def check_live(segment: Segment) -> None:
    """Refuse work on a segment that is no longer in the source."""
    if segment.obsolete:
        raise WorkflowError(f"segment {segment.key} is obsolete (no longer in the source)")

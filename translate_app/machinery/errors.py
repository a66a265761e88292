"""Errors of machine translation: one class, with the engine and the segments concerned.

Every library error (requests, deep-translator, deepl) is wrapped ``from exc``
into :class:`MachineTranslationError`; nothing an engine says in place of a
translation (a quota warning, an empty answer) is ever returned as one.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate_app.errors import TranslateAppError

_SHOWN_KEYS = 5
"""Segment keys named in a message (the rest are counted)."""


class MachineTranslationError(TranslateAppError):
    """An engine could not translate some segments (they were left untouched)."""

    def __init__(
        self,
        message: str,
        *,
        engine: str,
        keys: Sequence[str] = (),
        status: int | None = None,
        retryable: bool = False,
        fatal: bool = False,
    ) -> None:
        self.message = message
        self.engine = engine
        """Name of the engine (``google``, ``libre``...)."""
        self.keys = tuple(keys)
        """Keys of the segments concerned."""
        self.status = status
        """HTTP status code of the last answer, when there was one."""
        self.retryable = retryable
        """Trying again later may succeed (rate limit, server error, timeout)."""
        self.fatal = fatal
        """No further request can succeed (credentials, quota, configuration): stop the run."""
        super().__init__(self._text())

    def _text(self) -> str:
        where = ""
        if self.keys:
            shown = ", ".join(self.keys[:_SHOWN_KEYS])
            more = len(self.keys) - _SHOWN_KEYS
            where = f" (segment {shown}{f' and {more} more' if more > 0 else ''})"
        return f"{self.engine}: {self.message}{where}"

    def for_keys(self, keys: Sequence[str]) -> MachineTranslationError:
        """The same error, about other segments."""
        return type(self)(
            self.message,
            engine=self.engine,
            keys=keys,
            status=self.status,
            retryable=self.retryable,
            fatal=self.fatal,
        )


class PlaceholderError(MachineTranslationError):
    """The engine lost, repeated or garbled a placeholder or a protected term."""


class UnusableOutputError(MachineTranslationError):
    """The engine answered with something that is not a translation (empty, None, a warning)."""

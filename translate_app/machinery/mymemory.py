"""MyMemory (translated.net) through deep-translator: free quota, text < 500 characters.

When the daily quota is used up, MyMemory answers normally with a text like
"MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY...":
that is a fatal error, never a translation.
"""

from __future__ import annotations

import re
from typing import Any

from deep_translator import MyMemoryTranslator
from deep_translator import mymemory as module
from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

from translate_app.machinery.deeptranslator import DeepTranslatorEngine
from translate_app.machinery.errors import UnusableOutputError
from translate_app.machinery.registry import register

_WARNING = re.compile(
    r"MYMEMORY WARNING|QUERY LENGTH LIMIT EXCEE|INVALID LANGUAGE PAIR|"
    r"IS AN INVALID TARGET LANGUAGE|PLEASE SELECT TWO DISTINCT LANGUAGES|INVALID EMAIL",
    re.IGNORECASE,
)
"""Messages MyMemory returns in place of a translation."""
_CODES = frozenset(MY_MEMORY_LANGUAGES_TO_CODES.values())


@register
class MyMemoryEngine(DeepTranslatorEngine):
    """MyMemory: machine translation mixed with a shared memory; locale codes (``uk-UA``)."""

    name = "mymemory"
    provider = MyMemoryTranslator
    module = module
    default_url = "http://api.mymemory.translated.net/get"
    max_text_chars = 500

    def provider_arguments(self) -> dict[str, Any]:
        return {"email": self.settings.email} if self.settings.email else {}

    def language(self, code: str) -> str:
        code = code.replace("_", "-")
        base = code.split("-")[0].lower()
        for candidate in (code, f"{base}-{base.upper()}", "en-GB" if base == "en" else ""):
            if candidate in _CODES:
                return candidate
        return next((c for c in sorted(_CODES) if c.split("-")[0] == base), code)

    def check_output(self, sent: str, answer: Any) -> str:
        text = super().check_output(sent, answer)
        if _WARNING.search(text) and not _WARNING.search(sent):
            raise self.error(
                f"the engine answered with a warning, not a translation: {text[:120]!r}",
                UnusableOutputError,
                fatal=True,
            )
        return text

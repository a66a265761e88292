"""Google Translate's free web page (``/m``) through deep-translator: no key, text < 5,000."""

from __future__ import annotations

from deep_translator import GoogleTranslator
from deep_translator import google as module
from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

from translate_app.machinery.deeptranslator import DeepTranslatorEngine
from translate_app.machinery.registry import register


@register
class GoogleEngine(DeepTranslatorEngine):
    """Google Translate (the default engine: needs no key; the text leaves for Google)."""

    name = "google"
    provider = GoogleTranslator
    module = module
    default_url = "https://translate.google.com/m"
    max_text_chars = 5000
    languages = {"zh": "zh-CN", "he": "iw", "nb": "no"}  # noqa: RUF012 -- read-only table

    def language(self, code: str) -> str:
        code = code.replace("_", "-")
        base = code.split("-", maxsplit=1)[0].lower()
        for candidate in (self.languages.get(code), code, code.lower(), self.languages.get(base)):
            if candidate is not None and candidate in _CODES:
                return candidate
        return base  # pt-BR -> pt; unknown ones are refused by the library, as fatal


_CODES = frozenset(GOOGLE_LANGUAGES_TO_CODES.values())

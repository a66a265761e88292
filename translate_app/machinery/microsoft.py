"""Microsoft Translator through deep-translator (key: ``TRANSLATE_APP_MICROSOFT_KEY``).

deep-translator asks Microsoft for its language list in the constructor: the
answer is kept for the process, so worker threads do not ask again.
"""

from __future__ import annotations

import threading
from typing import Any

from deep_translator import MicrosoftTranslator
from deep_translator import microsoft as module

from translate_app.errors import ConfigurationError
from translate_app.machinery.deeptranslator import DeepTranslatorEngine
from translate_app.machinery.registry import register


class _Translator(MicrosoftTranslator):  # type: ignore[misc]
    """The library's class, asking for the language list once per process."""

    _languages_lock = threading.Lock()
    _known: dict[str, str] | None = None

    def _get_supported_languages(self) -> dict[str, str]:
        with _Translator._languages_lock:
            if _Translator._known is None:
                _Translator._known = super()._get_supported_languages()
            return _Translator._known


@register
class MicrosoftEngine(DeepTranslatorEngine):
    """Microsoft Translator (Azure AI Translator)."""

    name = "microsoft"
    provider = _Translator
    module = module
    default_url = "https://api.cognitive.microsofttranslator.com/translate?api-version=3.0"
    max_text_chars = 50_000

    def check_settings(self) -> None:
        if not self.settings.api_key:
            raise ConfigurationError(
                "the microsoft engine needs a key: set TRANSLATE_APP_MICROSOFT_KEY "
                "(and TRANSLATE_APP_MICROSOFT_REGION for a regional resource)"
            )

    def provider_arguments(self) -> dict[str, Any]:
        arguments: dict[str, Any] = {"api_key": self.settings.api_key}
        if self.settings.region:
            arguments["region"] = self.settings.region
        return arguments

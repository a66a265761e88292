"""translate_app: turn one long report into faithful localized editions."""

__version__ = "0.1.0"

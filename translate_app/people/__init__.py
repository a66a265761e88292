"""People and their languages: accounts and passwords (``users``), the enabled
languages (``languages``) and the service side of API tokens (``tokens``)."""

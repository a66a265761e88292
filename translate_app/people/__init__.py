"""People and their languages: accounts and passwords (``users``), the enabled
languages (``languages``), the service side of API tokens (``tokens``) and the login
throttle (``throttle``)."""

"""The store: database rows (``models``), engines and sessions (``db``), the workflow
states (``states``) and the Alembic migrations (``migrations/``), the only way the
schema changes.  Nothing here knows the workflow's rules; every service writes
through these rows."""

"""Alembic migrations of the store (batch mode on SQLite). Run through :mod:`app.store.migrate`."""

"""The store: SQLAlchemy models, engine set-up (SQLite and PostgreSQL), migrations, the audit log."""

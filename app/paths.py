"""Where the program keeps its files: a local folder per user (platformdirs), never a roaming one.

Hospital PCs often redirect Documents and roaming profiles to a server; SQLite must not live there.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mvk"
DB_FILE_NAME = "mvk.sqlite"
DB_URL_ENV = "MVK_DB_URL"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def resolve_db_url(cli_value: str | None = None) -> str:
    """The store: ``--db URL``, else ``MVK_DB_URL``, else a SQLite file in the user's data folder."""
    if cli_value:
        return cli_value
    from_env = os.environ.get(DB_URL_ENV, "").strip()
    if from_env:
        return from_env
    return f"sqlite:///{default_db_path()}"


def describe_db_url(url: str) -> str:
    """The store as a user should see it: a file path, or the server and database without a password."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///") or ":memory:"
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown without its credentials part
        return url.split("@")[-1]

"""One way to find resources, frozen or not: ``importlib.resources`` on the ``resources`` package."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


def resource_text(name: str) -> str:
    """The text of a file in ``resources/`` (UTF-8)."""
    return resources.files("resources").joinpath(name).read_text(encoding="utf-8")


@cache
def resource_toml(name: str) -> dict[str, Any]:
    """A TOML file in ``resources/``, parsed once per process."""
    return tomllib.loads(resource_text(name))

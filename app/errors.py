"""Typed errors that carry data. ``ui/`` and the CLI turn them into sentences via the catalogue."""

from __future__ import annotations

from typing import Any

from app import messages

SHOWN_VALUE_MAX = 240
"""A value longer than this is shortened where a message quotes it (a 1 MB paste is not repeated
back in full: the message stays readable and a form's error label stays small)."""


def shown_value(value: object) -> object:
    """``value`` as a message quotes it: text past :data:`SHOWN_VALUE_MAX` as its start … its end."""
    if isinstance(value, str) and len(value) > SHOWN_VALUE_MAX:
        return f"{value[:160]} … {value[-60:]}"
    return value


class MvkError(Exception):
    """Base of every error the program expects and explains to a user.

    ``message_id`` names a text in ``resources/messages.toml``; ``field`` names the input that is wrong
    (so the GUI can show the message next to it); ``rule`` is the national format's rule id where one
    applies (e.g. ``F02``); ``params`` fill the text.
    """

    def __init__(
        self,
        message_id: str,
        *,
        field: str | None = None,
        value: object = None,
        rule: str | None = None,
        **params: Any,
    ) -> None:
        self.message_id = message_id
        self.field = field
        self.value = value
        self.rule = rule
        self.params: dict[str, Any] = {"value": value, **params}
        super().__init__(message_id)

    def message(self, lang: str | None = None) -> str:
        """The user's sentence for this error.

        ``{field}`` in a text is the field's own label; a parameter that is a callable is called with
        the language (for words that depend on it, such as "1 dag" / "2 days").
        """
        params = {k: v(lang) if callable(v) else v for k, v in self.params.items()}
        params["value"] = shown_value(params.get("value"))
        if self.field and "field" not in params:
            params["field"] = messages.text(f"field.{self.field}", lang)
        return messages.text(self.message_id, lang, **params)

    def __str__(self) -> str:
        return self.message()


class InputError(MvkError):
    """A value typed or read cannot be understood (a date, a CPR number, a code)."""


class RuleViolation(MvkError):
    """Values that are each well-formed break a rule of national-format.md §4 (e.g. a missing reason)."""

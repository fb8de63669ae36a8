"""Typed errors of the store, each with a message that says what to do."""

from __future__ import annotations

from app.errors import MvkError


class StoreError(MvkError):
    """The store cannot do what was asked; the message says why and what to do."""


class StoreBusy(StoreError):
    def __init__(self) -> None:
        super().__init__("store.busy")


class StoreReadOnly(StoreError):
    def __init__(self, location: str) -> None:
        super().__init__("store.readonly", value=location)


class StoreFull(StoreError):
    def __init__(self) -> None:
        super().__init__("store.full")


class StoreTooNew(StoreError):
    def __init__(self, revision: str) -> None:
        super().__init__("store.too_new", value=revision)


class StoreForeign(StoreError):
    def __init__(self, location: str) -> None:
        super().__init__("store.foreign", value=location)


class StoreUnreachable(StoreError):
    def __init__(self, location: str, detail: str) -> None:
        super().__init__("store.unreachable", value=location, detail=detail)


class StoreOnNetwork(StoreError):
    """A SQLite store on a network share: refused for writing (SQLite's locking is not safe there)."""

    def __init__(self, location: str) -> None:
        super().__init__("store.on_network", value=location)


class StoreInUse(StoreError):
    """The store is open in another program (or another MVK window), so it cannot be replaced."""

    def __init__(self, location: str) -> None:
        super().__init__("store.in_use", value=location)


class StoreDamaged(StoreError):
    """The store failed its start check (``quick_check``); it is opened read-only until restored.

    ``detail`` is SQLite's first finding; ``backups`` the folder with the daily backups.
    """

    def __init__(self, location: str, detail: str, backups: str, *, readable: bool = True) -> None:
        message_id = "store.damaged" if readable else "store.damaged_unreadable"
        super().__init__(message_id, value=location, detail=detail, backups=backups)
        self.location = location
        self.detail = detail
        self.backups = backups
        self.readable = readable
        """False when the store could not even be opened read-only."""


class ConflictError(MvkError):
    """Someone else changed the record after it was read (optimistic locking)."""

    def __init__(self, entity: str, entity_id: str) -> None:
        super().__init__("store.conflict", field=None, value=entity_id, entity=entity)


class NotFound(MvkError):
    def __init__(self, entity: str, entity_id: str) -> None:
        super().__init__("store.not_found", value=entity_id, entity=entity)

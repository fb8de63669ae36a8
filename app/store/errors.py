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


class ConflictError(MvkError):
    """Someone else changed the record after it was read (optimistic locking)."""

    def __init__(self, entity: str, entity_id: str) -> None:
        super().__init__("store.conflict", field=None, value=entity_id, entity=entity)


class NotFound(MvkError):
    def __init__(self, entity: str, entity_id: str) -> None:
        super().__init__("store.not_found", value=entity_id, entity=entity)

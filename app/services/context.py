"""What every service call needs besides its session: who acts, and the clock."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from app.clock import Clock, SystemClock
from app.store.audit import Actor


def current_login() -> str:
    try:
        return getpass.getuser()[:64] or "ukendt"
    except Exception:  # no login name in this environment
        return "ukendt"


@dataclass(frozen=True)
class ServiceContext:
    actor: Actor
    clock: Clock

    @classmethod
    def default(cls, clock: Clock | None = None, login: str | None = None) -> ServiceContext:
        return cls(Actor(login or current_login()), clock or SystemClock())

    def timestamp(self) -> str:
        """Now, ISO 8601 with offset, to the second."""
        return self.clock.now().isoformat(timespec="seconds")

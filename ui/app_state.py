"""What the windows share: the open store, who is working, the clock, the installation settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.services.settings import InstallationSettings, UserPreferences
from app.store.engine import Store

T = TypeVar("T")


@dataclass
class AppState:
    store: Store
    ctx: ServiceContext

    def read(self, work: Callable[[Session], T]) -> T:
        """Run one read-only user action in its own session."""
        with self.store.read() as session:
            return work(session)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run one user action that writes: all of it is saved, or none of it."""
        with self.store.write() as session:
            return work(session)

    def installation(self) -> InstallationSettings:
        return self.read(settings_service.installation)

    def preferences(self) -> UserPreferences:
        return self.read(lambda s: settings_service.preferences(s, self.ctx.actor.login))

    def needs_setup(self) -> bool:
        """True until the own region, own SHAK and the user's initials are answered."""
        inst = self.installation()
        return not (inst.region and inst.own_shak and self.preferences().initials)

"""What the store's reliability tests share: child processes that use the real store, markers they
print, and the checks that a store is whole (no half-applied save, an unbroken audit chain).

Child processes are started with ``python -c SCRIPT`` from the project folder and talk through
stdout lines ("ready", "saving …", "saved …"); the tests wait for these lines, never for time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from app.domain.pathway import PathwayData
from app.services import pathways
from app.services.pathways import AUDITED_FIELDS
from app.store import audit
from app.store.engine import Store
from app.store.models import AuditEntry, Pathway

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2024, 6, 15)


def pathway_data(kommentar: str) -> PathwayData:
    return PathwayData(
        cpr="0707614285",
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="130111",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=date(2024, 6, 1),
        kommentar=kommentar,
    )


# A child that saves pathways through the real store until it is killed (or has saved COUNT):
# "saving <id> <kommentar>" before each transaction, "saved <id> <kommentar>" after its commit.
# Seven in ten saves register a new pathway, the rest correct the kommentar of an existing one.
SAVER = textwrap.dedent(
    """
    import random, sys, uuid
    from datetime import date
    from sqlalchemy import select
    from app.clock import FixedClock
    from app.domain.pathway import PathwayData
    from app.services import pathways
    from app.services.context import ServiceContext
    from app.store.migrate import open_store
    from app.store.models import Pathway

    url, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    store = open_store(url)
    ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="saver")
    with store.read() as session:
        ids = sorted(session.scalars(select(Pathway.forloeb_id)))
    print("ready", flush=True)
    n = 0
    while count < 0 or n < count:
        n += 1
        kommentar = f"s{seed}-{n}-" + "x" * rng.randrange(0, 400)
        if ids and rng.random() < 0.3:
            forloeb_id = rng.choice(ids)
            print("saving", forloeb_id, kommentar, flush=True)
            with store.write() as session:
                current = pathways.get(session, forloeb_id)
                pathways.correct(session, forloeb_id, {"kommentar": kommentar}, ctx,
                                 expected_version=current.version)
        else:
            forloeb_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            print("saving", forloeb_id, kommentar, flush=True)
            data = PathwayData(
                cpr="0707614285", region="1084", indberettende_shak="1301",
                udfoerende_shak="130111", udfoerende_type="PRIVAT", forloebstype="UDREDNING",
                kraeftomraade="BRYST", henvisning_modtaget=date(2024, 6, 1), kommentar=kommentar)
            with store.write() as session:
                pathways.register(session, data, ctx, forloeb_id=forloeb_id)
            ids.append(forloeb_id)
        print("saved", forloeb_id, kommentar, flush=True)
    store.dispose()
    print("done", flush=True)
    """
)


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


class Child:
    """A child process running ``python -c script``; every stdout line it printed is kept.

    Its stdout is read only through the one buffered reader (never ``communicate()``, which reads
    the raw pipe and would miss what ``readline`` already buffered); stderr goes to a file.
    """

    def __init__(self, script: str, *args: str, stdin: bool = False, **env: str) -> None:
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            env=child_env(**env),
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        self.lines: list[str] = []

    def wait_for(self, marker: str) -> str:
        """Read lines until one starts with ``marker``; fail if the child ends first."""
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait()
                raise AssertionError(
                    f"child ended before {marker!r} (exit {self.proc.returncode}):\n{self.stderr()}"
                )
            self.lines.append(line.rstrip("\n"))
            if line.startswith(marker):
                return self.lines[-1]

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def kill(self) -> list[str]:
        """kill -9, then every line it printed (those in the pipe too)."""
        self.proc.send_signal(signal.SIGKILL)
        return self.finish()

    def finish(self, timeout: float = 300) -> list[str]:
        """Read to the end of its output and wait for it; every line it printed."""
        assert self.proc.stdout is not None
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()
        rest = self.proc.stdout.read()  # up to end of file: the child has ended or is ending
        self.proc.wait(timeout=timeout)
        self.lines += rest.splitlines()
        return self.lines

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()
        self._stderr.close()


# --- what a whole store looks like ---------------------------------------------------------------
def _texts(values: dict[str, Any]) -> dict[str, Any]:
    """Field values as the audit log keeps them, without the empty ones."""
    return {k: v for k, v in ((k, audit.to_text(v)) for k, v in values.items()) if v is not None}


@dataclass(frozen=True)
class StoreFacts:
    integrity: list[str]
    foreign_key_problems: int
    chain_ok: bool
    audit_rows: int
    kommentar: dict[str, str | None]
    """Every pathway's kommentar, by id."""
    created: set[str]
    """The ids that have a "create" audit row."""
    replay_mismatches: list[str]
    """Pathways whose row differs from what replaying the audit log gives."""
    audit_hashes: list[str]

    def assert_whole(self) -> None:
        assert self.integrity == ["ok"], self.integrity
        assert self.foreign_key_problems == 0
        assert self.chain_ok, "the audit chain is broken"
        assert set(self.kommentar) == self.created, (
            "half-applied save: pathways without a create audit row "
            f"{sorted(set(self.kommentar) - self.created)}, audit rows without a pathway "
            f"{sorted(self.created - set(self.kommentar))}"
        )
        assert self.replay_mismatches == [], (
            f"rows differ from their audit log: {self.replay_mismatches}"
        )


def facts(store: Store) -> StoreFacts:
    with store.read() as session:
        integrity = [str(r) for r in session.execute(text("PRAGMA integrity_check")).scalars()]
        fk = len(session.execute(text("PRAGMA foreign_key_check")).all())
        chain = audit.verify_chain(session)
        replayed = audit.replay(session, pathways.ENTITY)
        rows = session.scalars(select(Pathway)).all()
        mismatches = [
            row.forloeb_id
            for row in rows
            if _texts({f: getattr(row, f) for f in AUDITED_FIELDS})
            != {k: v for k, v in replayed.get(row.forloeb_id, {}).items() if v is not None}
        ]
        created = set(
            session.scalars(
                select(AuditEntry.entity_id).where(
                    AuditEntry.entity == pathways.ENTITY, AuditEntry.action == "create"
                )
            )
        )
        hashes = list(session.scalars(select(AuditEntry.hash).order_by(AuditEntry.id)))
        return StoreFacts(
            integrity=integrity,
            foreign_key_problems=fk,
            chain_ok=chain.ok,
            audit_rows=chain.rows,
            kommentar={row.forloeb_id: row.kommentar for row in rows},
            created=created,
            replay_mismatches=mismatches,
            audit_hashes=hashes,
        )

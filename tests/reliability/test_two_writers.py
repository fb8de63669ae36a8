"""R4: two processes × N read-modify-write transactions on one store file, on a real disk.

Each worker adds 1 to a counter kept in one pathway's kommentar: it reads the value inside its own
``Store.write()`` session (``BEGIN IMMEDIATE``) and writes value + 1 through ``pathways.correct``.
Both start at the same moment (they wait for a "go" line). Afterwards: no error of any kind (a
ConflictError would mean a stale read), the counter is exactly 2 × N, and the audit log shows every
step 0→1→2→…→2N once and in order (a lost update would repeat a step), with an unbroken hash chain
and ``integrity_check`` ok.

``MVK_R4_TRANSACTIONS`` sets N (100 in ``make test``, 2,000 in ``make reliability``). The quick
variant on a RAM disk is tests/app/store/test_concurrency.py.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from sqlalchemy import select
from store_kit import Child, facts, pathway_data

from app.clock import FixedClock
from app.services import pathways
from app.services.context import ServiceContext
from app.store.migrate import open_store
from app.store.models import AuditEntry

TRANSACTIONS = int(os.environ.get("MVK_R4_TRANSACTIONS", "100"))

WORKER = """
import json, sys
from datetime import date
from app.clock import FixedClock
from app.services import pathways
from app.services.context import ServiceContext
from app.store.migrate import open_store

url, forloeb_id, count, login = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
store = open_store(url)
ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login=login)
print("ready", flush=True)
sys.stdin.readline()
errors = []
done = 0
for _ in range(count):
    try:
        with store.write() as session:
            current = pathways.get(session, forloeb_id)
            pathways.correct(session, forloeb_id, {"kommentar": str(int(current.kommentar) + 1)},
                             ctx, expected_version=current.version)
        done += 1
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
store.dispose()
print("result", json.dumps({"done": done, "errors": errors[:5], "error_count": len(errors)}),
      flush=True)
"""


def test_two_processes_make_every_update_once_and_in_order(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    store = open_store(url)
    ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="tester")
    with store.write() as session:
        forloeb_id = pathways.register(session, pathway_data("0"), ctx).forloeb_id

    workers = [
        Child(WORKER, url, forloeb_id, str(TRANSACTIONS), f"proc{i}", stdin=True) for i in range(2)
    ]
    try:
        for worker in workers:
            worker.wait_for("ready")
        for worker in workers:
            worker.send("go")
        results = [json.loads(w.wait_for("result ").partition(" ")[2]) for w in workers]
        for worker in workers:
            worker.finish()
            assert worker.proc.returncode == 0
    finally:
        for worker in workers:
            worker.stop()

    assert [r["error_count"] for r in results] == [0, 0], [r["errors"] for r in results]
    assert [r["done"] for r in results] == [TRANSACTIONS, TRANSACTIONS]
    total = 2 * TRANSACTIONS
    try:
        found = facts(store)
        found.assert_whole()
        assert found.kommentar[forloeb_id] == str(total), "lost updates"
        with store.read() as session:
            entries = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_id == forloeb_id, AuditEntry.action != "create")
                .order_by(AuditEntry.id)
            ).all()
            steps = [json.loads(e.changes)["kommentar"] for e in entries]
            logins = {e.login for e in entries}
        assert steps == [[str(i), str(i + 1)] for i in range(total)]
        assert logins == {"proc0", "proc1"}
        assert found.audit_rows == total + 1
    finally:
        store.dispose()

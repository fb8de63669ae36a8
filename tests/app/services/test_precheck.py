"""The reporting screen's pre-check: export's findings without writing, tied to their pathways."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import at_partner as data
from sqlalchemy import update

from app.domain.periods import Period
from app.services import export, pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store.engine import Store
from app.store.models import Pathway

Q2 = Period(2024, 2)


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("MVK_STATE_DIR", str(folder))
    return folder


def test_precheck_ties_findings_to_pathways_and_writes_nothing(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with store.write() as s:
        settings_service.set_many(s, ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"})
        closed = pathways.register(
            s,
            data(
                "0101901234",
                date(2024, 4, 2),
                tilbudt_start=date(2024, 4, 5),
                start=date(2024, 4, 8),
            ),
            ctx,
        ).forloeb_id
        overdue = pathways.register(s, data("0202902345", date(2024, 5, 1)), ctx).forloeb_id
        # a value the services never write (as after a change outside them): F12 is a FEJL
        s.execute(update(Pathway).where(Pathway.forloeb_id == closed).values(kommentar="a\x01b"))

    with store.read() as s:
        check = export.precheck(s, "1084", Q2, ctx)
        prepared = export.prepare(s, "1084", Q2, ctx)[2]
    assert check.findings == prepared  # the same findings export would give
    assert not check.ready
    assert check.antal_forloeb == 1
    rules = {(i.finding.rule, i.forloeb_id, i.frist) for i in check.items}
    assert ("F12", closed, None) in rules
    assert ("K01", None, None) in rules
    assert ("K01", overdue, date(2024, 5, 15)) in rules
    f12 = next(i for i in check.items if i.finding.rule == "F12")
    assert f12.cpr == "0101901234"
    assert check.errors == 1
    assert check.warnings == 1  # K01 counted once, not once per pathway
    assert list(tmp_path.glob("*.xlsx")) == []
    with store.read() as s:
        assert export.deliveries(s) == []

    with store.write() as s:
        pathways.correct(s, closed, {"kommentar": "rettet"}, ctx)
    with store.read() as s:
        check = export.precheck(s, "1084", Q2, ctx)
    assert check.ready
    assert [i.finding.rule for i in check.items] == ["K01", "K01"]

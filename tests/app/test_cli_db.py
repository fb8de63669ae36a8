"""`mvk db upgrade | check | backup` and `mvk settings`, run as a user runs them.

Most tests call ``app.cli.main`` in this process (fast; output through capsys); one runs
``python -m app.cli`` as a separate process to prove the commands are wired into the real program.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.config import Config
from pg_databases import drop_pg_database, new_pg_database
from sqlalchemy import create_engine, select, text

from app.cli import main
from app.services import settings as settings_service
from app.services.settings import InstallationSettings, UserPreferences
from app.store import audit
from app.store import migrate as migrate_module
from app.store.engine import create_store_engine
from app.store.migrate import current_revision, head_revision, open_store
from app.store.models import AuditEntry, Setting

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def line(self, start: str) -> str:
        """The one output line that begins with ``start``."""
        found = [line for line in self.out.splitlines() if line.startswith(start)]
        assert len(found) == 1, (start, self.out)
        return found[0]


Mvk = Callable[..., Result]


@pytest.fixture
def mvk(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Mvk:
    """Run ``mvk ARGS`` in this process as the login ``tester``; returns exit status and output."""
    monkeypatch.setenv("LOGNAME", "tester")

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def table(path: Path, query: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


@pytest.fixture
def store_file(tmp_path: Path, sqlite_template: Path) -> Path:
    """A migrated SQLite store file with nothing in it yet."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    return path


# --- mvk db upgrade ----------------------------------------------------------------------------


def test_upgrade_creates_a_new_store_at_the_newest_schema(tmp_path: Path, mvk: Mvk) -> None:
    path = tmp_path / "ny" / "mvk.sqlite"
    result = mvk("--db", sqlite_url(path), "db", "upgrade")
    assert result.code == 0, result.err
    assert result.line("Skemaversion før:") == "Skemaversion før: intet skema (nyt lager)"
    assert result.line("Skemaversion efter:") == f"Skemaversion efter: {head_revision()} (nyeste)"
    engine = create_store_engine(sqlite_url(path))
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_upgrade_of_an_empty_postgres_database(pg_url: str, mvk: Mvk) -> None:
    url = new_pg_database(pg_url, None)
    try:
        result = mvk("--db", url, "db", "upgrade")
        assert result.code == 0, result.err
        assert result.line("Skemaversion før:") == "Skemaversion før: intet skema (nyt lager)"
        assert (
            result.line("Skemaversion efter:") == f"Skemaversion efter: {head_revision()} (nyeste)"
        )
        assert mvk("--db", url, "db", "check").code == 0
    finally:
        drop_pg_database(pg_url, url)


def test_upgrade_of_a_current_store_says_nothing_changed(store_file: Path, mvk: Mvk) -> None:
    result = mvk("--db", sqlite_url(store_file), "db", "upgrade")
    assert result.code == 0
    assert "allerede på nyeste version" in result.out
    assert [p.name for p in store_file.parent.iterdir()] == ["mvk.sqlite"]  # no backup needed


def test_upgrade_of_an_older_store_names_its_backup(
    store_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mvk: Mvk,
) -> None:
    old_head = make_program_one_release_newer(monkeypatch, tmp_path)
    result = mvk("--db", sqlite_url(store_file), "--today", "2024-06-15", "db", "upgrade")
    assert result.code == 0, result.err
    assert result.line("Skemaversion før:") == f"Skemaversion før: {old_head}"
    assert result.line("Skemaversion efter:").endswith("9001_test_next (nyeste)")
    backups = list(store_file.parent.glob(f"mvk.før-opgradering-{old_head}-*.sqlite"))
    assert len(backups) == 1
    assert result.line("Sikkerhedskopi taget før opgraderingen:").endswith(str(backups[0]))


def test_upgrade_refuses_a_store_of_a_newer_version(store_file: Path, mvk: Mvk) -> None:
    connection = sqlite3.connect(store_file)
    connection.execute("UPDATE alembic_version SET version_num = '9999_newer'")
    connection.commit()
    connection.close()
    before = files_in(store_file.parent)
    result = mvk("--db", sqlite_url(store_file), "db", "upgrade")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "nyere version af MVK" in result.err
    assert files_in(store_file.parent) == before


@pytest.mark.parametrize("command", [("db", "upgrade"), ("db", "check"), ("settings",)])
def test_a_server_that_does_not_answer_is_a_clear_message(
    mvk: Mvk, command: tuple[str, ...]
) -> None:
    url = "postgresql+psycopg://mvk:hemmelig@127.0.0.1:1/mvk"  # nothing listens on port 1
    result = mvk("--db", url, *command)
    assert result.code == 1
    assert result.err.startswith(
        "Fejl: Lageret «postgresql+psycopg://mvk:***@127.0.0.1:1/mvk» kan ikke åbnes"
    )
    assert "Traceback" not in result.err and "hemmelig" not in result.err


# --- mvk db check ------------------------------------------------------------------------------


def test_check_of_a_sound_store_is_all_ok(store_url: str, mvk: Mvk) -> None:
    assert mvk("--db", store_url, "settings", "--region", "1084").code == 0
    result = mvk("--db", store_url, "db", "check")
    assert result.code == 0, result.out
    lines = result.out.splitlines()
    checks = lines[:-1]
    expected = 7 if store_url.startswith("sqlite") else 3
    assert len(checks) == expected
    assert all(": OK" in line for line in checks), result.out
    assert result.line("Ændringsloggens hashkæde:") == "Ændringsloggens hashkæde: OK — 1 række"
    assert lines[-1] == "Alle kontroller er OK."
    if store_url.startswith("sqlite"):
        assert "Forbindelsesindstillinger læst tilbage: OK" in lines
        assert "MVK-lager (application_id): OK" in lines


def _tamper_behind_the_guards(url: str, statement: str) -> None:
    """What an attacker with database access does: switch the guards off, change, switch them on."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if url.startswith("sqlite"):
                triggers = conn.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                ).all()
                for name, _sql in triggers:
                    conn.execute(text(f"DROP TRIGGER {name}"))
                conn.execute(text(statement))
                for _name, sql in triggers:
                    conn.execute(text(sql))
            else:
                conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
                conn.execute(text(statement))
                conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
    finally:
        engine.dispose()


def test_check_finds_an_edited_audit_row_and_names_it(store_url: str, mvk: Mvk) -> None:
    saved = mvk("--db", store_url, "settings", "--region", "1084", "--shak", "1301")
    assert saved.code == 0
    assert mvk("--db", store_url, "settings", "--initials", "abc").code == 0
    _tamper_behind_the_guards(store_url, "UPDATE audit_log SET login = 'mallory' WHERE id = 2")

    result = mvk("--db", store_url, "db", "check")

    assert result.code == 1
    assert result.line("Ændringsloggens hashkæde:").startswith(
        "Ændringsloggens hashkæde: FEJL — brudt ved række id 2 "
    )
    assert result.line("Ændringsloggen er skrivebeskyttet").endswith(": OK")
    assert result.out.splitlines()[-1] == "1 kontrol(ler) fejlede."


def test_check_finds_a_deleted_audit_row(store_url: str, mvk: Mvk) -> None:
    assert mvk("--db", store_url, "settings", "--region", "1084", "--initials", "ab").code == 0
    assert mvk("--db", store_url, "settings", "--region", "1085").code == 0
    _tamper_behind_the_guards(store_url, "DELETE FROM audit_log WHERE id = 1")
    result = mvk("--db", store_url, "db", "check")
    assert result.code == 1
    assert "FEJL — brudt ved række id 2 " in result.line("Ændringsloggens hashkæde:")


def test_check_finds_switched_off_guards(store_url: str, mvk: Mvk) -> None:
    engine = create_engine(store_url)
    with engine.begin() as conn:
        if store_url.startswith("sqlite"):
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
    engine.dispose()
    result = mvk("--db", store_url, "db", "check")
    assert result.code == 1
    guard_line = result.line("Ændringsloggen er skrivebeskyttet")
    missing = "audit_log_no_delete" if store_url.startswith("sqlite") else "audit_log_no_change"
    assert guard_line.endswith(f"FEJL — mangler eller er slået fra: {missing}")
    assert result.line("Ændringsloggens hashkæde:").startswith("Ændringsloggens hashkæde: OK")


def test_check_says_an_older_store_needs_upgrade(
    store_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mvk: Mvk,
) -> None:
    old_head = make_program_one_release_newer(monkeypatch, tmp_path)
    before = files_in(store_file.parent)
    result = mvk("--db", sqlite_url(store_file), "db", "check")
    assert result.code == 1
    assert result.line("Skemaversion:") == (
        f"Skemaversion: FEJL — {old_head}, nyeste er 9001_test_next; kør «mvk db upgrade»"
    )
    assert files_in(store_file.parent) == before  # a check never migrates


def test_check_of_another_programs_database_fails_and_leaves_it_alone(
    tmp_path: Path,
    mvk: Mvk,
) -> None:
    path = tmp_path / "andet.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE kunder (navn TEXT)")
    connection.commit()
    connection.close()
    before = files_in(tmp_path)
    result = mvk("--db", sqlite_url(path), "db", "check")
    assert result.code == 1
    assert "FEJL — fandt 0x0, forventede 0x4d564b31" in result.line("MVK-lager (application_id)")
    assert "journal_mode=delete (wal)" in result.line("Forbindelsesindstillinger læst tilbage")
    assert result.line("Skemaversion:").endswith("FEJL — intet skema; kør «mvk db upgrade»")
    assert files_in(tmp_path) == before


def test_check_of_a_text_file_fails_with_one_clear_line(tmp_path: Path, mvk: Mvk) -> None:
    path = tmp_path / "noter.txt"
    path.write_text("ikke en database\n", encoding="utf-8")
    result = mvk("--db", sqlite_url(path), "db", "check")
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "Filens integritet (integrity_check): FEJL — kunne ikke kontrolleres: "
        "file is not a database"
    )
    assert path.read_text(encoding="utf-8") == "ikke en database\n"


def test_check_of_a_missing_store_does_not_create_it(tmp_path: Path, mvk: Mvk) -> None:
    path = tmp_path / "mangler" / "mvk.sqlite"
    result = mvk("--db", sqlite_url(path), "db", "check")
    assert result.code == 1
    assert "findes ikke" in result.err
    assert not path.parent.exists()


# --- mvk db backup -----------------------------------------------------------------------------


def test_backup_is_sound_and_holds_the_same_rows(
    store_file: Path, tmp_path: Path, mvk: Mvk
) -> None:
    url = sqlite_url(store_file)
    assert mvk("--db", url, "settings", "--region", "1083", "--shak", "1301").code == 0
    target = tmp_path / "kopier" / "mvk-kopi.sqlite"

    result = mvk("--db", url, "db", "backup", str(target))

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"Sikkerhedskopi skrevet: {target}",
        "Kopiens integritet er kontrolleret: OK.",
    ]
    assert table(target, "PRAGMA integrity_check") == [("ok",)]
    for query in ("SELECT * FROM setting ORDER BY key", "SELECT * FROM audit_log ORDER BY id"):
        assert table(target, query) == table(store_file, query)
    assert len(table(target, "SELECT * FROM audit_log")) == 2
    assert mvk("--db", sqlite_url(target), "db", "check").code == 0


def test_backup_while_another_user_is_saving_holds_only_saved_rows(
    store_file: Path,
    tmp_path: Path,
    mvk: Mvk,
) -> None:
    url = sqlite_url(store_file)
    assert mvk("--db", url, "settings", "--region", "1081").code == 0
    store = open_store(url)
    target = tmp_path / "kopi.sqlite"
    try:
        with store.write() as session:
            session.add(Setting(key="halvfærdig", value="x", updated_at="t", updated_by="b"))
            session.flush()
            result = mvk("--db", url, "db", "backup", str(target))
    finally:
        store.dispose()
    assert result.code == 0, result.err
    assert table(target, "SELECT key FROM setting") == [("region",)]
    assert table(target, "PRAGMA integrity_check") == [("ok",)]


def test_backup_does_not_overwrite_a_file_unless_asked(
    store_file: Path, tmp_path: Path, mvk: Mvk
) -> None:
    target = tmp_path / "vigtig.sqlite"
    target.write_bytes(b"noget andet")
    result = mvk("--db", sqlite_url(store_file), "db", "backup", str(target))
    assert result.code == 1
    assert "findes allerede" in result.err and "--overwrite" in result.err
    assert target.read_bytes() == b"noget andet"

    result = mvk("--db", sqlite_url(store_file), "db", "backup", str(target), "--overwrite")
    assert result.code == 0, result.err
    assert table(target, "PRAGMA integrity_check") == [("ok",)]


def test_backup_into_a_folder_writes_a_dated_file_there(
    store_file: Path, tmp_path: Path, mvk: Mvk
) -> None:
    folder = tmp_path / "backup"
    folder.mkdir()
    result = mvk(
        "--db", sqlite_url(store_file), "--today", "2024-06-15", "db", "backup", str(folder)
    )
    assert result.code == 0, result.err
    copy = folder / "mvk-kopi-20240615T120000.sqlite"
    assert [p.name for p in folder.iterdir()] == [copy.name]
    assert result.out.splitlines()[0] == f"Sikkerhedskopi skrevet: {copy}"
    assert table(copy, "PRAGMA integrity_check") == [("ok",)]


def test_backup_refuses_to_write_over_the_store_itself(store_file: Path, mvk: Mvk) -> None:
    before = files_in(store_file.parent)
    result = mvk("--db", sqlite_url(store_file), "db", "backup", str(store_file), "--overwrite")
    assert result.code == 1
    assert "oven i selve lageret" in result.err
    assert files_in(store_file.parent) == before


def test_backup_of_postgres_points_to_pg_dump(tmp_path: Path, mvk: Mvk) -> None:
    target = tmp_path / "kopi.dump"
    url = "postgresql+psycopg://mvk:hemmelig@db.region.dk:5433/mvk_prod"
    result = mvk("--db", url, "db", "backup", str(target))
    assert result.code == 1
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "pg_dump --format=custom --file=mvk.dump --host=db.region.dk --port=5433" in result.err
    assert "mvk_prod" in result.err
    assert "hemmelig" not in result.err
    assert not target.exists()


# --- mvk settings ------------------------------------------------------------------------------


def test_settings_show_what_is_not_set_yet(store_file: Path, mvk: Mvk) -> None:
    result = mvk("--db", sqlite_url(store_file), "settings")
    assert result.code == 0
    assert result.out.splitlines() == [
        "Fælles indstillinger (gælder alle, der bruger lageret):",
        "  Egen region: (ikke angivet)",
        "  Egen SHAK-kode: (ikke angivet)",
        "  Tærskel for små tal ved offentliggørelse: 5 (standard)",
        "Dine indstillinger (login tester):",
        "  Initialer: (ikke angivet)",
        "  Sprog: da (standard)",
    ]


def test_settings_are_saved_normalised_and_audited(store_file: Path, mvk: Mvk) -> None:
    url = sqlite_url(store_file)
    result = mvk(
        "--db", url, "settings", "--region", "１０８４", "--shak", " 1301 ", "--initials", "æbc"
    )
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Indstillingerne er gemt.",
        "Fælles indstillinger (gælder alle, der bruger lageret):",
        "  Egen region: 1084 (Region Hovedstaden)",
        "  Egen SHAK-kode: 1301",
        "  Tærskel for små tal ved offentliggørelse: 5 (standard)",
        "Dine indstillinger (login tester):",
        "  Initialer: ÆBC",
        "  Sprog: da (standard)",
    ]
    assert table(store_file, "SELECT key, value, updated_by FROM setting ORDER BY key") == [
        ("own_shak", "1301", "tester"),
        ("region", "1084", "tester"),
        ("user.tester.initials", "ÆBC", "tester"),
    ]
    audited = table(
        store_file, "SELECT login, action, entity, entity_id, changes FROM audit_log ORDER BY id"
    )
    assert audited == [
        ("tester", "create", "setting", "region", '{"value": [null, "1084"]}'),
        ("tester", "create", "setting", "own_shak", '{"value": [null, "1301"]}'),
        ("tester", "create", "setting", "user.tester.initials", '{"value": [null, "ÆBC"]}'),
    ]


def test_a_changed_setting_records_old_and_new_and_an_unchanged_one_nothing(
    store_url: str,
    mvk: Mvk,
) -> None:
    assert mvk("--db", store_url, "settings", "--region", "1084").code == 0
    assert mvk("--db", store_url, "settings", "--region", "1084").code == 0
    assert mvk("--db", store_url, "settings", "--region", "1085").code == 0
    store = open_store(store_url)
    try:
        with store.read() as session:
            entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
            assert [(e.action, e.changes) for e in entries] == [
                ("create", '{"value": [null, "1084"]}'),
                ("update", '{"value": ["1084", "1085"]}'),
            ]
            assert audit.verify_chain(session).ok
    finally:
        store.dispose()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--region",
            "1089",
            "Fejl: Ugyldig region «1089». Skriv regionens kode: 1081, 1082, 1083, 1084, 1085.",
        ),
        ("--shak", "13", "Fejl: Ugyldig SHAK-kode «13»: 4, 6 eller 7 tegn, kun A–Z og 0–9."),
        ("--initials", "A1", "Fejl: Ugyldige initialer «A1». Skriv 1–10 bogstaver, fx ABC."),
        (
            "--initials",
            "ABCDEFGHIJK",
            "Fejl: Ugyldige initialer «ABCDEFGHIJK». Skriv 1–10 bogstaver, fx ABC.",
        ),
        ("--language", "de", "Fejl: Ukendt sprog «de». Vælg et af: da, en."),
    ],
)
def test_an_invalid_value_is_one_clear_line_and_nothing_is_saved(
    store_file: Path,
    mvk: Mvk,
    option: str,
    value: str,
    message: str,
) -> None:
    url = sqlite_url(store_file)
    other = ("--initials", "XY") if option != "--initials" else ("--region", "1081")
    result = mvk("--db", url, "settings", *other, option, value)
    assert result.code == 1
    assert result.out == ""
    assert result.err == message + "\n"
    assert table(store_file, "SELECT * FROM setting") == []
    assert table(store_file, "SELECT * FROM audit_log") == []


def test_initials_and_language_belong_to_each_login(
    store_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    mvk: Mvk,
) -> None:
    url = sqlite_url(store_file)
    monkeypatch.setenv("LOGNAME", "hanne")
    assert mvk("--db", url, "settings", "--region", "1082", "--initials", "HK").code == 0
    monkeypatch.setenv("LOGNAME", "jens")
    result = mvk("--db", url, "--lang", "en", "settings", "--initials", "JO", "--language", "en")
    assert result.code == 0
    assert result.out.splitlines()[1:] == [
        "Shared settings (apply to everyone who uses the store):",
        "  Own region: 1082 (Central Denmark Region)",
        "  Own SHAK code: (not set)",
        "  Threshold for small counts in published figures: 5 (default)",
        "Your settings (login jens):",
        "  Initials: JO",
        "  Language: en",
    ]
    monkeypatch.setenv("LOGNAME", "hanne")
    again = mvk("--db", url, "settings")
    assert "  Initialer: HK" in again.out.splitlines()
    assert "  Sprog: da (standard)" in again.out.splitlines()


def test_what_the_command_saved_is_what_the_program_reads(store_url: str, mvk: Mvk) -> None:
    """The GUI reads settings through the same service: it sees the values the command saved."""
    assert mvk("--db", store_url, "settings", "--region", "1085", "--shak", "130101").code == 0
    assert mvk("--db", store_url, "settings", "--initials", "mk", "--language", "en").code == 0
    store = open_store(store_url)
    try:
        with store.read() as session:
            assert settings_service.installation(session) == InstallationSettings(
                region="1085", own_shak="130101"
            )
            assert settings_service.preferences(session, "tester") == UserPreferences(
                login="tester", initials="MK", language="en"
            )
            assert settings_service.preferences(session, "andre") == UserPreferences(
                login="andre", initials=None, language="da"
            )
    finally:
        store.dispose()


# --- the real program ---------------------------------------------------------------------------


def test_the_commands_run_as_a_separate_program(tmp_path: Path) -> None:
    path = tmp_path / "mvk.sqlite"

    def mvk_process(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", "--db", sqlite_url(path), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )

    saved = mvk_process("settings", "--region", "1081")  # creates the store at head
    assert saved.returncode == 0, saved.stderr
    assert "  Egen region: 1081 (Region Nordjylland)" in saved.stdout.splitlines()
    checked = mvk_process("db", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1] == "Alle kontroller er OK."


# --- helpers -----------------------------------------------------------------------------------

NEXT_REVISION = "9001_test_next"


def make_program_one_release_newer(monkeypatch: pytest.MonkeyPatch, folder: Path) -> str:
    """This program's migrations plus one more on top; returns the head before it (the old release)."""
    old_head = head_revision()
    scripts = folder / "next-release-migrations"
    source = Path(migrate_module.__file__).parent / "migrations"
    shutil.copytree(source, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{NEXT_REVISION}.py").write_text(
        f'revision = "{NEXT_REVISION}"\n'
        f'down_revision = "{old_head}"\n'
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        "    from alembic import op\n"
        "    import sqlalchemy as sa\n\n"
        '    op.create_table("test_next", sa.Column("id", sa.Integer(), primary_key=True))\n',
        encoding="utf-8",
    )

    def config() -> Config:
        next_release = Config()
        next_release.set_main_option("script_location", str(scripts))
        return next_release

    monkeypatch.setattr(migrate_module, "alembic_config", config)
    return old_head

"""The tables of the store (SQLAlchemy 2, typed ``Mapped[]``).

Column names of ``pathway`` and ``abroad_count`` are those of the national format (§3, §8), so a row
and a line of the file speak the same language. Derived values (frist, ventedage, kategori, status,
periode) are computed by the services, never typed by a user.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TIMESTAMP = String(40)
"""Timestamps are ISO 8601 text with offset (``2024-07-15T10:15:00+02:00``) on both back-ends."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Partner(Base):
    """A private partner hospital (or another performing unit) set up by the user."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shak: Mapped[str] = mapped_column(String(7), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    udfoerende_type: Mapped[str] = mapped_column(String(10), default="PRIVAT")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(TIMESTAMP)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(TIMESTAMP)
    updated_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Pathway(Base):
    """One pathway: every field of national-format.md §3 plus what the tool needs around it."""

    __tablename__ = "pathway"

    forloeb_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    region: Mapped[str] = mapped_column(String(4))
    """The responsible region: the patient's bopælsregion (defaults to the installation's region)."""
    indberettende_shak: Mapped[str] = mapped_column(String(7))
    udfoerende_shak: Mapped[str] = mapped_column(String(7), index=True)
    udfoerende_type: Mapped[str] = mapped_column(String(10))
    forloebstype: Mapped[str] = mapped_column(String(16))
    behandlingsform: Mapped[str | None] = mapped_column(String(10))
    kraeftomraade: Mapped[str] = mapped_column(String(20))
    henvisning_modtaget: Mapped[date] = mapped_column(Date)
    samtykke: Mapped[date | None] = mapped_column(Date)
    frist: Mapped[date] = mapped_column(Date)
    frist_foreloebig: Mapped[bool] = mapped_column(Boolean, default=False)
    tilbudt_start: Mapped[date | None] = mapped_column(Date)
    start: Mapped[date | None] = mapped_column(Date)
    afbrudt: Mapped[date | None] = mapped_column(Date)
    ventedage: Mapped[int | None] = mapped_column(Integer)
    kategori: Mapped[int | None] = mapped_column(Integer)
    aarsag: Mapped[str | None] = mapped_column(String(20))
    udfald: Mapped[str | None] = mapped_column(String(10))
    kommentar: Mapped[str | None] = mapped_column(Text)

    # Around the national fields
    status: Mapped[str] = mapped_column(String(10))
    """``aaben`` (open), ``afsluttet`` (started) or ``afbrudt`` (interrupted)."""
    periode: Mapped[str | None] = mapped_column(String(6))
    """The quarter of the end date (``2024K2``); empty while open."""
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    ekstern_reference: Mapped[str | None] = mapped_column(String(64))
    """e.g. the partner's booking number."""
    alternativ_tilbud: Mapped[str | None] = mapped_column(String(200))
    """For KAPACITET_HENVIST: where the alternative offer was made."""
    kilde_shak: Mapped[str] = mapped_column(String(7))
    """The source unit that registered it (the installation, or the indberetter of an imported file)."""
    created_at: Mapped[str] = mapped_column(TIMESTAMP)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(TIMESTAMP)
    updated_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint("status in ('aaben', 'afsluttet', 'afbrudt')", name="status"),
        CheckConstraint("kategori is null or kategori in (1, 2, 3)", name="kategori"),
        Index("ix_pathway_worklist", "deleted", "status", "frist"),
        Index("ix_pathway_periode", "region", "periode"),
        Index("ix_pathway_henvisning", "henvisning_modtaget"),
        Index("ix_pathway_deleted_frist", "deleted", "frist"),
        Index("ix_pathway_status_partner", "deleted", "status", "partner_id", "frist"),
        Index(
            "ix_pathway_status_periode",
            "deleted",
            "status",
            "periode",
            "frist",
            "henvisning_modtaget",
        ),
    )


class AbroadCount(Base):
    """Pathways at foreign hospitals, counted per key of national-format.md §8 and per source."""

    __tablename__ = "abroad_count"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aar: Mapped[int] = mapped_column(Integer)
    kvartal: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(4))
    forloebstype: Mapped[str] = mapped_column(String(16))
    behandlingsform: Mapped[str] = mapped_column(String(10), default="")
    kraeftomraade: Mapped[str] = mapped_column(String(20), default="")
    land: Mapped[str] = mapped_column(String(2))
    antal: Mapped[int] = mapped_column(Integer)
    kommentar: Mapped[str | None] = mapped_column(Text)
    kilde_shak: Mapped[str] = mapped_column(String(7))
    created_at: Mapped[str] = mapped_column(TIMESTAMP)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(TIMESTAMP)
    updated_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint("kvartal between 1 and 4", name="kvartal"),
        CheckConstraint("antal >= 1", name="antal"),
        Index("ix_abroad_count_year", "region", "aar"),
    )


class AbroadAnswer(Base):
    """The yearly answer that the abroad count was made (also "ingen udenlandske forløb i år")."""

    __tablename__ = "abroad_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aar: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(4))
    kilde_shak: Mapped[str] = mapped_column(String(7))
    ingen_udland: Mapped[bool] = mapped_column(Boolean)
    """True: the year had no pathways abroad; False: the year's counts are complete."""
    answered_at: Mapped[str] = mapped_column(TIMESTAMP)
    answered_by: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("aar", "region", "kilde_shak", name="year_region_source"),)


class Delivery(Base):
    """A national file that was delivered (trial files are not recorded)."""

    __tablename__ = "delivery"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(4))
    periode: Mapped[str] = mapped_column(String(6))
    leverance: Mapped[int] = mapped_column(Integer)
    indberetter_shak: Mapped[str] = mapped_column(String(7))
    dannet: Mapped[str] = mapped_column(TIMESTAMP)
    dannet_af: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    kontrolsum: Mapped[str] = mapped_column(String(64))
    antal_forloeb: Mapped[int] = mapped_column(Integer)
    antal_udland: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("region", "periode", "leverance", name="region_periode_leverance"),
    )


class Setting(Base):
    """One installation or user setting (declared in :mod:`app.settings`)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(TIMESTAMP)
    updated_by: Mapped[str] = mapped_column(String(64))


class Draft(Base):
    """An unsaved form, kept so that a crash or a kill loses nothing typed."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), index=True)
    form: Mapped[str] = mapped_column(String(40))
    forloeb_id: Mapped[str | None] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(TIMESTAMP)

    __table_args__ = (UniqueConstraint("login", "form", "forloeb_id", name="login_form_record"),)


class AuditEntry(Base):
    """Append-only audit log; a hash chain links the rows. UPDATE and DELETE fail (triggers)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(TIMESTAMP)
    login: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    changes: Mapped[str] = mapped_column(Text)
    """JSON object ``{field: [old, new]}``; values as text (dates ISO) or null."""
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

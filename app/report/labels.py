"""The words of the overview: titles, row and column labels, periods, numbers — Danish first.

Every text comes from the message catalogue (``report.*`` in ``resources/messages.toml``) or from
the code lists, so the PDF, the XLSX, the charts and the GUI name things the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app import messages
from app.domain import codes
from app.domain.dates import format_date
from app.report.figures import NO_REASON, CountTable, Summary


def text(message_id: str, lang: str | None = None, **params: object) -> str:
    return messages.text(message_id, lang, **params)


def region_name(region: str, lang: str | None = None) -> str:
    return codes.label("region", region, lang or messages.current_language())


def period_text(summary: Summary, lang: str | None = None) -> str:
    """ "2. kvartal 2024" or "Året 2024"."""
    if summary.year:
        return text("report.period.year", lang, year=summary.period.year)
    return text(
        "report.period.quarter", lang, quarter=summary.period.quarter, year=summary.period.year
    )


def period_span(summary: Summary, lang: str | None = None) -> str:
    """ "01-04-2024 – 30-06-2024"."""
    return f"{format_date(summary.first_day)} – {format_date(summary.last_day)}"


def date_text(day: date | None) -> str:
    return format_date(day)


def month_name(month: int, lang: str | None = None) -> str:
    return text(f"report.month.{month}", lang)


def month_label(key: str, lang: str | None = None, *, short: bool = False) -> str:
    """``2024-04`` → "april 2024" (``short``: "apr.")."""
    year, month = (int(part) for part in key.split("-"))
    if short:
        return text(f"report.month_short.{month}", lang)
    return f"{month_name(month, lang)} {year}"


def quarter_label(periode: str, lang: str | None = None) -> str:
    """``2024K2`` → "K2 2024"."""
    return text("report.quarter_short", lang, quarter=periode[-1], year=periode[:4])


def kategori_label(key: str, lang: str | None = None, *, short: bool = False) -> str:
    return text(f"report.kategori{'_short' if short else ''}.{key}", lang)


def forloeb_label(key: str, lang: str | None = None) -> str:
    """``UDREDNING`` → "Udredning"; ``BEHANDLING:KIRURGI`` → "Behandling – kirurgi"."""
    lang = lang or messages.current_language()
    kind, _sep, form = key.partition(":")
    first = codes.label("forloebstype", kind, lang)
    if not form:
        return first
    return f"{first} – {codes.label('behandlingsform', form, lang).lower()}"


def aarsag_label(code: str, lang: str | None = None) -> str:
    if code == NO_REASON:
        return text("report.no_reason", lang)
    found = codes.aarsag(code)
    return found.label(lang or messages.current_language()) if found else code


def table_title(key: str, lang: str | None = None) -> str:
    return text(f"report.table.{key}", lang)


def row_header(key: str, lang: str | None = None) -> str:
    """The heading of a table's first column ("Forløbstype", "Måned" …)."""
    return text(f"report.row_header.{key}", lang)


def row_label(table: CountTable, index: int, lang: str | None = None) -> str:
    key = table.row_keys[index]
    if table.row_names:
        return table.row_names[index]
    if table.key == "status":
        return text(f"report.status.{key}", lang)
    if table.key in ("forloeb", "aabne", "udland"):
        return forloeb_label(key, lang)
    if table.key == "maaned":
        return month_label(key, lang)
    if table.key == "aarsag":
        return aarsag_label(key, lang)
    return key


def column_label(table: CountTable, key: str, lang: str | None = None) -> str:
    if table.key == "aabne":
        return text(f"report.open.{key}", lang)
    if table.key == "udland":
        return text("report.quarter_column", lang, quarter=key)
    return kategori_label(key, lang, short=True)


def _separators(lang: str | None) -> tuple[str, str]:
    """(thousands, decimal) separators: Danish 58.923,5; English 58,923.5."""
    return (",", ".") if (lang or messages.current_language()) == "en" else (".", ",")


def number(value: int | str, lang: str | None = None) -> str:
    """A count as printed: thousands separated (58.923), a hidden count as its marker."""
    if isinstance(value, str):
        return value
    thousands, _decimal = _separators(lang)
    return f"{value:,}".replace(",", thousands)


def decimal(
    value: float | str | None, digits: int = 1, suffix: str = "", lang: str | None = None
) -> str:
    """``99.84`` → "99,8" in Danish; a marker as it is; None as "–"."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    thousands, point = _separators(lang)
    formatted = f"{value:,.{digits}f}".replace(",", "_").replace(".", point)
    return formatted.replace("_", thousands) + suffix


def percent(value: float | str | None, lang: str | None = None) -> str:
    return decimal(value, 1, " %", lang) if not isinstance(value, str) else value


def cell(value: Any, as_percent: bool = False, lang: str | None = None) -> str:
    """A report cell as shown (screen and PDF alike): Danish numbers, shares in %, a hidden count as
    its marker ("<5", ".."), nothing as "–"."""
    if value is None:
        return "–"
    if as_percent:
        return percent(value, lang)
    if isinstance(value, float):
        return decimal(value, 0 if value.is_integer() else 1, lang=lang)
    if isinstance(value, int):
        return number(value, lang)
    return str(value)

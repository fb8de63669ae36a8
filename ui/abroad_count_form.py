"""One abroad count, typed by keyboard: quarter, pathway type, treatment form, kræftområde, country
(found by typing part of its Danish name), number and comment. Every message from the service is
shown under its field, and nothing typed is lost.
"""

from __future__ import annotations

import contextlib
import re
from functools import cache
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain import codes
from app.domain.codes import Country, Forloebstype
from app.errors import MvkError, shown_value
from app.services import abroad as abroad_service
from app.services.abroad import AbroadCountView, AbroadData, AbroadInvalid
from ui import labels
from ui.app_state import AppState
from ui.setup_dialog import FormDialog

KEPT_FOR_NEXT = ("kvartal", "forloebstype", "behandlingsform", "kraeftomraade")
"""What a new count starts with: the values of the count saved before it."""
CHANGED_FIELDS = (*KEPT_FOR_NEXT, "land", "antal", "kommentar")


@cache
def _countries() -> dict[str, Country]:
    return {c.alpha_2: c for c in codes.countries()}


def country_name(code: str) -> str:
    """The country's Danish name; the code alone when unknown."""
    country = _countries().get(code)
    return country.label(labels.language()) if country else code


def country_text(code: str) -> str:
    """``Tyskland (DE)``; the code alone when unknown."""
    country = _countries().get(code)
    return f"{country.label(labels.language())} ({code})" if country else code


class CountryCombo(QComboBox):
    """A country typed by (part of) its Danish name or its code; the list filters as one types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(12)
        lang = labels.language()
        for country in sorted(codes.countries(), key=lambda c: lang != "da" and c.label(lang)):
            self.addItem(country_text(country.alpha_2), country.alpha_2)
        self.setCurrentIndex(-1)
        self.setEditText("")
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("skriv en del af navnet, fx tysk"))

    def set_code(self, code: str) -> None:
        self.setCurrentIndex(self.findData(code))
        self.setEditText(country_text(code) if code else "")

    def matches(self) -> list[Country]:
        """The countries the typed text can mean: one when it is a list entry or a code."""
        text = self.currentText().strip()
        if not text:
            return []
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return [_countries()[self.itemData(index)]]
        code = re.fullmatch(r".*\(([A-Za-z]{2})\)|([A-Za-z]{2})", text)
        if code:
            found = _countries().get((code.group(1) or code.group(2)).upper())
            return [found] if found else []
        return codes.find_countries(text, labels.language())


class AbroadCountDialog(FormDialog):
    """Add a count to year ``aar`` (``count=None``) or change one."""

    count_saved = Signal(object)

    def __init__(
        self,
        state: AppState,
        aar: int,
        region: str,
        kilde_shak: str,
        count: AbroadCountView | None = None,
        defaults: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state, self.aar, self.region, self.kilde_shak = state, aar, region, kilde_shak
        self.count = count
        self.setWindowTitle(
            self.tr("Ny udlandsoptælling for {aar}").format(aar=aar)
            if count is None
            else self.tr("Ret udlandsoptælling for {aar}").format(aar=aar)
        )
        self.setMinimumWidth(560)
        self._build()
        self._fill(count, defaults or {})
        self.fix_tab_order()
        self.snapshot()
        self.kvartal_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build(self) -> None:
        self.kvartal_combo = QComboBox()
        for kvartal, months in enumerate(
            (self.tr("jan–mar"), self.tr("apr–jun"), self.tr("jul–sep"), self.tr("okt–dec")), 1
        ):
            self.kvartal_combo.addItem(
                self.tr("{n}. kvartal ({months})").format(n=kvartal, months=months), kvartal
            )
        self.type_combo = QComboBox()
        for entry in codes.code_list("forloebstype"):
            self.type_combo.addItem(entry.label(labels.language()), entry.code)
        self.form_combo = QComboBox()
        self.form_combo.addItem("", "")
        for entry in codes.code_list("behandlingsform"):
            self.form_combo.addItem(entry.label(labels.language()), entry.code)
        self.area_combo = QComboBox()
        self.area_combo.addItem(self.tr("(ikke kendt)"), "")
        for entry in codes.code_list("kraeftomraade"):
            self.area_combo.addItem(entry.label(labels.language()), entry.code)
        self.land_combo = CountryCombo()
        self.antal_edit = QLineEdit()
        self.antal_edit.setPlaceholderText(self.tr("fx 3"))
        self.kommentar_edit = QLineEdit()

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_field(
            form,
            "kvartal",
            self.tr("&Kvartal:"),
            self.kvartal_combo,
            self.tr("Det kvartal, forløbene startede i."),
        )
        self.add_field(form, "forloebstype", self.tr("&Forløbstype:"), self.type_combo)
        self.add_field(form, "behandlingsform", self.tr("&Behandlingsform:"), self.form_combo)
        self.add_field(form, "kraeftomraade", self.tr("K&ræftområde:"), self.area_combo)
        self.add_field(
            form,
            "land",
            self.tr("&Land:"),
            self.land_combo,
            self.tr("Skriv en del af landets danske navn eller koden; vælg med ↓ og Enter."),
        )
        self.add_field(form, "antal", self.tr("&Antal forløb:"), self.antal_edit)
        self.add_field(form, "kommentar", self.tr("K&ommentar:"), self.kommentar_edit)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(self.make_buttons(self.tr("&Gem (Ctrl+S)")))
        self.cancel_button.setText(self.tr("Annullér (Esc)"))
        self.type_combo.currentIndexChanged.connect(self._update_type)

    def _fill(self, count: AbroadCountView | None, defaults: dict[str, Any]) -> None:
        today = self.state.ctx.clock.today()
        values: dict[str, Any] = {
            "kvartal": (today.month - 1) // 3 + 1 if self.aar == today.year else 1,
            **defaults,
        }
        if count is not None:
            values = {name: getattr(count, name) for name in KEPT_FOR_NEXT}
            self.land_combo.set_code(count.land)
            self.antal_edit.setText(str(count.antal))
            self.kommentar_edit.setText(count.kommentar or "")
        for combo, name in (
            (self.kvartal_combo, "kvartal"),
            (self.type_combo, "forloebstype"),
            (self.form_combo, "behandlingsform"),
            (self.area_combo, "kraeftomraade"),
        ):
            if name in values:
                combo.setCurrentIndex(max(combo.findData(values[name]), 0))
        self._update_type()

    def _update_type(self) -> None:
        udredning = self.type_combo.currentData() == Forloebstype.UDREDNING
        if udredning:
            self.form_combo.setCurrentIndex(0)
            self.clear_error("behandlingsform")
        self.form_combo.setEnabled(not udredning)
        self.fix_tab_order()

    def current_values(self) -> dict[str, Any]:
        return {**super().current_values(), "land": self.land_combo.currentText()}

    def values(self) -> dict[str, Any]:
        """What the user chose, as the service takes it (kept for the next count)."""
        return {
            "kvartal": self.kvartal_combo.currentData(),
            "forloebstype": self.type_combo.currentData(),
            "behandlingsform": self.form_combo.currentData() or "",
            "kraeftomraade": self.area_combo.currentData() or "",
        }

    def _land(self) -> tuple[str, str | None]:
        """The chosen country's code, or the text as typed with a message saying why it is unclear."""
        text = self.land_combo.currentText().strip()
        found = self.land_combo.matches()
        if len(found) == 1:
            self.land_combo.set_code(found[0].alpha_2)
            return found[0].alpha_2, None
        if not text:
            return "", None
        if found:
            names = ", ".join(c.label(labels.language()) for c in found[:5]) + (
                " …" if len(found) > 5 else ""
            )
            message = self.tr("«{text}» passer på flere lande: {names}. Vælg ét på listen.")
        else:
            names = ""
            message = self.tr("Intet land passer på «{text}». Skriv en del af landets danske navn.")
        return text, message.format(text=shown_value(text), names=names)

    def save(self) -> None:
        land, unclear = self._land()
        antal_text = self.antal_edit.text().strip()
        antal: Any = antal_text
        if antal_text.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
            with contextlib.suppress(ValueError):  # past Python's 4,300 digits: the service says so
                antal = int(antal_text)
        data = AbroadData(
            aar=self.aar,
            region=self.region,
            kilde_shak=self.kilde_shak,
            land=land,
            antal=antal,
            kommentar=self.kommentar_edit.text(),
            **self.values(),
        )
        ctx, current = self.state.ctx, self.count

        def work(session: Session) -> AbroadCountView:
            if current is not None:
                changes = {name: getattr(data, name) for name in CHANGED_FIELDS}
                return abroad_service.correct(
                    session, current.id, changes, ctx, expected_version=current.version
                )
            # A new count never silently replaces the number of a count with the same key.
            key = abroad_service.validate(data, ctx)
            year = abroad_service.list_year(session, key.region, key.aar, key.kilde_shak)
            wanted = (
                key.aar,
                key.kvartal,
                key.forloebstype,
                key.behandlingsform or "",
                key.kraeftomraade or "",
                key.land,
            )
            for row in year.rows:
                if row.key == wanted:
                    raise abroad_service.AbroadKeyTaken(row.id)
            return abroad_service.set_count(session, data, ctx)

        try:
            saved = self.state.write(work)
        except AbroadInvalid as invalid:
            problems = [(e.field, self.sentence(e)) for e in invalid.errors]
            if unclear is not None:  # an unclear country: say why, not "unknown code"
                problems = [p for p in problems if p[0] != "land"] + [("land", unclear)]
            self.show_errors(problems)
            return
        except MvkError as error:
            self.show_error(error, {"aar": "", "region": "", "kilde_shak": ""})
            return
        self.clear_errors()
        self.count_saved.emit(saved)
        self.accept()

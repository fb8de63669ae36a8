"""The registration form: keyboard first, in the order a referral letter is read.

Tab and Enter move to the next field; Ctrl+S, Ctrl+Enter or Enter on the last field saves; Ctrl+Shift+S
saves and starts the next pathway with partner, type and kræftområde kept; Esc cancels (asking only
when something was typed). The deadline appears the moment the dates that decide it are typed.
Every message is shown next to its field and in a summary; nothing typed is lost on an error.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import codes
from app.domain.codes import Forloebstype
from app.domain.cpr import Sex, parse_cpr
from app.domain.dates import format_date
from app.domain.pathway import PathwayData
from app.domain.rules import compute_frist, compute_ventedage, countdown, derive_kategori
from app.errors import InputError, MvkError, RuleViolation
from app.services import drafts as draft_service
from app.services import partners as partner_service
from app.services import pathways as pathway_service
from app.services.duplicates import similar_pathways
from app.services.pathways import PathwayInvalid, PathwayView
from ui import labels
from ui.app_state import AppState
from ui.fields import DateField, EnterMovesOn, ErrorLabel, without_length_limit

DATE_FIELDS = ("henvisning_modtaget", "samtykke", "tilbudt_start", "start", "afbrudt")
DRAFT_FORM = "pathway"
DRAFT_DELAY_MS = 400
KEPT_FOR_NEXT = ("partner", "forloebstype", "behandlingsform", "kraeftomraade")


class PathwayForm(QDialog):
    """Register a new pathway, or correct, close or interrupt an existing one."""

    pathway_saved = Signal(str)

    def __init__(
        self, state: AppState, parent: QWidget | None = None, pathway: PathwayView | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.pathway = pathway
        self.saved_ids: list[str] = []
        installation = state.installation()
        self.own_region = installation.region or "1084"
        self.own_shak = installation.own_shak or ""
        self.setWindowTitle(self.tr("Ret forløb") if pathway else self.tr("Nyt forløb"))
        self.setMinimumWidth(620)

        self.errors: dict[str, ErrorLabel] = {}
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._build()
        self._connect()
        if pathway is not None:
            self._fill(pathway)
        self._update_type()
        self._update_derived()
        self._dirty = False

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.state.ctx.clock.today
        self.summary = ErrorLabel()
        self.cpr_edit = QLineEdit()
        self.cpr_edit.setPlaceholderText(self.tr("ddmmåå-xxxx"))
        self.cpr_info = QLabel()
        self.partner_combo = QComboBox()
        for partner in self.state.read(lambda s: partner_service.list_partners(s)):
            self.partner_combo.addItem(f"{partner.name} ({partner.shak})", partner.id)
        self.type_combo = QComboBox()
        for entry in codes.code_list("forloebstype"):
            self.type_combo.addItem(entry.label(labels.language()), entry.code)
        self.form_combo = QComboBox()
        self.form_combo.addItem("", None)
        for entry in codes.code_list("behandlingsform"):
            self.form_combo.addItem(entry.label(labels.language()), entry.code)
        self.area_combo = QComboBox()
        for entry in codes.code_list("kraeftomraade"):
            self.area_combo.addItem(entry.label(labels.language()), entry.code)
        self.dates = {name: DateField(today, name) for name in DATE_FIELDS}
        self.frist_info = QLabel()
        self.frist_info.setTextFormat(Qt.TextFormat.PlainText)
        self.kategori_info = QLabel()
        self.kategori_info.setWordWrap(True)
        self.aarsag_combo = QComboBox()
        self._fill_reasons()
        self.aarsag_info = QLabel()
        self.aarsag_info.setWordWrap(True)
        self.alternativ_edit = QLineEdit()
        self.alternativ_edit.setPlaceholderText(self.tr("fx Region Sjælland, Privathospital X"))
        self.udfald_combo = QComboBox()
        self.udfald_combo.addItem("", None)
        for entry in codes.code_list("udfald"):
            self.udfald_combo.addItem(entry.label(labels.language()), entry.code)
        self.kommentar_edit = QLineEdit()
        self.region_combo = QComboBox()
        for entry in codes.code_list("region"):
            self.region_combo.addItem(f"{entry.code} {entry.label(labels.language())}", entry.code)
        self.region_combo.setCurrentIndex(max(self.region_combo.findData(self.own_region), 0))
        self.reference_edit = QLineEdit()
        self.duplicate_info = QLabel()
        self.duplicate_info.setStyleSheet("color: #92400e;")
        self.duplicate_info.setWordWrap(True)
        self.duplicate_info.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, str, QWidget, QWidget | None]] = [
            ("cpr", self.tr("&CPR-nummer:"), self.cpr_edit, self.cpr_info),
            ("udfoerende_shak", self.tr("&Partnersygehus:"), self.partner_combo, None),
            ("forloebstype", self.tr("&Forløbstype:"), self.type_combo, None),
            ("behandlingsform", self.tr("&Behandlingsform:"), self.form_combo, None),
            ("kraeftomraade", self.tr("&Kræftområde:"), self.area_combo, None),
            (
                "henvisning_modtaget",
                self.tr("&Henvisning modtaget:"),
                self.dates["henvisning_modtaget"],
                self.duplicate_info,
            ),
            ("samtykke", self.tr("Sa&mtykke:"), self.dates["samtykke"], self.frist_info),
            ("tilbudt_start", self.tr("&Tilbudt start:"), self.dates["tilbudt_start"], None),
            ("start", self.tr("&Start:"), self.dates["start"], None),
            ("afbrudt", self.tr("&Afbrudt:"), self.dates["afbrudt"], None),
            ("aarsag", self.tr("Å&rsag:"), self.aarsag_combo, self.aarsag_info),
            ("alternativ_tilbud", self.tr("Tilbud an&detsteds:"), self.alternativ_edit, None),
            ("udfald", self.tr("&Udfald:"), self.udfald_combo, None),
            ("kommentar", self.tr("K&ommentar:"), self.kommentar_edit, None),
            ("region", self.tr("Bopæ&lsregion:"), self.region_combo, None),
            ("ekstern_reference", self.tr("&Ekstern reference:"), self.reference_edit, None),
        ]
        self.inputs: dict[str, QWidget] = {}
        for field, text, widget, extra in rows:
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(2)
            layout.addWidget(widget)
            if extra is not None:
                layout.addWidget(extra)
            error = ErrorLabel()
            layout.addWidget(error)
            self.errors[field] = error
            self.inputs[field] = widget
            if isinstance(widget, QLineEdit):
                without_length_limit(widget)  # too long is said by the validation, never cut
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, box)

        bold = self.frist_info.font()
        bold.setBold(True)
        self.frist_info.setFont(bold)
        self.kategori_info.setFont(bold)
        form.insertRow(7, self.tr("Frist:"), self.frist_info)
        form.insertRow(11, self.tr("Kategori:"), self.kategori_info)

        self.save_button = QPushButton(self.tr("&Gem (Ctrl+S)"))
        self.save_next_button = QPushButton(self.tr("Gem og &ny (Ctrl+Shift+S)"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_next_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annullér (Esc)"))
        buttons.rejected.connect(self.reject)
        self.save_button.setAutoDefault(False)
        self.save_next_button.setAutoDefault(False)
        if self.pathway is not None:
            self.save_next_button.hide()

        # The fields scroll when the screen is too low for them (a small laptop); the summary and
        # the buttons stay in view, and the field with focus is always scrolled into view.
        self.form_content = QWidget()
        self.form_content.setLayout(form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.form_content)
        self.scroll.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # focus goes to the fields, never the frame
        self.buttons = buttons
        outer = QVBoxLayout(self)
        outer.addWidget(self.summary)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(buttons)
        self._fit_to_screen()

        order = [self.inputs[f] for f, *_ in rows]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._enter = EnterMovesOn(order, self.save, self)

    def _fill_reasons(self) -> None:
        combo = self.aarsag_combo
        combo.addItem("", None)
        for kategori, heading in (
            (2, self.tr("— regler overholdt —")),
            (3, self.tr("— regler ikke overholdt —")),
        ):
            combo.addItem(heading, None)
            item_index = combo.count() - 1
            combo.model().item(item_index).setEnabled(False)  # type: ignore[attr-defined]
            for reason in codes.aarsag_group(kategori):
                combo.addItem(reason.label(labels.language()), reason.code)
                combo.setItemData(
                    combo.count() - 1,
                    reason.explanation(labels.language()),
                    Qt.ItemDataRole.ToolTipRole,
                )

    def _connect(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._show_focused)
        self.cpr_edit.textChanged.connect(self._update_cpr)
        self.cpr_edit.editingFinished.connect(self._check_duplicates)
        self.type_combo.currentIndexChanged.connect(self._update_type)
        self.dates["henvisning_modtaget"].editingFinished.connect(self._check_duplicates)
        for field in self.dates.values():
            field.date_changed.connect(self._update_derived)
        self.aarsag_combo.currentIndexChanged.connect(self._on_reason_changed)
        for widget in self.inputs.values():
            for signal_name in ("textChanged", "currentIndexChanged"):
                signal = getattr(widget, signal_name, None)
                if signal is not None:
                    signal.connect(self._mark_dirty)
        self.save_button.clicked.connect(lambda: self.save())
        self.save_next_button.clicked.connect(lambda: self.save(keep_for_next=True))
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        QShortcut(
            QKeySequence("Ctrl+Shift+S"), self, activated=lambda: self.save(keep_for_next=True)
        )

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True
        self._draft_timer.start()

    # --- drafts --------------------------------------------------------------------------------
    @property
    def draft_record(self) -> str | None:
        return self.pathway.forloeb_id if self.pathway else None

    def values(self) -> dict[str, Any]:
        """Exactly what the form holds, as text and codes (a draft keeps no more than this)."""
        combos = {
            "partner_id": self.partner_combo,
            "forloebstype": self.type_combo,
            "behandlingsform": self.form_combo,
            "kraeftomraade": self.area_combo,
            "aarsag": self.aarsag_combo,
            "udfald": self.udfald_combo,
            "region": self.region_combo,
        }
        values: dict[str, Any] = {name: combo.currentData() for name, combo in combos.items()}
        values.update({name: field.text() for name, field in self.dates.items()})
        values.update(
            {
                "cpr": self.cpr_edit.text(),
                "alternativ_tilbud": self.alternativ_edit.text(),
                "kommentar": self.kommentar_edit.text(),
                "ekstern_reference": self.reference_edit.text(),
            }
        )
        return values

    def restore(self, values: dict[str, Any]) -> None:
        """Put a draft's values back, in the order that keeps dependent fields enabled."""

        def pick(combo: QComboBox, value: Any) -> None:
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)

        pick(self.partner_combo, values.get("partner_id"))
        pick(self.type_combo, values.get("forloebstype"))
        pick(self.form_combo, values.get("behandlingsform"))
        pick(self.area_combo, values.get("kraeftomraade"))
        self.cpr_edit.setText(values.get("cpr", ""))
        for name, field in self.dates.items():
            field.setText(values.get(name, ""))
        pick(self.aarsag_combo, values.get("aarsag"))
        self.alternativ_edit.setText(values.get("alternativ_tilbud", ""))
        pick(self.udfald_combo, values.get("udfald"))
        self.kommentar_edit.setText(values.get("kommentar", ""))
        pick(self.region_combo, values.get("region"))
        self.reference_edit.setText(values.get("ekstern_reference", ""))
        self._dirty = True

    def save_draft(self) -> None:
        """Keep what is typed in the store; a failure here never disturbs the user."""
        self._draft_timer.stop()
        if not self._dirty:
            return
        values = self.values()
        try:
            self.state.write(
                lambda s: draft_service.save(
                    s, self.state.ctx, DRAFT_FORM, values, self.draft_record
                )
            )
        except Exception:  # the next change tries again; the form still holds everything
            import logging

            logging.getLogger(__name__).warning("Kladden kunne ikke gemmes", exc_info=False)

    def discard_draft(self) -> None:
        self._draft_timer.stop()
        try:
            self.state.write(
                lambda s: draft_service.discard(s, self.state.ctx, DRAFT_FORM, self.draft_record)
            )
        except Exception:
            import logging

            logging.getLogger(__name__).warning("Kladden kunne ikke fjernes", exc_info=False)

    # --- live feedback -------------------------------------------------------------------------
    def _update_cpr(self) -> None:
        text = self.cpr_edit.text()
        self.errors["cpr"].show_message("")
        self.cpr_info.show()
        if not text.strip():
            self.cpr_info.clear()
            return
        try:
            info = parse_cpr(text)
        except InputError as error:
            self.cpr_info.clear()
            if len(text.replace("-", "").strip()) >= 10:
                self.errors["cpr"].show_message(error.message())
            self.cpr_info.setVisible(self.errors["cpr"].isHidden())  # the message takes its line
            return
        parts = []
        if info.birth_date:
            parts.append(self.tr("Født {0}").format(format_date(info.birth_date)))
        if info.sex is not None:
            parts.append(self.tr("kvinde") if info.sex is Sex.FEMALE else self.tr("mand"))
        if info.replacement:
            parts.append(self.tr("erstatningsnummer"))
        elif info.modulus11 is False:
            parts.append(self.tr("uden modulus 11-kontrol (gyldigt)"))
        self.cpr_info.setText(" · ".join(parts))

    def _update_type(self) -> None:
        kind = self.type_combo.currentData()
        udredning = kind == Forloebstype.UDREDNING
        self.form_combo.setEnabled(not udredning)
        self.dates["samtykke"].setEnabled(not udredning)
        self.udfald_combo.setEnabled(udredning)
        if udredning:
            self.form_combo.setCurrentIndex(0)
            self.dates["samtykke"].clear()
        else:
            self.udfald_combo.setCurrentIndex(0)
        self._update_derived()

    def _update_derived(self) -> None:
        henvisning = self.dates["henvisning_modtaget"].value_or_none()
        kind = self.type_combo.currentData()
        if henvisning is None or kind is None:
            self.frist_info.setText(self.tr("vises, når henvisningsdatoen er tastet"))
            self.kategori_info.clear()
            self._set_reason_needed(False)
            return
        samtykke = self.dates["samtykke"].value_or_none()
        frist = compute_frist(kind, henvisning, samtykke)
        start = self.dates["start"].value_or_none()
        afbrudt = self.dates["afbrudt"].value_or_none()
        end = start or afbrudt
        text = format_date(frist.dato)
        if frist.provisional:
            text += self.tr(" (foreløbig, samtykke mangler)")
        if end is None:
            text += " — " + labels.countdown_display(
                countdown(frist.dato, self.state.ctx.clock.today())
            )
        self.frist_info.setText(text)
        if end is None:
            self.kategori_info.clear()
            self._set_reason_needed(False)
            return
        days = compute_ventedage(henvisning, end)
        if end <= frist.dato:  # the same comparison derive_kategori makes: kategori 1
            self.kategori_info.setText(
                self.tr("Ventedage: {0} · kategori 1 (inden for fristen)").format(days)
            )
            self._set_reason_needed(False)
            return
        self._set_reason_needed(True)
        try:
            kategori = derive_kategori(frist.dato, end, self.aarsag_combo.currentData())
            suffix = self.tr("kategori {0}").format(kategori)
        except RuleViolation:
            suffix = self.tr("vælg en årsag")
        self.kategori_info.setText(
            self.tr("Ventedage: {0} · fristen er overskredet med {1} — {2}").format(
                days, labels.days_text((end - frist.dato).days), suffix
            )
        )

    def _set_reason_needed(self, needed: bool) -> None:
        self.aarsag_combo.setEnabled(needed)
        if not needed:
            self.aarsag_combo.setCurrentIndex(0)
        self._update_reason()

    def _on_reason_changed(self) -> None:
        self._update_reason()
        if self.aarsag_combo.isEnabled():
            self._update_derived()

    def _update_reason(self) -> None:
        code = self.aarsag_combo.currentData()
        reason = codes.aarsag(code or "")
        self.aarsag_info.setText(reason.explanation(labels.language()) if reason else "")
        self.aarsag_info.setVisible(reason is not None)  # no empty line under an empty choice
        self.alternativ_edit.setEnabled(code == "KAPACITET_HENVIST")
        if code != "KAPACITET_HENVIST":
            self.alternativ_edit.clear()

    def _check_duplicates(self) -> None:
        henvisning = self.dates["henvisning_modtaget"].value_or_none()
        try:
            cpr = parse_cpr(self.cpr_edit.text()).number
        except InputError:
            cpr = None
        kind = self.type_combo.currentData()
        if not (henvisning and cpr and kind):
            self.duplicate_info.hide()
            return
        exclude = self.pathway.forloeb_id if self.pathway else None
        found = self.state.read(lambda s: similar_pathways(s, cpr, kind, henvisning, exclude))
        if found:
            dates = ", ".join(format_date(f.henvisning_modtaget) for f in found)
            self.duplicate_info.setText(
                self.tr(
                    "Bemærk: CPR-nummeret har allerede et forløb af samme type med henvisning {0}."
                ).format(dates)
            )
            self.duplicate_info.show()
        else:
            self.duplicate_info.hide()

    # --- values --------------------------------------------------------------------------------
    def _fill(self, p: PathwayView) -> None:
        self.cpr_edit.setText(labels.cpr_display(p.cpr))
        self.partner_combo.setCurrentIndex(max(self.partner_combo.findData(p.partner_id), 0))
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(p.forloebstype), 0))
        self.form_combo.setCurrentIndex(max(self.form_combo.findData(p.behandlingsform), 0))
        self.area_combo.setCurrentIndex(max(self.area_combo.findData(p.kraeftomraade), 0))
        for name in DATE_FIELDS:
            self.dates[name].set_value(getattr(p, name))
        self._update_derived()
        self.aarsag_combo.setCurrentIndex(max(self.aarsag_combo.findData(p.aarsag), 0))
        self.alternativ_edit.setText(p.alternativ_tilbud or "")
        self.udfald_combo.setCurrentIndex(max(self.udfald_combo.findData(p.udfald), 0))
        self.kommentar_edit.setText(p.kommentar or "")
        self.region_combo.setCurrentIndex(max(self.region_combo.findData(p.region), 0))
        self.reference_edit.setText(p.ekstern_reference or "")

    def _collect(self) -> tuple[PathwayData | None, int | None, list[MvkError]]:
        errors: list[MvkError] = []
        values: dict[str, date | None] = {}
        for name, field in self.dates.items():
            try:
                value = field.value() if field.isEnabled() else None
                values[name] = value
                if value is not None:
                    field.set_value(value)
            except InputError as error:
                errors.append(error)
        partner_id = self.partner_combo.currentData()
        partner = None
        if partner_id is None:
            errors.append(InputError("form.partner_required", field="udfoerende_shak"))
        else:
            partner = self.state.read(lambda s: partner_service.get(s, partner_id))
        if values.get("henvisning_modtaget") is None and not any(
            e.field == "henvisning_modtaget" for e in errors
        ):
            errors.append(InputError("rules.henvisning_required", field="henvisning_modtaget"))
        if errors or partner is None:
            return None, partner_id, errors
        henvisning = values["henvisning_modtaget"]
        assert henvisning is not None
        data = PathwayData(
            cpr=self.cpr_edit.text(),
            region=self.region_combo.currentData() or self.own_region,
            indberettende_shak=self.own_shak,
            udfoerende_shak=partner.shak,
            udfoerende_type=partner.udfoerende_type,
            forloebstype=self.type_combo.currentData() or "",
            kraeftomraade=self.area_combo.currentData() or "",
            henvisning_modtaget=henvisning,
            behandlingsform=self.form_combo.currentData() if self.form_combo.isEnabled() else None,
            samtykke=values.get("samtykke"),
            tilbudt_start=values.get("tilbudt_start"),
            start=values.get("start"),
            afbrudt=values.get("afbrudt"),
            aarsag=self.aarsag_combo.currentData() if self.aarsag_combo.isEnabled() else None,
            udfald=self.udfald_combo.currentData() if self.udfald_combo.isEnabled() else None,
            kommentar=self.kommentar_edit.text(),
            ekstern_reference=self.reference_edit.text(),
            alternativ_tilbud=self.alternativ_edit.text()
            if self.alternativ_edit.isEnabled()
            else None,
        )
        return data, partner_id, errors

    def show_errors(self, errors: list[MvkError]) -> None:
        for label in self.errors.values():
            label.show_message("")
        messages = []
        first: QWidget | None = None
        for error in errors:
            text = error.message()
            messages.append(text)
            field = {"slut": "start", "indberettende_shak": None}.get(
                error.field or "", error.field
            )
            if field in self.errors:
                self.errors[field].show_message(text)
                if first is None:
                    first = self.inputs[field]
        self.summary.show_message("\n".join(f"• {m}" for m in messages))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit_to_screen()  # messages take room: grow instead of squeezing the fields

    def _fit_to_screen(self) -> None:
        """As tall as the fields need, but never taller than the screen: beyond that they scroll."""
        needed = self.form_content.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        around = self.summary.sizeHint().height() * self.summary.isVisibleTo(self)
        around += self.buttons.sizeHint().height() + 60  # margins and the title bar
        room = needed.height() if screen is None else max(240, screen.height() - around)
        self.scroll.setMinimumHeight(min(needed.height(), room))
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(needed.width() + (bar if needed.height() > room else 0))
        self.adjustSize()

    def _show_focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.form_content.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 0, 24)

    # --- saving --------------------------------------------------------------------------------
    def save(self, keep_for_next: bool = False) -> bool:
        """Validate and save; True when saved. On any error every typed value stays in the form."""
        data, partner_id, errors = self._collect()
        if data is None:
            self.show_errors(errors)
            return False
        reason: str | None = None
        while True:
            try:
                view = self.state.write(
                    lambda s, why=reason: self._persist(s, data, partner_id, why)  # type: ignore[misc]
                )
            except PathwayInvalid as invalid:
                self.show_errors(invalid.errors)
                return False
            except MvkError as error:
                if error.field == "reason" and reason is None:
                    reason = self._ask_reason(error)
                    if reason:
                        continue
                self.show_errors([error])
                return False
            break
        self.saved_ids.append(view.forloeb_id)
        self._dirty = False
        self.discard_draft()
        self.pathway_saved.emit(view.forloeb_id)
        if keep_for_next and self.pathway is None:
            self._reset_for_next()
        else:
            self.accept()
        return True

    def _persist(
        self, session: Any, data: PathwayData, partner_id: int | None, reason: str | None
    ) -> PathwayView:
        ctx = self.state.ctx
        if self.pathway is None:
            return pathway_service.register(
                session,
                data,
                ctx,
                partner_id=partner_id,
                kilde_shak=self.own_shak or None,
                reason=reason,
            )
        changes = {name: getattr(data, name) for name in data.as_dict()}
        changes["partner_id"] = partner_id
        changes.pop("indberettende_shak", None)
        return pathway_service.correct(
            session,
            self.pathway.forloeb_id,
            changes,
            ctx,
            expected_version=self.pathway.version,
            reason=reason,
        )

    def _ask_reason(self, error: MvkError) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Begrundelse for ændringen"), error.message())
        return text.strip() if ok and text.strip() else None

    def _reset_for_next(self) -> None:
        for widget in (
            self.cpr_edit,
            self.alternativ_edit,
            self.kommentar_edit,
            self.reference_edit,
        ):
            widget.clear()
        for field in self.dates.values():
            field.clear()
        self.aarsag_combo.setCurrentIndex(0)
        self.udfald_combo.setCurrentIndex(0)
        self.region_combo.setCurrentIndex(max(self.region_combo.findData(self.own_region), 0))
        self.show_errors([])
        self.summary.show_message(self.tr("Gemt. Klar til næste forløb."))
        self.summary.setStyleSheet("color: #166534;")
        self.duplicate_info.hide()
        self._dirty = False
        self.cpr_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        if self._dirty:
            answer = QMessageBox.question(
                self,
                self.tr("Kassér indtastning?"),
                self.tr("Du har tastet noget, der ikke er gemt. Vil du kassere det?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._dirty = False
        self.discard_draft()
        super().reject()

    @property
    def dirty(self) -> bool:
        return self._dirty

"""Open the main screens on a demo store and save PNGs: ``python -m ui.screenshots OUTDIR``.

Runs offscreen (no display needed). Used by ``make screenshots`` and to look at what we build.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.cli import main as cli_main
    from app.clock import FixedClock
    from app.services.context import ServiceContext
    from app.store.migrate import open_store
    from ui.app_state import AppState
    from ui.main_window import MainWindow
    from ui.pathway_form import PathwayForm

    today = date(2024, 6, 15)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        cli_main(
            ["--db", url, "--today", today.isoformat(), "demo", "--pathways", "3000", "--seed", "1"]
        )
        app = QApplication.instance() or QApplication([])
        store = open_store(url)
        state = AppState(
            store=store, ctx=ServiceContext.default(FixedClock(today), login="sekretaer")
        )

        window = MainWindow(state)
        window.resize(1280, 760)
        window.show()
        app.processEvents()
        window.grab().save(str(out / "arbejdsliste.png"))

        form = PathwayForm(state, window)
        form.show()
        form.cpr_edit.setText("010190-1235")
        form.dates["henvisning_modtaget"].setText("010624")
        form.dates["tilbudt_start"].setText("100624")
        app.processEvents()
        form.grab().save(str(out / "registrering.png"))

        form.dates["start"].setText("200624")
        form.cpr_edit.setText("300290-1234")
        form.save()
        app.processEvents()
        form.grab().save(str(out / "registrering-fejl.png"))
        form._dirty = False
        form.close()
        window.close()
        store.dispose()
    print(f"Skærmbilleder gemt i {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The GUI's language: Danish by default, English when the user (or ``mvk --lang en``) chooses it.

The source texts are Danish, so Danish needs no translation of MVK's own texts — only Qt's own
(``qtbase_da``: the buttons of standard dialogs, the context menu of a text field). English loads
``resources/i18n/mvk_en.qm`` (built by ``make`` from ``mvk_en.ts``; when it is missing, the window
simply stays Danish) and ``qtbase_en``. app/'s texts (messages, code labels) follow ``MVK_LANG``,
which :func:`install_translators` sets, so the whole program speaks one language.
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from app.messages import DEFAULT_LANGUAGE, LANGUAGES

QM_FOLDER = "i18n"
"""Where the compiled translations live inside the ``resources`` package."""

_installed: list[QTranslator] = []
"""The translators in use (kept here: Qt does not own them, and Python would collect them)."""

log = logging.getLogger(__name__)


def normalise(language: str | None) -> str:
    """``da`` or ``en``; anything else (or nothing) is Danish."""
    lang = (language or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def mvk_qm(language: str, folder: Path | None = None) -> Path | None:
    """MVK's compiled translation for ``language``; None when it has not been built."""
    name = f"mvk_{language}.qm"
    if folder is not None:
        path = folder / name
        return path if path.is_file() else None
    entry = resources.files("resources").joinpath(QM_FOLDER, name)
    if not entry.is_file():
        return None
    with resources.as_file(entry) as path:  # the file itself from a folder or a frozen bundle
        return Path(path)


def install_translators(
    app: QCoreApplication, language: str | None, qm_folder: Path | None = None
) -> list[str]:
    """Make the program speak ``language`` from now on; returns the files loaded.

    Replaces the translators an earlier call installed, and sets ``MVK_LANG`` for app/.
    ``qm_folder`` overrides where ``mvk_<lang>.qm`` is looked for (tests build it elsewhere).
    """
    lang = normalise(language)
    os.environ["MVK_LANG"] = lang
    remove_translators(app)
    wanted: list[Path] = []
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if lang != DEFAULT_LANGUAGE:
        own = mvk_qm(lang, qm_folder)
        if own is None:
            log.warning("Oversættelsen mvk_%s.qm mangler; vinduet vises på dansk", lang)
        else:
            wanted.append(own)
    wanted.append(qt_folder / f"qtbase_{lang}.qm")
    loaded: list[str] = []
    for path in wanted:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(Path(path).name)
        else:
            log.warning("Oversættelsen %s kunne ikke indlæses", path)
    return loaded


def remove_translators(app: QCoreApplication) -> None:
    """Take out the translators :func:`install_translators` put in (back to the source texts)."""
    while _installed:
        translator = _installed.pop()
        app.removeTranslator(translator)
        translator.deleteLater()

"""The Windows version resource of ``mvk.exe`` and ``mvk-cli.exe``, made from the package version.

PyInstaller reads it as a text file (``EXE(version=...)``); this module writes that file at build
time so the version shown in Explorer's Properties → Details is always the one in pyproject.toml.
"""

from __future__ import annotations

import re
from pathlib import Path

DESCRIPTION = "MVK — maksimale ventetider på kræftområdet"
COMPANY = "MVK"
DANISH_UNICODE = "040604B0"  # language 0x0406 (Danish), code page 1200 (UTF-16)


def numeric(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` → (0, 1, 0, 0): the release numbers only (``rc1``, ``.dev2``, ``+local`` left out)."""
    release = re.match(r"\d+(?:\.\d+)*", version.strip())
    parts = [int(p) for p in release.group(0).split(".")[:4]] if release else []
    padded = [*parts, 0, 0, 0, 0]
    return (padded[0], padded[1], padded[2], padded[3])


def text(version: str, exe_name: str) -> str:
    """The version resource in PyInstaller's text format (Python syntax, read with its classes)."""
    vers = numeric(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": exe_name.removesuffix(".exe"),
        "LegalCopyright": "",
        "OriginalFilename": exe_name,
        "ProductName": "MVK",
        "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# Made by packaging/version_resource.py at build time; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={vers},
    prodvers={vers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo([
      StringTable(
        {DANISH_UNICODE!r},
        [
{table},
        ],
      )
    ]),
    VarFileInfo([VarStruct('Translation', [0x0406, 1200])]),
  ],
)
"""


def write(version: str, exe_name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"version-{exe_name.removesuffix('.exe')}.txt"
    target.write_text(text(version, exe_name), encoding="utf-8")
    return target

"""The ``mvk`` console script: a subcommand or option goes to ``app.cli``; nothing else opens the GUI.

Kept free of Qt imports at module level so that the command line works where Qt cannot load.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from app import cli

    args = cli.build_parser().parse_args(argv)  # --help and --version exit here
    if args.selftest:  # app/'s steps and then the main window, offscreen unless told otherwise
        from ui import selftest

        return selftest.run()
    if args.command is not None:
        return cli.run(args)
    from ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())

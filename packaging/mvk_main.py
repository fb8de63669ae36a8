"""The bundle's entry point: the same ``mvk`` as the console script (``ui.launcher:main``).

A subcommand or option (``--selftest``, ``--version``, ``rules`` …) runs the command line without a
window; nothing opens the main window.
"""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())

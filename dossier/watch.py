"""Rebuild when an input changes, one build at a time (make devserver, make regenerate).

watchfiles' own command line stops the running command when a change comes
and starts it again: under steady edits a build would be cut short over and
over. Here a build always runs to its end, and the changes that arrived
meanwhile (watchfiles goes on collecting them) make one more build.

    python -m dossier.watch PATH... -- COMMAND...
"""
from __future__ import annotations

import subprocess
import sys

from watchfiles import watch


def rebuild_on_change(paths: list[str], command: list[str]) -> None:
    """Run command after each batch of changes under paths, never two at once."""
    for changes in watch(*paths, raise_interrupt=False):
        names = sorted({path for _, path in changes})
        more = f" and {len(names) - 1} more" if len(names) > 1 else ""
        print(f"{names[0]}{more} changed: building", file=sys.stderr, flush=True)
        subprocess.run(command)


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") in (0, len(argv) - 1):
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    split = argv.index("--")
    rebuild_on_change(argv[:split], argv[split + 1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

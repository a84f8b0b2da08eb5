"""Staff command line of the PAKN log: `python -m pakn --help`."""

from __future__ import annotations

import sys

from pakn.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Command line of the knowledge base: validate, load, search, audit, export."""

from __future__ import annotations

import sys

from procedures_kb.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

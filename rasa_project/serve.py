"""`python serve.py run …`: the rasa CLI, with `--auth-token` taken from RASA_AUTH_TOKEN.

Passing the token on the command line would show it to every local user (`ps`, /proc/<pid>/cmdline);
this adds it to sys.argv inside the process instead. bot/launcher.py and the Rasa image start Rasa this way.
It also installs speedups.py (the per-turn waste of Rasa's custom-action calls removed; issue 16).
"""

import os
import sys

from rasa.__main__ import main

import speedups

if __name__ == "__main__":
    if os.environ.get("RASA_SPEEDUPS", "1") != "0":  # "0": Rasa as shipped (bench/replica_bench.py, "before")
        speedups.install()
    token = os.environ.get("RASA_AUTH_TOKEN", "")
    if len(sys.argv) > 1 and sys.argv[1] == "run" and "--enable-api" in sys.argv:
        if len(token) < 32:
            sys.exit("RASA_AUTH_TOKEN (>= 32 characters) is required with --enable-api")
        # One `--auth-token=<token>` argument: a URL-safe token may begin with "-", and argparse would
        # read a separate "-xyz…" word as an unknown option ("expected one argument"; seen in CI).
        sys.argv.append(f"--auth-token={token}")
    main()

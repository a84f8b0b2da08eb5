#!/usr/bin/env bash
# Create or refresh both virtualenvs from the lock files; skip what is already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(bash scripts/find_python310.sh)
export PIP_DISABLE_PIP_VERSION_CHECK=1

ensure_venv() {  # name lockfile
  local venv=$1 lock=$2 stamp="$1/.lock.sha256"
  local want; want=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "==> Setting up $venv from $lock (first time: several minutes; Rasa brings TensorFlow)…"
  [ -x "$venv/bin/python" ] || "$PY" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade "pip<24" 2>&1 | grep -v '^WARNING: Location' || true
  "$venv/bin/python" -m pip install --progress-bar on -r "$lock" 2>&1 \
    | grep -vE "^WARNING: Location|^Requirement already satisfied|DEPRECATION" || true
  "$venv/bin/python" -m pip check >/dev/null 2>&1 || "$venv/bin/python" -m pip check | grep -v websockets || true
  "$venv/bin/python" -c "import sys" && echo "$want" > "$stamp"
}

ensure_venv .venv requirements/app.lock
ensure_venv .venv-rasa requirements/rasa.lock
# Our packages (vi_text for the Rasa components; everything for the app venv), installed the ordinary
# way: an editable install of pyproject.toml, without dependencies (those come from the lock files).
install_project() {  # venv
  local venv=$1 stamp="$1/.project.sha256"
  # New top-level packages need a new install too (the editable finder maps the packages it saw).
  local want; want=$( (sha256sum pyproject.toml; ls -d -- */__init__.py; "$venv/bin/python" -c 'import sys; print(sys.prefix)') \
    | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$venv/bin/python" -c "import vi_text" 2>/dev/null; then
    return 0
  fi
  rm -f "$venv"/lib/python3.10/site-packages/tthc_repo.pth  # the former path hack
  "$venv/bin/python" -m pip install -q --no-deps -e . 2>&1 | grep -vE "^WARNING: Location|DEPRECATION" || true
  "$venv/bin/python" -c "import vi_text" && echo "$want" > "$stamp"
}
install_project .venv
install_project .venv-rasa
# The console's browser tests drive Debian's chromium through Playwright (never Playwright's own download).
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "==> Installing chromium (Debian package) for the console's browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "NOTE: /usr/bin/chromium is missing and apt-get (as root) is not available here;" \
         "install chromium yourself or the console's browser tests are skipped." >&2
  fi
fi
# The scale-out topology (make scale, bench-scale and its test in make test) puts nginx in front of the
# replicas: the Debian package, run by bot/topology.py as a child process (never the system service).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "==> Installing nginx (Debian package) for the scale-out topology…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    echo "NOTE: nginx is missing and apt-get (as root) is not available here; install nginx yourself" \
         "for make scale and the scale-out test." >&2
  fi
fi
mkdir -p var/log
echo "==> Environments ready."

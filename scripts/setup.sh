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
# Make the repository (and rasa_project, for the vi_nlu components) importable in both venvs.
for venv in .venv .venv-rasa; do
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  printf '%s\n%s\n' "$PWD" "$PWD/rasa_project" > "$site/tthc_repo.pth"
done
mkdir -p var/log
echo "==> Environments ready."

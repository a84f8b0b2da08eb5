#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 needs it), or explain how to get one.
set -euo pipefail
for cand in "${PYTHON310:-}" "$(command -v python3.10 2>/dev/null || true)" \
            "$(PYENV_VERSION=3.10.13 pyenv which python3.10 2>/dev/null || true)" \
            "$(ls -d "$HOME"/.pyenv/versions/3.10.*/bin/python3.10 2>/dev/null | tail -n 1 || true)"; do
  if [ -n "$cand" ] && [ -x "$cand" ] && "$cand" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    echo "$cand"; exit 0
  fi
done
echo "Python 3.10 is required (Rasa 3.6.21 does not support newer versions)." >&2
echo "Install it (e.g. 'pyenv install 3.10.13' or 'apt-get install python3.10 python3.10-venv') or set PYTHON310=/path/to/python3.10." >&2
exit 1

#!/usr/bin/env bash
# Train the Rasa model only when the training data, config or NLU components changed (cache by hash).
set -euo pipefail
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
cd "$(dirname "$0")/../rasa_project"
mkdir -p models ../var
exec 9>../var/train.lock
flock 9
# The ranker also learns from the KB texts and the real train split (read at training time).
hash=$(find config.yml domain data vi_nlu ranker ../vi_text ../eval/real_questions/splits/train.jsonl -type f \
         \( -name '*.yml' -o -name '*.py' -o -name '*.jsonl' \) -print0 | sort -z \
       | xargs -0 sha256sum | sha256sum | cut -c1-16)
name="tthc-$hash"
if [ -f "models/$name.tar.gz" ]; then
  echo "==> Rasa model up to date (models/$name.tar.gz)."
else
  echo "==> Training the Rasa model (a few minutes on 2 cores)…"
  start=$(date +%s)
  ../.venv-rasa/bin/rasa train --domain domain --fixed-model-name "$name" --out models --num-threads 2 2>&1 \
    | grep -vE "^WARNING: Location|UserWarning|warnings.warn|^\s*$" || true
  [ -f "models/$name.tar.gz" ] || { echo "Training failed (see output above)." >&2; exit 1; }
  echo "==> Trained in $(( $(date +%s) - start ))s: models/$name.tar.gz"
  ls -t models/tthc-*.tar.gz | tail -n +4 | xargs -r rm -f
fi
echo "$name.tar.gz" > models/CURRENT

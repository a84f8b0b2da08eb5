#!/usr/bin/env bash
# Start the action server, Rasa and the web service (web chat, Telegram/Zalo when configured).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
# Staff answers (python -m pakn answer) reach citizens through the web service's internal API; on
# embedded defaults both sides share a generated token in var/secrets/ (STAFF_API_TOKEN overrides it).
if [ -z "${STAFF_API_TOKEN:-}" ] && [ ! -s var/secrets/staff_api_token ]; then
  (umask 077; mkdir -p var/secrets; .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32), end="")' \
    > var/secrets/staff_api_token)
fi
.venv/bin/python -m bot.launcher &
stack_pid=$!
cleanup() {
  trap - INT TERM EXIT
  kill -TERM "$stack_pid" ${web_pid:+"$web_pid"} ${console_pid:+"$console_pid"} 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped."
}
trap cleanup INT TERM EXIT
until curl -fs "http://127.0.0.1:${RASA_PORT:-5005}/status" 2>/dev/null | grep -q model_file; do
  kill -0 "$stack_pid" 2>/dev/null || { echo "Rasa or the action server failed to start: see var/log/." >&2; exit 1; }
  sleep 1
done
.venv/bin/python -m connectors &
web_pid=$!
# The staff console (its own process; accounts: python -m console users add NAME --role admin --password-stdin).
.venv/bin/python -m console serve &
console_pid=$!
echo
echo "  Trợ lý đã sẵn sàng — open the web chat: http://127.0.0.1:${WEB_PORT:-8000}/   (Ctrl-C to stop)"
echo "  Bàn làm việc cán bộ (staff console): http://127.0.0.1:${CONSOLE_PORT:-8001}/"
echo
wait -n "$stack_pid" "$web_pid" "$console_pid"

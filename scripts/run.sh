#!/usr/bin/env bash
# Start the action server, Rasa and the web service (web chat, Telegram/Zalo when configured).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
# Shared secrets on embedded defaults, generated once into var/secrets/ (readable by this user only) and
# read by every process through common/settings.py; an environment variable of the same name wins.
#   staff_api_token         staff CLI -> web service (POST /internal/outbound)
#   rasa_auth_token         web service -> Rasa's REST channel and HTTP API
#   action_server_token     Rasa -> action server
#   webchat_session_secret  signs the web-chat session cookie
for name in staff_api_token rasa_auth_token action_server_token webchat_session_secret; do
  var=$(echo "$name" | tr '[:lower:]' '[:upper:]')
  if [ -z "${!var:-}" ] && [ ! -s "var/secrets/$name" ]; then
    (umask 077; mkdir -p var/secrets; .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32), end="")' \
      > "var/secrets/$name")
  fi
done
#   connectors_secrets_key  seals platform tokens stored in the database (Fernet)
if [ -z "${CONNECTORS_SECRETS_KEY:-}" ] && [ ! -s var/secrets/connectors_secrets_key ]; then
  (umask 077; .venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode(), end="")' \
    > var/secrets/connectors_secrets_key)
fi
chmod 700 var/secrets 2>/dev/null || true
.venv/bin/python -m bot.launcher &
stack_pid=$!
cleanup() {
  trap - INT TERM EXIT
  kill -TERM "$stack_pid" ${web_pid:+"$web_pid"} ${console_pid:+"$console_pid"} 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped."
}
trap cleanup INT TERM EXIT
until curl -fs "http://127.0.0.1:${RASA_PORT:-5005}/" 2>/dev/null | grep -q "Hello from Rasa"; do
  kill -0 "$stack_pid" 2>/dev/null || { echo "Rasa or the action server failed to start: see var/log/." >&2; exit 1; }
  sleep 1
done
.venv/bin/python -m connectors &
web_pid=$!
# The staff console (its own process; accounts: python -m console users add NAME --role admin --password-stdin).
# Its analytics read Rasa's tracker store: inside the SQLite database on embedded defaults, else var/rasa_trackers.db.
if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" != sqlite* ]]; then
  export CONSOLE_TRACKER_DB_URL="${CONSOLE_TRACKER_DB_URL:-sqlite:///$PWD/var/rasa_trackers.db}"
fi
# Its desk search asks the bot's own ranker (Rasa's /model/parse, with the Rasa token) as well as the KB.
CONSOLE_RASA_URL="${CONSOLE_RASA_URL:-http://127.0.0.1:${RASA_PORT:-5005}}" .venv/bin/python -m console serve &
console_pid=$!
echo
echo "  Trợ lý đã sẵn sàng — open the web chat: http://127.0.0.1:${WEB_PORT:-8000}/   (Ctrl-C to stop)"
echo "  Bàn làm việc cán bộ (staff console): http://127.0.0.1:${CONSOLE_PORT:-8001}/"
echo
wait -n "$stack_pid" "$web_pid" "$console_pid"

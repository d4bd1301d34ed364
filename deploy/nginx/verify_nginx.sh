#!/usr/bin/env bash
# Check the single-server recipe on this machine: nginx with TLS in front of Voila under
# /workshop/, started exactly as workshop-kit.service starts it.
#
#   bash deploy/nginx/verify_nginx.sh        (after `make install`; needs nginx, openssl)
#
# Renders workshop-kit.conf for local ports and a throwaway self-signed certificate,
# runs `nginx -t` on it, starts Voila with the unit's ExecStartPre/ExecStart lines
# (paths pointed at this clone and a temporary folder), starts nginx, and checks through
# nginx: the HTTP->HTTPS redirect, the page over HTTPS, and a student rating a skill in
# Chromium (WebSocket through nginx) and finding it again from another "device" by the
# personal link while preheated kernels wait (such a kernel learns the link's ?p= over
# Voila's query WebSocket under /workshop/). Everything it started is stopped on exit.
#
# Settings: VENV (default: the clone's .venv, which needs the kit and playwright),
# WORKSHOP_KIT_CHROMIUM (default /usr/bin/chromium), VERIFY_KEEP=1 keeps the temp folder.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${VENV:-$REPO/.venv}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/workshop-nginx-verify.XXXXXX")"
NGINX_PID=""
VOILA_PID=""

say() { printf '%s\n' "$*"; }
fail() { say "FAIL  $*" >&2; exit 1; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in $NGINX_PID $VOILA_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $NGINX_PID $VOILA_PID; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  local left
  left=$(pgrep -f -- "$WORK/" || true)   # kernels: their connection files are in $WORK
  # shellcheck disable=SC2086
  [ -z "$left" ] || { kill -TERM $left 2>/dev/null || true; sleep 1; kill -KILL $left 2>/dev/null || true; }
  if [ "$status" -ne 0 ]; then
    for log in voila.log nginx-error.log; do
      [ -s "$WORK/$log" ] && { say "---- $WORK/$log (last 40 lines) ----"; tail -n 40 "$WORK/$log"; }
    done >&2
  fi
  if [ "${VERIFY_KEEP:-0}" = 1 ] || [ "$status" -ne 0 ]; then say "  kept $WORK"; else rm -rf "$WORK"; fi
  if [ "$status" -eq 0 ]; then say "PASS  the nginx recipe works here"
  else say "FAIL  the nginx recipe check failed" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v nginx >/dev/null || fail "no nginx (apt-get install nginx)"
command -v openssl >/dev/null || fail "no openssl"
[ -x "$VENV/bin/voila" ] || fail "no Voila in $VENV (run make install, or set VENV)"
PY="$VENV/bin/python"

read -r VOILA_PORT HTTP_PORT HTTPS_PORT < <(PYTHONPATH="$REPO" "$PY" -m kit_devtools free-ports 3)
mkdir -p "$WORK/state" "$WORK/tmp" "$WORK/nginx"

say "== nginx: the site for local ports and a self-signed certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
sed -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
    -e "s#listen 443 ssl;#listen 127.0.0.1:$HTTPS_PORT ssl;#" \
    -e '/listen \[::\]/d' \
    -e "s#/etc/letsencrypt/live/workshop.example.org/fullchain.pem#$WORK/cert.pem#" \
    -e "s#/etc/letsencrypt/live/workshop.example.org/privkey.pem#$WORK/key.pem#" \
    -e "s#127.0.0.1:8866#127.0.0.1:$VOILA_PORT#" \
    "$REPO/deploy/nginx/workshop-kit.conf" > "$WORK/site.conf"
cat > "$WORK/nginx.conf" <<EOF
$( [ "$(id -u)" = 0 ] && echo "user root;  # a throwaway check as root: workers read \$WORK" )
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx-error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    include $WORK/site.conf;
}
EOF
nginx -t -q -c "$WORK/nginx.conf" -p "$WORK/nginx" 2>&1 || fail "nginx -t refused the site"
say "  ok    nginx -t accepts workshop-kit.conf ($(nginx -v 2>&1 | sed 's/.*: //'))"

say "== Voila as workshop-kit.service starts it"
# The unit's lines, with /srv/workshop-kit -> this clone, the state folder -> $WORK.
"$PY" - "$REPO/deploy/nginx/workshop-kit.service" > "$WORK/unit.sh" <<EOF
import re, shlex, sys
text = open(sys.argv[1]).read().replace("\\\\\n", " ")
swap = [("/srv/workshop-kit/.venv", "$VENV"), ("/srv/workshop-kit", "$REPO"),
        ("/var/lib/workshop-kit", "$WORK/state"), ("--port=8866", "--port=$VOILA_PORT")]
def local(value):
    for old, new in swap:
        value = value.replace(old, new)
    return value
for key, value in re.findall(r"^(Environment|WorkingDirectory|ExecStartPre|ExecStart)=(.*)$", text, re.M):
    value = local(value.strip())
    if key == "Environment":
        name, _, val = value.partition("=")
        print(f"export {name}={shlex.quote(val)}")
    elif key == "WorkingDirectory":
        print(f"cd {shlex.quote(value)}")
    elif key == "ExecStartPre":
        print(value + ' >> "$WORK/voila.log" 2>&1 || fail "ExecStartPre failed: ' + value.split()[0] + '"')
    else:
        print("START=" + shlex.quote(value))
EOF
# Voila keeps kernel connection files in TMPDIR: under $WORK, cleanup finds the kernels.
export TMPDIR="$WORK/tmp"
# shellcheck disable=SC1091
source "$WORK/unit.sh"
START_AT=$(date +%s.%N)
# shellcheck disable=SC2086
$START >> "$WORK/voila.log" 2>&1 &
VOILA_PID=$!
cd "$REPO"

nginx -c "$WORK/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!

export VERIFY_VOILA="http://127.0.0.1:$VOILA_PORT/workshop/"
export VERIFY_HTTP="http://127.0.0.1:$HTTP_PORT"
export VERIFY_HTTPS="https://127.0.0.1:$HTTPS_PORT"
export VERIFY_WORK="$WORK" VERIFY_STARTED_AT="$START_AT"
PYTHONPATH="$REPO" "$PY" "$REPO/deploy/nginx/verify_nginx.py" || fail "a check failed"
kill -0 "$VOILA_PID" 2>/dev/null || fail "Voila stopped during the checks"

#!/usr/bin/env bash
# Verify the JupyterHub recipe (deploy/jupyterhub/) end to end on this machine.
#
#   bash deploy/verify_jupyterhub.sh
#
# From a clone of the repository: builds a throwaway virtualenv (JupyterHub, the idle
# culler, Playwright and the kit, editable) and installs configurable-http-proxy from npm,
# both under a temporary folder; starts JupyterHub on 127.0.0.1 with
# deploy/jupyterhub/jupyterhub_config.py; then deploy/verify_jupyterhub.py logs students
# in, spawns their servers, fetches and drives their pages through the hub's proxy, and
# waits for the idle culler. Prints the timings. Everything it started is stopped on exit,
# and the temporary folder is removed (VERIFY_KEEP=1 keeps it, with the logs).
#
# Settings (environment):
#   PYTHON=python3           the Python used for the virtualenv (3.10 or newer)
#   WORKSHOP_KIT_DB=...      use this database (e.g. PostgreSQL); default: a SQLite file
#   WORKSHOP_KIT_CHROMIUM    Chromium for the browser checks (default /usr/bin/chromium)
#   VERIFY_BROWSER=auto|1|0  browser checks: when Chromium exists (auto), always, never
#   VERIFY_CULL=1|0          wait for the idle culler to stop the servers (about 2 minutes)
#   VERIFY_KEEP=1            keep the temporary folder
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/workshop-hub-verify.XXXXXX")"
HUB_PID=""
STARTED=$(date +%s.%N)

say() { printf '%s\n' "$*"; }
fail() { say "FAIL  $*" >&2; exit 1; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):6.1f} s')" "$1" "$(date +%s.%N)"; }

# Stop what this run started: the hub first (it stops the students' servers and its
# proxy), then any process still running from this run's own temporary folder.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$HUB_PID" ] && kill -0 "$HUB_PID" 2>/dev/null; then
    kill -TERM "$HUB_PID" 2>/dev/null || true
    for _ in $(seq 1 90); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$HUB_PID" 2>/dev/null || true
  fi
  local left
  left=$(pgrep -f -- "$WORK/" || true)
  if [ -n "$left" ]; then
    say "  stopping leftover processes: $(tr "\n" " " <<< "$left")"
    # shellcheck disable=SC2086
    kill -TERM $left 2>/dev/null || true
    sleep 2
    left=$(pgrep -f -- "$WORK/" || true)
    # shellcheck disable=SC2086
    [ -z "$left" ] || kill -KILL $left 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$WORK/hub.log" ]; then
    say "---- last 60 lines of the hub's log ($WORK/hub.log) ----" >&2
    tail -n 60 "$WORK/hub.log" >&2 || true
  fi
  if [ "${VERIFY_KEEP:-0}" = 1 ] || [ "$status" -ne 0 ]; then
    say "  kept $WORK (logs, virtualenv)"
  else
    rm -rf "$WORK"
  fi
  if [ "$status" -eq 0 ]; then
    say "PASS  the JupyterHub recipe works here (total $(elapsed "$STARTED"))"
  else
    say "FAIL  the JupyterHub recipe check failed (exit $status); see above" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "== setting up in $WORK"
command -v "$PYTHON" >/dev/null || fail "no $PYTHON: set PYTHON to a Python 3.10+"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || fail "$PYTHON is older than 3.10"
command -v npm >/dev/null || fail "npm is needed for configurable-http-proxy (apt-get install npm)"

t=$(date +%s.%N)
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip \
  > "$WORK/pip.log" 2>&1 || { cat "$WORK/pip.log"; fail "pip upgrade"; }
"$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  jupyterhub jupyterhub-idle-culler playwright -e "${REPO}[postgres]" >> "$WORK/pip.log" 2>&1 \
  || { tail -n 30 "$WORK/pip.log"; fail "pip install (log above)"; }
say "  virtualenv: jupyterhub, idle culler, playwright, the kit   $(elapsed "$t")"
say "    $("$WORK/venv/bin/python" -m pip list --disable-pip-version-check 2>/dev/null \
  | grep -iE '^(jupyterhub|jupyterhub-idle-culler|voila|jupyter_server|workshop-kit) ' \
  | awk '{printf "%s %s, ", $1, $2}' | sed 's/, $//')"

t=$(date +%s.%N)
npm install --prefix "$WORK/npm" --no-audit --no-fund --silent configurable-http-proxy \
  > "$WORK/npm.log" 2>&1 || { cat "$WORK/npm.log"; fail "npm install configurable-http-proxy"; }
say "  npm: configurable-http-proxy $("$WORK/npm/node_modules/.bin/configurable-http-proxy" --version)   $(elapsed "$t")"

# Free ports on 127.0.0.1 for the proxy, its API and the hub.
read -r PORT API_PORT HUB_PORT < <(PYTHONPATH="$REPO" "$WORK/venv/bin/python" -m kit_devtools free-ports 3)

# The recipe's config, plus what only this check needs: fixed local ports, activity
# reported every 10 s (not every 5 min) so the culler can be watched, and an API token
# for the checker (a service allowed to read users and start servers).
mkdir -p "$WORK/state"
cat > "$WORK/verify_config.py" <<EOF
import os
c = get_config()  # noqa: F821
load_subconfig("$REPO/deploy/jupyterhub/jupyterhub_config.py")  # noqa: F821
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:$API_PORT"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:$HUB_PORT"
c.JupyterHub.last_activity_interval = 10
c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = "10"
c.JupyterHub.services.append({"name": "verify", "api_token": os.environ["VERIFY_SERVICE_TOKEN"]})
c.JupyterHub.load_roles.append(
    {"name": "verify", "scopes": ["admin:users", "admin:servers", "tokens"], "services": ["verify"]}
)
EOF

export PATH="$WORK/venv/bin:$WORK/npm/node_modules/.bin:$PATH"
export WORKSHOP_HUB_BIND_URL="http://127.0.0.1:$PORT"
export WORKSHOP_HUB_STATE="$WORK/state"
WORKSHOP_HUB_PASSWORD="verify-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export WORKSHOP_HUB_PASSWORD
export WORKSHOP_HUB_CULL_TIMEOUT="${WORKSHOP_HUB_CULL_TIMEOUT:-90}"
export WORKSHOP_HUB_CULL_EVERY="${WORKSHOP_HUB_CULL_EVERY:-10}"
VERIFY_SERVICE_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export VERIFY_SERVICE_TOKEN
export VERIFY_HUB_URL="http://127.0.0.1:$PORT"
if [ -z "${WORKSHOP_KIT_DB:-}" ]; then
  export WORKSHOP_KIT_DATA="$WORK/state/workshop-data"
  say "  answers: SQLite in $WORKSHOP_KIT_DATA"
else
  say "  answers: WORKSHOP_KIT_DB from the environment"
fi
# Jupyter Server refuses root unless told; a real hub runs as an ordinary user.
[ "$(id -u)" = 0 ] && export WORKSHOP_HUB_ALLOW_ROOT=1

say "== starting JupyterHub on $VERIFY_HUB_URL"
VERIFY_HUB_LAUNCHED_AT=$(date +%s.%N)
export VERIFY_HUB_LAUNCHED_AT
(cd "$WORK/state" && exec jupyterhub -f "$WORK/verify_config.py") > "$WORK/hub.log" 2>&1 &
HUB_PID=$!

PYTHONPATH="$REPO" "$WORK/venv/bin/python" "$REPO/deploy/verify_jupyterhub.py" \
  || fail "a check failed (the hub's log follows)"
kill -0 "$HUB_PID" 2>/dev/null || fail "the hub stopped during the checks"

#!/usr/bin/env bash
# The main job: cxgate against its own Genesys Cloud emulator, exactly as against a real org.
# Starts the emulator on a free loopback port, points the GENESYSCLOUD_* settings at it, and
# runs the same commands a user would. Grows with each feature.
set -euo pipefail
cd "$(dirname "$0")/.."
cx=.venv/bin/cxgate
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

"$cx" emulator serve --port 0 --seed demo --state "$work/org.json" \
    --ready-file "$work/url" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 200); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { cat "$work/server.log"; echo "emulator did not start" >&2; exit 1; }

export GENESYSCLOUD_API_URL="$(cat "$work/url")"
export GENESYSCLOUD_OAUTHCLIENT_ID=demo-client GENESYSCLOUD_OAUTHCLIENT_SECRET=demo-secret
echo "emulator at $GENESYSCLOUD_API_URL"

step "The org the settings reach" "$cx" org show
step "Its routing queues, through the client (paged, rate-paced)" "$cx" org queues

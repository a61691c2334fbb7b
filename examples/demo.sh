#!/usr/bin/env bash
# The main job: cxgate against its own Genesys Cloud emulator, exactly as against a real org.
# Starts the emulator on a free loopback port, points the GENESYSCLOUD_* settings at it, and
# runs the same commands a user would. Grows with each feature.
set -euo pipefail
cd "$(dirname "$0")/.."
cx=${CXGATE:-.venv/bin/cxgate}
py=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n$' "$1"; printf ' %q' "${@:2}"; printf '\n'; "${@:2}"; }

# Start the emulator and block (no polling) until it prints "ready"; its URL is the line
# "GENESYSCLOUD_API_URL=..." it prints just before.
mkfifo "$work/out"
"$cx" emulator serve --port 0 --seed demo --behaviour in-place-publish=off --state "$work/org.json" >"$work/out" 2>"$work/err" &
server=$!
exec 3<"$work/out"
url=
while IFS= read -r line <&3; do
    case "$line" in
        GENESYSCLOUD_API_URL=*) url=${line#*=} ;;
        ready) break ;;
    esac
done
cat <&3 >/dev/null &  # keep draining whatever the server prints later
[ -n "$url" ] || { cat "$work/err" >&2; echo "the emulator did not start" >&2; exit 1; }

export GENESYSCLOUD_API_URL=$url
export GENESYSCLOUD_OAUTHCLIENT_ID=demo-client GENESYSCLOUD_OAUTHCLIENT_SECRET=demo-secret
echo "emulator at $GENESYSCLOUD_API_URL"

step "The org the settings reach" "$cx" org show
step "Its routing queues, through the client (paged, rate-paced)" "$cx" org queues
step "Live staffing: agents on queue now, against a peak of 450 calls per half hour" \
    "$cx" staffing --queue "Support - Tier 1" --calls 450 --per 30m --aht 240s --target 80/20
step "Same queue, a lighter peak, with callers who hang up after about 2 minutes (Erlang A)" \
    "$cx" staffing --queue "Support - Tier 1" --calls 200 --per 30m --aht 240s --target 80/20 \
    --patience 2m --span 1

step "Export the demo org as a bundle" "$cx" export "$work/demo-org"
step "Plan the export against the org (exit 0: no changes)" \
    "$cx" plan "$work/demo-org" --state-dir "$work/state"
cp -r "$work/demo-org" "$work/demo-edit"
step "Edit a copy, as a pull request would" bash examples/edit-demo-export.sh "$work/demo-edit"
# Webhooks for this bundle: a receiver on a loopback port (started later), its secret in the
# environment, never in the file.
hook_port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export CXGATE_DEMO_WEBHOOK_SECRET=demo-webhook-secret-5f2b9c0e
printf 'webhooks:\n  demo: {url: "http://127.0.0.1:%s/cxgate", secretEnv: CXGATE_DEMO_WEBHOOK_SECRET}\n' \
    "$hook_port" >>"$work/demo-edit/cxgate.yaml"
expect_exit() { local want=$1; shift; local rc=0; "$@" || rc=$?; [ "$rc" -eq "$want" ] || { echo "expected exit $want, got $rc" >&2; exit 1; }; }
step "Validate it: the staffing gate stops the Billing change (exit 1)" \
    expect_exit 1 "$cx" validate "$work/demo-edit" --state-dir "$work/state"
sed -i 's/agents: 14}/agents: 15}/' "$work/demo-edit/queues/billing.yaml"
step "Staff Billing for the new target and validate again" \
    "$cx" validate "$work/demo-edit" --state-dir "$work/state"
step "Plan (exit 2: changes to review)" \
    expect_exit 2 "$cx" plan "$work/demo-edit" --state-dir "$work/state" --out "$work/plan.json"
step "The same plan as a pull-request comment" \
    expect_exit 2 "$cx" plan "$work/demo-edit" --output markdown --state-dir "$work/state"

step "Apply without --yes and no terminal to ask on: a dry run (exit 2, nothing written)" \
    expect_exit 2 "$cx" apply "$work/demo-edit" --state-dir "$work/state" --quiet
step "Apply exactly the reviewed plan file: lock, snapshot, ordered writes, verify" \
    "$cx" apply "$work/demo-edit" --plan "$work/plan.json" --yes --state-dir "$work/state"
step "Deployment history" "$cx" history --state-dir "$work/state"
deployment=$("$cx" history --state-dir "$work/state" -o json | "$py" -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
step "The deployment's audit trail (hash-chained, secrets redacted)" \
    "$cx" audit show --deployment "$deployment" --state-dir "$work/state"
step "Verify the audit chain and its checkpoint" "$cx" audit verify --state-dir "$work/state"
cp -r "$work/state" "$work/tampered"
log=$(ls "$work/tampered/audit/"audit-*.jsonl | head -n 1)
sed -i '4s/"outcome":"[a-z_]*"/"outcome":"skipped"/' "$log"
step "Someone edits entry 4 of a copy of the log: verify names it (exit 1)" \
    expect_exit 1 "$cx" audit verify --state-dir "$work/tampered"
step "The receiver is not running: the webhook events wait in the outbox" \
    "$cx" webhooks status --bundle "$work/demo-edit" --state-dir "$work/state"
"$py" examples/webhook-receiver.py "$hook_port" "$work/received.jsonl" >"$work/receiver.out" 2>&1 &
receiver=$!
for _ in $(seq 100); do grep -q ready "$work/receiver.out" 2>/dev/null && break; sleep 0.1; done
step "The receiver is up: retry delivers them, signed, in order" \
    "$cx" webhooks retry --bundle "$work/demo-edit" --state-dir "$work/state"
step "What the receiver got (each verified with the README's snippet)" \
    "$py" -c 'import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    print(e["type"], e["id"], e["deployment"], e["data"].get("status") or e["data"].get("changes"))' \
    "$work/received.jsonl"
kill "$receiver"; wait "$receiver" 2>/dev/null || true
step "Report: success rate, latency percentiles, rates (and a self-contained HTML page)" \
    "$cx" report --since 1d --html "$work/report.html" --state-dir "$work/state"
step "What a WFM system needs about routing (queues, service levels, staffing)" \
    "$cx" export-wfm "$work/demo-edit" --output-file "$work/wfm.json"
step "Roll the deployment back through its own plan" \
    "$cx" rollback "$deployment" --yes --state-dir "$work/state"
step "The org is as exported again: plan against the original export (exit 0: no changes)" \
    "$cx" plan "$work/demo-org" --state-dir "$work/state"
step "History shows both, the first one rolled back" "$cx" history --state-dir "$work/state"

step "Check the demo flows (clean)" "$cx" flow check examples/bundle/flows/*.yaml
step "The broken after-hours flow the org publishes: an error under Acme's policy.flows (exit 1)" \
    expect_exit 1 "$cx" flow check --bundle examples/bundle examples/broken-flows/after-hours.yaml
step "Trace callers through the main IVR" "$cx" flow trace examples/bundle/flows/main-ivr.yaml \
    -s examples/bundle/flows/scenarios/main-ivr.scenarios.yaml
step "Explore every path of the demo flows (100% coverage)" \
    "$cx" flow trace examples/bundle/flows/*.yaml --explore
step "Plan the demo bundle: the fixed after-hours flow as a graph summary and YAML diff (exit 2)" \
    expect_exit 2 "$cx" plan examples/bundle --state-dir "$work/state"
step "Deploying the broken file is refused before anything is sent (exit 1)" \
    expect_exit 1 "$cx" flow deploy --bundle examples/bundle examples/broken-flows/after-hours.yaml
step "Deploy the demo flows through Architect import jobs (unchanged files are skipped)" \
    "$cx" flow deploy examples/bundle/flows/*.yaml
step "Deploy the main IVR anyway: --force publishes a new version of the same file" \
    "$cx" flow deploy examples/bundle/flows/main-ivr.yaml --force
step "Versions of the main IVR" "$cx" flow versions "Acme Main IVR"
step "Switch back one version (its file checked first)" \
    "$cx" flow switch "Acme Main IVR" --to 2.0 --check --reason "demo: back to the version before the deploy"
step "Roll forward again" "$cx" flow rollback "Acme Main IVR" --reason "demo: forward again"

#!/usr/bin/env bash
# Edit an export of the emulator's demo org (`cxgate export DIR`) the way a team would in a
# pull request, so `cxgate validate` and `cxgate plan` have something to show:
#   - Billing: skill evaluation ALL -> BEST, service-level targets 80% -> 90%, and a peak
#     forecast whose 14 agents meet 80/20 but miss 90/20 (the staffing gate catches it);
#   - Support - Tier 1 renamed to Support - Front Line (published flows use it: HIGH);
#   - a new Loyalty queue with bullseye routing on the Retention skill.
# Usage: examples/edit-demo-export.sh DIR
set -euo pipefail
dir=${1:?usage: $0 DIR (an export of the demo org)}
billing=$dir/queues/billing.yaml
tier1=$dir/queues/support-tier-1.yaml
[ -f "$billing" ] && [ -f "$tier1" ] || { echo "$dir is not an export of the demo org" >&2; exit 1; }

sed -i -e 's/skillEvaluationMethod: ALL/skillEvaluationMethod: BEST/' \
       -e 's/percentage: 0.8/percentage: 0.9/' "$billing"
cat >>"$billing" <<'YAML'
# Peak hour: 200 calls, 3 minutes each (10 Erlangs); never sent to Genesys Cloud.
forecast: {calls: 200, per: 1h, aht: 3m, agents: 14}
YAML

sed -i -e 's/^name: Support - Tier 1$/name: Support - Front Line\nrenamedFrom: Support - Tier 1/' "$tier1"

cat >"$dir/queues/loyalty.yaml" <<'YAML'
name: Loyalty
description: Customers about to leave, answered by the save desk first
division: Home
skillEvaluationMethod: BEST
mediaSettings:
  call:
    alertingTimeoutSeconds: 10
    serviceLevel: {percentage: 0.85, durationMs: 15s}
bullseye:
  rings:
    - expansionCriteria: [{type: TIMEOUT_SECONDS, threshold: 10}]
      actions: {skillsToRemove: [Retention]}
    - expansionCriteria: [{type: TIMEOUT_SECONDS, threshold: 30}]
acwSettings: {wrapupPrompt: MANDATORY_TIMEOUT, timeoutMs: 1m}
forecast: {calls: 60, per: 30m, aht: 5m, patience: 2m, agents: 14}
YAML
echo "edited $billing, $tier1 and added $dir/queues/loyalty.yaml"

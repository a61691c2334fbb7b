#!/usr/bin/env bash
# The commands of cxgate's CI workflow (examples/ci/github-actions.yml, action.yml), one per
# step, so the workflow stays short and the same commands can be tested locally.
#
#   cxgate-ci.sh validate     validate the bundle; SARIF into $CXGATE_SARIF (exit 1 on errors)
#   cxgate-ci.sh plan         plan; the plan file into $CXGATE_PLAN, Markdown into $CXGATE_COMMENT
#   cxgate-ci.sh comment      post the Markdown plan on pull request $PR_NUMBER, or update the
#                             comment posted before (found by its marker), never a second one
#   cxgate-ci.sh fetch-plan   on a merge: download the plan file reviewed on the merged pull
#                             request (the artifact of its last successful run)
#   cxgate-ci.sh apply        apply exactly that plan file (refused if the org or files moved)
#
# Settings (environment): CXGATE_BUNDLE (default .), CXGATE_PLAN (cxgate-plan.json),
# CXGATE_COMMENT (cxgate-plan.md), CXGATE_SARIF (cxgate.sarif), CXGATE_ARTIFACT (cxgate-plan),
# CXGATE_WORKFLOW (the workflow file name, for fetch-plan); GENESYSCLOUD_* for the org and
# CXGATE_STATE_URL for a shared state store. comment and fetch-plan use the GitHub CLI (gh)
# with GH_TOKEN, GITHUB_REPOSITORY and (fetch-plan) GITHUB_SHA.
set -euo pipefail

cx=${CXGATE:-cxgate}
bundle=${CXGATE_BUNDLE:-.}
plan_file=${CXGATE_PLAN:-cxgate-plan.json}
comment_file=${CXGATE_COMMENT:-cxgate-plan.md}
sarif_file=${CXGATE_SARIF:-cxgate.sarif}
artifact=${CXGATE_ARTIFACT:-cxgate-plan}
marker='<!-- cxgate-plan -->'

validate() {
    local rc=0
    "$cx" validate "$bundle" --quiet --output sarif >"$sarif_file" || rc=$?
    # the same problems in the log, one line each
    python3 - "$sarif_file" <<'PY'
import json, sys
for result in json.load(open(sys.argv[1]))["runs"][0]["results"]:
    where = result["locations"][0]["physicalLocation"]
    line = where.get("region", {}).get("startLine", "")
    print(f"{result['level']} {where['artifactLocation']['uri']}:{line} {result['message']['text']}")
PY
    echo "validate: exit $rc; SARIF in $sarif_file"
    return "$rc"
}

plan() {
    local rc=0 body
    body=$("$cx" plan "$bundle" --quiet --output markdown --out "$plan_file") || rc=$?
    # exit 0: no changes, 2: changes to review; anything else is a failure
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then return "$rc"; fi
    printf '%s\n\n%s\n' "$marker" "$body" >"$comment_file"
    echo "plan: exit $rc; $plan_file and $comment_file written"
}

comment() {
    : "${PR_NUMBER:?set PR_NUMBER to the pull request number}"
    : "${GITHUB_REPOSITORY:?set GITHUB_REPOSITORY to owner/name}"
    local id
    id=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" \
        --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
    if [ -n "$id" ]; then
        gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" \
            -F "body=@$comment_file" >/dev/null
        echo "updated comment $id on #$PR_NUMBER"
    else
        gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" \
            -F "body=@$comment_file" >/dev/null
        echo "commented on #$PR_NUMBER"
    fi
}

fetch_plan() {
    : "${GITHUB_REPOSITORY:?set GITHUB_REPOSITORY to owner/name}"
    : "${GITHUB_SHA:?set GITHUB_SHA to the merge commit}"
    local pr head run
    pr=$(gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" --jq '.[0].number // empty')
    [ -n "$pr" ] || { echo "no pull request merged $GITHUB_SHA: nothing reviewed to apply" >&2; return 1; }
    head=$(gh api "repos/$GITHUB_REPOSITORY/pulls/$pr" --jq '.head.sha')
    run=$(gh run list --repo "$GITHUB_REPOSITORY" --workflow "${CXGATE_WORKFLOW:-cxgate.yml}" \
        --commit "$head" --event pull_request --status success --limit 1 \
        --json databaseId --jq '.[0].databaseId // empty')
    [ -n "$run" ] || { echo "no successful review run of #$pr at $head" >&2; return 1; }
    local into
    into=$(mktemp -d)
    gh run download "$run" --repo "$GITHUB_REPOSITORY" --name "$artifact" --dir "$into"
    cp "$into/$(basename "$plan_file")" "$plan_file"
    echo "fetched the plan reviewed on #$pr (run $run) into $plan_file"
}

apply() {
    [ -f "$plan_file" ] || { echo "$plan_file is missing: run fetch-plan first" >&2; return 1; }
    "$cx" apply "$bundle" --plan "$plan_file" --yes --quiet
}

case "${1:-}" in
    validate) validate ;;
    plan) plan ;;
    comment) comment ;;
    fetch-plan) fetch_plan ;;
    apply) apply ;;
    *) echo "usage: $0 validate|plan|comment|fetch-plan|apply" >&2; exit 2 ;;
esac

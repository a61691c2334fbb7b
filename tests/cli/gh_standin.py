"""A stand-in for the GitHub CLI (``gh``), for testing examples/ci/cxgate-ci.sh offline.

It answers the calls the script makes as GitHub would, keeping the pull request's comments
and the "uploaded" plan artifact in ``$GH_STANDIN_DIR``, and logs every call there
(``calls.jsonl``). ``--jq`` filters are the script's own; their effect is reproduced here for
the exact queries it sends (a changed query fails loudly rather than passing by accident).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

STATE = Path(os.environ["GH_STANDIN_DIR"])
REPO = "acme/contact-center"
PR, HEAD_SHA, MERGE_SHA, RUN_ID = "7", "abc123", "def456", "99"
MARKER = "<!-- cxgate-plan -->"


def _comments() -> list[dict[str, object]]:
    path = STATE / "comments.json"
    return json.loads(path.read_text()) if path.exists() else []


def _save(comments: list[dict[str, object]]) -> None:
    (STATE / "comments.json").write_text(json.dumps(comments))


def _opt(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def _body(args: list[str]) -> str:
    field = _opt(args, "-F")
    assert field.startswith("body=@"), field
    return Path(field.removeprefix("body=@")).read_text()


def api(args: list[str]) -> str:
    """``gh api``: the comments of the pull request, commits → pulls, the pull request."""
    method = _opt(args, "--method") if "--method" in args else "GET"
    path = next(a for a in args if a.startswith("repos/"))
    comments = _comments()
    if path == f"repos/{REPO}/issues/{PR}/comments" and method == "GET":
        assert _opt(args, "--jq") == f'.[] | select(.body | startswith("{MARKER}")) | .id'
        return "".join(f"{c['id']}\n" for c in comments if str(c["body"]).startswith(MARKER))
    if path == f"repos/{REPO}/issues/{PR}/comments" and method == "POST":
        comments.append({"id": 1000 + len(comments), "body": _body(args)})
        _save(comments)
        return "{}"
    if path.startswith(f"repos/{REPO}/issues/comments/") and method == "PATCH":
        wanted = int(path.rsplit("/", 1)[1])
        for comment in comments:
            if comment["id"] == wanted:
                comment["body"] = _body(args)
        _save(comments)
        return "{}"
    if path == f"repos/{REPO}/commits/{MERGE_SHA}/pulls":
        assert _opt(args, "--jq") == ".[0].number // empty"
        return f"{PR}\n"
    if path == f"repos/{REPO}/pulls/{PR}":
        assert _opt(args, "--jq") == ".head.sha"
        return f"{HEAD_SHA}\n"
    raise SystemExit(f"gh stand-in: no answer for api {args}")


def run(args: list[str]) -> str:
    """``gh run list`` (the review run of the head commit) and ``gh run download``."""
    if args[0] == "list":
        assert _opt(args, "--commit") == HEAD_SHA
        assert _opt(args, "--event") == "pull_request"
        assert _opt(args, "--status") == "success"
        return f"{RUN_ID}\n"
    if args[0] == "download" and args[1] == RUN_ID:
        into = Path(_opt(args, "--dir"))
        into.mkdir(parents=True, exist_ok=True)
        for item in (STATE / "artifacts" / _opt(args, "--name")).iterdir():
            shutil.copy(item, into / item.name)
        return ""
    raise SystemExit(f"gh stand-in: no answer for run {args}")


def main() -> None:
    """Log the call, then answer it."""
    args = sys.argv[1:]
    with (STATE / "calls.jsonl").open("a") as log:
        log.write(json.dumps(args) + "\n")
    answer = api(args[1:]) if args[0] == "api" else run(args[1:])
    sys.stdout.write(answer)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# The pull-request step: `coord diff BASE HEAD --format markdown`, posted as one comment that
# later runs update (found by a hidden marker), so a pull request never collects a comment per
# push. Exit status: 1 when the change introduces errors (or warnings, with
# COORD_DENY_NEW_WARNINGS=true), as `coord diff`'s.
#
#   COORD_BASE, COORD_HEAD   the revisions to compare (the pull request's base and head)
#   COORD_PATH               the plan's folder
#   COORD_PR, GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL
#                            where to post; without COORD_PR or GITHUB_TOKEN nothing is posted
#   COORD_COMMENT_FILE       where the comment body is written (default: $RUNNER_TEMP/coord-diff.md)
set -uo pipefail
marker='<!-- coord-diff -->'
body_file="${COORD_COMMENT_FILE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/coord-diff.md}"
flags=()
[[ "${COORD_DENY_NEW_WARNINGS:-false}" == true ]] && flags+=(--deny-new-warnings)
# The base must be in the clone (actions/checkout fetches one commit unless told otherwise).
if ! git cat-file -e "${COORD_BASE}^{commit}" 2>/dev/null; then
  git fetch --quiet --depth=1 origin "$COORD_BASE" || true
fi
coord diff "$COORD_BASE" "$COORD_HEAD" --format markdown "${flags[@]}" "${COORD_PATH:-.}" >"$body_file.tmp"
status=$?
if [[ $status -eq 2 ]]; then
  echo "coord: the diff could not be made (see above); no comment posted" >&2
  exit 2
fi
{ echo "$marker"; cat "$body_file.tmp"; } >"$body_file"
rm -f "$body_file.tmp"
if [[ -z "${COORD_PR:-}" || -z "${GITHUB_TOKEN:-}" ]]; then
  echo "coord: no pull request or token; the comment is in $body_file"
  exit $status
fi
api="${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY}"
auth=(-H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json")
payload=$(python3 -c 'import json,sys; print(json.dumps({"body": open(sys.argv[1]).read()}))' "$body_file")
existing=$(curl -fsS "${auth[@]}" "$api/issues/$COORD_PR/comments?per_page=100" |
  python3 -c 'import json,sys; m=sys.argv[1]; print(next((str(c["id"]) for c in json.load(sys.stdin) if c.get("body","").startswith(m)), ""))' "$marker")
if [[ -n "$existing" ]]; then
  curl -fsS -X PATCH "${auth[@]}" -d "$payload" "$api/issues/comments/$existing" >/dev/null
  echo "coord: updated comment $existing"
else
  curl -fsS -X POST "${auth[@]}" -d "$payload" "$api/issues/$COORD_PR/comments" >/dev/null
  echo "coord: posted a comment on pull request #$COORD_PR"
fi
exit $status

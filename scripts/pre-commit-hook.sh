#!/usr/bin/env bash
# pre-commit entry for the workbench hooks (.pre-commit-hooks.yaml): runs `workbench ARGS...`.
#
# It uses a workbench that is already installed, so pre-commit never builds a second, multi-GB
# environment of its own (a plain `pip install` of the dependencies would pull CUDA builds of
# torch). Looked for in order: $WORKBENCH, the checked repository's .venv, `workbench` on PATH,
# a CPU-only environment this script built earlier inside pre-commit's copy of the hook repo.
# When none exists it builds that one (torch pinned to the CPU build first, as scripts/setup.sh
# does), unless WORKBENCH_NO_BOOTSTRAP=1.
set -euo pipefail
hook_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ -n "${WORKBENCH:-}" ]; then
  wb="$WORKBENCH"
elif [ -x .venv/bin/workbench ]; then
  wb=.venv/bin/workbench
elif command -v workbench >/dev/null 2>&1; then
  wb=workbench
elif [ -x "$hook_repo/.venv/bin/workbench" ]; then
  wb="$hook_repo/.venv/bin/workbench"
elif [ "${WORKBENCH_NO_BOOTSTRAP:-0}" = 1 ]; then
  echo "workbench is not installed: set WORKBENCH=/path/to/workbench or put it on PATH." >&2
  exit 2
else
  echo "workbench hook: installing workbench (CPU-only torch) into $hook_repo/.venv once…" >&2
  python3 -m venv "$hook_repo/.venv"
  "$hook_repo/.venv/bin/pip" install -q "torch==2.13.0" 2> >(grep -v "is ignored" >&2)
  "$hook_repo/.venv/bin/pip" install -q "$hook_repo" 2> >(grep -v "is ignored" >&2)
  wb="$hook_repo/.venv/bin/workbench"
fi
exec "$wb" "$@"

#!/usr/bin/env bash
# End-to-end check of the review TUI that a person can repeat: score a few replies into a fresh
# database with the real pipeline, drive `workbench review` in tmux (open the riskiest item,
# edit its translation, approve it), then confirm from the database that the decision landed.
#
#   bench/e2e_tui.sh            # needs tmux and Apertium (apertium-eng-spa)
#   KEEP=1 bench/e2e_tui.sh     # keep the temporary folder to look at afterwards
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WB="${WORKBENCH:-$ROOT/.venv/bin/workbench}"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
WORK="$(mktemp -d)"
DB="$WORK/e2e.db"
SESSION="wb-e2e-$$"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

# Wait until the pane shows TEXT (a fixed string), or fail after SECONDS.
wait_for() {
  local text="$1" seconds="${2:-60}"
  for _ in $(seq 1 $((seconds * 5))); do
    if tmux capture-pane -p -t "$SESSION" | grep -qF -- "$text"; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for: $text" >&2
  tmux capture-pane -p -t "$SESSION" >&2
  exit 1
}

step "1. score three replies into a fresh database (real MT and scorers)"
cat >"$WORK/replies.jsonl" <<'JSONL'
{"id": "refunds/late", "text": "Hi Maria, no worries! I'll get back to you ASAP about your refund."}
{"id": "shipping/customs", "text": "Hang tight, your parcel is held at customs. Shoot us an email if it takes longer."}
{"id": "orders/thanks", "text": "Thank you for your order. It will arrive on Monday."}
JSONL
"$WB" --config /dev/null submit "$WORK/replies.jsonl" --to es-ES --db "$DB" || {
  echo "submit failed" >&2; exit 1; }
"$WB" --config /dev/null queue list --db "$DB"

step "2. open the review UI in tmux (100x30)"
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "'$WB' --config /dev/null review --db '$DB' --reviewer e2e-reviewer"
wait_for "items  sorted by risk" 30
tmux capture-pane -p -t "$SESSION" | head -12

step "3. Enter opens the riskiest item and claims it"
tmux send-keys -t "$SESSION" Enter
wait_for "claimed by you" 30

step "4. e edits the translation; it is rescored live"
tmux send-keys -t "$SESSION" e
sleep 0.5
tmux send-keys -t "$SESSION" -l "Estimado cliente: "
wait_for "translation edited" 120   # shown once the rescored assessment is back
tmux capture-pane -p -t "$SESSION" | head -14

step "5. Escape leaves the editor, a approves"
tmux send-keys -t "$SESSION" Escape
sleep 0.5
tmux send-keys -t "$SESSION" a
wait_for "Approved" 120
tmux send-keys -t "$SESSION" Escape
sleep 0.5
tmux send-keys -t "$SESSION" q
sleep 1

step "6. bare \`workbench\` on a terminal opens the same UI when the database exists"
tmux kill-session -t "$SESSION" 2>/dev/null || true
tmux new-session -d -s "$SESSION" -x 100 -y 30 "WORKBENCH_DB='$DB' '$WB' --config /dev/null"
wait_for "Review queue" 30
wait_for "1 approved" 30
tmux send-keys -t "$SESSION" q
sleep 1

step "7. the database holds the decision"
"$PY" - "$DB" <<'PYTHON'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute(
    "SELECT item_id, reviewer, action, substr(after, 1, 60) FROM decisions ORDER BY id"
).fetchall()
for row in rows:
    print(row)
approved = [r for r in rows if r[2] == "edit_approve"]
assert approved, "no edit_approve decision was stored"
item_id, reviewer, _, after = approved[0]
assert reviewer == "e2e-reviewer", reviewer
assert after.startswith("Estimado cliente: "), after
status = db.execute("SELECT status FROM queue_items WHERE id = ?", (item_id,)).fetchone()[0]
assert status == "approved", status
print(f"OK: item {item_id} approved by {reviewer} with the edited translation")
PYTHON

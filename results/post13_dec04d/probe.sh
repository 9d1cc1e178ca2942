#!/bin/bash
# 2026-12-04 23:10 UTC: cost per step of LT (--adv-critic teacher) with the penalty on the whole batch and on a quarter
# Run from /work/exp/p15 (fm_s0 linked from ../p14): probe.sh 1; probe.sh 0.25, side by side, stopped after 60 steps
PY="env OMP_NUM_THREADS=1 /work/venv/bin/python"; M=/work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 10 --steps 1000000 --time-clock cpu --bf16"
TR="$PY $M/train_images_simple.py $COMMON $SMALL"
LT="--objective adv_distill --adv-critic teacher --time-steps 4 --init-weights ema --ema-decay 0.99 --lr-schedule cosine --penalty gp --n-critic 1 --critic-warmup 0 --adv-weight 10 --distill-substeps 1"
$TR --seed 0 --init-from fm_s0/checkpoint_0012329.pt $LT --steps 300 --time-limit 1.5 --save-every 1000 --penalty-fraction $1 --out probe_f$1 > probe_f$1.log 2>&1

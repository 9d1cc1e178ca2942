#!/bin/bash
# Issue 13 (item 4), 2026-12-05, twenty-first session (10:11 UTC on). Same machine, parents and protocol as
# post13_dec05c/jobs.sh (CPU scale, --bf16, one thread per run, T in CPU-minutes, FID of 2k EMA samples against all 60k).
# Run from /work/exp/p16 (more fm's checkpoints are in ../p14).
# usage: jobs.sh CASE SEED PARENT_CHECKPOINT ...
set -eu
PY="env OMP_NUM_THREADS=1 /work/venv/bin/python"; M=/work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR="$PY $M/train_images_simple.py $COMMON $SMALL"
DSB="--objective distill --init-weights ema --ema-decay 0.99 --lr-schedule cosine --save-every 100 --keep-checkpoints 1000 --time-steps 4 --distill-substeps 1 --betas 0.9 0.99"
EV="$PY $M/evaluate.py --device cpu --n 2000"
S=$2; P=$3
case "$1" in
arm)  # usage: jobs.sh arm SEED PARENT_CHECKPOINT NAME T STEPS FLAGS... (later flags override DSB's)
  N=$4; T=$5; ST=$6; shift 6
  $TR --seed $S --init-from $P $DSB "$@" --steps $ST --time-limit $T --out ${N}_s$S > ${N}_s$S.log 2>&1
  $EV ${N}_s$S --out evals/${N}_T${T}_s$S > eval_${N}_s$S.log 2>&1 ;;
fmeval)  # usage: jobs.sh fmeval SEED CHECKPOINT NAME METHOD STEPS: an fm checkpoint with a fixed-step solver
  $EV $P --ode-method $5 --ode-steps $6 --out evals/$4 > eval_$4.log 2>&1 ;;
esac
# 10:14 UTC: where the 15 % target flips. At NFE 2 the distilled student is 57-61 % below more fm, at NFE 4 11 %
# (post13_dec05c). NFE 3: a K = 3 student of DSbEHu's recipe, its teacher the parent's midpoint substeps 2 2 1 (NFE 10),
# both seeds, T = 10 (cosine over 1400 steps, about 0.42 CPU-s a step), against more fm's T = 10 checkpoints with
# Euler 3 steps (NFE 3):
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt K3 10 1400 --step-experts --lr 2e-3 --time-steps 3 --distill-substeps 2 2 1
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt K3 10 1400 --step-experts --lr 2e-3 --time-steps 3 --distill-substeps 2 2 1
#   jobs.sh fmeval 0 ../p14/mf_s0/checkpoint_0015511.pt mf_T10_eul3_s0 euler 3
#   jobs.sh fmeval 1 ../p14/mf_s1_T10/checkpoint_0018149.pt mf_T10_eul3_s1 euler 3
# 10:22 UTC: queued behind each seed's lane, K3 at T = 20 (cosine over 2800 steps), then more fm's T = 20 checkpoints
# at NFE 3 (Euler 3):
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt K3_20 20 2800 --step-experts --lr 2e-3 --time-steps 3 --distill-substeps 2 2 1
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt K3_20 20 2800 --step-experts --lr 2e-3 --time-steps 3 --distill-substeps 2 2 1
#   jobs.sh fmeval 0 ../p14/mf_s0/checkpoint_0018753.pt mf_T20_eul3_s0 euler 3
#   jobs.sh fmeval 1 ../p14/mf_s1/checkpoint_0021365.pt mf_T20_eul3_s1 euler 3
# 10:32 UTC: K3 scored 41.50 and 38.84 at NFE 3; more fm with Euler 3 steps 61.33 and 63.20 (-32.3 % and -38.5 %).
# Is Euler 3 on the uniform grid more fm's best NFE-3 sampler? Midpoint needs an even NFE; the grid's shift is the
# remaining choice. Seed 0, T = 10, Euler 3 with shifts 0.7 and 1.5 (a third process beside the two K3_20 lanes):
#   env OMP_NUM_THREADS=1 python evaluate.py ../p14/mf_s0/checkpoint_0015511.pt --device cpu --n 2000 --ode-method euler --ode-steps 3 --ode-shift S --out evals/mf_T10_eul3_sS_s0
# 10:46 UTC: more fm (seed 0, T = 10) with Euler 3 steps: shift 0.7 65.98, shift 1.5 62.90, uniform 61.33. The
# uniform grid stays its NFE-3 control.
# 11:05 UTC: K3_20 (2800 steps, 19.3 CPU-minutes each) scored 40.66 and 37.45 at NFE 3; more fm at T = 20 with Euler 3
# steps 60.90 and 62.40 (-33.2 % and -40.0 %). Records copied beside this file (copy.sh), then, on the idle machine,
# issue 12's 1-D measurements (results/speed_dec05/).
# 11:17 UTC: is Euler 3 steps more fm's best NFE-3 sampler? With one midpoint step and one Euler step (NFE 3), seed 0,
# T = 10 (fm_nfe3.py, beside this file; samples in nfe3/), and midpoint 2 steps the same way as the check that the
# script samples as evaluate.py does (evaluate.py: 43.05), each scored after CI:
#   python fm_nfe3.py ../p14/mf_s0/checkpoint_0015511.pt nfe3/O_T.npy O T   for O T in (mid,euler 0.5) (mid,euler 0.333333)
#       (euler,mid 0.5) (euler,mid 0.666667) (mid,mid 0.5)
#   evaluate.py --device cpu --n 2000 --images nfe3/O_T.npy --dataset fashion_mnist --no-download \
#       --data-dir /usr/share/datasets/fashion-mnist --out evals/mf_T10_nfe3_O_T_s0
# 11:33 UTC: midpoint then Euler is far better than Euler 3 steps for more fm (seed 0, T = 10): split at 0.5 51.56,
# at 1/3 47.38 (Euler then midpoint: 72.02 at 0.5, 60.83 at 2/3). K3's 41.50 is then -12.4 %: the NFE-3 verdict
# depends on the control's sampler. The split further down, at 0.25 and 0.2 (same script, same scoring):
#   python fm_nfe3.py ../p14/mf_s0/checkpoint_0015511.pt nfe3/mid-euler_T.npy mid,euler T   for T in 0.25 0.2
# 11:37 UTC: split at 0.25 52.16, at 0.2 56.29; the script's midpoint 2 steps scored 43.05, evaluate.py's figure, so it
# samples as evaluate.py does. The split at 1/3 on the other three more-fm checkpoints, and at 0.3 and 0.4 on this one:
#   python fm_nfe3.py CKPT nfe3/T{10,20}_s{0,1}_mid-euler_0.333333.npy mid,euler 0.333333   (CKPT: the NFE-3 table's)
#   python fm_nfe3.py ../p14/mf_s0/checkpoint_0015511.pt nfe3/mid-euler_T.npy mid,euler T   for T in 0.3 0.4
# 11:48 UTC: the split at 1/3 on the NFE-3 table's checkpoints: 47.38 / 46.71 (seed 0, T = 10 / 20) and 48.46 / 47.12
# (seed 1); at 0.3 on seed 0, T = 10: 48.78. K3 is then -12.4 % / -12.9 % and -19.9 % / -20.5 %: met on seed 1 only.
# Does the same hold at NFE 2? More fm's Euler 2 steps split at 1/3 and 2/3 (--ode-shift 0.5 and 2), seed 0, T = 10:
#   evaluate.py ../p14/mf_s0/checkpoint_0015511.pt --device cpu --n 2000 --ode-method euler --ode-steps 2 --ode-shift S --out evals/mf_T10_eul2_shS_s0
# 11:54 UTC: split at 0.4 46.47 (seed 0, T = 10), better than 1/3's 47.38; Euler 2 steps on shifted grids 122.52
# (S = 0.5) and 119.88 (S = 2) against the uniform 109.56: at NFE 2 the uniform grid stays the control. The split at 0.4
# on the other three checkpoints, and at 0.45 on this one:
#   python fm_nfe3.py CKPT nfe3/T{20_s0,10_s1,20_s1}_mid-euler_0.4.npy mid,euler 0.4
#   python fm_nfe3.py ../p14/mf_s0/checkpoint_0015511.pt nfe3/mid-euler_0.45.npy mid,euler 0.45
# 12:03 UTC: split at 0.4: 45.55 (seed 0, T = 20), 46.81 / 45.54 (seed 1, T = 10 / 20); at 0.45 on seed 0, T = 10:
# 47.81. The split at 0.4, best on seed 0 at T = 10, is more fm's NFE-3 control: K3 is -10.7 % / -10.7 % (seed 0) and
# -17.0 % / -17.8 % (seed 1).

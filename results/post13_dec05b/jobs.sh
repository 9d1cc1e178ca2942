#!/bin/bash
# Issue 13 (item 4), 2026-12-05, nineteenth session (04:45 UTC on). Same machine, parents and protocol as
# post13_dec05/jobs.sh (CPU scale, --bf16, one thread per run, T in CPU-minutes, FID of 2k EMA samples at the students'
# own 4 Euler steps). Run from /work/exp/p16.
# usage: jobs.sh CASE SEED PARENT_CHECKPOINT ...
set -eu
PY="env OMP_NUM_THREADS=1 /work/venv/bin/python"; M=/work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR="$PY $M/train_images_simple.py $COMMON $SMALL"
DSB="--objective distill --init-weights ema --ema-decay 0.99 --lr-schedule cosine --save-every 100 --keep-checkpoints 1000 --time-steps 4 --distill-substeps 1 --betas 0.9 0.99"
EV="$PY $M/evaluate.py --device cpu --n 2000"
S=$2; P=$3
# The owed check of the best arm: DSbEH (DSb with --step-experts at lr 2e-3; 38.65 on seed 0 at T = 10) on seed 1 at
# T = 10, and on both seeds at T = 20 (cosine over 1800 / 3500 steps as DSbEH_s0 and DSbE20).
case "$1" in
arm)  # usage: jobs.sh arm SEED PARENT_CHECKPOINT NAME T STEPS FLAGS...
  N=$4; T=$5; ST=$6; shift 6
  $TR --seed $S --init-from $P $DSB "$@" --steps $ST --time-limit $T --out ${N}_s$S > ${N}_s$S.log 2>&1
  $EV ${N}_s$S --out evals/${N}_T${T}_s$S > eval_${N}_s$S.log 2>&1 ;;
esac
# 04:55 UTC: a shifted time grid (--time-shift S, new: t_j = S u / (1 + (S - 1) u), u = j / K, SD3's shift; sampling
# with --ode-shift). On 512 fixed noises of the seed-0 parent, |x - x_ref|^2 to its midpoint-64 solve: midpoint 4 steps
# (NFE 8) 4.85 uniform, 3.16 / 3.03 / 3.32 / 3.78 at S = 1.5 / 2 / 2.5 / 3, 12.9 at S = 0.5; midpoint 8 steps 1.01 uniform,
# 0.72 at S = 2; Euler 4 steps 43.9 uniform, 31.2 at S = 2. Steps near the noise matter more here. Does FID follow? The
# seed-0 teacher (midpoint 4, NFE 8) and more fm at T = 10 (its control sampler, midpoint 2, NFE 4) at S = 2:
case "$1" in
shifted)  # usage: jobs.sh shifted SEED CHECKPOINT NAME MIDPOINT_STEPS SHIFT
  $EV $P --ode-method midpoint --ode-steps $5 --ode-shift $6 --out evals/$4_S$6_s$S > eval_$4_S$6_s$S.log 2>&1 ;;
esac
# 04:55 UTC: the seed-0 teacher at S = 2 scores 38.16 (uniform 36.61): nearer the fine solve, worse FID. The uniform
# grid's error is the kind FID forgives; so the other way, S = 0.7 (more of the grid near the data). DSbEH at T = 20 on
# both seeds meanwhile (cosine over 3500 steps):
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt DSbEH20 20 3500 --step-experts --lr 2e-3  (then seed 1)
# The NFE-16 teacher (34.58) beats NFE 8 (36.61) on seed 0: from which grid steps? teacher_grid.py samples the parent
# with its own midpoint substeps per grid step (from t = 1), scored with evaluate.py --images:
case "$1" in
tgrid)  # usage: jobs.sh tgrid SEED CHECKPOINT NAME SUBSTEPS...
  N=$4; shift 4
  $PY $M/results/post13_dec05b/teacher_grid.py $P evals/$N.npy "$@" > eval_$N.log 2>&1
  $EV --images evals/$N.npy --dataset fashion_mnist --no-download --data-dir /usr/share/datasets/fashion-mnist --out evals/$N >> eval_$N.log 2>&1 ;;
esac
# 05:01 UTC: more fm at T = 10 (seed 0) with midpoint 2 at S = 2 scores 44.12 (uniform 43.05): the shift hurts the
# control too. DSbEH_s1 (1800 steps) scored 36.50 (DSbE 36.70, more fm 40.61: -10.1 %).
# 05:06 UTC: the seed-0 teacher at S = 0.7 scores 36.86 (uniform 36.61, S = 2 38.16): the uniform grid is about the
# best for the teacher's FID at NFE 8. The student's error sits in its last step (t = 0.25 -> 0, post13_dec05's
# chain.py), which S < 1 shortens (t_1 = 0.19 at S = 0.7), at about the teacher's score. Seed 0, T = 10:
#   DSbEHs  DSbEH with --time-shift 0.7
# 05:20 UTC: where the NFE-16 teacher's gain comes from (seed 0, teacher_grid.py, evaluate.py --images): midpoint
# substeps per grid step 1 1 1 4 (the last step in 4, NFE 14) 36.52, 4 1 1 1 (the first step in 4, NFE 14) 35.09; the
# uniform NFE 8 scores 36.61 and NFE 16 34.58. The first step, from the noise, holds most of it. Next: 2 1 1 1 (NFE 10).
# 05:30 UTC: --distill-substeps now takes one count per grid step. DSbEH with the teacher 4 1 1 1 (the first step solved
# in 4 midpoint steps, 35.09 as a sampler), seed 0, T = 10 (its teacher costs 3.5 passes a step on average against 2, so
# about 0.43 CPU-s a step guessed: cosine over 1400 steps):
#   DSbEHt  DSbEH with --distill-substeps 4 1 1 1
# 05:36 UTC: DSbEHs (S = 0.7) scored 39.20 (DSbEH 38.65): the shortened last step does not help the student either.
# DSbEH20_s0 (3500 steps) scored 38.14 (DSbE20 38.27, more fm 41.73: -8.6 %). The teacher 2 1 1 1 (NFE 10) scores 35.47:
# one more midpoint step on the first grid step buys 1.1 of the 2.0 points between NFE 8 and NFE 16, at 2.5 passes a
# step on average. Seed 0, T = 10, beside DSbEHt (guessed 0.37 CPU-s a step: cosine over 1600 steps):
#   DSbEHu  DSbEH with --distill-substeps 2 1 1 1
# (the 05:36 above was 05:33 UTC.) The teachers between: 3 1 1 1 (NFE 12) and 4 2 1 1 (NFE 16, against the uniform 34.58):
# 05:47 UTC: DSbEHt (1367 steps, its cosine stopped at 98 %) scored 38.46 (DSbEH 38.65): its teacher is 1.5 points
# better (35.09 against 36.61), the student 0.2, within the 2k-sample noise; 3.4 points above its teacher.
# 05:52 UTC: DSbEHu trained (1564 steps, 98 %). Both teachers on seed 1, T = 10 (cosines over 1350 and 1550 steps):
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt DSbEHt 10 1350 --step-experts --lr 2e-3 --distill-substeps 4 1 1 1
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt DSbEHu 10 1550 --step-experts --lr 2e-3 --distill-substeps 2 1 1 1
# 05:59 UTC: DSbEHu_s0 scored 38.38 (DSbEHt 38.46, DSbEH 38.65; more fm 43.05: -10.8 %). The teacher 3 1 1 1 (NFE 12)
# scores 35.21. DSbEHu at T = 20 on seed 0 (cosine over 3000 steps), seed 1 to follow:
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt DSbEHu20 20 3000 --step-experts --lr 2e-3 --distill-substeps 2 1 1 1
# 06:08 UTC: DSbEH20_s1 (3500 steps) scored 35.93 (DSbE20 36.10, more fm 39.22: -8.4 %). DSbEHu at T = 20 on seed 1:
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt DSbEHu20 20 3000 --step-experts --lr 2e-3 --distill-substeps 2 1 1 1
# 06:28 UTC: DSbEHt_s1 (1350 steps) scored 35.91, DSbEHu_s1 (1550) 36.01 (DSbEH 36.50, more fm 40.61: -11.6 % and
# -11.3 %). The seed-0 teacher 4 2 1 1 (NFE 16) scores 34.89 (uniform NFE 16: 34.58). The seed-1 teacher 2 1 1 1:
#   jobs.sh tgrid 1 fm_s1/checkpoint_0015000.pt tgrid_2111_s1 2 1 1 1
# 06:34 UTC: DSbEHu20_s0 (3000 steps) scored 37.77 (DSbEH20 38.14, more fm 41.73: -9.5 %). The seed-1 teacher 2 1 1 1
# scores 33.37 (uniform NFE 8: 34.20).
# 06:38 UTC: DSbEHu20_s1 (3000 steps) scored 35.37 (DSbEH20 35.93, more fm 39.22: -9.8 %). Done; records copied beside
# this file. The tgrid scores are the last line of logs/eval_tgrid_*.log: evaluate.py --images then ignored --out (it
# now writes eval.jsonl and a grid there).
# 06:40 UTC: the students stay 2.6-3.4 points above their teachers at T = 10, so how fast they learn still bounds them.
# One more step of lr, seed 0, T = 10 (CI of c7a9ab3 beside it for its first minutes):
#   DSbEHu3  DSbEHu at lr 3e-3
#   and the same on seed 1:
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt DSbEHu3 10 1600 --step-experts --lr 3e-3 --distill-substeps 2 1 1 1
# 07:00 UTC: DSbEHu3 (1600 steps each) scored 38.39 and 35.84 (DSbEHu 38.38 and 36.01; more fm 43.05 and 40.61:
# -10.8 % and -11.7 %): lr 3e-3 ties lr 2e-3. Records copied beside this file.

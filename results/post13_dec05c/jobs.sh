#!/bin/bash
# Issue 13 (item 4), 2026-12-05, twentieth session (07:27 UTC on). Same machine, parents and protocol as
# post13_dec05b/jobs.sh (CPU scale, --bf16, one thread per run, T in CPU-minutes, FID of 2k EMA samples against all 60k).
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
# 07:28 UTC: the issue does not fix the NFE; earlier sessions read the target at NFE 4, where the best student
# (DSbEHu) is 10.8-11.7 % ahead of more fm at T = 10. At NFE 2 flow matching's sampler loses much more. A K = 2 student
# (DSbEH's recipe with --time-steps 2, the teacher the parent's NFE-8 solve as two grid steps of 2 midpoint steps),
# seed 0, T = 10, against more fm's T = 10 checkpoint at NFE 2 with Euler 2 steps and midpoint 1 step:
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt K2 10 1300 --step-experts --lr 2e-3 --time-steps 2 --distill-substeps 2
#   jobs.sh fmeval 0 ../p14/mf_s0/checkpoint_0015511.pt mf_T10_eul2_s0 euler 2
#   jobs.sh fmeval 0 ../p14/mf_s0/checkpoint_0015511.pt mf_T10_mid1_s0 midpoint 1
# 07:31 UTC: --step-weights (new): with --step-experts, the share of updates each expert gets. The students' error is
# made mostly in the last step (post13_dec05/chain.txt: DSbE's path error 0.63 / 1.68 / 1.10 / 3.47 at t_k = 1 .. .25),
# and each expert has had a quarter of the updates. DSbEHu with 40 % of them for the last step, seed 0, T = 10:
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt DSbEHw 10 1600 --step-experts --lr 2e-3 --distill-substeps 2 1 1 1 --step-weights 1 1 1 2
# 07:41 UTC: more fm at T = 10 (seed 0) at NFE 2: Euler 2 steps 109.56, midpoint 1 step 111.69 (at NFE 4, midpoint 2:
# 43.05). Euler 2 is its NFE-2 control from here on. K2 on seed 1 (K2_s0 still training, 0.46 CPU-s a step):
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt K2 10 1300 --step-experts --lr 2e-3 --time-steps 2 --distill-substeps 2
# 07:47 UTC: K2_s0 trained (1227 steps, its cosine stopped at 94 %). Queued: more fm at NFE 2 (Euler 2) on the other
# checkpoints of the NFE-4 table (seed 1 T = 10, both T = 20, both parents), after DSbEHw's eval:
#   jobs.sh fmeval 1 ../p14/mf_s1_T10/checkpoint_0018149.pt mf_T10_eul2_s1 euler 2
#   jobs.sh fmeval 0 ../p14/mf_s0/checkpoint_0018753.pt mf_T20_eul2_s0 euler 2
#   jobs.sh fmeval 1 ../p14/mf_s1/checkpoint_0021365.pt mf_T20_eul2_s1 euler 2
#   jobs.sh fmeval 0 fm_s0/checkpoint_0012329.pt parent_eul2_s0 euler 2
#   jobs.sh fmeval 1 fm_s1/checkpoint_0015000.pt parent_eul2_s1 euler 2
# and K2 at T = 20 on seed 0 after K2_s0's eval (cosine over 2500 steps):
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt K2_20 20 2500 --step-experts --lr 2e-3 --time-steps 2 --distill-substeps 2
# 07:54 UTC: K2_s0 scored 46.52 at NFE 2 (more fm at NFE 2: 109.56, -57.5 %). DSbEHw (1600 steps) scored 38.48
# (DSbEHu 38.38): 40 % of the updates for the last step changes nothing in FID. Its path error to the uniform NFE-8
# teacher (post13_dec05/chain.py 1, run here at 07:54 UTC) at t_k = 1 .. .25: 1.31 / 1.83 / 1.19 / 3.14 against
# DSbEHu's 1.25 / 1.76 / 1.10 / 3.40, the chain's distance at the sample 4.39 against 4.19: the last step gains 8 % for
# 1.6x its updates, the others lose a little; the last step's error is not for want of updates.
# 07:55 UTC: so the last step's form. A K = 2 student whose steps are midpoint steps (--step-method midpoint, NFE 4)
# has the teacher's form (a composition of two evaluations) in each step, and starts as flow matching's own NFE-4
# sampler (midpoint 2 steps); with --step-experts both evaluations of a step fall to its expert. The teacher: the
# parent's NFE-10 solve, 3 midpoint steps over [.5, 1] and 2 over [0, .5] (about DSbEHu's 2 1 1 1). Seed 0, T = 10,
# guessed 0.7 CPU-s a step (cosine over 850):
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt DSbEHm 10 850 --step-experts --lr 2e-3 --time-steps 2 --step-method midpoint --distill-substeps 3 2
# 07:56 UTC: DSbEHm took 0.8 CPU-s a step with four processes on the two cores: stopped at step 25 and restarted with
# its cosine over 750 steps:
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt DSbEHm 10 750 --step-experts --lr 2e-3 --time-steps 2 --step-method midpoint --distill-substeps 3 2
# and K2 at T = 20 on seed 1 after K2_s1's eval:
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt K2_20 20 2500 --step-experts --lr 2e-3 --time-steps 2 --distill-substeps 2
# 08:08 UTC: --distill-huber C (new): the teacher term per sample as sqrt(e + C^2) - C, the pseudo-Huber loss of iCT,
# about the error's norm for C well below it (DSbEHu's e: 2-8 per sample late in training, 25+ early). Every sample's
# gradient then has about the same size. DSbEHu with C = 0.1, seed 0, T = 10:
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt DSbEHh 10 1600 --step-experts --lr 2e-3 --distill-substeps 2 1 1 1 --distill-huber 0.1
# 08:29 UTC: DSbEHm (750 steps) scored 41.92 at NFE 4 (DSbEHu 38.38): the midpoint form with half the updates is
# worse. 08:42 UTC: DSbEHh (1444 steps; its cosine stopped at 90 %, five processes on the two cores) scored 38.33
# (DSbEHu 38.38): the pseudo-Huber loss ties the squared one. More fm at NFE 2 (Euler 2): 108.90 at T = 20 on seed 0,
# 110.29 and 109.69 at T = 10 and 20 on seed 1, the seed-0 parent 111.25. K2_20_s0 trained (2293 steps, 92 %).
# The NFE-2 picture at NFE 1: a K = 1 student of the same NFE-8 teacher (4 midpoint steps over [0, 1]), guessed 0.8
# CPU-s a step, both seeds at T = 10, against more fm's T = 10 checkpoints with one Euler step:
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt K1 10 750 --step-experts --lr 2e-3 --time-steps 1 --distill-substeps 4
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt K1 10 750 --step-experts --lr 2e-3 --time-steps 1 --distill-substeps 4
#   jobs.sh fmeval 0 ../p14/mf_s0/checkpoint_0015511.pt mf_T10_eul1_s0 euler 1
#   jobs.sh fmeval 1 ../p14/mf_s1_T10/checkpoint_0018149.pt mf_T10_eul1_s1 euler 1
# 09:04 UTC: K2_20_s1 (2317 steps, 93 %) scored 42.97 at NFE 2 (more fm 109.69, -60.8 %); K2_20_s0 44.60 (108.90,
# -59.0 %). More fm at NFE 1 (Euler 1): 308.23 and 311.31; K1 (738 and 742 steps) 79.90 and 77.34 (-74.1 %, -75.2 %).
# Records copied beside this file (copy.sh); then, on the idle machine, 09:04-09:06 UTC:
#   python bench.py --device cpu --threads 1 > results/bench_cpu_2026-12-05.jsonl   (86 s wall)
# 09:09 UTC: K1 at T = 20 on both seeds (cosine over 1450 steps; CI of 6d00945 beside them for their first minutes),
# then more fm's T = 20 checkpoints at NFE 1:
#   jobs.sh arm 0 fm_s0/checkpoint_0012329.pt K1_20 20 1450 --step-experts --lr 2e-3 --time-steps 1 --distill-substeps 4
#   jobs.sh arm 1 fm_s1/checkpoint_0015000.pt K1_20 20 1450 --step-experts --lr 2e-3 --time-steps 1 --distill-substeps 4
#   jobs.sh fmeval 0 ../p14/mf_s0/checkpoint_0018753.pt mf_T20_eul1_s0 euler 1
#   jobs.sh fmeval 1 ../p14/mf_s1/checkpoint_0021365.pt mf_T20_eul1_s1 euler 1
# 09:42 UTC: K1_20 (1450 steps each) scored 71.92 and 71.04 at NFE 1; more fm's T = 20 checkpoints at NFE 1 308.92 and
# 310.11 (-76.7 %, -77.1 %). Records copied beside this file (copy.sh).

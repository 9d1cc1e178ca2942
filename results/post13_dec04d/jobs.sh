#!/bin/bash
# Issue 13 (item 4), 2026-12-04, seventeenth session (23:12 UTC on): the LADD critic (--adv-critic teacher) with its
# penalty on a quarter of each critic batch (--penalty-fraction 0.25: 1.08 CPU-s a step against 2.22 on a 30-60
# step probe, two lanes busy), from the fm parents (LTF), and after DS1 with the fm parent kept as the teacher
# (--teacher-from), against DS1 continued the same way (its control). Same machine, parents and protocol as
# post13_dec04c/jobs.sh (CPU scale, --bf16, one thread per run, two lanes side by side, T in CPU-minutes, FID of
# 2k EMA samples at the students' own 4 Euler steps). Run from /work/exp/p15 (fm_s*, DS1_s* linked from ../p14).
# usage: jobs.sh lane SEED PARENT_CHECKPOINT
set -eu
PY="env OMP_NUM_THREADS=1 /work/venv/bin/python"; M=/work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR="$PY $M/train_images_simple.py $COMMON $SMALL"
DS="--objective distill --init-weights ema --ema-decay 0.99 --lr-schedule cosine --save-every 100 --keep-checkpoints 1000 --time-steps 4 --distill-substeps 1"
LT="--objective adv_distill --adv-critic teacher --time-steps 4 --init-weights ema --ema-decay 0.99 --lr-schedule cosine --penalty gp \
    --n-critic 1 --critic-warmup 25 --adv-weight 10 --distill-substeps 1 --penalty-fraction 0.25 --save-every 50 --keep-checkpoints 1000"
EV="$PY $M/evaluate.py --device cpu --n 2000"
S=$2; P=$3
case "$1" in
lane)
  # LTF: T = 10 from the fm parent, the cosine over 560 steps
  $TR --seed $S --init-from $P $LT --steps 560 --time-limit 10 --out LTF_s$S > LTF_s$S.log 2>&1
  $EV LTF_s$S --out evals/LTF_T10_s$S > eval_LTF_s$S.log 2>&1
  # DLT: 10 more minutes after DS1 (T = 10 + 10), E_psi from DS1's EMA, the fm parent as the teacher
  $TR --seed $S --init-from DS1_s$S --teacher-from $P $LT --steps 560 --time-limit 10 --out DLT_s$S > DLT_s$S.log 2>&1
  $EV DLT_s$S --out evals/DLT_T20_s$S > eval_DLT_s$S.log 2>&1
  # DDS: its control, DS1 continued the same way without the critic (DS1's 1900-step cosine)
  $TR --seed $S --init-from DS1_s$S --teacher-from $P $DS --steps 1900 --time-limit 10 --out DDS_s$S > DDS_s$S.log 2>&1
  $EV DDS_s$S --out evals/DDS_T20_s$S > eval_DDS_s$S.log 2>&1 ;;
esac
# 23:30 UTC: LTF scored 40.4 and 39.6 (LT at F = 1: 40.3 and 39.4; DS1 40.3 and 38.4): twice LT's steps, no gain.
# Its critic's value stayed negative (-0.1 to -1.0, |grad D| 0.65-0.83) while the generator raised D(fake): the heads
# are outrun. Two balances of the game at LTF's cost per step, seed 0, T = 10 from the parent:
#   LTw3  the generator pushes less (--adv-weight 3)
#   LTc4  the critic learns faster (--critic-lr 4e-3)
case "$1" in
balance)  # usage: jobs.sh balance SEED PARENT_CHECKPOINT NAME FLAGS...
  N=$4; shift 4
  $TR --seed $S --init-from $P $LT "$@" --steps 560 --time-limit 10 --out ${N}_s$S > ${N}_s$S.log 2>&1
  $EV ${N}_s$S --out evals/${N}_T10_s$S > eval_${N}_s$S.log 2>&1 ;;
esac
# 23:45 UTC: DLT (LTF after DS1, fm parent as teacher, T = 10 + 10) scored 39.5 and 38.6. Seen in DDS's log: DS1's
# student has distillation loss 2.04 at its EMA, and 7.5 after 25 steps at lr 1e-3; over DS1 the loss fell with the lr
# (8.8 at step 225, 5.4 at 725, 3.1 at 1225, 2.4 at 1725). The student's error tracks the lr: its optimiser's noise
# (Adam with the repository's GAN betas, beta1 = 0), not its capacity, bounds it. So, seed 0, T = 10 from the parent:
#   DSb  DS1 with momentum, --betas 0.9 0.99
#   fmB  its control: flow matching fine-tuned with the same recipe (EMA weights, ema 0.99, cosine, betas 0.9 0.99)
# (started 23:56 with fmB's cosine over 2600 steps, stopped after 30 s: fm ran at 0.19 CPU-s a step, so 3200 steps)
case "$1" in
optim)  # usage: jobs.sh optim SEED PARENT_CHECKPOINT
  $TR --seed $S --init-from $P $DS --betas 0.9 0.99 --steps 1900 --time-limit 10 --out DSb_s$S > DSb_s$S.log 2>&1 &
  $TR --seed $S --init-from $P --objective fm --init-weights ema --ema-decay 0.99 --lr-schedule cosine --betas 0.9 0.99 \
    --save-every 100 --keep-checkpoints 1000 --steps 3200 --time-limit 10 --out fmB_s$S > fmB_s$S.log 2>&1 &
  wait
  $EV DSb_s$S --out evals/DSb_T10_s$S > eval_DSb_s$S.log 2>&1 &
  $EV fmB_s$S --ode-method midpoint --ode-steps 2 --out evals/fmB_T10_s$S > eval_fmB_s$S.log 2>&1 &
  wait ;;
esac
# 00:13 UTC: DSb scored 39.1 (DS1 40.3, more fm 43.0: -9.1 %); its loss fell to 3.7 by step 225 (DS1: 8.8). fmB scored
# 43.8 (more fm 43.0): momentum does not help flow matching's fine-tune, so more fm stays the control. Next: DSb on
# seed 1, and LTb, LTF's critic (its critic betas unchanged, 0 0.9) on DSb's generator optimiser, seed 0, T = 10
case "$1" in
dsb)  # usage: jobs.sh dsb SEED PARENT_CHECKPOINT T STEPS
  $TR --seed $S --init-from $P $DS --betas 0.9 0.99 --steps $5 --time-limit $4 --out DSb$4_s$S > DSb$4_s$S.log 2>&1
  $EV DSb$4_s$S --out evals/DSb_T$4_s$S > eval_DSb$4_s$S.log 2>&1 ;;
esac
# 00:27 UTC: DSb scored 37.4 on seed 1 (DS1 38.4, more fm 40.6: -7.8 %); LTb 39.7 on seed 0 (DSb 39.1, LTF 40.4): the
# critic costs DSb's gain at equal time. DSb at T = 20 on both seeds (its cosine over 3700 steps):
#   jobs.sh dsb 0 fm_s0/checkpoint_0012329.pt 20 3700;  jobs.sh dsb 1 fm_s1/checkpoint_0015000.pt 20 3700
# 00:55 UTC (after DSb at T = 20): DSb's peak lr, seed 0, T = 10: DSbL at 5e-4, DSbH at 2e-3 (momentum may take either)
case "$1" in
dsb_lr)  # usage: jobs.sh dsb_lr SEED PARENT_CHECKPOINT NAME LR
  $TR --seed $S --init-from $P $DS --betas 0.9 0.99 --lr $5 --steps 1900 --time-limit 10 --out $4_s$S > $4_s$S.log 2>&1
  $EV $4_s$S --out evals/$4_T10_s$S > eval_$4_s$S.log 2>&1 ;;
esac
# 01:08 UTC: a critic balanced against the generator, on DSb's optimiser (LTb's flags), seed 0, T = 10:
#   LTbn3  three critic updates per generator update (--n-critic 3; about 1.8 CPU-s a step guessed, so 340 steps)
#   LTbw3  the generator pushes less (--adv-weight 3; LTb's 560 steps)
case "$1" in
balance_n)  # usage: jobs.sh balance_n SEED PARENT_CHECKPOINT NAME STEPS FLAGS...
  N=$4; STEPS=$5; shift 5
  $TR --seed $S --init-from $P $LT "$@" --steps $STEPS --time-limit 10 --out ${N}_s$S > ${N}_s$S.log 2>&1
  $EV ${N}_s$S --out evals/${N}_T10_s$S > eval_${N}_s$S.log 2>&1 ;;
esac
# 01:22 UTC: LTbn3 scored 39.8 (285 steps at 2.1 CPU-s a step, so its cosine stopped at 84 %), LTbw3 39.9 (560 steps);
# DSb 39.1: no balance of the critic tried here pays at equal time. Records copied into this folder; end of the session.

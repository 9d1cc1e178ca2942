#!/bin/bash
# Issue 13 (item 4), 2026-12-04, sixteenth session (20:55 UTC on): what bounds DSC (distillation K = 4, cosine lr
# fitted to T) at CPU scale is how many updates the student gets in T, so three arms that give it more or better
# updates at equal CPU time, seed 0, T = 10 CPU-minutes, from the seed-0 parent of post13_dec04 (same machine):
#   DS1  a cheaper teacher: one midpoint step per student step (--distill-substeps 1, 2 passes instead of 4)
#   PD   progressive: K = 8 from the parent for 5 minutes, then K = 4 from that student for 5 (its own 2 Euler steps)
#   LR2  DSC at twice the peak lr (2e-3)
# Protocol and flags as post13_dec04b/jobs.sh. Run from /work/exp/p14.
set -eu
PY="env OMP_NUM_THREADS=1 /work/venv/bin/python"; M=/work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR="$PY $M/train_images_simple.py $COMMON $SMALL"
P0=fm_s0/checkpoint_0012329.pt
DS="--objective distill --init-weights ema --ema-decay 0.99 --lr-schedule cosine --save-every 100 --keep-checkpoints 1000"
EV="$PY $M/evaluate.py --device cpu --n 2000"
case "${1:-}" in
laneA)  # DS1 (0.31 CPU-s a step on a first try, so 1900 steps), then LR2 (DSC's 1200 steps)
  $TR --seed 0 --init-from $P0 $DS --time-steps 4 --distill-substeps 1 --steps 1900 --time-limit 10 --out DS1_s0 > DS1_s0.log 2>&1
  $TR --seed 0 --init-from $P0 $DS --time-steps 4 --lr 2e-3 --steps 1200 --time-limit 10 --out LR2_s0 > LR2_s0.log 2>&1
  $EV LR2_s0 --out evals/LR2_T10 > eval_LR2.log 2>&1 ;;
laneB)  # PD: K = 8 with the parent's midpoint step over 1/8 as teacher (2 passes), 5 minutes; then K = 4 whose teacher
        # is that student's own 2 Euler steps (2 passes), 5 minutes; each cosine over 950 steps (0.31 CPU-s a step)
  $TR --seed 0 --init-from $P0 $DS --time-steps 8 --distill-substeps 1 --steps 950 --time-limit 5 --out PD8_s0 > PD8_s0.log 2>&1
  C=$(ls PD8_s0/checkpoint_*.pt | tail -n 1)
  $TR --seed 0 --init-from $C $DS --time-steps 4 --steps 950 --time-limit 5 --out PD4_s0 > PD4_s0.log 2>&1
  $EV DS1_s0 --out evals/DS1_T10 > eval_DS1.log 2>&1
  $EV PD4_s0 --out evals/PD4_T10 > eval_PD4.log 2>&1 ;;
esac
# 21:10 UTC, after the first three arms (DS1 40.3, PD4 see evals/): the critic on the frozen teacher's features (LADD),
# --adv-critic teacher, on DS1's cheaper pull; 1.9-2.2 CPU-s a step on a 40-step probe (two lanes busy), so 300 steps
case "${1:-}" in
lt0)
  $TR --seed 0 --init-from $P0 --objective adv_distill --adv-critic teacher --time-steps 4 --init-weights ema --ema-decay 0.99 \
    --lr-schedule cosine --penalty gp --n-critic 1 --critic-warmup 25 --adv-weight 10 --distill-substeps 1 \
    --steps 300 --time-limit 10 --save-every 50 --keep-checkpoints 1000 --out LT_s0 > LT_s0.log 2>&1
  $EV LT_s0 --out evals/LT_T10 > eval_LT.log 2>&1 ;;
ds1_1)  # DS1 on seed 1 (its parent fm_s1 at 15,000 steps; DSC 40.2, more fm 40.6 there)
  $TR --seed 1 --init-from fm_s1/checkpoint_0015000.pt $DS --time-steps 4 --distill-substeps 1 --steps 1900 --time-limit 10 \
    --out DS1_s1 > DS1_s1.log 2>&1
  $EV DS1_s1 --out evals/DS1_T10_s1 > eval_DS1_s1.log 2>&1 ;;
esac
# 21:25 UTC: DS1 at T = 20 on both seeds, side by side (its cosine fitted to 20 minutes at 0.31-0.32 CPU-s a step)
case "${1:-}" in
ds1_20)  # usage: jobs.sh ds1_20 SEED PARENT_CHECKPOINT
  $TR --seed $2 --init-from $3 $DS --time-steps 4 --distill-substeps 1 --steps 3750 --time-limit 20 \
    --out DS1_20_s$2 > DS1_20_s$2.log 2>&1
  $EV DS1_20_s$2 --out evals/DS1_T20_s$2 > eval_DS1_20_s$2.log 2>&1 ;;
esac
# 21:28 UTC: LT scored 40.3 after 272 steps, level with DS1's 1846: the critic on the teacher's features on seed 1
# (T = 10) and at T = 20 (seed 0, 550 steps at ~2.2 CPU-s a step)
case "${1:-}" in
lt)  # usage: jobs.sh lt SEED PARENT_CHECKPOINT STEPS T
  $TR --seed $2 --init-from $3 --objective adv_distill --adv-critic teacher --time-steps 4 --init-weights ema --ema-decay 0.99 \
    --lr-schedule cosine --penalty gp --n-critic 1 --critic-warmup 25 --adv-weight 10 --distill-substeps 1 \
    --steps $4 --time-limit $5 --save-every 50 --keep-checkpoints 1000 --out LT${5}_s$2 > LT${5}_s$2.log 2>&1
  $EV LT${5}_s$2 --out evals/LT_T$5_s$2 > eval_LT${5}_s$2.log 2>&1 ;;
esac
# 21:45 UTC: LT without its critic at equal steps: DS1's flags with LT's schedule (cosine over 300 steps), scored at
# step 272 where LT_s0 stopped; run beside the two lanes above
case "${1:-}" in
ds1_272)
  $TR --seed 0 --init-from $P0 $DS --time-steps 4 --distill-substeps 1 --steps 300 --save-every 4 --out DS1x272_s0 > DS1x272_s0.log 2>&1
  $EV DS1x272_s0/checkpoint_0000272.pt --out evals/DS1x272 > eval_DS1x272.log 2>&1 ;;
esac
# 21:55 UTC: LT at T = 20 on seed 1 as well, after DS1_20_s1: jobs.sh lt 1 fm_s1/checkpoint_0015000.pt 550 20

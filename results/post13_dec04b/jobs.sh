#!/bin/bash
# Issue 13 (item 4), 2026-12-04, fifteenth session (18:07 UTC on): the critic on the student's own samples against
# real data (--objective adv_distill, ADD's pairing) at CPU scale, seed 0, T = 10 CPU-minutes, from the seed-0 parent
# of post13_dec04 (its jobs.sh, the same machine); and DSC (distillation K = 4, cosine fitted to T = 10) with its
# more-fm control on seed 1, whose parent (15,000 steps, as on 12-03) was resumed here from the 368 steps of the
# fourteenth session. Protocol and flags as post13_dec04. Run from /work/exp/p14.
set -eu
PY="env OMP_NUM_THREADS=1 /work/venv/bin/python"; M=/work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR="$PY $M/train_images_simple.py $COMMON $SMALL"
P0=fm_s0/checkpoint_0012329.pt
ADV="--objective adv_distill --time-steps 4 --init-weights ema --ema-decay 0.99 --lr-schedule cosine --penalty gp"
case "${1:-}" in
parent1)  # 18:08 UTC: seed 1's parent resumed from step 368 (started in the fourteenth session with the same flags)
  $TR --objective fm --seed 1 --steps 15000 --time-limit 200 --save-every 1000 --keep-checkpoints 2 --out fm_s1 --resume >> fm_s1.log 2>&1 ;;
adv0)  # 18:13: w = 20, one critic update per step (joint), 0.96 CPU-s a step, so 550 steps (it ended by steps at 531 s)
  $TR --seed 0 --init-from $P0 $ADV --n-critic 1 --critic-warmup 25 --adv-weight 20 --adv-backprop-steps 1 \
    --steps 550 --time-limit 10 --save-every 100 --keep-checkpoints 1000 --out ADV20_s0 > ADV20_s0.log 2>&1 ;;
dsc_adv0)  # 18:28: the critic after distillation: 3 minutes from DSC_s0's last checkpoint (its teacher is then the student's own steps)
  $TR --seed 0 --init-from DSC_s0/checkpoint_0001193.pt $ADV --lr 2e-4 --n-critic 1 --critic-warmup 25 --adv-weight 20 \
    --steps 240 --time-limit 3 --save-every 50 --keep-checkpoints 1000 --out DSC_ADV_s0 > DSC_ADV_s0.log 2>&1 ;;
advs0)  # 18:39: a stronger critic (32 channels, 3 updates a step), w = 10: 1.84 CPU-s a step on a 30-step probe, so 325 steps
  $TR --seed 0 --init-from $P0 $ADV --n-critic 3 --critic-channels 32 --adv-weight 10 \
    --steps 325 --time-limit 10 --save-every 100 --keep-checkpoints 1000 --out ADVs_s0 > ADVs_s0.log 2>&1 ;;
dsc20_0)  # DSC with its cosine fitted to T = 20 (0.49 CPU-s a step here, so 2450 steps), seed 0
  $TR --seed 0 --init-from $P0 --objective distill --time-steps 4 --init-weights ema --ema-decay 0.99 --lr-schedule cosine \
    --steps 2450 --time-limit 20 --save-every 100 --keep-checkpoints 1000 --out DSC20_s0 > DSC20_s0.log 2>&1 ;;
dsc1)  # seed 1: DSC at T = 10, then at T = 20 (each its own cosine), one after the other
  P=fm_s1/checkpoint_0015000.pt
  $TR --seed 1 --init-from $P --objective distill --time-steps 4 --init-weights ema --ema-decay 0.99 --lr-schedule cosine \
    --steps 1200 --time-limit 10 --save-every 100 --keep-checkpoints 1000 --out DSC_s1 > DSC_s1.log 2>&1
  $TR --seed 1 --init-from $P --objective distill --time-steps 4 --init-weights ema --ema-decay 0.99 --lr-schedule cosine \
    --steps 2450 --time-limit 20 --save-every 100 --keep-checkpoints 1000 --out DSC20_s1 > DSC20_s1.log 2>&1 ;;
mf1)  # seed 1: more fm, a --resume of a copy of the parent, stopped at T = 10 (scored) and resumed to T = 20
  PS=$(python3 -c "import json; print([json.loads(l) for l in open('fm_s1/metrics.jsonl')][-1]['train_s'])")
  rm -rf mf_s1 && cp -r fm_s1 mf_s1
  for T in 10 20; do
    $TR --objective fm --seed 1 --resume --time-limit $(python3 -c "print(($PS + 60 * $T) / 60)") --save-every 100 \
      --keep-checkpoints 1000 --out mf_s1 >> mf_s1.log 2>&1
    [ $T = 10 ] && cp -r mf_s1 mf_s1_T10
  done ;;
mf0_20)  # seed 0: post13_dec04's more fm (stopped at T = 10) resumed to T = 20
  cp -r mf_s0 mf_s0_T10
  PS=$(python3 -c "import json; print([json.loads(l) for l in open('fm_s0/metrics.jsonl')][-1]['train_s'])")
  $TR --objective fm --seed 0 --resume --time-limit $(python3 -c "print(($PS + 1200) / 60)") --save-every 100 \
    --keep-checkpoints 1000 --out mf_s0 >> mf_s0.log 2>&1 ;;
evals)  # 2k EMA samples against all 60k, NFE 4: fm with midpoint 2 steps, the students with their own 4 Euler steps
  EV="$PY $M/evaluate.py --device cpu --n 2000"
  $EV ADV20_s0 --out evals/ADV20_T10 > eval_ADV20.log 2>&1
  $EV DSC_ADV_s0 --out evals/DSC_ADV_3 > eval_DSC_ADV.log 2>&1
  $EV ADVs_s0 --out evals/ADVs_T10 > eval_ADVs.log 2>&1 ;;
evals2)  # the same for seed 1 and T = 20, two at a time
  EV="$PY $M/evaluate.py --device cpu --n 2000"
  $EV fm_s1 --ode-method midpoint --ode-steps 2 --out evals/parent1_mid2 > eval_parent1.log 2>&1 &
  $EV mf_s1_T10 --ode-method midpoint --ode-steps 2 --out evals/mf1_T10_mid2 > eval_mf1_T10.log 2>&1 &
  wait
  $EV mf_s1 --ode-method midpoint --ode-steps 2 --out evals/mf1_T20_mid2 > eval_mf1_T20.log 2>&1 &
  $EV mf_s0 --ode-method midpoint --ode-steps 2 --out evals/mf0_T20_mid2 > eval_mf0_T20.log 2>&1 &
  wait
  $EV DSC_s1 --out evals/DSC1_T10 > eval_DSC1.log 2>&1 &
  $EV DSC20_s1 --out evals/DSC1_T20 > eval_DSC1_T20.log 2>&1 &
  wait
  $EV DSC20_s0 --out evals/DSC0_T20 > eval_DSC0_T20.log 2>&1 ;;
esac

#!/bin/bash
# pretrain fm, CPU scale (docs/results.md protocol), seed $1, 30 CPU-minutes
cd /work/main
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
echo "start $(date -u)"
OMP_NUM_THREADS=1 /work/venv/bin/python train_images_simple.py --dataset fashion_mnist --device cpu --threads 1 --no-download \
  --log-every 100 --steps 100000 --time-limit 30 --time-clock cpu --save-every 250 --keep-checkpoints 1000 \
  --objective fm --seed $1 --out /work/exp/p13/fm_s$1 $SMALL
echo "end $(date -u)"

#!/bin/bash
# The second device call of 2026-12-04 (the 319 s left): the two bench cases the first call's time caps cut
# off, compiled with CUDA graphs in bf16: cgan --critic-reuse (6.5M UNets, batch 128), then the CIFAR-10 35.7M UNet (fm).
set -u; T0=$(date +%s); export PYTHONUNBUFFERED=1
for spec in "cgan_reuse fashion_mnist 140" "fm cifar10 200"; do set -- $spec
  left=$(( $3 - ($(date +%s) - T0) )); [ $left -lt 20 ] && break
  timeout $left python3 bench.py --device cuda:0 --steps 20 --warmup 3 --dataset $2 --cases $1 --compiled-only \
    --extra="--bf16 --compile-mode reduce-overhead" 2> $OUT/bench_$2_$1.err | tee -a $OUT/bench2.jsonl
  echo "$1 $2: exit $? at $(( $(date +%s) - T0 )) s" | tee -a $OUT/progress2.txt
done

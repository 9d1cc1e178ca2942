#!/bin/bash
# Issue 12, 1-D target: does the default run need its 6000 steps? Train train1d.py's defaults with
# fewer steps (the cosine lr is fitted to --steps), two runs side by side, one thread each.
# usage: steps1d.sh TAG DATA SEED STEPS [more flags]
set -u
P=/work/venv/bin/python
tag=$1; data=$2; seed=$3; steps=$4; shift 4
/usr/bin/time -f "$tag %e s wall %U user %S sys" $P train1d.py --device cpu --data $data --seed $seed --steps $steps \
  --out /work/exp/p15/$tag "$@" > /work/exp/p15/$tag.log 2>&1
echo "$(date -u +%H:%M:%S) $tag $(tail -n 1 /work/exp/p15/$tag.log) $(grep -o '"w1_over_std": [0-9.]*' /work/exp/p15/$tag.log)"

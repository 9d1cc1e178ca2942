#!/bin/bash
# As run on 2026-12-05 (twenty-first session; /tmp/f0a is a worktree of f0a89a0, /work/main this repository), on the
# idle 2-core Xeon (AMX-BF16), nothing else running: issue 12's 1-D end-to-end timing, the default command at both
# commits, A B A B.
set -u
P=/work/venv/bin/python
uptime
one() {  # one TAG CHECKOUT FLAGS...
  tag=$1; co=$2; shift 2
  (cd $co && /usr/bin/time -f "$tag %e s wall %U user %S sys" $P train1d.py --device cpu --out /work/exp/p17/time_$tag "$@") > /work/exp/p17/time_$tag.log 2>&1
  echo "$(date -u +%H:%M:%S) $(tail -n 1 /work/exp/p17/time_$tag.log) $(grep -o '"w1_over_std": [0-9.]*' /work/exp/p17/time_$tag.log)"
}
one f0a_r1 /tmp/f0a
one main_r1 /work/main
one f0a_r2 /tmp/f0a
one main_r2 /work/main
# then (11:13 UTC), this checkout on torch's default two threads:
one main_threads0 /work/main --threads 0

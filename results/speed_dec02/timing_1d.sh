#!/bin/bash
# As run on 2026-12-02 (paths of that session: /work/f0a is a worktree of f0a89a0, /work/main this repository).
# Issue 12, the 1-D end-to-end timing on an otherwise idle machine (the image jobs stay paused with SIGSTOP):
# f0a89a0's default command, then this checkout's command with the candidate critics, then f0a89a0 again.
set -u
P=/work/venv/bin/python
uptime
one() {  # one TAG CHECKOUT FLAGS...
  tag=$1; co=$2; shift 2
  (cd $co && /usr/bin/time -f "$tag %e s wall %U user %S sys" $P train1d.py --device cpu --out /work/exp/p12/time_$tag "$@") > /work/exp/p12/time_$tag.log 2>&1
  echo "$(date -u +%H:%M:%S) $(tail -n 1 /work/exp/p12/time_$tag.log) $(grep -o '"w1_over_std": [0-9.]*' /work/exp/p12/time_$tag.log)"
}
one f0a_r1 /work/f0a
one cw64nc5 /work/main --critic-width 64 --n-critic 5
one cw64nc3 /work/main --critic-width 64 --n-critic 3
one f0a_r2 /work/f0a
one old1thread /work/main --critic-width 128 --n-critic 5

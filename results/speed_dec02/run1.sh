#!/bin/bash
# run1.sh NAME FLAGS... : one train1d run into /work/exp/p12/NAME (as run on 2026-12-02; seeds came as --seed in FLAGS)
name=$1; shift
cd /work/main && /usr/bin/time -f "%e s wall %U user" /work/venv/bin/python train1d.py --device cpu --out /work/exp/p12/$name "$@" > /work/exp/p12/$name.log 2>&1

#!/bin/bash
set -e
P=/root/.cache/contgan/fid_fashion_mnist_train_60000_82cbc12096dc.parts
while [ "$(ls $P/*.npy 2>/dev/null | grep -v tmp | wc -l)" -lt 30 ] || pgrep -f shard.py >/dev/null; do sleep 10; done
date -u +"%H:%M:%S shards done" 
cd /work/main
/usr/bin/time -v /work/venv/bin/python evaluate.py --reference-only --dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist --no-download --device cpu > /work/ref/assemble.json 2> /work/ref/assemble.err
date -u +"%H:%M:%S assembled"
/work/venv/bin/python tools/bundle_fid_reference.py --dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist --how "TF-Inception pool features (fid.py) of the 60,000 Fashion-MNIST training images, computed on a 2-core AMD EPYC CPU 2026-12-01 23:49 - 2026-12-02 $(date -u +%H:%M) UTC by two one-thread processes (results/fid_reference_2026-12-02/)" > /work/ref/bundle.txt
cat /work/ref/bundle.txt
/work/venv/bin/python /work/ref/validate.py /root/.cache/contgan/fid_fashion_mnist_train_60000_82cbc12096dc.npz fid_reference/fid_fashion_mnist_train_60000_82cbc12096dc.npz /work/ref/first10k > /work/ref/validate.json
cat /work/ref/validate.json
date -u +"%H:%M:%S done"

"""Issue 13, item 4 from a parent at its plateau (CPU scale, --bf16; 2026-12-02, fifth session):
flow matching continued from results/post13_dec02b's 40-minute runs, post-training (cgan,
`--critic-init parent`) from seed 0's 40-minute and seed 1's 50-minute checkpoints, T = 10 and 20
CPU-minutes. The tables and the plot, by tools/post_table.py; fm's first 40 minutes are
results/post13_dec02b's scores:

    python results/post13_dec02c/table.py --plot images/post_training_fmnist_dec02c.png \
        --title "Fashion-MNIST, CPU scale (0.16M UNets, batch 64, one thread each, --bf16), FID of 2k EMA samples vs all 60k, 2026-12-02"
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import post_table  # noqa: E402

if __name__ == "__main__":
    post_table.main([HERE, "--fm-from", os.path.join(HERE, "..", "post13_dec02b"), "--parent", "0:40", "--parent", "1:50",
                     *sys.argv[1:]])

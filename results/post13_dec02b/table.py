"""Issue 13, item 4 at CPU scale (2026-12-02, fourth session, --bf16): flow matching pretrained 20
CPU-minutes and continued to 40; from its 20-minute checkpoint, T = 10 and 20 CPU-minutes of
post-training with two critic initialisations. The tables and the plot from this folder, made by
tools/post_table.py (which this script's first version became; same figures):

    python results/post13_dec02b/table.py [--plot images/post_training_fmnist_dec02b.png]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import post_table  # noqa: E402

if __name__ == "__main__":
    post_table.main([HERE, "--parent", "0:20", "--parent", "1:20", *sys.argv[1:]])

"""Issue 13, item 4 (CPU scale, --bf16; 2026-12-03, eighth session): the control of cganF (flow matching alone,
fine-tuned with cganF's flags, fmC), the critic fed larger batches (cganH: one critic-only update of 192 in
place of three of 64; cganI: three of 192), and a seed-0 pilot of --lam one_minus_t (cganL, fmL), all from the bit-exact parents of results/post13_dec03. Pools
post13_dec02c (more fm, cganB) and post13_dec03 (cganF, cganG), so that every arm from the same parent is in one
table; fm's first 40 minutes are results/post13_dec02b's. The records come from the queue folder with
``tools/sync_records.sh /work/exp/p13f results/post13_dec03b``.

    python results/post13_dec03b/table.py --plot images/post_training_fmnist_dec03b.png \\
        --title "Fashion-MNIST, CPU scale (0.16M UNets, batch 64, one thread each, --bf16), FID of 2k EMA samples vs all 60k, 2026-12-02 and 12-03"
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import post_table  # noqa: E402

if __name__ == "__main__":
    post_table.main([os.path.join(HERE, "..", "post13_dec02c"), os.path.join(HERE, "..", "post13_dec03"), HERE,
                     "--fm-from", os.path.join(HERE, "..", "post13_dec02b"), "--parent", "0:40", "--parent", "1:50",
                     *sys.argv[1:]])

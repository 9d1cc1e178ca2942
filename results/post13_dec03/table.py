"""Issue 13, item 4: the flow-matching loss kept beside the adversarial one (`--fm-weight 0.0357`, at lr 1e-4
and 1e-3; CPU scale, --bf16; 2026-12-03), from the parents of results/post13_dec02c (fm at its
plateau: seed 0 at 40 CPU-min, seed 1 at 50; retrained to the same steps, bit-exact: same_parent.py), T = 10 and 20 CPU-minutes. Pools that folder's more-fm and
recipe-B rows so that every arm from the same parent is in one table; fm's first 40 minutes are
results/post13_dec02b's:

    python results/post13_dec03/table.py --plot images/post_training_fmnist_dec03.png \
        --title "Fashion-MNIST, CPU scale (0.16M UNets, batch 64, one thread each, --bf16), FID of 2k EMA samples vs all 60k, 2026-12-02 and 12-03"
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import post_table  # noqa: E402

if __name__ == "__main__":
    post_table.main([os.path.join(HERE, "..", "post13_dec02c"), HERE,
                     "--fm-from", os.path.join(HERE, "..", "post13_dec02b"), "--parent", "0:40", "--parent", "1:50",
                     *sys.argv[1:]])

"""Inception feature speed by batch size, in one process, in rounds (so load changes hit all alike).

Prints one JSON line: images per CPU-second of the extracting thread for each batch size and round.
Thread CPU time, not wall time, so other work sharing the cores does not count.

    OMP_NUM_THREADS=1 python tools/fid_speed.py --batch-sizes 50 4 1 --n 100 --rounds 3
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fid  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[50, 4, 1])
    p.add_argument("--n", type=int, default=100, help="images per measurement (28x28, random)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    extractor = fid.InceptionFeatures("cpu")
    images = torch.randint(0, 256, (args.n, 1, 28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    first = extractor(images[:8])  # warm-up, and the features every batch size must reproduce
    rates = {b: [] for b in args.batch_sizes}
    for _ in range(args.rounds):
        for b in args.batch_sizes:
            extractor.batch_size = b
            start = time.thread_time()
            features = extractor(images)
            rates[b].append(round(args.n / (time.thread_time() - start), 2))
            assert np.abs(features[:8] - first).max() < 1e-3
    print(json.dumps({"images_per_cpu_s": rates, "median": {b: float(np.median(r)) for b, r in rates.items()},
                      "threads": args.threads, "n": args.n, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}))


if __name__ == "__main__":
    main()

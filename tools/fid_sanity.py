"""Sanity figures for the FID protocol on Fashion-MNIST (docs/evaluation.md, "Sanity figures").

FID against all training images of: the test set, the first 10k training images, and uniform
noise images. Features are saved chunk by chunk under --out, so a run stopped part-way resumes;
the statistics of the full training set are also written to the cache evaluate.py reads, so it
need not extract them again.

    python tools/fid_sanity.py --device cpu     # ~2 hours on 2 CPU cores, ~1 minute on a GPU
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fid  # noqa: E402
from data import load_images  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="cpu")
    p.add_argument("--dataset", default="fashion_mnist")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--noise-n", type=int, default=2000)
    p.add_argument("--batch-size", type=int, default=None, help="Inception batch (default: fid.InceptionFeatures's)")
    p.add_argument("--out", default="runs/fid_sanity")
    p.add_argument("--cache-dir", default=None)
    args = p.parse_args()
    t0 = time.time()
    train = load_images(args.dataset, args.data_dir, download=False)
    test = load_images(args.dataset, args.data_dir, download=False, split="test")
    noise = np.random.default_rng(0).integers(0, 256, size=(args.noise_n,) + train.shape[1:], dtype=np.uint8)
    extractor = fid.InceptionFeatures(args.device, batch_size=args.batch_size)
    log = lambda msg: print(f"[{time.time() - t0:7.0f}s] {msg}", flush=True)  # noqa: E731
    feats = {}
    for name, images in (("test", test), ("train", train), ("noise", noise)):
        log(f"{name}: {images.shape[0]} images")
        feats[name] = fid.cached_features(images, os.path.join(args.out, f"{name}.parts"), extractor, log=log)
    mu, sigma = fid.statistics(feats["train"])
    fid.save_reference(fid.reference_cache_path(train, f"{args.dataset}_train", args.cache_dir), mu, sigma)
    result = {"dataset": args.dataset, "reference": f"train ({train.shape[0]})",
              "fid_test": fid.fid_from_features(feats["test"], mu, sigma), "n_test": int(test.shape[0]),
              "fid_train_first_10k": fid.fid_from_features(feats["train"][:10000], mu, sigma),
              "fid_noise": fid.fid_from_features(feats["noise"], mu, sigma), "n_noise": int(noise.shape[0]),
              "device": args.device, "seconds": round(time.time() - t0, 1)}
    print(json.dumps(result), flush=True)
    with open(os.path.join(args.out, "result.json"), "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()

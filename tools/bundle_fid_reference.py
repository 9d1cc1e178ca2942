"""Copy cached FID reference statistics into the repository (fid_reference/), packed.

evaluate.py computes a data set's reference statistics once (about 3 hours for Fashion-MNIST's 60k
images on a 2-core CPU, 2 minutes on a GPU) and caches them in ~/.cache/contgan. A fresh machine
lacks that cache; a packed copy in fid_reference/ (fid.pack_reference: 7.9 MB) is used instead
whenever its file name, which carries a hash of the image bytes, matches.

    python tools/bundle_fid_reference.py --dataset fashion_mnist --how "CPU, 2026-12-02, ..."
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cli  # noqa: E402
import fid  # noqa: E402
from data import IMAGE_DATASETS, load_images  # noqa: E402


def main(argv=None):
    p = cli.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dataset", default="fashion_mnist", choices=sorted(IMAGE_DATASETS))
    p.add_argument("--data-dir", default=None)
    p.add_argument("--cache-dir", default=None, help="where evaluate.py cached them (default: $CONTGAN_CACHE or ~/.cache/contgan)")
    p.add_argument("--how", required=True, help="how and when they were computed (stored in the file)")
    args = p.parse_args(argv)
    try:
        images = load_images(args.dataset, args.data_dir, download=False)
    except ValueError as e:
        cli.fail(str(e))
    cache = fid.reference_cache_path(images, f"{args.dataset}_train", args.cache_dir)
    if not os.path.isfile(cache):
        cli.fail(f"{cache}: no cached statistics; run: python evaluate.py --reference-only --dataset {args.dataset}")
    mu, sigma = fid.load_reference(cache)
    os.makedirs(fid.BUNDLED_DIR, exist_ok=True)
    out = fid.bundled_reference_path(cache)
    fid.pack_reference(out, mu, sigma, how=args.how, images=images.shape[0])
    print(f"{out}: {os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

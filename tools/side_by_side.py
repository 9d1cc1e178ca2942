"""Put sample grids (PNG files) side by side in one figure, each under its title.

    python tools/side_by_side.py A.png B.png --titles "fm, Euler 4" "discrete K=4" --out images/few_step_grids.png
"""

import argparse
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("pngs", nargs="+")
    p.add_argument("--titles", nargs="+", default=None)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    titles = args.titles or args.pngs
    if len(titles) != len(args.pngs):
        print(f"error: {len(args.pngs)} images but {len(titles)} titles", file=sys.stderr)
        raise SystemExit(2)
    images = []
    for path in args.pngs:
        try:
            images.append(mpimg.imread(path))
        except (OSError, SyntaxError, ValueError) as e:
            print(f"error: {path}: unreadable ({e})", file=sys.stderr)
            raise SystemExit(2)
    aspect = max(im.shape[0] / im.shape[1] for im in images)  # height / width of the tallest panel
    fig, axes = plt.subplots(1, len(images), figsize=(4 * len(images), 4 * aspect + 0.5), squeeze=False)
    for ax, im, title in zip(axes[0], images, titles):
        ax.imshow(im, cmap="gray")
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(args.out)


if __name__ == "__main__":
    main()

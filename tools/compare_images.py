"""Equal-time image comparison: flow matching, continuous GAN (linear and learned path) and WGAN-GP,
each trained for --minutes of wall-clock time on the same device, then scored by evaluate.py.

    python tools/compare_images.py --dataset fashion_mnist --minutes 20 --device cuda:0
    python tools/compare_images.py --methods cgan --minutes 5 --common --model-channels 32   # one method, smaller nets

Each method trains with `--time-limit MINUTES` into --out/METHOD and is then evaluated with
`evaluate.py --n N` (EMA weights, dopri5 1e-5 for the ODE models). A method whose eval.jsonl
already holds a result for N samples is not run again, so the command can be repeated one method
at a time (e.g. one per 10-minute call on a lent GPU). Prints the results table (markdown).
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METHODS = {  # name: (script, its own flags)
    "fm": ("train_images_simple.py", ["--objective", "fm"]),
    "cgan": ("train_images_simple.py", []),
    "cgan_learned": ("train_images.py", []),
    "wgan_gp": ("train_wgan_gp.py", []),
}


def last_json(text):
    lines = [line for line in text.strip().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def rows(path):
    """The JSON rows of a .jsonl file (eval.jsonl, metrics.jsonl); [] when it does not exist."""
    if not os.path.isfile(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def scored(out, n):
    """The newest evaluate.py result for n samples in run directory ``out``, or None."""
    fids = [r for r in rows(os.path.join(out, "eval.jsonl")) if r.get("n") == n and r.get("metric") == "fid"]
    return fids[-1] if fids else None


def run(cmd, log):
    """Run a command from the repository root, its output appended to ``log``; stdout returned."""
    proc = subprocess.run([sys.executable, *cmd], cwd=ROOT, capture_output=True, text=True)
    with open(log, "a") as f:
        f.write(f"$ python {' '.join(cmd)}\n{proc.stdout}{proc.stderr}\n")
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {(proc.stderr.strip().splitlines() or [''])[-1]}")
    return proc.stdout


def train_minutes(out):
    """Training time of the run in ``out`` so far (its last metrics row), in minutes; 0 if none."""
    logged = rows(os.path.join(out, "metrics.jsonl"))
    return logged[-1].get("train_s", 0.0) / 60 if logged else 0.0


def compare_one(method, args):
    """Train ``method`` to --minutes (resuming a cut-short run), evaluate it; returns evaluate.py's result."""
    out = os.path.join(args.out, method)
    result = scored(out, args.n)
    if result is None:
        os.makedirs(out, exist_ok=True)
        log = os.path.join(out, "compare_log.txt")
        if train_minutes(out) < args.minutes:
            script, own = METHODS[method]
            train = [script, "--dataset", args.dataset, "--device", args.device, "--seed", str(args.seed),
                     "--time-limit", str(args.minutes), "--out", out, *own, *args.common]
            if args.data_dir:
                train += ["--data-dir", args.data_dir]
            if any(name.startswith("checkpoint") for name in os.listdir(out)):
                train.append("--resume")
            run(train, log)
        ref = ["--ref-n", str(args.ref_n)] if args.ref_n else []
        result = last_json(run(["evaluate.py", out, "--device", args.device, "--n", str(args.n), *ref], log))
    result["train_minutes"] = train_minutes(out)
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", default="fashion_mnist")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--device", default="cuda:0")
    p.add_argument("--methods", nargs="+", choices=sorted(METHODS), default=list(METHODS))
    p.add_argument("--minutes", type=float, default=20.0, help="training time per method (default: %(default)s)")
    p.add_argument("--n", type=int, default=10_000, help="samples scored per method (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=os.path.join("runs", "compare"))
    p.add_argument("--ref-n", type=int, default=None, help="reference = the first M training images (default: all)")
    p.add_argument("--common", nargs=argparse.REMAINDER, default=[], help="flags passed to every training run (last)")
    args = p.parse_args()
    print("| method | script | steps | train min | NFE | FID | n | reference |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for method in args.methods:
        try:
            r = compare_one(method, args)
        except RuntimeError as e:
            print(f"| {method} | {METHODS[method][0]} | failed: {e} | | | | | |", flush=True)
            continue
        print(f"| {method} | {METHODS[method][0]} | {r['step']} | {r['train_minutes']:.1f} | {r['nfe']:.0f} | "
              f"{r['fid']:.2f} | {r['n']} | {r['reference']} ({r['ref_n']}) |", flush=True)


if __name__ == "__main__":
    main()

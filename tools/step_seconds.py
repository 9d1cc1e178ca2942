"""Seconds per training step of several image configurations, measured in one process with the
steps interleaved (A B C, B C A, C A B, ...), so that the load of a shared machine falls on all of
them alike; prints each configuration's median and mean seconds per step and the ratio of its
median to the first configuration's, as a markdown table.

    OMP_NUM_THREADS=1 python tools/step_seconds.py --steps 12 \\
        --config fm "--objective fm" --config cgan " " --config reuse " --critic-reuse" \\
        -- --dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist --device cpu --threads 1 ...

Each configuration is train_images_simple.py's networks, objective and Trainer built from the
common flags after ``--`` plus its own; the timed unit is Trainer.train_step (all critic and
generator updates of one step, the EMA and the schedule; no logging, sampling or checkpoints).
The first --warmup steps of each are not counted. FLAGS is one string; one that starts with "-"
and has no space is taken by argparse for an option, so give it a leading space (" --critic-reuse"),
and " " for none.
"""

import argparse
import os
import shlex
import statistics
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import image_run  # noqa: E402
import train_images_simple  # noqa: E402
from data import load_image_data  # noqa: E402
from training import Trainer  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", nargs=2, action="append", metavar=("NAME", "FLAGS"), required=True,
                   help="a configuration: its name and its own flags (one string); the first is the reference")
    p.add_argument("--steps", type=int, default=12, help="timed steps of each configuration (default: %(default)s)")
    p.add_argument("--warmup", type=int, default=2, help="untimed first steps of each (default: %(default)s)")
    p.add_argument("common", nargs=argparse.REMAINDER, help="-- then the flags every configuration gets")
    args = p.parse_args(argv)
    args.common = args.common[1:] if args.common[:1] == ["--"] else args.common
    return args


def build(name, flags, common, tmp, data_cache):
    """A Trainer for one configuration (its run folder in ``tmp``, never written to by train_step)."""
    args = image_run.parse_args("linear", [*common, *shlex.split(flags), "--out", os.path.join(tmp, name)])
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    key = (args.dataset, args.data_dir)
    if key not in data_cache:
        data_cache[key] = load_image_data(args.dataset, device, args.data_dir, download=False)
    data = data_cache[key]
    torch.manual_seed(args.seed)
    nets, path, objective, _ = image_run.build(args, data.shape, device, train_images_simple.build_path)
    return Trainer(args, "train_images_simple", nets, path, objective, data.sample, args.out)


def rotations(names, rounds):
    """The order of each round: A B C, B C A, C A B, ... (each configuration in each position)."""
    for r in range(rounds):
        k = r % len(names)
        yield names[k:] + names[:k]


def main(argv=None):
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_cache = {}
        trainers = {name: build(name, flags, args.common, tmp, data_cache) for name, flags in args.config}
        times = {name: [] for name in trainers}
        print(f"started {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC", flush=True)
        for r, order in enumerate(rotations(list(trainers), args.warmup + args.steps)):
            took = {}
            for name in order:
                trainer = trainers[name]
                start = time.perf_counter()
                trainer.train_step({})
                trainer.step += 1
                took[name] = time.perf_counter() - start
                if r >= args.warmup:
                    times[name].append(took[name])
            # per round, so that a measurement cut short still leaves its numbers
            print(f"round {r}{' (warm-up)' if r < args.warmup else ''}: "
                  + ", ".join(f"{n} {took[n]:.2f} s" for n in order), flush=True)
        print(f"ended {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC", flush=True)
    flags = dict(args.config)
    ref = statistics.median(times[args.config[0][0]])
    print(f"\n| config | flags | steps timed | median s/step | mean s/step | median / {args.config[0][0]} |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"| {name} | `{flags[name].strip()}` | {len(ts)} | {med:.3f} | {statistics.mean(ts):.3f} | {med / ref:.2f} |")
    return times


if __name__ == "__main__":
    main()

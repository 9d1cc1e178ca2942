"""Step benchmark: times training.Trainer.train_step, the real training step, of every objective.

    python bench.py --device cpu                 # CPU-scale sizes of RESULTS.md, a few steps per case
    python bench.py --device cuda:0 --compile    # default network sizes; every case eager and compiled
    python bench.py --cases fm cgan --extra "--batch-size 256 --bf16"

One JSON line per case (and per mode with --compile), printed as each finishes:
ms_per_step, images_per_s (batch_size / step time; a cgan step also draws n_critic more batches
for its critic), forward and backward passes of each network per step (counted with hooks on one
eager step: a backward pass is one that reaches the network's weights), ratio_to_fm (this step's
time over fm's in the same mode, same run), peak memory (CUDA: max allocated; CPU: the case's peak
RSS, each case runs in its own process), and on CUDA the achieved TFLOP/s
(torch.utils.flop_counter's formulas over one eager step) and its fraction of the device's dense
bf16 peak (BF16_PEAK_TFLOPS; null for an unknown device).

Data are random images of the data set's shape held on the device: the bench times steps, not
data loading. A new objective is one line in CASES (the script that trains it and its flags).
"""

import argparse
import copy
import json
import os
import resource
import shlex
import subprocess
import sys
import time

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import flop_registry

import cli
from losses import TeacherStep

# name -> (script that trains it, its flags): one line per objective
CASES = {
    "fm": ("train_images_simple", ["--objective", "fm"]),
    "cgan": ("train_images_simple", ["--objective", "cgan"]),
    "cgan_reuse": ("train_images_simple", ["--objective", "cgan", "--critic-reuse"]),
    "cgan_learned": ("train_images", ["--objective", "cgan"]),
    "wgan_gp": ("train_wgan_gp", []),
    "discrete": ("train_images_simple", ["--objective", "discrete", "--time-steps", "4", "--n-critic", "3"]),
    "distill": ("train_images_simple", ["--objective", "distill", "--time-steps", "4"]),
    "adv_distill": ("train_images_simple", ["--objective", "adv_distill", "--time-steps", "4", "--n-critic", "1"]),
}

# --sizes: flags for the UNet scripts and for the DCGAN of WGAN-GP; "cpu" are the CPU-scale sizes of
# RESULTS.md ($SMALL, WGAN-GP at width 32), "tiny" a smoke test, "default" the scripts' own defaults
SIZES = {
    "cpu": {"unet": "--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
                    "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant",
            "dcgan": "--batch-size 64 --dim 32 --critic-dim 32"},
    "tiny": {"unet": "--batch-size 4 --model-channels 8 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions",
             "dcgan": "--batch-size 4 --dim 8 --critic-dim 8"},
    "default": {"unet": "", "dcgan": ""},
}

# dense bf16 tensor-core peak, TFLOP/s, by a substring of torch.cuda.get_device_name (vendor sheets)
BF16_PEAK_TFLOPS = {
    "H200": 989.0, "H100 SXM": 989.0, "H100 80GB HBM3": 989.0, "H100 PCIe": 756.0, "H100 NVL": 835.0,
    "A100": 312.0, "L40S": 362.0, "L4": 121.0, "A10G": 70.0, "RTX 4090": 165.0,
}


def bf16_peak(device_name):
    for key, peak in BF16_PEAK_TFLOPS.items():
        if key in device_name:
            return peak
    return None


def parse_args(argv=None):
    p = cli.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default=cli.default_device(), help="torch device (default: %(default)s)")
    p.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES), help="cases to run (default: all)")
    p.add_argument("--dataset", choices=["fashion_mnist", "mnist", "cifar10"], default="fashion_mnist",
                   help="image shape and the scripts' per-data-set network defaults (default: %(default)s)")
    p.add_argument("--sizes", choices=list(SIZES), default=None,
                   help="cpu: the CPU-scale sizes of RESULTS.md; default: the scripts' default sizes; tiny: a smoke test "
                        "(default: cpu on a CPU device, default otherwise)")
    p.add_argument("--extra", default="", help="more script flags for every case (all must accept them), e.g. \"--batch-size 256\"")
    p.add_argument("--steps", type=cli.positive_int, default=None, help="timed steps per case (default: 3 on CPU, 30 on CUDA)")
    p.add_argument("--warmup", type=cli.nonneg_int, default=None, help="untimed steps first (default: 1 on CPU, 5 on CUDA)")
    p.add_argument("--compile", action="store_true", help="time every case eager and with --compile")
    p.add_argument("--compiled-only", action="store_true", help="time every case with --compile only (e.g. after a bench of the eager steps)")
    p.add_argument("--threads", type=cli.nonneg_int, default=0, help="torch CPU threads; 0 = torch's default (default: %(default)s)")
    p.add_argument("--one", default=None, help=argparse.SUPPRESS)  # internal: run one case in this process
    args = p.parse_args(argv)
    try:
        device = cli.resolve_device(args.device)
    except cli.UsageError as e:
        cli.fail(str(e))
    args.device = str(device)
    cpu = device.type == "cpu"
    args.sizes = args.sizes or ("cpu" if cpu else "default")
    args.steps = args.steps or (3 if cpu else 30)
    args.warmup = (1 if cpu else 5) if args.warmup is None else args.warmup
    return args


def case_argv(args, name, compiled):
    """The flags the case's script parses: device, sizes, the case's own, --extra, --compile."""
    script, flags = CASES[name]
    sizes = SIZES[args.sizes]["dcgan" if script == "train_wgan_gp" else "unet"]
    return ["--dataset", args.dataset, "--device", args.device, "--out", os.devnull,
            *shlex.split(sizes), *flags, *shlex.split(args.extra), *(["--compile"] if compiled else [])]


def build_case(args, name, compiled, device):
    """(cfg, networks, path, objective, image shape) of one case, as its script builds them."""
    import image_run
    from data import IMAGE_DATASETS

    script, _ = CASES[name]
    module = __import__(script)
    argv = case_argv(args, name, compiled)
    shape = IMAGE_DATASETS[args.dataset][0]
    if script == "train_wgan_gp":
        cfg = module.parse_args(argv)
        nets, path, objective = module.build(cfg, shape, device)
    else:
        kind = "learned" if script == "train_images" else "linear"
        cfg = image_run.parse_args(kind, argv, add_args=getattr(module, "add_args", None))
        nets, path, objective, _ = image_run.build(cfg, shape, device, module.build_path)
    return cfg, nets, path, objective, shape


def count_passes(trainer):
    """Forward and backward passes of each network in one train_step, counted with hooks.

    Each network's first trainable weight is watched: a forward pass calls the layer that owns it
    once (whichever method the objective calls, e.g. the critic's ``raw``), a backward pass that
    reaches the network's weights gives it one gradient."""
    counts, handles = {}, []
    for name, net in trainer.nets.items():
        c = counts[name] = {"forward": 0, "backward": 0}
        owner, first = next((m, p) for m in net.modules() for p in m.parameters(recurse=False) if p.requires_grad)
        handles.append(owner.register_forward_pre_hook(lambda *_, c=c: c.__setitem__("forward", c["forward"] + 1)))
        handles.append(first.register_hook(lambda g, c=c: c.__setitem__("backward", c["backward"] + 1)))
    trainer.train_step({})
    trainer.step += 1
    for h in handles:
        h.remove()
    return counts


class FlopCount(TorchDispatchMode):
    """Floating-point operations of what runs inside it, by torch.utils.flop_counter's formulas (matmuls,
    convolutions, attention; forward and backward). torch's FlopCounterMode does the same but also
    tracks modules, and its module hooks fail under autograd.grad (WGAN-GP's gradient penalty)."""

    def __init__(self):
        super().__init__()
        self.total = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        formula = flop_registry.get(func._overloadpacket)
        if formula is not None:
            self.total += formula(*args, **kwargs, out_val=out)
        return out


def case_trainer(args, name, device, run_dir=os.devnull, n_images=1024):
    """An eager Trainer of one case (build_case's networks and flags) on ``n_images`` random images of
    the data set's shape held on ``device``, channels_last on CUDA as the image scripts hold them:
    the bench times steps, not data loading. Compiling is left to the caller (Trainer.compile). An objective
    with a teacher (distill, adv_distill) gets a frozen copy of E_psi as its parent; its no-grad passes are
    timed but not counted in ``passes``, which counts the trained networks."""
    from training import Trainer

    cfg, nets, path, objective, shape = build_case(args, name, False, device)
    images = torch.rand(n_images, *shape, device=device) * 2 - 1
    fmt = torch.channels_last if device.type == "cuda" and len(shape) == 3 else torch.contiguous_format

    def next_batch(n):
        return images[torch.randint(len(images), (n,), device=device)].contiguous(memory_format=fmt)

    if cli.needs_teacher(cfg):  # no parent here: the teacher is a frozen copy of E_psi, stepped as --init-from's would be
        objective.teacher = TeacherStep(copy.deepcopy(nets["E_psi"][0]).requires_grad_(False).eval(), cfg.distill_substeps)
    cfg.compile = False
    return Trainer(cfg, "bench", nets, path, objective, next_batch, run_dir)


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def run_case(args, name, compiled):
    """Time one case in this process; returns its JSON row (ratio_to_fm is added by the caller)."""
    from models import count_parameters
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True  # as image_run.prepare
    torch.manual_seed(0)
    trainer = case_trainer(args, name, device)  # compiled below, after the passes are counted on an eager step
    cfg, objective = trainer.cfg, trainer.objective
    passes = count_passes(trainer)
    flops = None
    if device.type == "cuda":  # counted on an eager step: the same arithmetic as a compiled one, and no recompilation
        with FlopCount() as fc:
            trainer.train_step({})
        trainer.step += 1
        flops = fc.total
    row = {"case": name, "compiled": compiled, "device": str(device), "batch": cfg.batch_size,
           "n_critic": getattr(cfg, "n_critic", 0) if objective.has_critic else 0,
           "params": {k: count_parameters(m) for k, m in trainer.nets.items()}, "passes": passes}
    if compiled:
        row["compile_mode"] = trainer.compile_mode
        row["compiled_nets"] = trainer.compile(trainer.next_batch(2), log=lambda s: print(s, file=sys.stderr, flush=True))
    t0 = time.perf_counter()
    for _ in range(args.warmup):
        trainer.train_step({})
        trainer.step += 1
    _sync(device)
    row["warmup_s"] = round(time.perf_counter() - t0, 2)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    t0 = time.perf_counter()
    for _ in range(args.steps):
        trainer.train_step({})
        trainer.step += 1
    _sync(device)
    seconds = (time.perf_counter() - t0) / args.steps
    row.update(steps=args.steps, ms_per_step=round(1000 * seconds, 2), images_per_s=round(cfg.batch_size / seconds, 1))
    if device.type == "cuda":
        row["peak_mem_mb"] = round(torch.cuda.max_memory_allocated(device) / 2**20, 1)
        name_ = torch.cuda.get_device_name(device)
        peak = bf16_peak(name_)
        row.update(gpu=name_, tflop_per_step=round(flops / 1e12, 4), tflops=round(flops / seconds / 1e12, 2),
                   bf16_peak_tflops=peak, fraction_of_bf16_peak=round(flops / seconds / 1e12 / peak, 4) if peak else None)
    else:
        row["peak_mem_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # this case's process
    return row


def main(argv=None):
    args = parse_args(argv)
    if args.one:
        name, mode = args.one.split(":")
        print(json.dumps(run_case(args, name, mode == "compiled")), flush=True)
        return None
    fm_ms, rows, failed = {}, [], 0
    modes = [True] if args.compiled_only else [False, True] if args.compile else [False]
    order = (["fm"] if "fm" in args.cases else []) + [c for c in args.cases if c != "fm"]
    passthrough = [a for a in (argv if argv is not None else sys.argv[1:])]
    for compiled in modes:
        for name in order:
            mode = "compiled" if compiled else "eager"
            proc = subprocess.run([sys.executable, os.path.abspath(__file__), *passthrough, "--one", f"{name}:{mode}"],
                                  capture_output=True, text=True)
            lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
            if proc.returncode or not lines:
                tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                row = {"case": name, "compiled": compiled, "error": f"exit {proc.returncode}: {tail}"}
                failed += 1
            else:
                row = json.loads(lines[-1])
                if name == "fm":
                    fm_ms[compiled] = row["ms_per_step"]
                row["ratio_to_fm"] = round(row["ms_per_step"] / fm_ms[compiled], 3) if compiled in fm_ms else None
            for line in proc.stderr.splitlines():
                if line.startswith("notice:"):
                    print(line, file=sys.stderr, flush=True)
            print(json.dumps(row), flush=True)
            rows.append(row)
    if failed:
        raise SystemExit(1)
    return rows


if __name__ == "__main__":
    main()

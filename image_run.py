"""What the two image scripts share: flags, data, networks, objective and sample grids.

train_images_simple.py (linear path) and train_images.py (learned path, F_phi) call
``main(script, path_kind, build_path)``; they differ only in ``build_path``, which returns the path and,
for the learned one, the F_phi network. The loop is training.Trainer, as for train1d.py.

Critic regularisation on images. The bound |score_theta|_2 < 1 and the critic's penalty
(alpha/2) lam |score|^2 act on the norm over all D = C*H*W entries, and the generator's
effective loss is Huber_alpha(|E_psi - v*|_2) (losses.py): quadratic while |E_psi - v*|_2 < alpha,
linear (constant-size gradient, the unstable regime of the 1-D runs) beyond. An error of RMS e
per pixel has norm e*sqrt(D), so the image scripts read --critic-reg per pixel and hand the loss
alpha = critic_reg * sqrt(D) (28.0 on 28x28x1, 55.4 on 32x32x3 for critic_reg 1). With 1 the
quadratic region is "RMS error per pixel below 1", as alpha = 1 was on the standardised 1-D data
(D = 1 there, so the rule is the same). The default 0.5, like n_critic 4 and simultaneous updates,
is what the CPU-scale search (small UNets, Fashion-MNIST, docs/results.md) found best at equal time.
"""

import argparse
import json
import math
import os
import time

import torch
from torchvision.utils import save_image

import cli
import distributed
from data import IMAGE_DATASETS, default_data_dir, load_image_data
from losses import FEW_STEP_OBJECTIVES, make_objective
from models import build_network, count_parameters, feature_channels, with_prediction, with_step_experts
from sampling import ADAPTIVE, FIXED, sample, shift_for, solver_for
from training import Trainer, checkpoint_path

# per data set: the defaults of the flags marked "per data set" (torchcfm's CIFAR-10 UNet;
# a guided-diffusion-style 6.5M UNet for 28x28)
DATASET_DEFAULTS = {
    "cifar10": dict(steps=400_000, model_channels=128, channel_mult=[1, 2, 2, 2], attention_resolutions=[16], dropout=0.1),
    "fashion_mnist": dict(steps=100_000, model_channels=64, channel_mult=[1, 2, 2], attention_resolutions=[14], dropout=0.0),
    "mnist": dict(steps=100_000, model_channels=64, channel_mult=[1, 2, 2], attention_resolutions=[14], dropout=0.0),
}
GRID = 64  # samples per grid, 8 x 8


def parse_args(path_kind, argv=None, description=None, add_args=None):
    """The image scripts' flags; ``add_args(parser)`` adds a script's own (e.g. F_phi's width)."""
    p = cli.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_args(p)
    cli.add_training_args(p, steps=None, batch_size=128, lr=2e-4, critic_lr=2e-4, n_critic=4, critic_reg=0.5,
                          ema_decay=0.9999, betas=(0.0, 0.9), critic_betas=(0.0, 0.9), lr_schedule="cosine",
                          grad_clip=1.0, log_every=100, simultaneous=True)
    p.set_defaults(path=path_kind)
    _set_help(p, "steps", "generator updates (default per data set: 400000 cifar10, 100000 otherwise)")
    _set_help(p, "critic_reg", "alpha per pixel: the critic pays alpha/2 * lam |score|^2 with alpha = critic_reg * sqrt(C*H*W), "
                               "so E_psi's loss is Huber in |E_psi - v*|_2 with a quadratic region of RMS error "
                               "critic_reg per pixel; 0 = write-up's objective (default: %(default)s, from the CPU-scale "
                               "search in docs/results.md)")
    g = p.add_argument_group("networks (UNets; per-data-set defaults: cifar10 128 ch, mult 1 2 2 2, attention at 16, "
                             "dropout 0.1 (35.7M params); 28x28 64 ch, mult 1 2 2, attention at 14, dropout 0 (6.5M))")
    g.add_argument("--model-channels", type=cli.positive_int, default=None, help="base width of E_psi (default per data set)")
    g.add_argument("--critic-channels", type=cli.positive_int, default=None, help="base width of the critic (default: --model-channels)")
    g.add_argument("--channel-mult", type=cli.positive_int, nargs="+", default=None, help="width multiplier per resolution level (default per data set)")
    g.add_argument("--num-res-blocks", type=cli.positive_int, default=2, help="residual blocks per level (default: %(default)s)")
    g.add_argument("--attention-resolutions", type=cli.positive_int, nargs="*", default=None,
                   help="feature-map sizes with self-attention (default per data set)")
    g.add_argument("--head-channels", type=cli.positive_int, default=64, help="channels per attention head (default: %(default)s)")
    g.add_argument("--dropout", type=cli.nonneg_float, default=None, help="dropout in E_psi's residual blocks (default per data set)")
    g.add_argument("--bf16", action="store_true", help="bf16 autocast for E_psi and the critic; F_phi (inside jvp) stays fp32")
    g.add_argument("--adv-critic", choices=["conv", "teacher"], default="conv",
                   help="--objective adv_distill's critic: conv, a scalar conv net on the images (--critic-channels "
                        "wide); teacher, heads (--critic-channels wide) on the frozen teacher's UNet features of the "
                        "images re-noised to a random time, as LADD's (default: %(default)s)")
    g = p.add_argument_group("sample grids (8x8, fixed noise, raw and EMA weights, every --sample-every steps)")
    g.add_argument("--grid-ode-method", choices=FIXED + ADAPTIVE, default=None,
                   help="ODE solver for grids (default: midpoint; K Euler steps for --objective discrete)")
    g.add_argument("--grid-ode-steps", type=cli.positive_int, default=None,
                   help="steps of a fixed-step grid solver (default: 50; K for --objective discrete)")
    if add_args:
        add_args(p)
    args = p.parse_args(argv)
    if args.path != path_kind:
        p.error(f"this script trains the {path_kind} path; use "
                f"{'train_images.py' if args.path == 'learned' else 'train_images_simple.py'} for --path {args.path}")
    for key, value in DATASET_DEFAULTS[args.dataset].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.critic_channels is None:
        args.critic_channels = args.model_channels
    if args.objective == "discrete":  # it has no joint losses: its critic and E_psi updates alternate
        args.simultaneous = False
    if args.objective not in FEW_STEP_OBJECTIVES:  # grids: midpoint 50 unless asked otherwise (few-step: their K steps)
        args.grid_ode_method = args.grid_ode_method or "midpoint"
        args.grid_ode_steps = args.grid_ode_steps or 50
    if any(c % 2 for c in (args.model_channels, args.critic_channels, getattr(args, "f_channels", None) or 0)):
        p.error("--model-channels, --critic-channels and --f-channels must be even")
    if args.out is None:
        args.out = os.path.join("runs", f"img-{args.dataset}-{args.objective}-{path_kind}-seed{args.seed}")
    return args


def add_data_args(p):
    """--dataset, --data-dir, --no-download, --threads: the flags every image script has."""
    g = p.add_argument_group("data")
    g.add_argument("--dataset", choices=sorted(IMAGE_DATASETS), default="cifar10", help="training images (default: %(default)s)")
    g.add_argument("--data-dir", default=None,
                   help="folder holding the data set: cifar-10-batches-py (or its contents) for cifar10, "
                        "train-images-idx3-ubyte(.gz) for (fashion_)mnist; default: " +
                        ", ".join(f"{k}: {default_data_dir(k)}" for k in sorted(IMAGE_DATASETS)))
    g.add_argument("--no-download", action="store_true", help="fail instead of trying torchvision's download when the data is missing")
    g.add_argument("--threads", type=cli.nonneg_int, default=0, help="torch CPU threads; 0 = torch's default (default: %(default)s)")


def _set_help(parser, dest, text):
    for action in parser._actions:
        if action.dest == dest:
            action.help = text


def unet_kwargs(args, channels, image_size, model_channels, dropout=0.0):
    """A UNet spec's keyword arguments from the run's flags (everything the network needs)."""
    return dict(in_channels=channels, image_size=image_size, model_channels=model_channels,
                channel_mult=list(args.channel_mult), num_res_blocks=args.num_res_blocks,
                attention_resolutions=list(args.attention_resolutions), head_channels=args.head_channels,
                dropout=dropout)


def build(args, shape, device, build_path):
    """Networks, path and objective of an image run; returns ({name: (module, spec)}, path, objective, alpha)."""
    C, H, W = shape
    scalar_conv = lambda: {"kind": "scalar_critic_conv", "in_channels": C, "image_size": H, "dim": args.critic_channels}  # noqa: E731
    critics = {
        "cgan": lambda: {"kind": "scalar_critic_unet" if args.critic_form == "grad" else "critic_unet",
                         **unet_kwargs(args, C, H, args.critic_channels)},
        "discrete": scalar_conv,
        "adv_distill": scalar_conv if args.adv_critic == "conv" else lambda: {
            "kind": "feature_critic", "channels": feature_channels(args.model_channels, args.channel_mult),
            "dim": args.critic_channels},
    }
    specs = {
        "E_psi": with_step_experts(with_prediction({"kind": "unet", **unet_kwargs(args, C, H, args.model_channels, args.dropout)},
                                                   args.predict), args.time_steps if args.step_experts else 0, args.time_shift),
        "score_theta": critics[args.objective]() if args.objective in critics else None,
    }
    nets = {k: (build_network(s).to(device), s) if s else None for k, s in specs.items()}
    for k in ("E_psi", "score_theta"):
        if nets[k]:  # F_phi and a scalar critic D stay fp32: their jvps are dx_t/dt and the critic's value
            nets[k][0].bf16 = args.bf16 and not (k == "score_theta" and args.critic_form == "grad")
    nets["F_phi"], path = build_path(args, shape, device)
    if device.type == "cuda":  # cuDNN's fastest convolutions want NHWC; the weights' values are unchanged
        for net in nets.values():
            if net:
                net[0].to(memory_format=torch.channels_last)
    alpha = args.critic_reg * math.sqrt(C * H * W)
    return nets, path, make_objective(args, path, alpha), alpha


def grid_sampler(args, noise_shape, device, generate=None):
    """on_sample hook: 8x8 grids of the raw and EMA generator from fixed noise, named by step.

    ``generate(net, noise)`` maps noise of ``noise_shape`` to images in [-1, 1]; by default it
    integrates the velocity ``net`` from t=1 to t=0 with the grid solver."""
    noise = torch.randn(GRID, *noise_shape, generator=torch.Generator().manual_seed(args.seed)).to(device)
    if generate is None:
        method, steps = solver_for(vars(args), args.grid_ode_method, args.grid_ode_steps)
        shift = shift_for(vars(args))

        def generate(net, x1):
            return sample(net, x1, method=method, steps=steps, shift=shift)[0]

    def on_sample(trainer, step):
        for tag, net in (("raw", trainer.E_psi), ("ema", trainer.ema["E_psi"].net)):
            training = net.training
            net.eval()
            with torch.no_grad():
                x0 = generate(net, noise)
            net.train(training)
            save_image((x0.float().clamp(-1, 1) + 1) / 2, os.path.join(args.out, f"samples_{tag}_{step:07d}.png"), nrow=8)

    return on_sample


def prepare(args):
    """Threads, then cli.start: processes, device, data on it, run directory; returns
    (device, data, checkpoint to resume or None). Bad input ends the process with one 'error:' line."""
    if args.threads:
        torch.set_num_threads(args.threads)
    # TF32 matmuls and convolutions on CUDA (fp32 runs; no effect on CPU or under --bf16's autocast)
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    return cli.start(args, lambda device: load_image_data(args.dataset, device, args.data_dir, download=not args.no_download))


def report(args, trainer, start):
    """After the loop: leave the process group; rank 0 prints the final JSON line and returns it."""
    if not distributed.finish():
        return None
    result = {"steps": trainer.step, "seconds": round(time.time() - start, 2),
              "grid_ema": os.path.join(args.out, f"samples_ema_{trainer.step:07d}.png"),
              "checkpoint": checkpoint_path(args.out, trainer.step)}
    print(json.dumps(result), flush=True)
    return result


def setup(args, script, build_path):
    """Everything before the loop: device, data, run directory, networks, Trainer (resumed if asked)."""
    device, data, ckpt = prepare(args)
    nets, path, objective, alpha = build(args, data.shape, device, build_path)
    if distributed.is_main():
        print(f"data {args.dataset}: {len(data)} images of shape {data.shape} on {device}; critic alpha {alpha:.2f}; "
              + ", ".join(f"{k} {count_parameters(v[0]):,} params" for k, v in nets.items() if v), flush=True)
    trainer = Trainer(args, script, nets, path, objective, data.sample, args.out,
                      extra={"dataset": args.dataset, "shape": list(data.shape), "critic_alpha": alpha},
                      on_sample=grid_sampler(args, data.shape, device))
    if ckpt:
        cli.resume(trainer, ckpt)
    return trainer


def main(script, path_kind, build_path, argv=None, description=None, add_args=None):
    """Parse flags, build, train; ``build_path(args, shape, device) -> ((F_phi, spec) or None, path)``."""
    args = parse_args(path_kind, argv, description, add_args)
    start = time.time()
    trainer = setup(args, script, build_path)
    trainer.run()
    return report(args, trainer, start)

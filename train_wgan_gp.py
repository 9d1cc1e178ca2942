"""WGAN-GP baseline on images: a DCGAN-style generator G(z) against a critic D(x) with the
gradient penalty, the recipe of ../shared/seeds/002 (penalty 10, 5 critic steps per generator
step, Adam lr 1e-4 with betas (0, 0.9), batch 64).

    python train_wgan_gp.py --dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist
    python evaluate.py runs/wgan_gp-fashion_mnist-seed0 --n 10000      # FID, as for the other scripts

The same loop (training.Trainer), flags, log lines, grids (samples_raw/ema_STEP.png from fixed z),
checkpoints and --resume as train_images_simple.py; the generator sits in the loop's E_psi slot
and is averaged (EMA) like it.
"""

import argparse
import os
import time

import cli
import distributed
import image_run
from losses import WGANGP
from models import build_network, count_parameters
from training import Trainer


def parse_args(argv=None):
    p = cli.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    image_run.add_data_args(p)
    cli.add_training_args(p, steps=100_000, batch_size=64, lr=1e-4, critic_lr=1e-4, n_critic=5, ema_decay=0.999,
                          betas=(0.0, 0.9), critic_betas=(0.0, 0.9), lr_schedule="constant", grad_clip=0.0,
                          log_every=100, continuous=False)
    g = p.add_argument_group("WGAN-GP")
    g.add_argument("--gp", type=cli.nonneg_float, default=10.0, help="gradient-penalty weight (default: %(default)s)")
    g.add_argument("--z-dim", type=cli.positive_int, default=128, help="dimension of the generator's noise (default: %(default)s)")
    g.add_argument("--dim", type=cli.positive_int, default=64, help="base width of the generator (default: %(default)s)")
    g.add_argument("--critic-dim", type=cli.positive_int, default=64, help="base width of the critic (default: %(default)s)")
    args = p.parse_args(argv)
    if args.out is None:
        args.out = os.path.join("runs", f"wgan_gp-{args.dataset}-seed{args.seed}")
    return args


def build(args, shape, device):
    """The DCGAN generator and critic and the WGAN-GP objective; returns ({name: (module, spec)}, None, objective)."""
    C, H, _ = shape
    specs = {"E_psi": {"kind": "dcgan_generator", "out_channels": C, "image_size": H, "z_dim": args.z_dim, "dim": args.dim},
             "score_theta": {"kind": "dcgan_critic", "in_channels": C, "image_size": H, "dim": args.critic_dim}}
    return {k: (build_network(s).to(device), s) for k, s in specs.items()}, None, WGANGP(args.gp)


def main(argv=None):
    args = parse_args(argv)
    start = time.time()
    device, data, ckpt = image_run.prepare(args)
    nets, path, objective = build(args, data.shape, device)
    if distributed.is_main():
        print(f"data {args.dataset}: {len(data)} images of shape {data.shape} on {device}; "
              + ", ".join(f"{k} {count_parameters(v[0]):,} params" for k, v in nets.items()), flush=True)
    trainer = Trainer(args, "train_wgan_gp", nets, path, objective, data.sample, args.out,
                      extra={"dataset": args.dataset, "shape": list(data.shape)},
                      on_sample=image_run.grid_sampler(args, (args.z_dim,), device, generate=lambda G, z: G(z)))
    if ckpt:
        cli.resume(trainer, ckpt)
    trainer.run()
    return image_run.report(args, trainer, start)


if __name__ == "__main__":
    main()

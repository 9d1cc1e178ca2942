"""Continuous GAN on images with a learned path (t=0 data, t=1 noise):

    x_t = (1 - t) x0 + t x1 + t (1 - t) F_phi(x0, x1, t),   dx_t/dt by torch.func.jvp in t,

F_phi a UNet on concat([x0, x1]) channels (zero output at start: the path starts linear).
What F_phi minimises (--f-objective, losses.ContinuousWGAN):
  variance (default): E lam |E_psi(x_t, t) - dx_t/dt|^2 with E_psi held fixed, the conditional
      variance of the path's velocity given x_t; it favours paths that do not cross, so the
      marginal velocity is straighter. E_psi itself still learns only through the critic.
  adversarial: the write-up's choice, F_phi plays the generator's side of the same value; this
      leaves F_phi unpinned (every path has an exact marginal velocity).
--f-reg adds f_reg * E |F_phi|^2 toward the linear path. F_phi runs in fp32 even with --bf16.

    python train_images.py --dataset cifar10
    python train_images.py --dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist

Writes the same files as train_images_simple.py; the checkpoint also holds F_phi and its EMA.
"""

import cli
import image_run
from models import build_network
from paths import LearnedPath


def add_args(p):
    p.add_argument_group("learned path").add_argument(
        "--f-channels", type=cli.positive_int, default=None, help="base width of F_phi's UNet, even (default: --model-channels)")


def build_path(args, shape, device):
    """F_phi, a UNet of E_psi's layout on 2C input channels, and the learned path around it."""
    channels = args.f_channels or args.model_channels
    spec = {"kind": "interpolant_unet", **image_run.unet_kwargs(args, shape[0], shape[1], channels)}
    F_phi = build_network(spec).to(device)
    return (F_phi, spec), LearnedPath(F_phi)


if __name__ == "__main__":
    image_run.main("train_images", "learned", build_path, description=__doc__, add_args=add_args)

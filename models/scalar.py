"""The scalar, time-conditioned image critic D_theta(x, t) of the discrete-time objective
(losses.DiscreteWGAN; its 1-D twin is mlp.ScalarCriticMLP), and the x0-prediction wrapper of E_psi.

The critic's Lipschitz control is a gradient penalty on points between real and fake samples,
so nothing in it may mix the samples of a batch (no batch norm).
"""

import torch
from torch import nn

from .embedding import TimeEmbedding


class ScalarCriticConv(nn.Module):
    """D_theta(x, t): (B, C, H, W), (B,) -> (B,). A downsampling encoder with a linear head.

    Three stages of 4x4 convolutions (stride 2, 2, 1) with leaky ReLU, as the DCGAN critic of the
    WGAN-GP baseline, and t added per channel after each convolution through a small embedding.
    No normalisation layer: the gradient penalty is per sample."""

    def __init__(self, in_channels=1, image_size=28, dim=32, time_dim=32):
        super().__init__()
        if image_size % 4:
            raise ValueError(f"image_size must be divisible by 4 (two stride-2 stages), got {image_size}")
        chans = [dim, 2 * dim, 4 * dim]
        self.embed = TimeEmbedding(time_dim)
        self.t_proj = nn.Linear(self.embed.out_dim, sum(chans))
        self.convs = nn.ModuleList([
            nn.Conv2d(in_channels, chans[0], 4, stride=2, padding=1),
            nn.Conv2d(chans[0], chans[1], 4, stride=2, padding=1),
            nn.Conv2d(chans[1], chans[2], 3, padding=1),
        ])
        self.chans = chans
        self.head = nn.Linear(chans[2] * (image_size // 4) ** 2, 1)

    def forward(self, x, t):
        shifts = self.t_proj(self.embed(t).to(x.dtype)).split(self.chans, dim=1)  # per stage (B, c)
        h = x
        for conv, shift in zip(self.convs, shifts):
            h = nn.functional.leaky_relu(conv(h) + shift[:, :, None, None], 0.2)
        return self.head(h.flatten(1)).squeeze(1)


class FeatureCritic(nn.Module):
    """D_theta(features, s): a list of (B, c_i, H_i, W_i) maps and (B,) -> (B,). Heads on a frozen network's
    feature maps (--adv-critic teacher: the teacher UNet's, UNet.features, of an image re-noised to time s), as
    LADD's discriminator reads a frozen diffusion model's: per map a 3x3 convolution to ``dim`` channels, s added
    per channel through a small embedding, leaky ReLU, a 1x1 convolution to one channel averaged over the
    positions; D is the sum over the maps. Only the heads are this network's weights."""

    def __init__(self, channels=(32, 32, 16), dim=32, time_dim=32):
        super().__init__()
        self.dim = dim
        self.embed = TimeEmbedding(time_dim)
        self.t_proj = nn.Linear(self.embed.out_dim, dim * len(channels))
        self.convs = nn.ModuleList([nn.Conv2d(c, dim, 3, padding=1) for c in channels])
        self.outs = nn.ModuleList([nn.Conv2d(dim, 1, 1) for _ in channels])

    def forward(self, features, s):
        shifts = self.t_proj(self.embed(s).to(features[0].dtype)).split(self.dim, dim=1)  # per map (B, dim)
        return sum(out(nn.functional.leaky_relu(conv(h) + shift[:, :, None, None], 0.2)).mean(dim=(1, 2, 3))
                   for h, conv, out, shift in zip(features, self.convs, self.outs, shifts))


class PredictX0(nn.Module):
    """E_psi(x_t, t) = (x_t - x0_hat(x_t, t)) / t, with x0_hat the wrapped network (``--predict x0``).

    On the linear path x_t = (1 - t) x0 + t x1 the velocity is x1 - x0 = (x_t - x0) / t, so a
    network that predicts the data point x0 gives the velocity this way (the write-up's
    suggestion; DDGAN's parameterisation). t is clamped below at ``t_min`` (the ODE ends at t=0).
    ``spec`` is the wrapped network's spec."""

    def __init__(self, spec, t_min=1e-3):
        super().__init__()
        from . import build_network  # the wrapper is built by the same factory
        self.x0_hat, self.t_min = build_network(spec), t_min

    @property
    def bf16(self):
        return getattr(self.x0_hat, "bf16", False)

    @bf16.setter
    def bf16(self, on):
        self.x0_hat.bf16 = on

    def forward(self, x, t):
        tb = t.clamp_min(self.t_min).reshape(-1, *[1] * (x.dim() - 1)).to(x.dtype)
        return (x - self.x0_hat(x, t)) / tb

    def features(self, x, t):
        """The wrapped network's feature maps (UNet.features)."""
        return self.x0_hat.features(x, t)

"""DCGAN-style generator and critic for the WGAN-GP baseline (train_wgan_gp.py), 28x28 or 32x32.

Following the DCGAN guidelines in ../shared/seeds/002: one linear layer on the noise, then
fractionally strided convolutions with batch norm and ReLU, tanh at the output; the critic uses
strided convolutions with leaky ReLU and no batch norm (the gradient penalty is per sample, so the
critic must not mix samples), then one linear layer to a scalar.
"""

import torch
from torch import nn


def _side(image_size):
    if image_size % 4:
        raise ValueError(f"image_size must be divisible by 4 (two stride-2 stages), got {image_size}")
    return image_size // 4


class Generator(nn.Module):
    """G(z): (B, z_dim) -> (B, C, H, W) in [-1, 1]. Starts from a 4*dim x H/4 x W/4 map."""

    def __init__(self, out_channels=1, image_size=28, z_dim=128, dim=64):
        super().__init__()
        self.z_dim, self.dim, self.side = z_dim, dim, _side(image_size)
        self.fc = nn.Sequential(nn.Linear(z_dim, 4 * dim * self.side ** 2, bias=False),
                                nn.BatchNorm1d(4 * dim * self.side ** 2), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(4 * dim, 2 * dim, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(2 * dim), nn.ReLU(),
            nn.ConvTranspose2d(2 * dim, dim, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(dim), nn.ReLU(),
            nn.Conv2d(dim, out_channels, 3, padding=1), nn.Tanh(),
        )

    def forward(self, z):
        return self.net(self.fc(z).view(-1, 4 * self.dim, self.side, self.side))


class Critic(nn.Module):
    """D(x): (B, C, H, W) -> (B,) unbounded scores (Lipschitz through the gradient penalty)."""

    def __init__(self, in_channels=1, image_size=28, dim=64):
        super().__init__()
        side = _side(image_size)
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, dim, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(dim, 2 * dim, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(2 * dim, 4 * dim, 3, padding=1), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(4 * dim * side ** 2, 1),
        )

    def forward(self, x):
        return self.net(x).squeeze(1)

"""MLP networks for low-dimensional data (points of shape (B, dim))."""

import torch
from torch import nn

from .embedding import TimeEmbedding


def bound_norm(out, eps=1e-12):
    """The write-up's bound on the critic: ``out * tanh(|out|_2) / |out|_2``.

    The norm is taken per sample over every non-batch dimension, so the result keeps the
    direction of ``out`` and has norm ``tanh(|out|) < 1``. Near 0 it is the identity.
    """
    norm = out.flatten(1).norm(dim=1).reshape(-1, *[1] * (out.dim() - 1)).clamp_min(eps)
    return out * (torch.tanh(norm) / norm)  # clamp both: the factor -> 1, not 0, as |out| -> 0


def _mlp(in_dim, out_dim, width, depth):
    layers, d = [], in_dim
    for _ in range(depth):
        layers += [nn.Linear(d, width), nn.SiLU()]
        d = width
    layers.append(nn.Linear(d, out_dim))
    return nn.Sequential(*layers)


class VelocityMLP(nn.Module):
    """E_psi(x_t, t): (B, dim), (B,) -> (B, dim)."""

    def __init__(self, dim=1, width=128, depth=3, time_dim=32):
        super().__init__()
        self.embed = TimeEmbedding(time_dim)
        self.net = _mlp(dim + self.embed.out_dim, dim, width, depth)

    def forward(self, x, t):
        return self.net(torch.cat([x, self.embed(t)], dim=1))


class CriticMLP(VelocityMLP):
    """score_theta(x_t, t): (B, dim), (B,) -> (B, dim), per-sample norm below 1.

    ``raw(x, t)`` returns the unbounded output (for regularisers on it)."""

    def raw(self, x, t):
        return super().forward(x, t)

    def forward(self, x, t):
        return bound_norm(self.raw(x, t))


class ScalarCriticMLP(nn.Module):
    """D_theta(x_t, t): (B, dim), (B,) -> (B,), a scalar whose x-gradient is the score
    (``--critic-form grad``, losses.ContinuousWGAN)."""

    def __init__(self, dim=1, width=128, depth=3, time_dim=32):
        super().__init__()
        self.embed = TimeEmbedding(time_dim)
        self.net = _mlp(dim + self.embed.out_dim, 1, width, depth)

    def forward(self, x, t):
        return self.net(torch.cat([x, self.embed(t)], dim=1)).squeeze(1)


class InterpolantMLP(nn.Module):
    """F_phi(x0, x1, t): (B, dim), (B, dim), (B,) -> (B, dim)."""

    def __init__(self, dim=1, width=128, depth=3, time_dim=32):
        super().__init__()
        self.embed = TimeEmbedding(time_dim)
        self.net = _mlp(2 * dim + self.embed.out_dim, dim, width, depth)

    def forward(self, x0, x1, t):
        return self.net(torch.cat([x0, x1, self.embed(t)], dim=1))

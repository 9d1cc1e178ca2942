"""Interpolants ("paths") between data x0 (t=0) and noise x1 ~ N(0, I) (t=1).

One interface for every path: ``x_t, dxdt = path(x0, x1, t)`` with x0, x1 of shape (B, ...)
and t of shape (B,).
"""

import torch
from torch import nn


def shift_time(u, shift):
    """A uniform time u in [0, 1] -> the grid time t = s u / (1 + (s - 1) u) of --time-shift s (SD3's timestep
    shift): t(0) = 0, t(1) = 1, increasing; s > 1 spends more of a K-step grid near the noise (t = 1), s < 1 near
    the data, s = 1 is the uniform grid (t = u exactly). Floats or tensors."""
    return u if shift == 1 else shift * u / (1 + (shift - 1) * u)


def unshift_time(t, shift):
    """shift_time's inverse: u = t / (s - (s - 1) t)."""
    return t if shift == 1 else t / (shift - (shift - 1) * t)


def expand_t(t, x):
    """(B,) -> (B, 1, ..., 1), broadcastable against x."""
    return t.reshape(-1, *[1] * (x.dim() - 1))


class LinearPath(nn.Module):
    """x_t = (1 - t) x0 + t x1, dx_t/dt = x1 - x0 (write-up, "Discrete case")."""

    learnable = False

    def forward(self, x0, x1, t):
        tb = expand_t(t, x0)
        return (1 - tb) * x0 + tb * x1, x1 - x0


class LearnedPath(nn.Module):
    """x_t = (1 - t) x0 + t x1 + t (1 - t) F_phi(x0, x1, t) (Neural Flow Diffusion Models form).

    dx_t/dt is the forward-mode derivative in t (``torch.func.jvp`` with tangent 1 on t), so it
    is exact and differentiable in phi. The endpoints stay pinned: x_0 = x0, x_1 = x1.
    """

    learnable = True

    def __init__(self, F_phi):
        super().__init__()
        self.F_phi = F_phi

    def forward(self, x0, x1, t):
        def x_of_t(t):
            tb = expand_t(t, x0)
            return (1 - tb) * x0 + tb * x1 + tb * (1 - tb) * self.F_phi(x0, x1, t)

        return torch.func.jvp(x_of_t, (t,), (torch.ones_like(t),))

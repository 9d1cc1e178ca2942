import math

import torch
from torch import nn


class TimeEmbedding(nn.Module):
    """Fourier features of t in [0, 1]: ``[t, sin(pi f_k t), cos(pi f_k t)]`` for ``dim // 2``
    frequencies ``f_k`` spaced geometrically from 1 to ``max_freq``.

    t: (B,) -> (B, dim + 1)
    """

    def __init__(self, dim=32, max_freq=64.0):
        super().__init__()
        if dim % 2:
            raise ValueError(f"time embedding dim must be even, got {dim}")
        freqs = torch.exp(torch.linspace(0.0, math.log(max_freq), dim // 2)) * math.pi
        self.register_buffer("freqs", freqs, persistent=False)
        self.out_dim = dim + 1

    def forward(self, t):
        arg = t.reshape(-1, 1) * self.freqs.to(t.dtype)
        return torch.cat([t.reshape(-1, 1), arg.sin(), arg.cos()], dim=1)

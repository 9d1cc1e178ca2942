"""UNet networks for images (B, C, H, W) with H = W (28x28 and 32x32 in contgan).

A guided-diffusion-style UNet, the architecture torchcfm trains on CIFAR-10: residual blocks with
GroupNorm + SiLU and an additive time embedding, self-attention at chosen resolutions, strided
convolutions down, nearest-neighbour + convolution up, skip connections concatenated. Output
convolutions of each block are zero-initialised, so every network starts as (nearly) the zero map:
E_psi = 0, score_theta = 0, and F_phi = 0 (the learned path starts linear).

Forward-mode AD: F_phi runs under ``torch.func.jvp`` (paths.LearnedPath). Attention is therefore
written out as softmax(Q K^T / sqrt(d)) V; the fused flash / memory-efficient SDPA kernels have no
forward-mode derivative. GroupNorm, SiLU, convolutions and nearest interpolation all have one.

bf16: setting ``net.bf16 = True`` (a runtime switch, not part of the spec) runs the forward pass
under ``torch.autocast(dtype=bfloat16)`` and returns the input's dtype. Scripts leave it off for
F_phi, so the jvp of the learned path stays in fp32.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

from .embedding import TimeEmbedding
from .mlp import bound_norm


def _norm(ch):
    return nn.GroupNorm(math.gcd(32, ch), ch)  # 32 groups for the usual widths, fewer for tiny nets


def _zero(module):
    for p in module.parameters():
        nn.init.zeros_(p)
    return module


class ResBlock(nn.Module):
    """x + out(in(x) + emb(t)): (B, cin, H, W), (B, emb_dim) -> (B, cout, H, W)."""

    def __init__(self, cin, cout, emb_dim, dropout):
        super().__init__()
        self.in_layers = nn.Sequential(_norm(cin), nn.SiLU(), nn.Conv2d(cin, cout, 3, padding=1))
        self.emb = nn.Sequential(nn.SiLU(), nn.Linear(emb_dim, cout))
        self.out_layers = nn.Sequential(_norm(cout), nn.SiLU(), nn.Dropout(dropout),
                                        _zero(nn.Conv2d(cout, cout, 3, padding=1)))
        self.skip = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x, emb):
        h = self.in_layers(x) + self.emb(emb)[:, :, None, None]
        return self.skip(x) + self.out_layers(h)


class Attention(nn.Module):
    """Multi-head self-attention over the H*W positions, residual: (B, C, H, W) -> (B, C, H, W).

    Explicit softmax(Q K^T / sqrt(d)) V, so that torch.func.jvp can differentiate it."""

    def __init__(self, ch, head_channels):
        super().__init__()
        self.heads = ch // head_channels if ch % head_channels == 0 and ch >= head_channels else 1
        self.norm = _norm(ch)
        self.qkv = nn.Conv1d(ch, 3 * ch, 1)
        self.proj = _zero(nn.Conv1d(ch, ch, 1))

    def forward(self, x):
        B, C, H, W = x.shape
        qkv = self.qkv(self.norm(x).reshape(B, C, H * W))                       # (B, 3C, N)
        q, k, v = qkv.reshape(B * self.heads, -1, H * W).chunk(3, dim=1)         # (B*heads, d, N) each
        scale = q.shape[1] ** -0.25                                              # 1/sqrt(d), split over q and k
        w = torch.einsum("bci,bcj->bij", q * scale, k * scale).softmax(dim=-1)  # (B*heads, N, N)
        a = torch.einsum("bij,bcj->bci", w, v).reshape(B, C, H * W)
        return x + self.proj(a).reshape(B, C, H, W)


class Block(nn.Module):
    """A ResBlock, followed by attention when ``attn``."""

    def __init__(self, cin, cout, emb_dim, dropout, attn, head_channels):
        super().__init__()
        self.res = ResBlock(cin, cout, emb_dim, dropout)
        self.attn = Attention(cout, head_channels) if attn else None

    def forward(self, x, emb):
        h = self.res(x, emb)
        return self.attn(h) if self.attn is not None else h


class Downsample(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)


class Upsample(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"))


class UNet(nn.Module):
    """E_psi(x_t, t): (B, C, H, W), (B,) -> (B, out_channels or C, H, W).

    model_channels: base width; level i has model_channels * channel_mult[i] channels and
        num_res_blocks residual blocks; attention follows every block whose feature map is
        H x W with H in attention_resolutions (and the middle block); heads of head_channels.
    image_size must be divisible by 2 ** (len(channel_mult) - 1) (28 with 3 levels, 32 with 4).
    """

    def __init__(self, in_channels=3, out_channels=None, image_size=32, model_channels=128,
                 channel_mult=(1, 2, 2, 2), num_res_blocks=2, attention_resolutions=(16,),
                 head_channels=64, dropout=0.0):
        super().__init__()
        if image_size % 2 ** (len(channel_mult) - 1):
            raise ValueError(f"image size {image_size} is not divisible by 2^{len(channel_mult) - 1} "
                             f"(channel_mult {tuple(channel_mult)})")
        if model_channels % 2:
            raise ValueError(f"model_channels must be even, got {model_channels}")
        self.bf16 = False
        ch, emb_dim, res = model_channels, 4 * model_channels, image_size
        self.embed = nn.Sequential(TimeEmbedding(ch), nn.Linear(ch + 1, emb_dim), nn.SiLU(), nn.Linear(emb_dim, emb_dim))
        self.inp = nn.Conv2d(in_channels, ch, 3, padding=1)

        def block(cin, cout):
            return Block(cin, cout, emb_dim, dropout, res in attention_resolutions, head_channels)

        self.down, skips = nn.ModuleList(), [ch]
        for level, mult in enumerate(channel_mult):
            for _ in range(num_res_blocks):
                self.down.append(block(ch, mult * model_channels))
                ch = mult * model_channels
                skips.append(ch)
            if level < len(channel_mult) - 1:
                self.down.append(Downsample(ch))
                skips.append(ch)
                res //= 2
        self.mid = nn.ModuleList([Block(ch, ch, emb_dim, dropout, True, head_channels),
                                  Block(ch, ch, emb_dim, dropout, False, head_channels)])
        self.up = nn.ModuleList()
        for level, mult in reversed(list(enumerate(channel_mult))):
            for i in range(num_res_blocks + 1):
                self.up.append(block(ch + skips.pop(), mult * model_channels))
                ch = mult * model_channels
            if level > 0:
                self.up.append(Upsample(ch))
                res *= 2
        self.out = nn.Sequential(_norm(ch), nn.SiLU(), _zero(nn.Conv2d(ch, out_channels or in_channels, 3, padding=1)))
        # the up path's last block of each level (the one before its Upsample, and the final block)
        self._level_ends = {i - 1 for i, m in enumerate(self.up) if isinstance(m, Upsample)} | {len(self.up) - 1}

    def forward(self, x, t):
        return self._run(x, t, features=False)

    def features(self, x, t):
        """The decoder's feature maps, what a critic on this network's features reads (--adv-critic teacher):
        [the middle block's output, the last up block of each level, coarse to fine], in x's dtype, with
        channels feature_channels(model_channels, channel_mult) and sizes H / 2^(levels - 1), ..., H."""
        return self._run(x, t, features=True)

    def _run(self, x, t, features):
        with torch.autocast(x.device.type, dtype=torch.bfloat16, enabled=self.bf16):
            emb = self.embed(t)                                   # (B, 4 * model_channels)
            h = self.inp(x)
            hs = [h]
            for m in self.down:
                h = m(h) if isinstance(m, Downsample) else m(h, emb)
                hs.append(h)
            for m in self.mid:
                h = m(h, emb)
            kept = [h] if features else None
            for i, m in enumerate(self.up):
                h = m(h) if isinstance(m, Upsample) else m(torch.cat([h, hs.pop()], dim=1), emb)
                if features and i in self._level_ends:
                    kept.append(h)
            if features:
                return [f.to(x.dtype) for f in kept]
            out = self.out(h)
        return out.to(x.dtype)


def feature_channels(model_channels, channel_mult):
    """The channels of UNet.features' maps: the middle block's, then each level's from coarse to fine."""
    return [model_channels * channel_mult[-1]] + [model_channels * m for m in reversed(channel_mult)]


class CriticUNet(UNet):
    """score_theta(x_t, t): (B, C, H, W), (B,) -> (B, C, H, W), per-sample norm over all C*H*W
    entries below 1 (models.bound_norm). ``raw(x, t)`` returns the unbounded output."""

    def raw(self, x, t):
        return super().forward(x, t)

    def forward(self, x, t):
        return bound_norm(self.raw(x, t).float()).to(x.dtype)


class ScalarCriticUNet(UNet):
    """D_theta(x_t, t): (B, C, H, W), (B,) -> (B,), the sum over all C*H*W entries of a UNet's
    output (``--critic-form grad``: the score is grad_x D). Like the other UNets it starts as the
    zero map. Runs in fp32 (its jvp is the critic's value; bf16 jvps lose accuracy)."""

    def forward(self, x, t):
        return super().forward(x, t).flatten(1).sum(dim=1)


class InterpolantUNet(UNet):
    """F_phi(x0, x1, t): (B, C, H, W) x2, (B,) -> (B, C, H, W); a UNet on concat([x0, x1]) channels.

    in_channels is the image's C (the network itself sees 2C)."""

    def __init__(self, in_channels=3, **kwargs):
        super().__init__(in_channels=2 * in_channels, out_channels=in_channels, **kwargs)

    def forward(self, x0, x1, t):
        return super().forward(torch.cat([x0, x1], dim=1), t)

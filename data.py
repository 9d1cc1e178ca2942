"""Data sources.

1-D targets: named distributions with a sampler and a density (for plots), or any 1-D sample
set stored as a ``.npy`` file (resampled with replacement; its density is a histogram).
Samples are (N, 1) float tensors on the generator's device.
"""

import math
import os

import numpy as np
import torch


class Mixture1D:
    """Mixture of 1-D Gaussians."""

    def __init__(self, weights, means, stds):
        w = torch.tensor(weights, dtype=torch.float64)
        self.weights, self.means, self.stds = w / w.sum(), torch.tensor(means, dtype=torch.float64), torch.tensor(stds, dtype=torch.float64)

    def sample(self, n, generator=None, device="cpu"):
        g = generator
        k = torch.multinomial(self.weights, n, replacement=True, generator=g)
        z = torch.randn(n, dtype=torch.float64, generator=g)
        x = self.means[k] + self.stds[k] * z
        return x.float().reshape(n, 1).to(device)

    def density(self, x):
        x = np.asarray(x, dtype=np.float64)[..., None]
        m, s, w = self.means.numpy(), self.stds.numpy(), self.weights.numpy()
        return (w * np.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))).sum(-1)


class StudentT1D:
    """Student-t with an integer number of degrees of freedom and a scale (heavy tails)."""

    def __init__(self, dof=3, scale=1.0):
        self.dof, self.scale = int(dof), scale

    def sample(self, n, generator=None, device="cpu"):
        z = torch.randn(n, self.dof + 1, dtype=torch.float64, generator=generator)
        chi2 = z[:, 1:].pow(2).sum(dim=1)  # chi-square with dof degrees of freedom
        x = self.scale * z[:, 0] / torch.sqrt(chi2 / self.dof)
        return x.float().reshape(n, 1).to(device)

    def density(self, x):
        v, y = self.dof, np.asarray(x, dtype=np.float64) / self.scale
        c = math.gamma((v + 1) / 2) / (math.sqrt(v * math.pi) * math.gamma(v / 2))
        return c * (1 + y**2 / v) ** (-(v + 1) / 2) / self.scale


class LogNormal1D:
    """exp(N(mu, sigma^2)) (skewed, one-sided)."""

    def __init__(self, mu=0.0, sigma=0.6):
        self.mu, self.sigma = mu, sigma

    def sample(self, n, generator=None, device="cpu"):
        z = torch.randn(n, dtype=torch.float64, generator=generator)
        return torch.exp(self.mu + self.sigma * z).float().reshape(n, 1).to(device)

    def density(self, x):
        x = np.asarray(x, dtype=np.float64)
        pos = np.clip(x, 1e-12, None)
        d = np.exp(-0.5 * ((np.log(pos) - self.mu) / self.sigma) ** 2) / (pos * self.sigma * math.sqrt(2 * math.pi))
        return np.where(x > 0, d, 0.0)


class Samples1D:
    """A fixed 1-D sample set (e.g. from a .npy file), resampled with replacement."""

    def __init__(self, values):
        self.values = torch.as_tensor(np.asarray(values, dtype=np.float32).reshape(-1))

    def sample(self, n, generator=None, device="cpu"):
        idx = torch.randint(len(self.values), (n,), generator=generator)
        return self.values[idx].reshape(n, 1).to(device)

    def density(self, x):
        hist, edges = np.histogram(self.values.numpy(), bins=200, density=True)
        idx = np.clip(np.searchsorted(edges, np.asarray(x)) - 1, 0, len(hist) - 1)
        inside = (np.asarray(x) >= edges[0]) & (np.asarray(x) <= edges[-1])
        return np.where(inside, hist[idx], 0.0)


TARGETS_1D = {
    # default: three modes of different widths and weights
    "trimodal": lambda: Mixture1D([0.3, 0.45, 0.25], [-2.0, 0.5, 3.0], [0.15, 0.5, 0.3]),
    # narrow, sharp modes close together
    "sharp": lambda: Mixture1D([0.25, 0.25, 0.25, 0.25], [-1.5, -0.5, 0.5, 1.5], [0.03, 0.03, 0.03, 0.03]),
    # two modes far apart relative to their widths, unequal weights
    "far": lambda: Mixture1D([0.7, 0.3], [-6.0, 6.0], [0.5, 0.3]),
    # a skewed mixture: a broad bulk with a narrow shoulder
    "skewmix": lambda: Mixture1D([0.6, 0.3, 0.1], [0.0, 1.5, 4.0], [0.6, 0.4, 0.8]),
    "gaussian": lambda: Mixture1D([1.0], [1.0], [0.5]),
    "student_t": lambda: StudentT1D(dof=3, scale=1.0),
    "lognormal": lambda: LogNormal1D(0.0, 0.6),
}


def load_target_1d(name=None, data_file=None):
    """A named target from TARGETS_1D, or the samples in ``data_file`` (a 1-D .npy array)."""
    if data_file is not None:
        if not os.path.isfile(data_file):
            raise ValueError(f"--data-file {data_file}: no such file")
        try:
            values = np.load(data_file, allow_pickle=False)
        except Exception as e:  # noqa: BLE001 - any parse failure is the user's file
            raise ValueError(f"--data-file {data_file}: not a readable .npy array ({e})") from None
        if values.ndim == 2 and 1 in values.shape:
            values = values.reshape(-1)
        if values.ndim != 1 or values.size < 2:
            raise ValueError(f"--data-file {data_file}: expected a 1-D array of samples, got shape {values.shape}")
        if not np.issubdtype(values.dtype, np.number) or not np.isfinite(values).all():
            raise ValueError(f"--data-file {data_file}: values must be finite numbers")
        return Samples1D(values)
    if name not in TARGETS_1D:
        raise ValueError(f"unknown 1-D target {name!r}; known: {', '.join(TARGETS_1D)}")
    return TARGETS_1D[name]()

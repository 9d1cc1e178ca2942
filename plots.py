"""Figures a run writes (matplotlib, no display needed)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def histogram_1d(samples, target, path, title=""):
    """Histogram of generated 1-D samples over the target's density."""
    samples = np.asarray(samples).reshape(-1)
    lo, hi = np.percentile(samples, [0.2, 99.8])
    pad = 0.1 * (hi - lo)
    xs = np.linspace(lo - pad, hi + pad, 800)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.hist(samples, bins=200, range=(xs[0], xs[-1]), density=True, alpha=0.6, label="generated")
    ax.plot(xs, target.density(xs), "k", lw=1.2, label="data density")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def trajectories_1d(times, traj, path, title=""):
    """ODE trajectories x(t) for a few starting points; t runs from 1 (noise) to 0 (data)."""
    times, traj = np.asarray(times), np.asarray(traj)[..., 0]  # (T,), (T, B)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(times, traj, lw=0.7, alpha=0.8)
    ax.set_xlim(1, 0)
    ax.set_xlabel("t (1 = noise, 0 = data)")
    ax.set_ylabel("x")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)

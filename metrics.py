"""Sample-quality metrics."""

import numpy as np


def w1_1d(a, b):
    """1-D Wasserstein-1 distance between two empirical distributions (exact).

    W1 = integral |F_a(x) - F_b(x)| dx over the merged support."""
    a = np.sort(np.asarray(a, dtype=np.float64).reshape(-1))
    b = np.sort(np.asarray(b, dtype=np.float64).reshape(-1))
    if len(a) == len(b):
        return float(np.abs(a - b).mean())
    grid = np.sort(np.concatenate([a, b]))
    Fa = np.searchsorted(a, grid[:-1], side="right") / len(a)
    Fb = np.searchsorted(b, grid[:-1], side="right") / len(b)
    return float(np.sum(np.abs(Fa - Fb) * np.diff(grid)))


def evaluate_1d(velocity, target, n, *, mean=0.0, std=1.0, device="cpu", method="dopri5",
                steps=100, rtol=1e-5, atol=1e-5, shift=1.0):
    """Sample n points by integrating ``velocity`` (which works on standardised data
    z = (x - mean) / std) and score them against the target.

    Returns (samples as a numpy array, dict with w1, w1_floor, data_std, nfe)."""
    import torch

    from sampling import sample

    x1 = torch.randn(n, 1, device=device)
    try:
        z0, nfe = sample(velocity, x1, method=method, steps=steps, rtol=rtol, atol=atol, shift=shift)
    except AssertionError:  # torchdiffeq's "underflow in dt": the velocity field has blown up
        z0, nfe = torch.full_like(x1, float("nan")), -1
    x = (z0 * std + mean).cpu().numpy().reshape(-1)
    data_a = target.sample(n).numpy().reshape(-1)
    data_b = target.sample(n).numpy().reshape(-1)
    finite = bool(np.isfinite(x).all())
    result = {
        "w1": w1_1d(x, data_a) if finite else float("nan"),
        "w1_floor": w1_1d(data_a, data_b),
        "data_std": float(data_a.std()),
        "nfe": nfe,
        "n": n,
    }
    result["w1_over_std"] = result["w1"] / result["data_std"]
    return x, result

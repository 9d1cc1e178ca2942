import numpy as np
import pytest
import torch
from torch.testing import assert_close

from data import TARGETS_1D, load_target_1d
from metrics import w1_1d

trapezoid = getattr(np, "trapezoid", None) or np.trapz


def test_w1_shift_equal_sizes():
    """w1(a, a + c) = |c| for equal sample sizes, whichever the sign of c."""
    a = np.random.default_rng(0).normal(size=300)
    assert_close(w1_1d(a, a + 0.7), 0.7)
    assert_close(w1_1d(a, a - 0.7), 0.7)
    assert w1_1d(a, a) == 0


def test_w1_unequal_sizes():
    """Unequal sizes: [0,1] vs [0,0,1,1] is 0, [0] vs [1,1,1] is 1, and it matches the equal-size formula and scipy."""
    assert_close(w1_1d([0.0, 1.0], [0.0, 0.0, 1.0, 1.0]), 0.0)
    assert_close(w1_1d([0.0], [1.0, 1.0, 1.0]), 1.0)
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=200), rng.exponential(size=200)
    assert_close(w1_1d(a, np.repeat(b, 3)), w1_1d(a, b))  # same distribution as b, unequal size
    scipy_stats = pytest.importorskip("scipy.stats")
    c = rng.normal(1.0, 2.0, size=77)
    assert_close(w1_1d(a, c), scipy_stats.wasserstein_distance(a, c))


def test_w1_symmetric():
    """w1(a, b) = w1(b, a) for unequal sizes; inputs of shape (n, 1) are accepted."""
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(50, 1)), rng.normal(0.5, 1.0, size=(80, 1))
    assert_close(w1_1d(a, b), w1_1d(b, a))
    assert w1_1d(a, b) > 0


@pytest.mark.parametrize("name", sorted(TARGETS_1D))
def test_target_samples_and_density(name):
    """Every 1-D target: (n, 1) finite float32 samples, a density integrating to 1, and sampler CDF = density CDF."""
    target = TARGETS_1D[name]()
    x = target.sample(20_000, generator=torch.Generator().manual_seed(0))
    assert x.shape == (20_000, 1) and x.dtype == torch.float32 and torch.isfinite(x).all()
    grid = np.linspace(-300, 300, 600_001)  # dx = 1e-3, far below the narrowest mode (0.03)
    dens = target.density(grid)
    assert (dens >= 0).all()
    assert_close(trapezoid(dens, grid), 1.0, rtol=0, atol=2e-3)
    cdf = np.cumsum(dens) * (grid[1] - grid[0])
    xs = np.sort(x.numpy().ravel())
    for q in (0.1, 0.5, 0.9):  # the sampler's quantiles sit where the density's CDF says
        assert_close(float(np.interp(xs[int(q * len(xs))], grid, cdf)), q, rtol=0, atol=0.015)


def test_gaussian_target_moments():
    """The 'gaussian' target has mean 1 and std 0.5 (200k samples)."""
    x = load_target_1d("gaussian").sample(200_000, generator=torch.Generator().manual_seed(0)).double()
    assert_close(x.mean().item(), 1.0, rtol=0, atol=0.01)
    assert_close(x.std().item(), 0.5, rtol=0, atol=0.01)


@pytest.mark.parametrize("shape", [(100,), (100, 1)])
def test_load_npy_file(tmp_path, shape):
    """A 1-D (or (n, 1)) .npy file loads as a target that resamples its values, shape (n, 1)."""
    values = np.arange(100, dtype=np.float64).reshape(shape)
    np.save(tmp_path / "x.npy", values)
    target = load_target_1d(data_file=str(tmp_path / "x.npy"))
    x = target.sample(500)
    assert x.shape == (500, 1)
    assert set(x.numpy().ravel()) <= set(values.ravel().astype(np.float32))
    assert len(set(x.numpy().ravel())) > 50


def _bad_files(tmp_path):
    np.save(tmp_path / "wide.npy", np.zeros((10, 3)))
    np.save(tmp_path / "nan.npy", np.array([1.0, np.nan, 2.0]))
    np.save(tmp_path / "text.npy", np.array(["a", "b", "c"]))
    (tmp_path / "garbage.npy").write_bytes(np.random.default_rng(0).bytes(256))
    return {"missing": None, "wide": "shape", "nan": "finite", "text": "finite", "garbage": "readable"}


def test_load_bad_inputs(tmp_path):
    """Missing file, (10, 3) array, NaN, strings, random bytes, unknown name: ValueError with a one-line message."""
    for stem, word in _bad_files(tmp_path).items():
        with pytest.raises(ValueError) as info:
            load_target_1d(data_file=str(tmp_path / f"{stem}.npy"))
        msg = str(info.value)
        assert "\n" not in msg and (word or "no such file") in msg, msg
    with pytest.raises(ValueError, match="unknown 1-D target") as info:
        load_target_1d("not_a_target")
    assert "\n" not in str(info.value)

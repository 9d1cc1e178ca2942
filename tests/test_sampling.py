import pytest
import torch
from torch.testing import assert_close

from sampling import sample

M, S = 2.0, 0.5  # data x0 ~ N(M, S^2), noise x1 ~ N(0, 1), linear path


def gaussian_velocity(x, t):
    """Exact marginal velocity E[x1 - x0 | x_t = x] of the linear path for Gaussian data."""
    t = t.reshape(-1, 1)
    return -M + (t - (1 - t) * S**2) / ((1 - t) ** 2 * S**2 + t**2) * (x - (1 - t) * M)


@pytest.fixture(scope="module")
def x1():
    return torch.randn(64, 1, generator=torch.Generator().manual_seed(0), dtype=torch.float64)


def _error(x1, **kw):
    x0, nfe = sample(gaussian_velocity, x1, **kw)
    return (x0 - (M + S * x1)).abs().max().item(), nfe


@pytest.mark.parametrize("method, kw, tol, nfe", [
    ("dopri5", dict(rtol=1e-7, atol=1e-7), 1e-4, None),
    ("rk4", dict(steps=50), 1e-5, 200),
    ("midpoint", dict(steps=200), 1e-4, 400),
    ("euler", dict(steps=1000), 5e-3, 1000),
])
def test_exact_gaussian_transport(x1, method, kw, tol, nfe):
    """Integrating the exact velocity from t=1 to 0 maps x1 to M + S x1, within each solver's accuracy; NFE as expected."""
    err, n = _error(x1, method=method, **kw)
    assert err < tol
    assert n == nfe if nfe is not None else n > 0


def test_euler_is_first_order(x1):
    """Euler's error shrinks about 10x when the steps go from 100 to 1000."""
    e100, _ = _error(x1, method="euler", steps=100)
    e1000, _ = _error(x1, method="euler", steps=1000)
    assert 5 < e100 / e1000 < 20


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_fixed_step_nfe_is_exact(dtype):
    """Fixed-step solvers take exactly `steps` steps: NFE = steps, 2 steps, 4 steps for euler, midpoint, rk4."""
    x = torch.ones(2, 1, dtype=dtype)
    for steps in [1, 3, 49, 61, 98, 100, 109, 115, 121, 122, 123]:
        nfe = [sample(lambda x, t: -x, x, method=m, steps=steps)[1] for m in ("euler", "midpoint", "rk4")]
        assert nfe == [steps, 2 * steps, 4 * steps], steps


@pytest.mark.parametrize("method", ["rk4", "dopri5"])
def test_trajectory_output(x1, method):
    """times=linspace(1, 0, 11) gives an (11, B, 1) trajectory from x1 whose end equals the plain sample."""
    traj, _ = sample(gaussian_velocity, x1, method=method, steps=20, times=torch.linspace(1, 0, 11))
    x0, _ = sample(gaussian_velocity, x1, method=method, steps=20)
    assert traj.shape == (11, *x1.shape)
    assert_close(traj[0], x1, rtol=0, atol=0)
    assert_close(traj[-1], x0)
    assert_close(traj[5], (0.5 * M + (0.25 * S**2 + 0.25) ** 0.5 * x1), rtol=0, atol=1e-4)


def test_bad_arguments():
    """Unknown ODE method or steps < 1 raise ValueError."""
    with pytest.raises(ValueError, match="unknown ODE method"):
        sample(gaussian_velocity, torch.zeros(2, 1), method="leapfrog")
    with pytest.raises(ValueError, match="steps"):
        sample(gaussian_velocity, torch.zeros(2, 1), method="euler", steps=0)

import pytest
import torch
from torch.testing import assert_close

from models import InterpolantMLP
from paths import LearnedPath, LinearPath


@pytest.mark.parametrize("shape", [(5, 1), (3, 3, 4, 4)])
def test_linear_path_endpoints_and_velocity(shape):
    """LinearPath: x_0 = x0, x_1 = x1, midpoint is the average, dxdt = x1 - x0, for 2-D and 4-D batches."""
    x0, x1 = torch.randn(shape), torch.randn(shape)
    B = shape[0]
    for t, expected in [(0.0, x0), (1.0, x1), (0.5, (x0 + x1) / 2)]:
        x_t, dxdt = LinearPath()(x0, x1, torch.full((B,), t))
        assert x_t.shape == shape
        assert_close(x_t, expected)
        assert_close(dxdt, x1 - x0)


@pytest.fixture
def learned():
    torch.manual_seed(0)
    F = InterpolantMLP(dim=2, width=16, depth=2, time_dim=8).double()
    x0, x1 = torch.randn(6, 2, dtype=torch.float64), torch.randn(6, 2, dtype=torch.float64)
    return LearnedPath(F), x0, x1


def test_learned_path_endpoints_pinned(learned):
    """LearnedPath: x_t(0) = x0 and x_t(1) = x1 exactly, although F_phi is non-zero there."""
    path, x0, x1 = learned
    assert path.F_phi(x0, x1, torch.zeros(6, dtype=torch.float64)).abs().min() > 0
    assert_close(path(x0, x1, torch.zeros(6, dtype=torch.float64))[0], x0, rtol=0, atol=0)
    assert_close(path(x0, x1, torch.ones(6, dtype=torch.float64))[0], x1, rtol=0, atol=0)


def test_learned_path_velocity_matches_finite_difference(learned):
    """LearnedPath: the jvp dxdt equals a central finite difference of x_t in t (float64)."""
    path, x0, x1 = learned
    t, eps = torch.rand(6, dtype=torch.float64), 1e-6
    _, dxdt = path(x0, x1, t)
    fd = (path(x0, x1, t + eps)[0] - path(x0, x1, t - eps)[0]) / (2 * eps)
    assert_close(dxdt, fd, rtol=1e-6, atol=1e-8)


def test_learned_path_velocity_matches_autograd(learned):
    """LearnedPath: the jvp dxdt equals reverse-mode d/dt of the interpolant formula, per sample."""
    path, x0, x1 = learned
    t = torch.rand(6, dtype=torch.float64, requires_grad=True)
    tb = t[:, None]
    x_t = (1 - tb) * x0 + tb * x1 + tb * (1 - tb) * path.F_phi(x0, x1, t)
    # sample i depends only on t_i, so d(sum_i x_t[i, k])/dt_i = dx_t[i, k]/dt_i
    ref = torch.stack([torch.autograd.grad(x_t[:, k].sum(), t, retain_graph=True)[0] for k in range(2)], 1)
    x_path, dxdt = path(x0, x1, t.detach())
    assert_close(x_path, x_t.detach(), rtol=1e-12, atol=1e-12)
    assert_close(dxdt, ref, rtol=1e-12, atol=1e-12)


def test_learned_path_velocity_differentiable_in_phi(learned):
    """LearnedPath: a loss on dxdt backpropagates a non-zero gradient into every F_phi parameter."""
    path, x0, x1 = learned
    _, dxdt = path(x0, x1, torch.rand(6, dtype=torch.float64))
    dxdt.pow(2).sum().backward()
    grads = [p.grad for p in path.F_phi.parameters()]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)
    assert all(g.abs().sum() > 0 for g in grads)

import pytest
import torch
from torch.testing import assert_close

from models import CriticMLP, InterpolantMLP, TimeEmbedding, VelocityMLP, bound_norm, build_network


def _norms(x):
    return x.flatten(1).norm(dim=1)


@pytest.mark.parametrize("scale", [0.3, 1.0, 5.0])
def test_bound_norm_norm_and_direction(scale):
    """bound_norm: per-sample norm is tanh(|out|) < 1 and the direction is unchanged."""
    x = torch.randn(16, 3, dtype=torch.float64) * scale
    y = bound_norm(x)
    assert_close(_norms(y), torch.tanh(_norms(x)))
    assert (_norms(y) < 1).all()
    assert_close(torch.cosine_similarity(x, y, dim=1), torch.ones(16, dtype=torch.float64))


def test_bound_norm_identity_near_zero():
    """bound_norm: for tiny inputs the map is the identity (error O(|x|^3))."""
    x = torch.randn(8, 2, dtype=torch.float64) * 1e-4
    assert_close(bound_norm(x), x, rtol=1e-7, atol=0)


def test_bound_norm_zero_input():
    """bound_norm at 0: output 0, no NaN, and Jacobian = identity (a zero critic output still gets a gradient)."""
    x = torch.zeros(4, 3, requires_grad=True)
    y = bound_norm(x)
    assert_close(y, torch.zeros(4, 3))
    jac = torch.autograd.functional.jacobian(lambda z: bound_norm(z[None])[0], torch.zeros(3))
    assert_close(jac, torch.eye(3))
    y.sum().backward()
    assert_close(x.grad, torch.ones(4, 3))


def test_bound_norm_4d_uses_all_non_batch_dims():
    """bound_norm on (B, C, H, W): one norm per sample over C*H*W, not per channel or pixel."""
    x = torch.randn(3, 2, 4, 4, dtype=torch.float64) * torch.tensor([0.05, 1.0, 4.0], dtype=torch.float64)[:, None, None, None]
    y = bound_norm(x)
    n = _norms(x)
    assert_close(y, x * (torch.tanh(n) / n)[:, None, None, None])
    assert_close(_norms(y), torch.tanh(n))


def test_network_output_shapes():
    """Velocity, critic and interpolant MLPs map (B, dim) inputs and (B,) times to (B, dim)."""
    x, x1, t = torch.randn(5, 3), torch.randn(5, 3), torch.rand(5)
    kw = dict(dim=3, width=16, depth=2, time_dim=8)
    assert VelocityMLP(**kw)(x, t).shape == (5, 3)
    assert CriticMLP(**kw)(x, t).shape == (5, 3)
    assert CriticMLP(**kw).raw(x, t).shape == (5, 3)
    assert InterpolantMLP(**kw)(x, x1, t).shape == (5, 3)


def test_critic_output_bounded_for_huge_inputs():
    """CriticMLP: outputs stay finite with norm <= 1 (up to float32 rounding) for inputs scaled by 1e3."""
    torch.manual_seed(0)
    critic = CriticMLP(dim=2, width=16, depth=2)
    x, t = torch.randn(64, 2) * 1e3, torch.rand(64)
    assert _norms(critic.raw(x, t)).max() > 10  # the raw output is far outside the ball
    out = critic(x, t)
    assert torch.isfinite(out).all()
    # tanh(|raw|) rounds to exactly 1.0 once saturated, so the float32 norm can be 1 + 1 ulp
    assert (_norms(out) <= 1 + 1e-6).all()
    assert_close(torch.cosine_similarity(out, critic.raw(x, t), dim=1), torch.ones(64))


@pytest.mark.parametrize("kind", ["velocity_mlp", "critic_mlp", "interpolant_mlp"])
def test_build_network_round_trip(kind):
    """build_network(spec) rebuilds a net that loads the original's state_dict and gives identical outputs."""
    spec = {"kind": kind, "dim": 2, "width": 16, "depth": 2, "time_dim": 8}
    a, b = build_network(spec), build_network(spec)
    assert spec["kind"] == kind  # the spec is not consumed
    x, x1, t = torch.randn(7, 2), torch.randn(7, 2), torch.rand(7)
    args = (x, x1, t) if kind == "interpolant_mlp" else (x, t)
    assert not torch.equal(a(*args), b(*args))  # fresh initialisations differ
    b.load_state_dict(a.state_dict())
    assert_close(b(*args), a(*args), rtol=0, atol=0)


def test_build_network_unknown_kind():
    """build_network raises ValueError for an unknown kind."""
    with pytest.raises(ValueError, match="unknown network kind"):
        build_network({"kind": "resnet9000"})


def test_time_embedding():
    """TimeEmbedding: odd dim raises ValueError; even dim gives (B, dim + 1) with t as first feature."""
    with pytest.raises(ValueError):
        TimeEmbedding(7)
    t = torch.rand(4)
    e = TimeEmbedding(8)(t)
    assert e.shape == (4, 9)
    assert_close(e[:, 0], t)


def test_step_experts_route_each_sample_to_its_grid_steps_network():
    """StepExperts of K = 4: a mixed batch's output is, sample by sample, the output of the expert of the grid step
    (t_k - 1/4, t_k] its t lies in (grid times in their own step, t = 0 in the first); a batch of one time (the
    sampler's) and a scalar t give the same; the gradient of one sample reaches its expert only."""
    spec = {"kind": "velocity_mlp", "dim": 3, "width": 8, "depth": 2, "time_dim": 8}
    net = build_network({"kind": "step_experts", "spec": spec, "experts": 4})
    torch.manual_seed(0)
    for p in net.parameters():
        torch.nn.init.normal_(p, std=0.5)
    x = torch.randn(9, 3)
    t = torch.tensor([1.0, 0.75, 0.5, 0.25, 0.0, 0.1, 0.3, 0.6, 0.9])
    expert = [3, 2, 1, 0, 0, 0, 1, 2, 3]
    want = torch.cat([net.experts[k](x[i:i + 1], t[i:i + 1]) for i, k in enumerate(expert)])
    assert_close(net(x, t), want)
    assert_close(net(x, torch.full((9,), 0.5)), net.experts[1](x, torch.full((9,), 0.5)))
    assert_close(net(x, torch.tensor(0.75)), net.experts[2](x, torch.full((9,), 0.75)))
    net(x[6:7], t[6:7]).sum().backward()
    assert [any(p.grad is not None and p.grad.abs().sum() > 0 for p in e.parameters()) for e in net.experts] == \
        [False, True, False, False]

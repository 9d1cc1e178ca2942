"""ODE sampler: integrate dx/dt = E_psi(x, t) from t=1 (x1 ~ N(0, I)) to t=0 (data).

One function samples 1-D points and images alike. Every sampler call returns the samples and
the number of velocity evaluations (NFE), counted at the call (dopri5 shares its step size over
the batch, so NFE is per batch, not per sample).
"""

import math

import torch
from torchdiffeq import odeint

from losses import FEW_STEP_OBJECTIVES
from paths import shift_time, unshift_time

ADAPTIVE = ("dopri5", "dopri8", "bosh3", "adaptive_heun")
FIXED = ("euler", "midpoint", "rk4", "heun3")


class _Counted(torch.nn.Module):
    def __init__(self, velocity):
        super().__init__()
        self.velocity, self.nfe = velocity, 0

    def forward(self, t, x):
        self.nfe += 1
        return self.velocity(x, t.expand(x.shape[0]).to(x.dtype))


def _fixed_grid(step_size, shift=1.0):
    """torchdiffeq's ``step_size`` grid, with round() where it has ceil(span / step_size + 1):
    1/steps is inexact in floating point, and ceil() added a spurious extra step for some
    ``steps`` (61, 109... in float32; 49, 98... in float64), so NFE was not ``steps``.
    With ``shift`` != 1 the grid is uniform in u and its times are paths.shift_time(u, shift)."""
    def grid(func, y0, t):  # t runs either way (torchdiffeq passes decreasing times as they are)
        u0, u1 = unshift_time(t[0], shift), unshift_time(t[-1], shift)
        span = float(u1 - u0)
        n = max(1, round(abs(span) / step_size))
        g = shift_time(torch.arange(n + 1, dtype=t.dtype, device=t.device) * math.copysign(step_size, span) + u0, shift)
        g[0], g[-1] = t[0], t[-1]
        return g
    return grid


@torch.no_grad()
def sample(velocity, x1, method="dopri5", steps=100, rtol=1e-5, atol=1e-5, times=None, shift=1.0):
    """Integrate dx/dt = velocity(x, t) from t=1 to t=0, starting at x1.

    velocity: callable (x: (B, ...), t: (B,)) -> (B, ...).
    method: an adaptive solver (``dopri5``... , uses rtol/atol) or a fixed-step one
        (``euler``, ``midpoint``, ``rk4``, uses ``steps`` equal steps).
    shift: a fixed-step solver's grid is paths.shift_time(j / steps, shift), j = steps..0 (--time-shift,
        --ode-shift); 1 is the uniform grid. Adaptive solvers ignore it.
    times: optional decreasing 1-D tensor of output times from 1 to 0; then the trajectory
        at those times is returned, shape (len(times), B, ...).
    Returns (x0 or trajectory, nfe).
    """
    if method not in ADAPTIVE + FIXED:
        raise ValueError(f"unknown ODE method {method!r}; choose from {', '.join(ADAPTIVE + FIXED)}")
    func = _Counted(velocity)
    out_times = times if times is not None else torch.tensor([1.0, 0.0])
    out_times = out_times.to(device=x1.device, dtype=x1.dtype)
    if method in FIXED:
        if steps < 1:
            raise ValueError(f"steps must be >= 1, got {steps}")
        options = {"grid_constructor": _fixed_grid(1.0 / steps, shift), "perturb": False}
        traj = odeint(func, x1, out_times, method=method, options=options)
    else:
        traj = odeint(func, x1, out_times, method=method, rtol=rtol, atol=atol)
    return (traj if times is not None else traj[-1]), func.nfe


def solver_for(config, method=None, steps=None):
    """(method, steps) to sample a run with ``config`` (its flags, a dict): the given ones, else
    the run's own: for the few-step objectives (discrete, distill, adv_distill) K steps of its --step-method on the training grid (Euler,
    NFE = K, also for runs that predate the flag), dopri5 otherwise (``steps`` 100 for a fixed-step
    method chosen without steps)."""
    if config.get("objective") in FEW_STEP_OBJECTIVES:
        return method or config.get("step_method", "euler"), steps or config["time_steps"]
    return method or "dopri5", steps or 100


def shift_for(config, shift=None):
    """The fixed-step grid's shift to sample a run with ``config``: the given one, else the run's own --time-shift
    for the few-step objectives (the grid it was trained on), else 1 (uniform)."""
    if shift is not None:
        return shift
    return config.get("time_shift", 1.0) if config.get("objective") in FEW_STEP_OBJECTIVES else 1.0

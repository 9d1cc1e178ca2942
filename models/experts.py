"""E_psi as one network per step of a K-step sampler (--step-experts), as eDiff-I splits its denoiser
into experts by noise level: a student of K times the parent's parameters at the parent's cost per
evaluation, since each sample meets only its own expert."""

import torch
from torch import nn

from paths import unshift_time


class StepExperts(nn.Module):
    """E_psi(x, t): (B, ...), (B,) or () -> E_{k(t)}(x, t), with k(t) = ceil(t K) clamped to 1..K the grid step
    (t_k - 1/K, t_k] that t lies in (a grid time t_k = k / K itself, up to 1e-3 / K of rounding, belongs to its own
    step), and E_1..E_K ``experts`` networks of one ``spec``. Every sampler time of a K-step Euler or midpoint
    sampler lies in the step it is taken in, so each step of the sampler is one expert's. A batch of mixed times
    is split by expert and put back in order (on CUDA the split reads the group sizes: a host sync per call).
    On a --time-shift grid (``shift`` s != 1) the steps are those of t_k = paths.shift_time(k / K, s): k(t) =
    ceil(u K) with u = paths.unshift_time(t, s)."""

    def __init__(self, spec, experts, shift=1.0):
        super().__init__()
        from . import build_network  # the wrapper is built by the same factory
        if experts < 1:
            raise ValueError(f"experts must be at least 1, got {experts}")
        self.experts = nn.ModuleList(build_network(spec) for _ in range(experts))
        self.shift = shift

    @property
    def bf16(self):
        return getattr(self.experts[0], "bf16", False)

    @bf16.setter
    def bf16(self, on):
        for net in self.experts:
            net.bf16 = on

    def expert_of(self, t):
        """(B,) times -> (B,) expert indices 0..K-1."""
        K = len(self.experts)
        return (torch.ceil(unshift_time(t, self.shift) * K - 1e-3).clamp(1, K) - 1).long()

    def _routed(self, call, x, t):
        """call(net, x, t) on each sample's expert; outputs (a tensor or a list of tensors) in the batch's order."""
        t = t.expand(x.shape[0]) if t.dim() == 0 else t
        which = self.expert_of(t)
        groups = [(net, (which == i).nonzero().squeeze(1)) for i, net in enumerate(self.experts)]
        groups = [(net, idx) for net, idx in groups if idx.numel()]
        if len(groups) == 1:  # one step's batch, as the sampler's: no split
            return call(groups[0][0], x, t)
        out = None
        for net, idx in groups:
            y = call(net, x.index_select(0, idx), t.index_select(0, idx))
            ys = y if isinstance(y, list) else [y]
            if out is None:
                out = [v.new_zeros(x.shape[0], *v.shape[1:]) for v in ys]
            out = [o.index_copy(0, idx, v) for o, v in zip(out, ys)]
        return out if isinstance(y, list) else out[0]

    def forward(self, x, t):
        return self._routed(lambda net, x, t: net(x, t), x, t)

    def features(self, x, t):
        """Each sample's expert's feature maps (UNet.features), for a teacher of --adv-critic teacher."""
        return self._routed(lambda net, x, t: net.features(x, t), x, t)


def with_step_experts(spec, experts, shift=1.0):
    """E_psi's spec for --step-experts: ``spec`` itself (``experts`` 0), or one copy per step of the grid (of
    --time-shift ``shift``; the key only when it is not 1, so uniform-grid specs read as before)."""
    if not experts:
        return spec
    return {"kind": "step_experts", "spec": spec, "experts": experts, **({"shift": shift} if shift != 1 else {})}


def inner_spec(spec):
    """The network one expert is (``spec`` itself when it has no experts)."""
    return spec["spec"] if spec.get("kind") == "step_experts" else spec


def replicate(weights, spec, parent_spec):
    """A parent's state dict (of ``parent_spec``) as the state dict of a network of ``spec``: unchanged for the
    same spec; each expert a copy of the parent when ``spec`` is experts of ``parent_spec`` (the student then
    starts as the parent at every t). None when neither holds."""
    if spec == parent_spec:
        return weights
    if spec.get("kind") == "step_experts" and spec["spec"] == parent_spec:
        return {f"experts.{i}.{k}": v.clone() for i in range(spec["experts"]) for k, v in weights.items()}
    return None

"""Networks of the continuous GAN.

Every network is built from a *spec*, a plain dict ``{"kind": NAME, **kwargs}`` that a
checkpoint stores beside the weights, so a checkpoint alone rebuilds its networks
(``build_network(spec)``); no script retypes hyper-parameters.

Roles (names follow the write-up, ../shared/seeds/000):
    E_psi(x_t, t)        velocity field, the generator
    score_theta(x_t, t)  critic, output norm bounded by ``bound_norm``; or a scalar D_theta(x_t, t)
                         whose x-gradient is the score (scalar_critic_*, --critic-form grad)
    F_phi(x0, x1, t)     correction of the learned interpolant
a scalar critic D_theta(x, t) for the discrete-time objective (scalar.py), heads on a frozen UNet's
feature maps (``feature_critic``, --adv-critic teacher), the x0-prediction
wrapper of E_psi (``{"kind": "predict_x0", "spec": ...}``), E_psi as one network per sampler step
(``{"kind": "step_experts", "spec": ..., "experts": K}``, --step-experts; experts.py), and, for the WGAN-GP baseline, a DCGAN generator G(z) and critic D(x) (dcgan.py).
"""

from .dcgan import Critic, Generator
from .embedding import TimeEmbedding
from .experts import StepExperts, inner_spec, replicate, with_step_experts
from .mlp import CriticMLP, InterpolantMLP, ScalarCriticMLP, VelocityMLP, bound_norm
from .scalar import FeatureCritic, PredictX0, ScalarCriticConv
from .unet import CriticUNet, InterpolantUNet, ScalarCriticUNet, UNet, feature_channels

NETWORKS = {
    "velocity_mlp": VelocityMLP,
    "critic_mlp": CriticMLP,
    "scalar_critic_mlp": ScalarCriticMLP,
    "interpolant_mlp": InterpolantMLP,
    "unet": UNet,
    "critic_unet": CriticUNet,
    "scalar_critic_unet": ScalarCriticUNet,
    "interpolant_unet": InterpolantUNet,
    "dcgan_generator": Generator,
    "dcgan_critic": Critic,
    "scalar_critic_conv": ScalarCriticConv,
    "feature_critic": FeatureCritic,
    "predict_x0": PredictX0,
    "step_experts": StepExperts,
}


def build_network(spec):
    """Instantiate the network described by ``spec = {"kind": ..., **kwargs}``."""
    spec = dict(spec)
    kind = spec.pop("kind")
    if kind not in NETWORKS:
        raise ValueError(f"unknown network kind {kind!r}; known: {', '.join(sorted(NETWORKS))}")
    return NETWORKS[kind](**spec)


def with_prediction(spec, predict):
    """E_psi's spec for ``--predict``: the network itself ("velocity"), or wrapped to predict x0 ("x0")."""
    if predict == "velocity":
        return spec
    if predict == "x0":
        return {"kind": "predict_x0", "spec": spec}
    raise ValueError(f"unknown prediction {predict!r}; known: velocity, x0")


def count_parameters(net):
    return sum(p.numel() for p in net.parameters())


__all__ = [
    "TimeEmbedding", "VelocityMLP", "CriticMLP", "InterpolantMLP", "UNet", "CriticUNet", "InterpolantUNet", "bound_norm",
    "ScalarCriticMLP", "ScalarCriticUNet", "ScalarCriticConv", "FeatureCritic", "PredictX0", "feature_channels",
    "StepExperts", "with_step_experts", "inner_spec", "replicate",
    "Generator", "Critic",
    "NETWORKS", "build_network", "with_prediction", "count_parameters",
]

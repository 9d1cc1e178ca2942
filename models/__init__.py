"""Networks of the continuous GAN.

Every network is built from a *spec*, a plain dict ``{"kind": NAME, **kwargs}`` that a
checkpoint stores beside the weights, so a checkpoint alone rebuilds its networks
(``build_network(spec)``); no script retypes hyper-parameters.

Roles (names follow the write-up, ../shared/seeds/000):
    E_psi(x_t, t)        velocity field, the generator
    score_theta(x_t, t)  critic, output norm bounded by ``bound_norm``; or a scalar D_theta(x_t, t)
                         whose x-gradient is the score (scalar_critic_*, --critic-form grad)
    F_phi(x0, x1, t)     correction of the learned interpolant
and, for the WGAN-GP baseline, a DCGAN generator G(z) and critic D(x) (dcgan.py).
"""

from .dcgan import Critic, Generator
from .embedding import TimeEmbedding
from .mlp import CriticMLP, InterpolantMLP, ScalarCriticMLP, VelocityMLP, bound_norm
from .unet import CriticUNet, InterpolantUNet, ScalarCriticUNet, UNet

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
}


def build_network(spec):
    """Instantiate the network described by ``spec = {"kind": ..., **kwargs}``."""
    spec = dict(spec)
    kind = spec.pop("kind")
    if kind not in NETWORKS:
        raise ValueError(f"unknown network kind {kind!r}; known: {', '.join(sorted(NETWORKS))}")
    return NETWORKS[kind](**spec)


def count_parameters(net):
    return sum(p.numel() for p in net.parameters())


__all__ = [
    "TimeEmbedding", "VelocityMLP", "CriticMLP", "InterpolantMLP", "UNet", "CriticUNet", "InterpolantUNet", "bound_norm",
    "ScalarCriticMLP", "ScalarCriticUNet",
    "Generator", "Critic",
    "NETWORKS", "build_network", "count_parameters",
]

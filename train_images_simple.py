"""Continuous GAN on images with the linear path x_t = (1 - t) x0 + t x1 (t=0 data, t=1 noise).

    python train_images_simple.py --dataset cifar10                 # 35.7M-param UNet, 400k steps
    python train_images_simple.py --dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist
    nohup python train_images_simple.py --dataset mnist --bf16 >> logs/mnist.txt &

Writes into --out: config.json, metrics.jsonl, samples_raw_STEP.png and samples_ema_STEP.png
(8x8 grids from fixed noise) every --sample-every steps and at the end, checkpoint_STEP.pt (the
newest --keep-checkpoints; each rebuilds the networks alone; --resume continues from the newest
readable one). Everything but the path is in image_run.py.

    torchrun --nproc_per_node 8 train_images_simple.py --dataset cifar10 --bf16   # 8 GPUs, global batch 128
"""

import image_run
from paths import LinearPath


def build_path(args, shape, device):
    """No F_phi; x_t and dx_t/dt in closed form."""
    return None, LinearPath()


if __name__ == "__main__":
    image_run.main("train_images_simple", "linear", build_path, description=__doc__)

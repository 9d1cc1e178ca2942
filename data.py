"""Data sources.

1-D targets: named distributions with a sampler and a density (for plots), or any 1-D sample
set stored as a ``.npy`` file (resampled with replacement; its density is a histogram).
Samples are (N, 1) float tensors on the generator's device.
"""

import math
import os
import pickle

import numpy as np
import torch


class Mixture1D:
    """Mixture of 1-D Gaussians."""

    def __init__(self, weights, means, stds):
        w = torch.tensor(weights, dtype=torch.float64)
        self.weights, self.means, self.stds = w / w.sum(), torch.tensor(means, dtype=torch.float64), torch.tensor(stds, dtype=torch.float64)

    def sample(self, n, generator=None, device="cpu"):
        g = generator
        k = torch.multinomial(self.weights, n, replacement=True, generator=g)
        z = torch.randn(n, dtype=torch.float64, generator=g)
        x = self.means[k] + self.stds[k] * z
        return x.float().reshape(n, 1).to(device)

    def density(self, x):
        x = np.asarray(x, dtype=np.float64)[..., None]
        m, s, w = self.means.numpy(), self.stds.numpy(), self.weights.numpy()
        return (w * np.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))).sum(-1)


class StudentT1D:
    """Student-t with an integer number of degrees of freedom and a scale (heavy tails)."""

    def __init__(self, dof=3, scale=1.0):
        self.dof, self.scale = int(dof), scale

    def sample(self, n, generator=None, device="cpu"):
        z = torch.randn(n, self.dof + 1, dtype=torch.float64, generator=generator)
        chi2 = z[:, 1:].pow(2).sum(dim=1)  # chi-square with dof degrees of freedom
        x = self.scale * z[:, 0] / torch.sqrt(chi2 / self.dof)
        return x.float().reshape(n, 1).to(device)

    def density(self, x):
        v, y = self.dof, np.asarray(x, dtype=np.float64) / self.scale
        c = math.gamma((v + 1) / 2) / (math.sqrt(v * math.pi) * math.gamma(v / 2))
        return c * (1 + y**2 / v) ** (-(v + 1) / 2) / self.scale


class LogNormal1D:
    """exp(N(mu, sigma^2)) (skewed, one-sided)."""

    def __init__(self, mu=0.0, sigma=0.6):
        self.mu, self.sigma = mu, sigma

    def sample(self, n, generator=None, device="cpu"):
        z = torch.randn(n, dtype=torch.float64, generator=generator)
        return torch.exp(self.mu + self.sigma * z).float().reshape(n, 1).to(device)

    def density(self, x):
        x = np.asarray(x, dtype=np.float64)
        pos = np.clip(x, 1e-12, None)
        d = np.exp(-0.5 * ((np.log(pos) - self.mu) / self.sigma) ** 2) / (pos * self.sigma * math.sqrt(2 * math.pi))
        return np.where(x > 0, d, 0.0)


class Samples1D:
    """A fixed 1-D sample set (e.g. from a .npy file), resampled with replacement."""

    def __init__(self, values):
        self.values = torch.as_tensor(np.asarray(values, dtype=np.float32).reshape(-1))

    def sample(self, n, generator=None, device="cpu"):
        idx = torch.randint(len(self.values), (n,), generator=generator)
        return self.values[idx].reshape(n, 1).to(device)

    def density(self, x):
        hist, edges = np.histogram(self.values.numpy(), bins=200, density=True)
        idx = np.clip(np.searchsorted(edges, np.asarray(x)) - 1, 0, len(hist) - 1)
        inside = (np.asarray(x) >= edges[0]) & (np.asarray(x) <= edges[-1])
        return np.where(inside, hist[idx], 0.0)


TARGETS_1D = {
    # default: three modes of different widths and weights
    "trimodal": lambda: Mixture1D([0.3, 0.45, 0.25], [-2.0, 0.5, 3.0], [0.15, 0.5, 0.3]),
    # narrow, sharp modes close together
    "sharp": lambda: Mixture1D([0.25, 0.25, 0.25, 0.25], [-1.5, -0.5, 0.5, 1.5], [0.03, 0.03, 0.03, 0.03]),
    # two modes far apart relative to their widths, unequal weights
    "far": lambda: Mixture1D([0.7, 0.3], [-6.0, 6.0], [0.5, 0.3]),
    # a skewed mixture: a broad bulk with a narrow shoulder
    "skewmix": lambda: Mixture1D([0.6, 0.3, 0.1], [0.0, 1.5, 4.0], [0.6, 0.4, 0.8]),
    "gaussian": lambda: Mixture1D([1.0], [1.0], [0.5]),
    "student_t": lambda: StudentT1D(dof=3, scale=1.0),
    "lognormal": lambda: LogNormal1D(0.0, 0.6),
}


def load_target_1d(name=None, data_file=None):
    """A named target from TARGETS_1D, or the samples in ``data_file`` (a 1-D .npy array)."""
    if data_file is not None:
        if not os.path.isfile(data_file):
            raise ValueError(f"--data-file {data_file}: no such file")
        try:
            values = np.load(data_file, allow_pickle=False)
        except Exception as e:  # noqa: BLE001 - any parse failure is the user's file
            raise ValueError(f"--data-file {data_file}: not a readable .npy array ({e})") from None
        if values.ndim == 2 and 1 in values.shape:
            values = values.reshape(-1)
        if values.ndim != 1 or values.size < 2:
            raise ValueError(f"--data-file {data_file}: expected a 1-D array of samples, got shape {values.shape}")
        if not np.issubdtype(values.dtype, np.number) or not np.isfinite(values).all():
            raise ValueError(f"--data-file {data_file}: values must be finite numbers")
        return Samples1D(values)
    if name not in TARGETS_1D:
        raise ValueError(f"unknown 1-D target {name!r}; known: {', '.join(TARGETS_1D)}")
    return TARGETS_1D[name]()


# ------------------------------------------------------------------------------------ images
#
# Image data sets are read once into one uint8 tensor (N, C, H, W) that lives on the training
# device; ImageData.sample draws a batch by random index, scales it to [-1, 1] and flips it on the
# device (no DataLoader, no host sync). Readers of the on-disk formats are written here: the
# idx files of (Fashion-)MNIST and the python pickles of CIFAR-10 (torchvision's CIFAR10 class
# insists on the original files' MD5s).

IMAGE_DATASETS = {
    # name: (shape, random horizontal flips, default --data-dir candidates)
    "cifar10": ((3, 32, 32), True, ["data/cifar10"]),
    "fashion_mnist": ((1, 28, 28), False, ["/usr/share/datasets/fashion-mnist", "data/fashion_mnist"]),
    "mnist": ((1, 28, 28), False, ["/usr/share/datasets/mnist", "data/mnist"]),
}

_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_TORCHVISION_IDX_DIRS = {"fashion_mnist": "FashionMNIST", "mnist": "MNIST"}
_DOWNLOAD_HELP = {
    "cifar10": "download https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz and extract it into {dir}",
    "fashion_mnist": "apt-get install dataset-fashion-mnist (then --data-dir /usr/share/datasets/fashion-mnist), "
                     "or put train-images-idx3-ubyte(.gz) into {dir}",
    "mnist": "put MNIST's train-images-idx3-ubyte(.gz) into {dir}",
}


def read_idx(path):
    """An idx file (the (Fashion-)MNIST format, plain or .gz) as a numpy array.

    Header: two zero bytes, a dtype code, the number of dims n, then n big-endian uint32 sizes."""
    import gzip
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path}: not an idx file")
    ndim = raw[3]
    shape = tuple(int(s) for s in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    count = int(np.prod(shape))
    if len(raw) != 4 + 4 * ndim + count * dtype.itemsize:
        raise ValueError(f"{path}: idx header says shape {shape}, file size disagrees")
    return np.frombuffer(raw, dtype=dtype, count=count, offset=4 + 4 * ndim).reshape(shape)


_CIFAR_FILES = {"train": [f"data_batch_{i}" for i in range(1, 6)], "test": ["test_batch"]}
_IDX_FILES = {"train": "train", "test": "t10k"}


def read_cifar10(folder, split="train"):
    """CIFAR-10's images in ``folder`` as uint8 (N, 3, 32, 32): the 50,000 of data_batch_1..5
    (``split="train"``) or the 10,000 of test_batch (``split="test"``)."""
    import pickle
    parts = []
    for fname in _CIFAR_FILES[split]:
        with open(os.path.join(folder, fname), "rb") as f:
            batch = pickle.load(f, encoding="latin1")  # python-2 pickles with byte-string keys
        parts.append(np.asarray(batch["data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
    return np.concatenate(parts)


def _find_idx(folder, name, split="train"):
    stem = _IDX_FILES[split]
    for sub in (folder, os.path.join(folder, _TORCHVISION_IDX_DIRS[name], "raw")):
        for fname in (f"{stem}-images-idx3-ubyte", f"{stem}-images-idx3-ubyte.gz", f"{stem}-images.idx3-ubyte"):
            if os.path.isfile(os.path.join(sub, fname)):
                return os.path.join(sub, fname)
    return None


def _find_cifar(folder, split="train"):
    for sub in (folder, os.path.join(folder, "cifar-10-batches-py")):
        if all(os.path.isfile(os.path.join(sub, f)) for f in _CIFAR_FILES[split]):
            return sub
    return None


def _download(name, folder):
    """torchvision's download of ``name`` into ``folder``; its chatter is silenced. Returns an error or None."""
    import contextlib
    import io

    import torchvision
    cls = {"cifar10": torchvision.datasets.CIFAR10, "fashion_mnist": torchvision.datasets.FashionMNIST,
           "mnist": torchvision.datasets.MNIST}[name]
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cls(root=folder, train=True, download=True)
    except Exception as e:  # noqa: BLE001 - network, disk and checksum failures alike
        return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".rstrip(": ")
    return None


def default_data_dir(name):
    candidates = IMAGE_DATASETS[name][2]
    return next((d for d in candidates if os.path.isdir(d)), candidates[-1])


def load_images(name, data_dir=None, download=True, split="train"):
    """The training (or, with ``split="test"``, test) images of ``name`` as uint8 (N, C, H, W).

    Looks in ``data_dir`` (default: default_data_dir(name)); when the files are absent and
    ``download`` is set, tries torchvision's download into it. Raises ValueError with a one-line
    reason and what to do when neither works."""
    if name not in IMAGE_DATASETS:
        raise ValueError(f"unknown image data set {name!r}; known: {', '.join(IMAGE_DATASETS)}")
    folder = data_dir or default_data_dir(name)
    if split not in _IDX_FILES:
        raise ValueError(f"unknown split {split!r}; known: train, test")
    find = (lambda d: _find_cifar(d, split)) if name == "cifar10" else (lambda d: _find_idx(d, name, split))
    found = find(folder)
    why = "not found"
    if found is None and download:
        error = _download(name, folder)
        found = find(folder)
        if found is None:
            why = f"not found and download failed ({error or 'no files after download'})"
    if found is None:
        raise ValueError(f"{name} {split} images {why} in {folder}; {_DOWNLOAD_HELP[name].format(dir=folder)}")
    try:
        images = read_cifar10(found, split) if name == "cifar10" else read_idx(found)
    except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError) as e:  # a truncated CIFAR-10 pickle
        raise ValueError(f"{name} in {found}: unreadable ({e})") from None
    if images.ndim == 3:
        images = images[:, None]
    shape = IMAGE_DATASETS[name][0]
    if images.shape[1:] != shape or images.dtype != np.uint8:
        raise ValueError(f"{name} in {found}: expected uint8 images of shape {shape}, got {images.dtype} {images.shape[1:]}")
    return images


class ImageData:
    """A uint8 image set held on one device; ``sample(n)`` -> (n, C, H, W) float in [-1, 1].

    Batches are drawn uniformly with replacement by index (torch's global RNG, on the device);
    ``flip`` mirrors each image left-right with probability 1/2."""

    def __init__(self, images, device, flip=False):
        self.images = torch.tensor(np.asarray(images)).to(device)  # a copy: read-only buffers stay untouched
        self.flip = flip

    @property
    def shape(self):
        return tuple(self.images.shape[1:])

    def __len__(self):
        return self.images.shape[0]

    def sample(self, n):
        dev = self.images.device
        x = self.images[torch.randint(len(self), (n,), device=dev)].float() / 127.5 - 1
        if self.flip:
            mirror = torch.rand(n, device=dev) < 0.5
            x = torch.where(mirror[:, None, None, None], x.flip(3), x)
        return x


def load_image_data(name, device, data_dir=None, download=True):
    """ImageData for data set ``name`` on ``device`` (flips for CIFAR-10)."""
    return ImageData(load_images(name, data_dir, download), device, flip=IMAGE_DATASETS[name][1])

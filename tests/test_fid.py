"""FID (fid.py) and the evaluation command (evaluate.py).

The Frechet distance is checked against closed forms; the TF-Inception features on a handful of
images for shape, determinism and layout; evaluate.py end to end on tiny 1-D and image
checkpoints and on a .npy of images, with its one-line errors."""

import json
import os
import sys

import numpy as np
import pytest
import scipy.linalg

import data
import evaluate
import fid
import image_run
import train1d
import train_images_simple
from training import checkpoint_path
from test_images import write_idx


def random_spd(rng, d):
    a = rng.normal(size=(d, d))
    return a @ a.T / d + 0.1 * np.eye(d)


# ------------------------------------------------------------------------------ Frechet distance
def test_identical_statistics_give_zero():
    rng = np.random.default_rng(0)
    mu, sigma = rng.normal(size=32), random_spd(rng, 32)
    assert abs(fid.frechet_distance(mu, sigma, mu, sigma)) < 1e-8 * np.trace(sigma)


def test_diagonal_gaussians_closed_form():
    """Commuting covariances: |mu1 - mu2|^2 + sum (sqrt(a) - sqrt(b))^2."""
    rng = np.random.default_rng(1)
    mu1, mu2 = rng.normal(size=8), rng.normal(size=8)
    a, b = rng.uniform(0.1, 3, 8), rng.uniform(0.1, 3, 8)
    want = np.sum((mu1 - mu2) ** 2) + np.sum((np.sqrt(a) - np.sqrt(b)) ** 2)
    assert fid.frechet_distance(mu1, np.diag(a), mu2, np.diag(b)) == pytest.approx(want, rel=1e-10)


def test_general_covariance_against_identity_closed_form():
    """With S1 = I, tr((S1 S2)^(1/2)) is the sum of the square roots of S2's eigenvalues."""
    rng = np.random.default_rng(2)
    d = 16
    mu1, mu2, s2 = rng.normal(size=d), rng.normal(size=d), random_spd(rng, d)
    want = np.sum((mu1 - mu2) ** 2) + d + np.trace(s2) - 2 * np.sum(np.sqrt(np.linalg.eigvalsh(s2)))
    assert fid.frechet_distance(mu1, np.eye(d), mu2, s2) == pytest.approx(want, rel=1e-9)


def test_general_pair_matches_the_symmetric_form_and_is_symmetric():
    """tr((S1 S2)^(1/2)) = tr((S1^(1/2) S2 S1^(1/2))^(1/2)), a symmetric PSD square root."""
    rng = np.random.default_rng(3)
    d = 12
    mu1, mu2, s1, s2 = rng.normal(size=d), rng.normal(size=d), random_spd(rng, d), random_spd(rng, d)
    r = np.real(scipy.linalg.sqrtm(s1))
    want = np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.sum(np.sqrt(np.linalg.eigvalsh(r @ s2 @ r)))
    assert fid.frechet_distance(mu1, s1, mu2, s2) == pytest.approx(want, rel=1e-9)
    assert fid.frechet_distance(mu2, s2, mu1, s1) == pytest.approx(want, rel=1e-9)


def test_statistics_of_samples_approach_the_closed_form():
    rng = np.random.default_rng(4)
    a = rng.normal(size=(100_000, 3)) * [1.0, 2.0, 0.5]
    b = rng.normal(size=(100_000, 3)) * [1.5, 2.0, 0.5] + [1.0, 0, 0]
    want = 1.0 + (1 - 1.5) ** 2
    assert fid.frechet_distance(*fid.statistics(a), *fid.statistics(b)) == pytest.approx(want, abs=0.03)


def test_frechet_distance_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="shape"):
        fid.frechet_distance(np.zeros(3), np.eye(3), np.zeros(4), np.eye(4))


# ------------------------------------------------------------------------------ features
@pytest.fixture(scope="module")
def extractor():
    return fid.InceptionFeatures("cpu", batch_size=4)


@pytest.mark.slow
def test_features_shape_determinism_and_layouts(extractor):
    """(N, 2048) float32; the same on a second call and in batches of 1; grayscale given as
    (N, H, W), (N, 1, H, W), (N, H, W, 1) or three equal channels gives the same features."""
    x = np.random.default_rng(5).integers(0, 256, (3, 28, 28), dtype=np.uint8)
    f = extractor(x)
    assert f.shape == (3, fid.FEATURE_DIM) and f.dtype == np.float32 and np.isfinite(f).all()
    assert np.array_equal(f, extractor(x))
    np.testing.assert_allclose(fid.InceptionFeatures("cpu", batch_size=1)(x), f, atol=1e-4)
    for layout in (x[:, None], x[..., None], np.repeat(x[:, None], 3, axis=1)):
        np.testing.assert_allclose(extractor(layout), f, atol=1e-4)
    assert not np.allclose(f[0], f[1], atol=1e-2)  # different images, different features


def test_images_must_be_uint8_with_one_or_three_channels():
    with pytest.raises(ValueError, match="uint8"):
        fid.as_nchw_uint8(np.zeros((2, 28, 28), dtype=np.float32))
    with pytest.raises(ValueError, match="shape"):
        fid.as_nchw_uint8(np.zeros((2, 5, 28, 28), dtype=np.uint8))


def fake_extractor(calls):
    """A cheap stand-in for the Inception net: fixed random projection of the pixels."""
    proj = np.random.default_rng(0).normal(size=(28 * 28, fid.FEATURE_DIM)).astype(np.float32)

    def extract(images):
        calls.append(len(images))
        return np.asarray(images, np.float32).reshape(len(images), -1) @ proj / 255
    return extract


def test_reference_statistics_are_cached_and_chunks_resume(tmp_path):
    images = np.random.default_rng(6).integers(0, 256, (10, 28, 28), dtype=np.uint8)
    calls = []
    mu, sigma = fid.reference_statistics(images, "toy", fake_extractor(calls), cache_dir=tmp_path, log=lambda m: None, chunk=4)
    assert calls == [4, 4, 2]
    assert os.listdir(tmp_path) == [os.path.basename(fid.reference_cache_path(images, "toy", tmp_path))]
    again = fid.reference_statistics(images, "toy", fake_extractor(calls), cache_dir=tmp_path, log=lambda m: None)
    assert calls == [4, 4, 2] and np.array_equal(again[0], mu) and np.array_equal(again[1], sigma)
    # other images, other key; an interrupted extraction keeps its finished chunks
    other = images[::-1].copy()
    folder = tmp_path / "parts"
    fid.cached_features(other[:4], folder, fake_extractor(calls), log=lambda m: None, chunk=4)
    feats = fid.cached_features(other, folder, fake_extractor(calls), log=lambda m: None, chunk=4)
    assert calls[3:] == [4, 4, 2] and feats.shape == (10, fid.FEATURE_DIM)


def test_packed_reference_round_trip_and_fid(tmp_path):
    """pack_reference keeps mu exactly and sigma to float32; the FID moves by ~1e-6 of its value."""
    rng = np.random.default_rng(8)
    feats_ref, feats_gen = rng.normal(size=(500, 64)), rng.normal(0.3, 1.2, size=(400, 64))
    mu, sigma = fid.statistics(feats_ref)
    path = tmp_path / "packed.npz"
    fid.pack_reference(path, mu, sigma, how="test")
    mu2, sigma2 = fid.load_reference(path)
    assert np.array_equal(mu2, mu) and sigma2.dtype == np.float64
    np.testing.assert_array_equal(sigma2, sigma2.T)
    np.testing.assert_allclose(sigma2, sigma, rtol=1e-6, atol=1e-7)
    full, packed = fid.fid_from_features(feats_gen, mu, sigma), fid.fid_from_features(feats_gen, mu2, sigma2)
    assert full > 10 and abs(packed - full) < 1e-6 * full
    assert str(np.load(path)["how"]) == "test"


def test_reference_statistics_fall_back_to_the_bundled_copy(tmp_path, monkeypatch):
    """A missing cache is served from fid_reference/ by name (no features computed); other images are not."""
    images = np.random.default_rng(9).integers(0, 256, (6, 28, 28), dtype=np.uint8)
    monkeypatch.setattr(fid, "BUNDLED_DIR", str(tmp_path / "bundled"))
    os.makedirs(fid.BUNDLED_DIR)
    cache = fid.reference_cache_path(images, "toy", tmp_path / "cache")
    mu, sigma = np.arange(3.0), np.diag([1.0, 2.0, 3.0]) + 0.5
    fid.pack_reference(fid.bundled_reference_path(cache), mu, sigma)
    calls = []
    got = fid.reference_statistics(images, "toy", fake_extractor(calls), cache_dir=tmp_path / "cache", log=lambda m: None)
    assert calls == [] and np.array_equal(got[0], mu) and np.allclose(got[1], sigma)
    assert not os.path.exists(cache)
    other = images[::-1].copy()
    got = fid.reference_statistics(other, "toy", fake_extractor(calls), cache_dir=tmp_path / "cache", log=lambda m: None)
    assert calls == [6] and got[0].shape == (fid.FEATURE_DIM,)


def test_bundled_references_are_valid_statistics():
    """Every file in fid_reference/ loads as a 2048-d mean and a symmetric positive semi-definite covariance."""
    files = sorted(f for f in os.listdir(fid.BUNDLED_DIR) if f.endswith(".npz")) if os.path.isdir(fid.BUNDLED_DIR) else []
    if not files:
        pytest.skip("no bundled reference statistics")
    for name in files:
        mu, sigma = fid.load_reference(os.path.join(fid.BUNDLED_DIR, name))
        assert mu.shape == (fid.FEATURE_DIM,) and sigma.shape == (fid.FEATURE_DIM,) * 2
        assert np.isfinite(mu).all() and np.isfinite(sigma).all()
        eig = np.linalg.eigvalsh(sigma)
        assert eig.min() > -1e-6 * eig.max()


# ------------------------------------------------------------------------------ evaluate.py
@pytest.fixture(scope="module")
def fmnist_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("fmnist")
    rng = np.random.default_rng(7)
    write_idx(root / "train-images-idx3-ubyte.gz", rng.integers(0, 256, (12, 28, 28), dtype=np.uint8))
    write_idx(root / "t10k-images-idx3-ubyte.gz", rng.integers(0, 256, (4, 28, 28), dtype=np.uint8))
    return root


def run_evaluate(capsys, *args):
    evaluate.main([str(a) for a in args])
    out = capsys.readouterr().out.strip().splitlines()
    return json.loads(out[-1])


@pytest.mark.slow
def test_evaluate_image_checkpoint_end_to_end(fmnist_dir, tmp_path, capsys):
    run = tmp_path / "run"
    image_run.main("train_images_simple", "linear", train_images_simple.build_path, argv=[
        "--device", "cpu", "--dataset", "fashion_mnist", "--data-dir", str(fmnist_dir), "--no-download",
        "--model-channels", "8", "--batch-size", "2", "--steps", "2", "--grid-ode-method", "euler",
        "--grid-ode-steps", "1", "--out", str(run)])
    cache = tmp_path / "cache"
    args = [run, "--device", "cpu", "--n", 5, "--batch-size", 3, "--ode-method", "euler", "--ode-steps", 2,
            "--cache-dir", cache, "--ref-n", 6]
    evaluate.main([str(a) for a in args])
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    # not a terminal: plain progress lines on stderr for the sampling and the samples' features
    assert "sampling 5/5 samples (100%)" in captured.err and "Inception features 5/5 images (100%)" in captured.err
    assert result["metric"] == "fid" and np.isfinite(result["fid"]) and result["fid"] > 0
    assert (result["n"], result["ref_n"], result["nfe"], result["step"]) == (5, 6, 2.0, 2)
    assert result["solver"] == "euler 2 steps" and result["weights"] == "ema"
    assert (run / "eval_ema_0000002_euler.png").is_file()
    assert len(os.listdir(cache)) == 1  # the reference statistics, reused below
    again = run_evaluate(capsys, *args, "--raw", "--save-samples")
    assert again["weights"] == "raw" and again["fid"] != result["fid"]
    samples = np.load(run / "eval_raw_0000002_euler.npy")
    assert samples.shape == (5, 1, 28, 28) and samples.dtype == np.uint8
    with open(run / "eval.jsonl") as f:
        assert [json.loads(line)["weights"] for line in f] == ["ema", "raw"]
    unscored = run_evaluate(capsys, *args, "--no-score", "--out", tmp_path / "elsewhere")
    assert unscored["metric"] is None and np.load(unscored["samples"]).shape == (5, 1, 28, 28)
    # the saved samples scored through --images give the same FID
    via_file = run_evaluate(capsys, "--images", run / "eval_raw_0000002_euler.npy", "--dataset", "fashion_mnist",
                            "--data-dir", fmnist_dir, "--ref-n", 6, "--cache-dir", cache, "--device", "cpu",
                            "--out", tmp_path / "scored")
    assert via_file["fid"] == pytest.approx(again["fid"], rel=1e-6)
    with open(tmp_path / "scored" / "eval.jsonl") as f:  # --out: the line recorded there too, with a grid
        assert [json.loads(line)["fid"] for line in f] == [via_file["fid"]]
    assert (tmp_path / "scored" / "eval_eval_raw_0000002_euler.png").is_file()


def test_evaluate_reference_only_caches_what_scoring_reads(fmnist_dir, tmp_path, capsys):
    """--reference-only writes the reference statistics where a later score finds them (the GPU check
    computes them once beside its training runs), and they are the statistics of those images."""
    cache = tmp_path / "cache"
    result = run_evaluate(capsys, "--reference-only", "--dataset", "fashion_mnist", "--data-dir", fmnist_dir,
                          "--ref-n", 6, "--cache-dir", cache, "--device", "cpu")
    assert result["ref_n"] == 6 and os.listdir(cache) == [os.path.basename(result["file"])]
    images = data.load_images("fashion_mnist", str(fmnist_dir))[:6]
    mu, sigma = fid.statistics(fid.InceptionFeatures("cpu")(images))
    with np.load(result["file"]) as z:
        np.testing.assert_allclose(z["mu"], mu, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(z["sigma"], sigma, rtol=1e-6, atol=1e-8)
    expect_error(capsys, "--reference-only", "--images", "x.npy", "--dataset", "fashion_mnist",
                 match="--reference-only takes --dataset and no run directory or --images")


@pytest.mark.slow
def test_bundled_copy_scores_like_the_cache(fmnist_dir, tmp_path, capsys, monkeypatch):
    """tools/bundle_fid_reference.py packs the cached statistics into fid_reference/; with no cache,
    evaluate.py reads that copy (and says so) and gives the cache's FID within 1e-6."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
    import bundle_fid_reference
    monkeypatch.setattr(fid, "BUNDLED_DIR", str(tmp_path / "bundled"))
    cache = tmp_path / "cache"
    common = ["--dataset", "fashion_mnist", "--data-dir", fmnist_dir, "--device", "cpu"]
    with pytest.raises(SystemExit) as e:  # nothing cached yet: one line, exit 2
        bundle_fid_reference.main(["--data-dir", str(fmnist_dir), "--cache-dir", str(cache), "--how", "test"])
    assert e.value.code == 2 and "no cached statistics" in capsys.readouterr().err
    run_evaluate(capsys, "--reference-only", *common, "--cache-dir", cache)
    np.save(tmp_path / "x.npy", data.load_images("fashion_mnist", str(fmnist_dir), split="test"))
    with_cache = run_evaluate(capsys, "--images", tmp_path / "x.npy", *common, "--cache-dir", cache)
    bundle_fid_reference.main(["--data-dir", str(fmnist_dir), "--cache-dir", str(cache), "--how", "test"])
    assert len(os.listdir(fid.BUNDLED_DIR)) == 1
    empty = tmp_path / "empty"
    evaluate.main([str(a) for a in ["--reference-only", *common, "--cache-dir", empty]])
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert "from the repository's copy" in captured.err
    assert os.path.dirname(result["file"]) == fid.BUNDLED_DIR and not empty.exists()
    from_copy = run_evaluate(capsys, "--images", tmp_path / "x.npy", *common, "--cache-dir", empty)
    assert from_copy["fid"] == pytest.approx(with_cache["fid"], rel=1e-6)


def test_evaluate_1d_checkpoint(tmp_path, capsys):
    run = tmp_path / "run1d"
    train1d.main(["--device", "cpu", "--steps", "2", "--width", "16", "--critic-width", "16", "--n-eval", "100",
                  "--ode-method", "euler", "--ode-steps", "2", "--out", str(run)])
    capsys.readouterr()
    result = run_evaluate(capsys, checkpoint_path(run, 2), "--device", "cpu", "--n", 500, "--ode-method", "rk4", "--ode-steps", 3)
    assert result["metric"] == "w1" and result["n"] == 500 and result["nfe"] == 12 and np.isfinite(result["w1"])
    assert (run / "eval_ema_0000002_rk4.png").is_file()


def expect_error(capsys, *args, match):
    with pytest.raises(SystemExit) as e:
        evaluate.main([str(a) for a in args])
    assert e.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert match in err[-1] and err[-1].startswith("error:") and not any("Traceback" in line for line in err)


def test_evaluate_bad_input_is_one_line(fmnist_dir, tmp_path, capsys):
    floats = tmp_path / "floats.npy"
    np.save(floats, np.zeros((3, 28, 28), dtype=np.float32))
    expect_error(capsys, "--images", floats, "--dataset", "fashion_mnist", "--data-dir", fmnist_dir, match="uint8")
    rgb = tmp_path / "rgb.npy"
    np.save(rgb, np.zeros((3, 32, 32, 3), dtype=np.uint8))
    expect_error(capsys, "--images", rgb, "--dataset", "fashion_mnist", "--data-dir", fmnist_dir, match="has (1, 28, 28)")
    expect_error(capsys, "--images", tmp_path / "missing.npy", "--dataset", "fashion_mnist", match="unreadable")
    expect_error(capsys, tmp_path, "--device", "cpu", match="no readable checkpoint")
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    expect_error(capsys, bad, "--device", "cpu", match="unreadable")

"""Image variants: UNets, the idx and CIFAR-10 readers, the jvp of the image F_phi path, and
2-step runs of train_images_simple.py and train_images.py on data fabricated in the real on-disk
formats (CIFAR-10 python pickles, Fashion-MNIST idx files)."""

import gzip
import json
import math
import os
import pickle
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch.testing import assert_close

import image_run
import train_images
import train_images_simple
from data import load_images, read_cifar10, read_idx
from models import CriticUNet, InterpolantUNet, UNet, build_network, count_parameters
from paths import LearnedPath

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--device", "cpu", "--model-channels", "8", "--batch-size", "2", "--log-every", "1",
        "--grid-ode-method", "euler", "--grid-ode-steps", "2", "--no-download"]


# ------------------------------------------------------------------------------ fabricated data
def write_idx(path, array):
    """An idx file: 0, 0, dtype code 0x08 (uint8), ndim, big-endian uint32 sizes, then the bytes."""
    header = bytes([0, 0, 0x08, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def write_cifar(folder, per_batch=6, seed=0):
    """cifar-10-batches-py as torchvision reads it: pickled dicts with 'data' (N, 3072) uint8 rows
    (R, G, B planes, each row-major 32x32) and 'labels'. Returns the 5 train batches' images."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True)
    images = []
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        data = rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8)
        with open(folder / name, "wb") as f:
            pickle.dump({"batch_label": name, "labels": rng.integers(0, 10, per_batch).tolist(), "data": data,
                         "filenames": [f"{i}.png" for i in range(per_batch)]}, f, protocol=2)
        if name != "test_batch":
            images.append(data.reshape(-1, 3, 32, 32))
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({"label_names": [f"class{i}" for i in range(10)], "num_cases_per_batch": per_batch}, f, protocol=2)
    return np.concatenate(images)


@pytest.fixture(scope="module")
def data_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    cifar = write_cifar(root / "cifar" / "cifar-10-batches-py")
    rng = np.random.default_rng(1)
    fmnist = rng.integers(0, 256, (20, 28, 28), dtype=np.uint8)
    (root / "fmnist").mkdir()
    write_idx(root / "fmnist" / "train-images-idx3-ubyte.gz", fmnist)
    write_idx(root / "fmnist" / "train-labels-idx1-ubyte", rng.integers(0, 10, 20).astype(np.uint8))
    return {"cifar10": (root / "cifar", cifar), "fashion_mnist": (root / "fmnist", fmnist)}


def test_readers_recover_the_written_images(data_dirs, tmp_path):
    """read_idx (plain and .gz) and read_cifar10 give back the fabricated arrays, channel-first."""
    folder, fmnist = data_dirs["fashion_mnist"]
    np.testing.assert_array_equal(read_idx(str(folder / "train-images-idx3-ubyte.gz")), fmnist)
    write_idx(tmp_path / "plain", fmnist[:3])
    np.testing.assert_array_equal(read_idx(str(tmp_path / "plain")), fmnist[:3])
    np.testing.assert_array_equal(load_images("fashion_mnist", str(folder), download=False), fmnist[:, None])
    folder, cifar = data_dirs["cifar10"]
    np.testing.assert_array_equal(read_cifar10(str(folder / "cifar-10-batches-py")), cifar)
    np.testing.assert_array_equal(load_images("cifar10", str(folder), download=False), cifar)
    (tmp_path / "bad").write_bytes(b"\x00\x00\x08\x03" + b"\x00" * 20)
    with pytest.raises(ValueError, match="shape"):
        read_idx(str(tmp_path / "bad"))


# ------------------------------------------------------------------------------ networks
@pytest.mark.slow
def test_unet_shapes_and_default_sizes():
    """Default networks: CIFAR-10 E_psi 35.7M params (torchcfm's), 28x28 E_psi 6.5M; outputs keep the
    input's shape; the critic's per-sample norm over C*H*W is below 1; F_phi starts at 0."""
    counts = {}
    for dataset, shape in (("cifar10", (3, 32, 32)), ("fashion_mnist", (1, 28, 28))):
        args = image_run.parse_args("learned", ["--dataset", dataset, "--device", "cpu"], add_args=train_images.add_args)
        nets, _, _, alpha = image_run.build(args, shape, torch.device("cpu"), train_images.build_path)
        counts[dataset] = {k: count_parameters(v[0]) for k, v in nets.items()}
        assert alpha == pytest.approx(0.5 * math.sqrt(math.prod(shape)))  # --critic-reg 0.5 per pixel
        x, t = torch.randn(2, *shape), torch.rand(2)
        for name, (net, spec) in nets.items():
            out = net(x, x, t) if name == "F_phi" else net(x, t)
            assert out.shape == x.shape, name
        assert (nets["score_theta"][0].raw(x, t).abs().sum() == 0)  # zero-initialised output conv
        assert nets["F_phi"][0](x, x, t).abs().max() == 0
    print(counts)
    assert 35.6e6 < counts["cifar10"]["E_psi"] < 35.8e6
    assert 6.4e6 < counts["fashion_mnist"]["E_psi"] < 6.6e6
    critic = CriticUNet(in_channels=3, image_size=32, model_channels=8)
    torch.nn.init.normal_(critic.out[-1].weight)
    x = torch.randn(4, 3, 32, 32) * 10
    t = torch.rand(4)
    norms, raw_norms = critic(x, t).flatten(1).norm(dim=1), critic.raw(x, t).flatten(1).norm(dim=1)
    assert (raw_norms > 1).all()  # the bound is active
    assert_close(norms, torch.tanh(raw_norms))  # one norm over all C*H*W entries, tanh(|raw|) <= 1


def test_unet_rejects_sizes_it_cannot_halve():
    with pytest.raises(ValueError, match="divisible"):
        UNet(in_channels=1, image_size=28, model_channels=8, channel_mult=(1, 2, 2, 2))


def test_image_path_jvp_equals_finite_difference():
    """dx_t/dt of the learned path through an image F_phi (with attention) equals a central
    difference in t (float64), and x_t is pinned to x0 at t=0 and x1 at t=1."""
    torch.manual_seed(0)
    F_phi = InterpolantUNet(in_channels=2, image_size=8, model_channels=8, channel_mult=(1, 2),
                            num_res_blocks=1, attention_resolutions=(8, 4), head_channels=4).double()
    with torch.no_grad():
        for p in F_phi.parameters():  # leave the zero initialisation: F_phi must not be 0
            p.add_(0.2 * torch.randn_like(p))
    path = LearnedPath(F_phi)
    x0, x1 = torch.randn(3, 2, 8, 8, dtype=torch.float64), torch.randn(3, 2, 8, 8, dtype=torch.float64)
    t = torch.tensor([0.2, 0.5, 0.9], dtype=torch.float64)
    x_t, dxdt = path(x0, x1, t)
    h = 1e-6
    fd = (path(x0, x1, t + h)[0] - path(x0, x1, t - h)[0]) / (2 * h)
    assert F_phi(x0, x1, t).abs().max() > 1e-3  # a curved path, not the linear one
    assert_close(dxdt, fd, rtol=1e-6, atol=1e-8)
    assert_close(path(x0, x1, torch.zeros(3, dtype=torch.float64))[0], x0)
    assert_close(path(x0, x1, torch.ones(3, dtype=torch.float64))[0], x1)


# ------------------------------------------------------------------------------ scripts
def run_script(script, *args):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, script, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def metrics_steps(out):
    with open(out / "metrics.jsonl") as f:
        return [json.loads(line)["step"] for line in f]


@pytest.fixture(scope="module")
def simple_cifar_run(data_dirs, tmp_path_factory):
    out = tmp_path_factory.mktemp("simple") / "run"
    proc = run_script("train_images_simple.py", *TINY, "--dataset", "cifar10", "--data-dir", data_dirs["cifar10"][0],
                      "--steps", 2, "--sample-every", 1, "--out", out)
    return out, proc


@pytest.fixture(scope="module")
def learned_fmnist_run(data_dirs, tmp_path_factory):
    out = tmp_path_factory.mktemp("learned") / "run"
    proc = run_script("train_images.py", *TINY, "--dataset", "fashion_mnist", "--data-dir", data_dirs["fashion_mnist"][0],
                      "--steps", 2, "--bf16", "--out", out)
    return out, proc


@pytest.mark.slow
def test_smoke_runs(simple_cifar_run, learned_fmnist_run):
    """Both scripts run 2 steps (CIFAR-10 pickles / Fashion-MNIST idx, learned path with --bf16), exit 0,
    and write config, metrics (2 finite rows), checkpoint and raw + EMA grids named by step."""
    for (out, proc), grid_steps in ((simple_cifar_run, [1, 2]), (learned_fmnist_run, [2])):
        assert proc.returncode == 0, proc.stderr
        for name in ["config.json", "metrics.jsonl", "checkpoint_0000002.pt"] + [
                f"samples_{w}_{s:07d}.png" for w in ("raw", "ema") for s in grid_steps]:
            assert (out / name).is_file(), name
        assert metrics_steps(out) == [1, 2]
        with open(out / "metrics.jsonl") as f:
            assert all(math.isfinite(v) for line in f for v in json.loads(line).values())
    assert sorted(p.name for p in simple_cifar_run[0].glob("samples_*")) == [
        f"samples_{w}_{s:07d}.png" for w in ("ema", "raw") for s in (1, 2)]


@pytest.mark.slow
def test_checkpoint_rebuilds_networks(learned_fmnist_run):
    """The checkpoint alone rebuilds E_psi, the critic and F_phi from their specs, and the rebuilt
    networks give exactly the outputs of the trained ones (here: of the same weights loaded twice,
    and of the live networks of an in-process run)."""
    out, proc = learned_fmnist_run
    assert proc.returncode == 0, proc.stderr
    state = torch.load(out / "checkpoint_0000002.pt", map_location="cpu", weights_only=False)
    assert state["script"] == "train_images" and state["step"] == 2 and set(state["specs"]) == {"E_psi", "score_theta", "F_phi"}
    x, t = torch.randn(3, 1, 28, 28), torch.rand(3)
    for name, spec in state["specs"].items():
        a, b = build_network(spec), build_network(spec)
        a.load_state_dict(state["nets"][name])
        b.load_state_dict(state["nets"][name])
        args = (x, x, t) if name == "F_phi" else (x, t)
        assert_close(a(*args), b(*args), rtol=0, atol=0)
        assert torch.isfinite(a(*args)).all()


@pytest.mark.slow
def test_in_process_checkpoint_and_resume_state(data_dirs, tmp_path):
    """An in-process run's networks equal their rebuilds from its checkpoint (same outputs); a Trainer
    set up with --resume holds the saved step, optimiser and EMA state."""
    folder = data_dirs["fashion_mnist"][0]
    flags = [*TINY, "--dataset", "fashion_mnist", "--data-dir", str(folder), "--steps", "2", "--out", str(tmp_path / "run")]
    args = image_run.parse_args("linear", flags)
    trainer = image_run.setup(args, "train_images_simple", train_images_simple.build_path).run()
    state = torch.load(tmp_path / "run" / "checkpoint_0000002.pt", map_location="cpu", weights_only=False)
    x, t = torch.randn(2, 1, 28, 28), torch.rand(2)
    for name, net in trainer.nets.items():
        rebuilt = build_network(state["specs"][name])
        rebuilt.load_state_dict(state["nets"][name])
        assert_close(rebuilt(x, t), net(x, t), rtol=0, atol=0)
    resumed = image_run.setup(image_run.parse_args("linear", flags + ["--resume"]), "train_images_simple",
                              train_images_simple.build_path)
    assert resumed.step == 2
    for saved, loaded in ((state["opt_g"], resumed.opt_g.state_dict()), (state["opt_c"], resumed.opt_c.state_dict())):
        assert saved["state"].keys() == loaded["state"].keys()
        for k in saved["state"]:
            for key, value in saved["state"][k].items():
                assert_close(loaded["state"][k][key], value, rtol=0, atol=0)
    assert resumed.ema["E_psi"].updates == 2


@pytest.mark.slow
def test_resume_continues_the_run(simple_cifar_run, tmp_path):
    """--resume continues the 2-step run to step 3: metrics rows 1, 2, 3; Adam's step counters 3
    (generator) and 12 (critic, 4 updates per step by default); a run without --resume refuses the folder."""
    src, proc = simple_cifar_run
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "run"
    shutil.copytree(src, out)
    data_dir = json.loads((src / "config.json").read_text())["data_dir"]
    proc = run_script("train_images_simple.py", *TINY, "--dataset", "cifar10", "--data-dir", data_dir,
                      "--steps", 3, "--out", out, "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "resumed from" in proc.stdout
    assert metrics_steps(out) == [1, 2, 3]
    state = torch.load(out / "checkpoint_0000003.pt", map_location="cpu", weights_only=False)
    assert state["step"] == 3
    assert {int(s["step"]) for s in state["opt_g"]["state"].values()} == {3}
    assert {int(s["step"]) for s in state["opt_c"]["state"].values()} == {12}


def assert_usage_error(proc):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr


@pytest.mark.slow
def test_missing_dataset_is_one_error_line(tmp_path):
    """CIFAR-10 absent from --data-dir (download off) exits 2 with one 'error:' line saying what to do; no run folder."""
    (tmp_path / "empty").mkdir()
    proc = run_script("train_images_simple.py", *TINY, "--dataset", "cifar10", "--data-dir", tmp_path / "empty",
                      "--out", tmp_path / "run")
    assert_usage_error(proc)
    assert "cifar-10-python.tar.gz" in proc.stderr
    assert not (tmp_path / "run").exists()

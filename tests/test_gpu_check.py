"""tools/gpu_check.sh --cpu-dry-run: the GPU check end to end at tiny sizes on the CPU, on fabricated
Fashion-MNIST files, so that the script cannot rot between the rare runs on a GPU."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from bench import CASES
from test_images import write_idx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.slow
def test_gpu_check_cpu_dry_run(tmp_path):
    data = tmp_path / "fmnist"
    data.mkdir()
    rng = np.random.default_rng(3)
    write_idx(data / "train-images-idx3-ubyte.gz", rng.integers(0, 256, (16, 28, 28), dtype=np.uint8))
    write_idx(data / "t10k-images-idx3-ubyte.gz", rng.integers(0, 256, (4, 28, 28), dtype=np.uint8))
    out = tmp_path / "check"
    proc = subprocess.run(["bash", "tools/gpu_check.sh", "--cpu-dry-run", "--data-dir", str(data)], cwd=ROOT,
                          env={**os.environ, "OUT": str(out), "OMP_NUM_THREADS": "1", "PYTHON": sys.executable}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["ok"] and summary["dry_run"] and summary["device"] == "cpu"
    assert [c["check"] for c in summary["checks"]] == ["bench", "bench_cifar_bf16", "tests", "reference", "train_fm",
                                                       "train_cgan", "eval_fm", "eval_cgan"]
    assert {row["case"] for row in summary["bench"]} == set(CASES)  # every objective, the discrete one included
    assert sum(row["case"] == "fm" for row in summary["bench"]) == 2  # the Fashion-MNIST UNet and the CIFAR-10 one (bf16)
    assert len(list((out / "cache").glob("fid_fashion_mnist_train_12_*.npz"))) == 1  # step 2's reference, used by step 3
    assert all(row["ms_per_step"] > 0 and "passes" in row for row in summary["bench"])
    for objective in ("fm", "cgan"):
        result = summary["fid"][objective]
        assert result["metric"] == "fid" and np.isfinite(result["fid"]) and result["n"] == 6
        assert result["train_steps"] == 2
        assert f"{objective}/samples_ema_0000002.png" in summary["grids"]


@pytest.mark.slow
def test_gpu_check_score_later_saves_samples(tmp_path):
    """--score-later (dry run, no weights needed): no reference check, the FID test deselected,
    and each scoring check leaves its 6 samples as uint8 .npy named in the summary, which
    evaluate.py --images then scores."""
    data = tmp_path / "fmnist"
    data.mkdir()
    rng = np.random.default_rng(4)
    write_idx(data / "train-images-idx3-ubyte.gz", rng.integers(0, 256, (16, 28, 28), dtype=np.uint8))
    out = tmp_path / "check"
    env = {**os.environ, "OUT": str(out), "OMP_NUM_THREADS": "1", "PYTHON": sys.executable}
    proc = subprocess.run(["bash", "tools/gpu_check.sh", "--cpu-dry-run", "--score-later", "--data-dir", str(data),
                           "--only", "tests,reference,train_fm,eval_fm"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["ok"] and summary["score_later"]
    assert [c["check"] for c in summary["checks"]] == ["tests", "train_fm", "eval_fm"]
    assert "deselected" in (out / "tests.log").read_text()
    result = summary["fid"]["fm"]
    assert result["metric"] is None and result["n"] == 6 and result["train_steps"] == 2
    samples = np.load(result["samples"])
    assert samples.dtype == np.uint8 and samples.shape == (6, 1, 28, 28)
    assert not (out / "cache").exists()
    scored = subprocess.run([sys.executable, "evaluate.py", "--images", result["samples"], "--dataset", "fashion_mnist",
                             "--data-dir", str(data), "--no-download", "--ref-n", "12", "--fid-batch-size", "6",
                             "--cache-dir", str(tmp_path / "cache"), "--device", "cpu"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert scored.returncode == 0, scored.stderr
    assert np.isfinite(json.loads(scored.stdout.strip().splitlines()[-1])["fid"])


@pytest.mark.slow
def test_gpu_check_records_a_failure_and_goes_on(tmp_path):
    """A missing data folder fails the training and scoring checks; the bench still runs and
    the summary says which checks failed (exit status 1)."""
    out = tmp_path / "check"
    proc = subprocess.run(["bash", "tools/gpu_check.sh", "--cpu-dry-run", "--data-dir", str(tmp_path / "none")],
                          cwd=ROOT, env={**os.environ, "OUT": str(out), "OMP_NUM_THREADS": "1", "PYTHON": sys.executable},
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    status = {c["check"]: c["ok"] for c in summary["checks"]}
    assert status["bench"] and status["tests"] and not status["train_fm"] and not status["eval_cgan"]
    assert "error" in next(c for c in summary["checks"] if c["check"] == "train_fm")


@pytest.mark.slow
def test_gpu_check_only_runs_the_named_checks(tmp_path):
    """--only bench_cifar_bf16 (dry run): that one check, in the summary, and nothing else; an unknown
    name is one error line and exit 2, before anything runs."""
    out = tmp_path / "check"
    env = {**os.environ, "OUT": str(out), "OMP_NUM_THREADS": "1", "PYTHON": sys.executable}
    proc = subprocess.run(["bash", "tools/gpu_check.sh", "--cpu-dry-run", "--only", "bench_cifar_bf16"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert [c["check"] for c in summary["checks"]] == ["bench_cifar_bf16"]
    assert [(row["case"], row["params"]["E_psi"] > 0) for row in summary["bench"]] == [("fm", True)]
    bad = subprocess.run(["bash", "tools/gpu_check.sh", "--cpu-dry-run", "--only", "bench,nonsense"], cwd=ROOT,
                         env={**env, "OUT": str(tmp_path / "bad")}, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: gpu_check.sh: --only: unknown check nonsense")
    assert len(bad.stderr.strip().splitlines()) == 1 and not (tmp_path / "bad").exists()

"""tools/compare_images.py end to end on fabricated Fashion-MNIST: one method, trained by time,
scored by evaluate.py, and reused (not retrained or rescored) when run again."""

import os
import subprocess
import sys

import numpy as np
import pytest

from test_images import write_idx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.slow
def test_compare_images_trains_scores_and_reuses(tmp_path):
    data = tmp_path / "fmnist"
    data.mkdir()
    write_idx(data / "train-images-idx3-ubyte.gz", np.random.default_rng(0).integers(0, 256, (8, 28, 28), dtype=np.uint8))
    out = tmp_path / "compare"
    cmd = [sys.executable, "tools/compare_images.py", "--dataset", "fashion_mnist", "--data-dir", str(data), "--device", "cpu",
           "--methods", "fm", "--minutes", "0.001", "--n", "3", "--ref-n", "5", "--out", str(out),
           "--common", "--model-channels", "8", "--batch-size", "2", "--no-download", "--grid-ode-method", "euler",
           "--grid-ode-steps", "1"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CONTGAN_CACHE": str(tmp_path / "cache")}
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    row = [line for line in first.stdout.splitlines() if line.startswith("| fm ")]
    assert len(row) == 1 and "failed" not in row[0], first.stdout
    cells = [c.strip() for c in row[0].strip("|").split("|")]
    assert cells[1] == "train_images_simple.py" and int(cells[2]) >= 1 and float(cells[5]) > 0 and cells[6] == "3"
    log = (out / "fm" / "compare_log.txt").read_text()
    assert log.count("$ python") == 2  # one training run, one evaluation
    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and row[0] in again.stdout
    assert (out / "fm" / "compare_log.txt").read_text() == log  # nothing re-run

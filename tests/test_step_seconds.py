"""tools/step_seconds.py: flags parse as documented, every configuration takes every position in
the interleaved order, and a 1-step measurement of two tiny configurations runs."""

import os
import sys

import numpy as np

from test_images import write_idx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
import step_seconds  # noqa: E402


def test_flags_parse_and_rotation():
    args = step_seconds.parse_args(["--config", "fm", "--objective fm", "--config", "reuse", " --critic-reuse",
                                    "--", "--device", "cpu", "--threads", "1"])
    assert args.config == [["fm", "--objective fm"], ["reuse", " --critic-reuse"]]
    assert args.common == ["--device", "cpu", "--threads", "1"]
    orders = list(step_seconds.rotations(["a", "b", "c"], 3))
    assert orders == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]]


def test_measures_each_configuration(tmp_path, capsys):
    write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((4, 28, 28), dtype=np.uint8))
    times = step_seconds.main(["--steps", "2", "--warmup", "1", "--config", "fm", "--objective fm",
                               "--config", "reuse", " --critic-reuse --n-critic 2", "--",
                               "--dataset", "fashion_mnist", "--data-dir", str(tmp_path), "--device", "cpu",
                               "--model-channels", "8", "--batch-size", "2", "--channel-mult", "1", "2",
                               "--num-res-blocks", "1", "--attention-resolutions", "--no-download"])
    assert {k: len(v) for k, v in times.items()} == {"fm": 2, "reuse": 2}
    assert "| reuse | `--critic-reuse --n-critic 2` | 2 |" in capsys.readouterr().out

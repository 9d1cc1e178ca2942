"""tools/side_by_side.py: grids side by side in one PNG; one-line errors."""

import os
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
from side_by_side import main  # noqa: E402


def test_writes_one_png_from_several(tmp_path):
    paths = []
    for i in range(2):
        paths.append(str(tmp_path / f"g{i}.png"))
        plt.imsave(paths[-1], np.random.default_rng(i).random((16, 16)), cmap="gray")
    out = tmp_path / "both.png"
    main([*paths, "--titles", "a", "b", "--out", str(out)])
    assert out.stat().st_size > 0 and plt.imread(str(out)).shape[1] > 16


def test_titles_must_match_and_files_must_read(tmp_path, capsys):
    png = tmp_path / "g.png"
    plt.imsave(str(png), np.zeros((4, 4)), cmap="gray")
    with pytest.raises(SystemExit) as e:
        main([str(png), "--titles", "a", "b", "--out", str(tmp_path / "x.png")])
    assert e.value.code == 2 and capsys.readouterr().err.startswith("error:")
    (tmp_path / "bad.png").write_text("not a png")
    with pytest.raises(SystemExit) as e:
        main([str(tmp_path / "bad.png"), "--out", str(tmp_path / "y.png")])
    assert e.value.code == 2

"""A teacher's samples with its own midpoint substeps per grid step: the parent's EMA from evaluate.py's seeded noise
(seed 0, batches of 500), the uniform K-step grid from t = 1, step k of the list taking that many midpoint steps, saved
as uint8 .npy for `evaluate.py --images`. Where along t does the NFE-16 teacher's gain over NFE 8 come from?
    python teacher_grid.py CHECKPOINT OUT.npy SUBSTEPS...   (e.g. 1 1 1 4: the last grid step in 4 midpoint steps)
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # the repository
from evaluate import to_uint8, velocity_from  # noqa: E402
from losses import TeacherStep  # noqa: E402

torch.set_num_threads(1)
ckpt, out, subs = sys.argv[1], sys.argv[2], [int(a) for a in sys.argv[3:]]
net = velocity_from(torch.load(ckpt, weights_only=True, map_location="cpu"), False, "cpu")
K, gen, images = len(subs), torch.Generator().manual_seed(0), []
with torch.no_grad():
    for _ in range(4):
        x = torch.randn(500, 1, 28, 28, generator=gen)
        for j, n in zip(range(K, 0, -1), subs):
            x = TeacherStep(net, n)(x, torch.full((500,), j / K), 1 / K)
        images.append(to_uint8(x))
np.save(out, torch.cat(images).numpy())
print(f"{out}: NFE {2 * sum(subs)}", flush=True)

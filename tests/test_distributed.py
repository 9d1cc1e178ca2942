"""Data parallel training on the CPU (gloo, 2 processes): gradients equal a single process's on the
same global batch (linear path, and the learned path through torch.func.jvp), and train1d.py
under torchrun writes from rank 0 only."""

import argparse
import json
import os
import socket
import subprocess
import sys

import pytest
import torch
import torch.multiprocessing as mp
from torch.testing import assert_close

import distributed
from losses import ContinuousWGAN
from models import build_network
from paths import LearnedPath, LinearPath
from training import Trainer, list_checkpoints

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GLOBAL_BATCH = 8


def one_step_grads(path_kind, shard, n_shards, out):
    """Gradients of one critic update and one generator update of tiny MLP nets on shard
    ``shard`` of ``n_shards`` of a fixed global batch (learning rates 0: the weights stay)."""
    cfg = argparse.Namespace(seed=0, batch_size=GLOBAL_BATCH, steps=1, lr=0.0, critic_lr=0.0, betas=(0.0, 0.9),
                             critic_betas=(0.0, 0.9), lr_schedule="constant", ema_decay=0.9, grad_clip=0.0,
                             skip_nonfinite=False)
    torch.manual_seed(0)
    mlp = {"dim": 1, "width": 8, "depth": 2, "time_dim": 8}
    specs = {"E_psi": {"kind": "velocity_mlp", **mlp}, "score_theta": {"kind": "critic_mlp", **mlp},
             "F_phi": {"kind": "interpolant_mlp", **mlp} if path_kind == "learned" else None}
    nets = {k: (build_network(s), s) if s else None for k, s in specs.items()}
    path = LearnedPath(nets["F_phi"][0]) if path_kind == "learned" else LinearPath()
    trainer = Trainer(cfg, "test", nets, path, ContinuousWGAN(path, f_reg=0.5), None, str(out))
    g = torch.Generator().manual_seed(1)
    batches = [(torch.randn(GLOBAL_BATCH, 1, generator=g), torch.randn(GLOBAL_BATCH, 1, generator=g),
                torch.rand(GLOBAL_BATCH, generator=g)) for _ in range(2)]
    size = GLOBAL_BATCH // n_shards
    critic, gen = [tuple(x[shard * size:(shard + 1) * size] for x in b) for b in batches]
    trainer.critic_update(*critic)
    grads = {"critic": [p.grad.clone() for p in trainer.critic_params]}
    trainer.generator_update(*gen)
    grads["generator"] = [p.grad.clone() for p in trainer.gen_params]
    return grads


def _worker(rank, world, port, out):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank),
                      WORLD_SIZE=str(world), LOCAL_RANK=str(rank))
    torch.set_num_threads(1)
    distributed.init(torch.device("cpu"))
    grads = {kind: one_step_grads(kind, rank, world, out) for kind in ("linear", "learned")}
    if rank == 0:
        torch.save(grads, os.path.join(out, "grads.pt"))
    distributed.shutdown()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_gradients_match_one_process_on_the_global_batch(tmp_path):
    """2 gloo processes, each on half the batch, end one critic and one generator update with the
    gradients one process computes on the whole batch: linear path, and learned path (F_phi under jvp)."""
    mp.spawn(_worker, args=(2, free_port(), str(tmp_path)), nprocs=2, join=True)
    ranked = torch.load(tmp_path / "grads.pt")
    for kind in ("linear", "learned"):
        single = one_step_grads(kind, 0, 1, tmp_path)
        for net in ("critic", "generator"):
            assert len(ranked[kind][net]) == len(single[net])
            for a, b in zip(ranked[kind][net], single[net]):
                assert_close(a, b, rtol=1e-5, atol=1e-7)
        assert any(g.abs().sum() > 0 for g in single["generator"][-2:])  # F_phi's (or E_psi's) last layer learns


@pytest.mark.slow
def test_torchrun_two_processes(tmp_path):
    """torchrun --nproc_per_node 2 train1d.py on the CPU: exit 0; one config line, one status line
    per logged step and one final JSON line (rank 0 only); the global batch split 2 x 4; a checkpoint holding both
    ranks' RNG states, which differ (each rank its own data and noise)."""
    out = tmp_path / "run"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
                           "--master_port", str(free_port()), "train1d.py", "--device", "cpu", "--width", "8",
                           "--critic-width", "8", "--depth", "2", "--critic-depth", "2", "--n-critic", "1",
                           "--batch-size", "8", "--steps", "3", "--log-every", "1", "--n-eval", "200", "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert sum(line.startswith("config ") for line in lines) == 1
    assert sum(line.startswith("step ") for line in lines) == 3
    assert [json.loads(line) for line in lines if line.startswith("{")] == [json.loads((out / "final.json").read_text())]
    assert "batch 8 per step = 2 process(es) x 4" in lines
    assert json.loads((out / "config.json").read_text())["world_size"] == 2
    state = torch.load(list_checkpoints(str(out))[-1], weights_only=False)
    assert state["step"] == 3 and len(state["rng"]) == 2
    assert not torch.equal(state["rng"][0]["torch"], state["rng"][1]["torch"])

"""The one training loop of contgan. Scripts build data, networks, a path and an objective,
then call ``Trainer(...).run()``; nothing here knows whether it trains points or images.

Per step (after an optional critic-only warm-up): ``n_critic`` critic updates, then one update
of the generator (E_psi, and F_phi when the path learns), an EMA update, and the LR schedule.
No host synchronisation inside a step: losses are summed on the device and read at log steps.
"""

import copy
import json
import math
import os
import random
import resource
import sys
import time

import numpy as np
import torch

CHECKPOINT = "checkpoint.pt"


class EMA:
    """Exponential moving average of a network's weights, with the decay warmed up as
    min(decay, (1 + n) / (10 + n)) so that short runs are not dominated by the initialisation."""

    def __init__(self, net, decay):
        self.net = copy.deepcopy(net).requires_grad_(False)
        self.decay, self.updates = decay, 0

    @torch.no_grad()
    def update(self, net):
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        self.updates += 1
        ema_p, p = list(self.net.parameters()), list(net.parameters())
        torch._foreach_lerp_(ema_p, p, 1 - d)
        for b_ema, b in zip(self.net.buffers(), net.buffers()):
            b_ema.copy_(b)

    def state_dict(self):
        return {"net": self.net.state_dict(), "updates": self.updates}

    def load_state_dict(self, state):
        self.net.load_state_dict(state["net"])
        self.updates = state["updates"]


def _lr_lambda(schedule, steps):
    if schedule == "constant":
        return lambda step: 1.0
    if schedule == "cosine":
        return lambda step: 0.5 * (1 + math.cos(math.pi * min(step, steps) / steps))
    raise ValueError(f"unknown lr schedule {schedule!r}")


def rng_state():
    state = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state):
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def save_atomic(obj, path):
    """torch.save to a temporary file, flushed to disk, then renamed over ``path``."""
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def memory_mb(device):
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # peak RSS, Linux reports KiB


class Trainer:
    """Trains ``E_psi`` (and ``path.F_phi``) against ``score_theta`` with ``objective``.

    cfg: the run's configuration (argparse namespace); the loop reads steps, batch_size,
        n_critic, critic_warmup, lr, critic_lr, betas, critic_betas, lr_schedule, ema_decay,
        grad_clip, log_every, save_every, sample_every, and keeps all of it in checkpoints.
    networks: {"E_psi": (module, spec), "score_theta": (module, spec) or None,
        "F_phi": (module, spec) or None}; specs rebuild the modules (models.build_network).
    next_batch(): returns a batch of data x0 on the training device.
    extra: small picklable dict stored in checkpoints (e.g. data normalisation).
    on_sample(trainer, step): called every ``sample_every`` steps and at the end.
    """

    def __init__(self, cfg, script, networks, path, objective, next_batch, run_dir,
                 extra=None, on_sample=None):
        self.cfg, self.script, self.run_dir = cfg, script, run_dir
        self.path, self.objective, self.next_batch = path, objective, next_batch
        self.extra, self.on_sample = extra or {}, on_sample
        self.specs = {k: v[1] for k, v in networks.items() if v is not None}
        self.nets = {k: v[0] for k, v in networks.items() if v is not None}
        self.E_psi, self.score_theta = self.nets["E_psi"], self.nets.get("score_theta")
        self.gen_params = [p for k in ("E_psi", "F_phi") if k in self.nets for p in self.nets[k].parameters()]
        self.opt_g = torch.optim.Adam(self.gen_params, lr=cfg.lr, betas=tuple(cfg.betas))
        self.sched_g = torch.optim.lr_scheduler.LambdaLR(self.opt_g, _lr_lambda(cfg.lr_schedule, cfg.steps))
        self.opt_c = None
        if objective.has_critic:
            self.opt_c = torch.optim.Adam(self.score_theta.parameters(), lr=cfg.critic_lr, betas=tuple(cfg.critic_betas))
        self.ema = {k: EMA(self.nets[k], cfg.ema_decay) for k in ("E_psi", "F_phi") if k in self.nets}
        self.step = 0
        self.device = next(self.E_psi.parameters()).device

    # ----------------------------------------------------------------------------- checkpoints
    def state_dict(self):
        return {
            "script": self.script,
            "config": vars(self.cfg),
            "specs": self.specs,
            "extra": self.extra,
            "step": self.step,
            "nets": {k: m.state_dict() for k, m in self.nets.items()},
            "ema": {k: e.state_dict() for k, e in self.ema.items()},
            "opt_g": self.opt_g.state_dict(),
            "sched_g": self.sched_g.state_dict(),
            "opt_c": self.opt_c.state_dict() if self.opt_c else None,
            "rng": rng_state(),
        }

    def load_state_dict(self, state):
        for k, m in self.nets.items():
            m.load_state_dict(state["nets"][k])
        for k, e in self.ema.items():
            e.load_state_dict(state["ema"][k])
        self.opt_g.load_state_dict(state["opt_g"])
        self.sched_g.load_state_dict(state["sched_g"])
        # the schedule follows this run's --steps (it may extend the saved run's)
        for group, base_lr in zip(self.opt_g.param_groups, self.sched_g.base_lrs):
            group["lr"] = base_lr * self.sched_g.lr_lambdas[0](state["step"])
        if self.opt_c:
            self.opt_c.load_state_dict(state["opt_c"])
        self.step = state["step"]
        set_rng_state(state["rng"])

    def save(self):
        save_atomic(self.state_dict(), os.path.join(self.run_dir, CHECKPOINT))

    # ----------------------------------------------------------------------------- one step
    def _noise_and_time(self, x0):
        return torch.randn_like(x0), torch.rand(x0.shape[0], device=x0.device, dtype=x0.dtype)

    def _clip_and_step(self, params, opt):
        if self.cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(params, self.cfg.grad_clip)
        opt.step()

    def train_step(self, sums):
        cfg, obj = self.cfg, self.objective
        if obj.has_critic:
            n_critic = cfg.n_critic if self.step >= cfg.critic_warmup else max(cfg.n_critic, 1)
            for _ in range(n_critic):
                x0 = self.next_batch()
                x1, t = self._noise_and_time(x0)
                loss_c, stats = obj.critic_loss(self.E_psi, self.score_theta, x0, x1, t)
                self.opt_c.zero_grad(set_to_none=True)
                loss_c.backward()
                self._clip_and_step(self.score_theta.parameters(), self.opt_c)
                _accumulate(sums, {"loss_c": loss_c.detach(), **{f"c_{k}": v for k, v in stats.items()}}, 1 / n_critic)
            if self.step < cfg.critic_warmup:  # critic-only warm-up: the generator waits
                return
        x0 = self.next_batch()
        x1, t = self._noise_and_time(x0)
        loss_g, stats = obj.generator_loss(self.E_psi, self.score_theta, x0, x1, t)
        self.opt_g.zero_grad(set_to_none=True)
        loss_g.backward(inputs=self.gen_params)
        self._clip_and_step(self.gen_params, self.opt_g)
        self.sched_g.step()
        for k, e in self.ema.items():
            e.update(self.nets[k])
        _accumulate(sums, {"loss_g": loss_g.detach(), **{f"g_{k}": v for k, v in stats.items()}}, 1)

    # ----------------------------------------------------------------------------- the loop
    def run(self):
        cfg = self.cfg
        metrics_path = os.path.join(self.run_dir, "metrics.jsonl")
        if self.step == 0:  # a fresh run starts a fresh metrics file; a resumed one appends
            open(metrics_path, "w").close()
        steps = range(self.step, cfg.steps)
        bar = None
        if sys.stdout.isatty():
            from tqdm import tqdm
            bar = tqdm(total=cfg.steps, initial=self.step, dynamic_ncols=True, leave=False)
        log = bar.write if bar is not None else (lambda s: print(s, flush=True))
        sums, n_sum, t_last, step_last = {}, 0, time.time(), self.step
        for _ in steps:
            self.train_step(sums)
            self.step += 1
            n_sum += 1
            if bar is not None:
                bar.update(1)
            last = self.step == cfg.steps
            if self.step % cfg.log_every == 0 or last:
                elapsed = time.time() - t_last
                row = {"step": self.step, **{k: v.item() / n_sum for k, v in sums.items()}}
                row["it_per_s"] = (self.step - step_last) / max(elapsed, 1e-9)
                row["samples_per_s"] = row["it_per_s"] * cfg.batch_size
                row["mem_mb"] = memory_mb(self.device)
                row["lr"] = self.sched_g.get_last_lr()[0]
                with open(metrics_path, "a") as f:
                    f.write(json.dumps(row) + "\n")
                log(_status_line(row, cfg.steps))
                if not all(math.isfinite(v) for v in row.values()):
                    log(f"non-finite value at step {self.step}: {row}")
                sums, n_sum, t_last, step_last = {}, 0, time.time(), self.step
            if self.on_sample and (self.step % cfg.sample_every == 0 or last):
                self.on_sample(self, self.step)
            if self.step % cfg.save_every == 0 or last:
                self.save()
        if bar is not None:
            bar.close()
        return self


def _accumulate(sums, values, weight):
    for k, v in values.items():
        sums[k] = sums[k] + v * weight if k in sums else v * weight


def _status_line(row, total):
    skip = {"step", "it_per_s", "samples_per_s", "mem_mb", "lr"}
    losses = " ".join(f"{k} {v:+.4f}" for k, v in row.items() if k not in skip)
    return (f"step {row['step']:>7d}/{total} | {losses} | lr {row['lr']:.2e} | "
            f"{row['it_per_s']:.2f} it/s {row['samples_per_s']:.0f} samples/s | mem {row['mem_mb']:.0f} MB")


def load_checkpoint(path, map_location="cpu"):
    """Read a checkpoint written by Trainer.save; raises ValueError with a one-line reason."""
    if not os.path.isfile(path):
        raise ValueError(f"checkpoint {path}: no such file")
    try:
        state = torch.load(path, map_location=map_location, weights_only=False)
    except Exception as e:  # noqa: BLE001 - any failure to unpickle means a bad file
        raise ValueError(f"checkpoint {path}: unreadable ({type(e).__name__})") from None
    if not isinstance(state, dict) or "specs" not in state or "script" not in state:
        raise ValueError(f"checkpoint {path}: not a contgan checkpoint")
    return state

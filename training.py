"""The one training loop of contgan. Scripts build data, networks, a path and an objective,
then call ``Trainer(...).run()``; nothing here knows whether it trains points or images.

Per step (after an optional critic-only warm-up): ``n_critic`` critic updates, then one update
of the generator (E_psi, and F_phi when the path learns), an EMA update, and the LR schedule.
With ``cfg.simultaneous`` the last critic update and the generator update share one batch and one
forward pass of each network (``objective.joint_losses``; objectives without it alternate). With
``cfg.critic_reuse`` the critic updates of a step all use one batch and one no-grad forward pass of
E_psi (``objective.critic_inputs``), and with ``cfg.simultaneous`` the generator's update that batch too.
A status line and a metrics.jsonl row follow step 1 (so a slow run says at once what a step
costs), then every ``log_every`` steps and the last step. No host synchronisation inside a step:
losses are summed on the device and read at log steps, and non-finite losses or weights are
recorded on the device (the step they first appear) and checked at log, sample and save steps,
so a bad state is never written.

With several processes (torchrun, distributed.py) every rank runs this same loop on its shard of
the global batch; gradients and losses are averaged across ranks after each backward; only
rank 0 writes files and log lines.
"""

import copy
import json
import math
import os
import pickle
import random
import resource
import signal
import sys
import time

import numpy as np
import torch

import distributed

CHECKPOINT = "checkpoint.pt"  # the single checkpoint of runs from before numbered ones; still found on --resume
NEVER = 2**62  # "no non-finite value seen" in the device-side tracker
EXIT_DIVERGED = 3  # exit status of a run stopped by a non-finite loss or weight


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
    """This process's RNG states as tensors and plain types, so that a checkpoint loads with
    torch.load(weights_only=True): numpy's state (an ndarray inside a tuple) is stored as a dict."""
    name, keys, pos, has_gauss, cached = np.random.get_state()
    state = {"torch": torch.get_rng_state(),
             "numpy": {"name": name, "keys": torch.from_numpy(keys.astype(np.int64)), "pos": int(pos),
                       "has_gauss": int(has_gauss), "cached_gaussian": float(cached)},
             "python": random.getstate()}  # (version, tuple of ints, None): plain types already
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state):
    """Inverse of rng_state; also takes the numpy tuple of checkpoints written before it. The state
    tensors may sit on the training device (a checkpoint loaded with map_location=cuda, as --resume
    loads it): torch takes generator states as CPU byte tensors only."""
    torch.set_rng_state(state["torch"].cpu())
    np_state = state["numpy"]
    if isinstance(np_state, dict):
        np_state = (np_state["name"], np_state["keys"].cpu().numpy().astype(np.uint32), np_state["pos"],
                    np_state["has_gauss"], np_state["cached_gaussian"])
    np.random.set_state(np_state)
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])


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


def make_adam(params, lr, betas):
    """Adam with the fused kernel (one kernel per step on CPU and CUDA), else the foreach one;
    the same update as torch's default implementation up to float rounding."""
    params, betas = list(params), tuple(float(b) for b in betas)
    try:
        return torch.optim.Adam(params, lr=lr, betas=betas, fused=True)
    except (RuntimeError, ValueError):  # a device or dtype without the fused kernel
        return torch.optim.Adam(params, lr=lr, betas=betas, foreach=True)


# torch.compile modes (--compile-mode); those that capture CUDA graphs on a GPU
COMPILE_MODES = ["default", "reduce-overhead", "max-autotune", "max-autotune-no-cudagraphs"]
CUDA_GRAPH_MODES = {"reduce-overhead", "max-autotune"}


def compile_networks(nets, objective, path, example=None, log=print, mode="default"):
    """--compile: ``torch.compile`` each network in place (``module.compile()``: state_dict keys,
    checkpoints and EMA copies stay as they are), in ``mode`` (one of COMPILE_MODES). Networks an
    objective differentiates twice (``objective.double_backward``, e.g. WGAN-GP's critic) and F_phi
    when its jvp cannot run compiled stay eager, each with a one-line notice. Returns the names compiled."""
    if mode not in COMPILE_MODES:
        raise ValueError(f"unknown compile mode {mode!r}")
    compiled = []
    for name, net in nets.items():
        if name == "score_theta" and getattr(objective, "double_backward", False):
            log(f"notice: --compile leaves {name} eager (its gradient penalty differentiates twice)")
            continue
        if name == "F_phi" and (example is None or not _jvp_compiles(net, path, example, mode)):
            log("notice: --compile leaves F_phi eager (torch.func.jvp of the compiled network failed here)")
            continue
        net.compile(mode=mode)
        compiled.append(name)
    return compiled


def _jvp_compiles(F_phi, path, x0, mode="default"):
    """Whether the learned path's jvp, and its backward, run through a compiled copy of F_phi
    (tried on the example batch ``x0``)."""
    probe = copy.deepcopy(F_phi)
    probe.compile(mode=mode)
    try:
        t = torch.full((x0.shape[0],), 0.5, device=x0.device, dtype=x0.dtype)
        type(path)(probe)(x0, torch.zeros_like(x0), t)[1].sum().backward()
        return True
    except Exception:  # noqa: BLE001 - any failure means: keep it eager
        return False


class Diverged(Exception):
    """A loss or a network's weights became non-finite; the message names the step and quantity."""


class Trainer:
    """Trains ``E_psi`` (and ``path.F_phi``) against ``score_theta`` with ``objective``.

    cfg: the run's configuration (argparse namespace); the loop reads steps, batch_size (global:
        each of the world_size processes draws batch_size / world_size), n_critic, critic_batch_size
        (optional, the same for the critic-only updates; default batch_size), critic_warmup,
        lr, critic_lr, betas, critic_betas, lr_schedule, ema_decay, grad_clip, log_every,
        save_every, sample_every, keep_checkpoints, skip_nonfinite, seed, and keeps all of it in
        checkpoints and config.json.
    networks: {"E_psi": (module, spec), "score_theta": (module, spec) or None,
        "F_phi": (module, spec) or None}; specs rebuild the modules (models.build_network).
    next_batch(n): returns n samples of data x0 on the training device.
    extra: small picklable dict stored in checkpoints (e.g. data normalisation).
    on_sample(trainer, step): called on rank 0 every ``sample_every`` steps and at the end.
    """

    def __init__(self, cfg, script, networks, path, objective, next_batch, run_dir,
                 extra=None, on_sample=None):
        self.cfg, self.script, self.run_dir = cfg, script, run_dir
        self.path, self.objective, self.next_batch = path, objective, next_batch
        self.extra, self.on_sample = extra or {}, on_sample
        self.specs = {k: v[1] for k, v in networks.items() if v is not None}
        self.nets = {k: v[0] for k, v in networks.items() if v is not None}
        distributed.broadcast_modules(self.nets.values())
        if distributed.world_size() > 1:  # each rank its own data and noise; one process keeps the script's stream
            torch.manual_seed(cfg.seed + distributed.rank())
        self.local_batch = cfg.batch_size // distributed.world_size()
        self.critic_batch = (getattr(cfg, "critic_batch_size", None) or cfg.batch_size) // distributed.world_size()
        self.E_psi, self.score_theta = self.nets["E_psi"], self.nets.get("score_theta")
        self.gen_params = [p for k in ("E_psi", "F_phi") if k in self.nets for p in self.nets[k].parameters()]
        self.opt_g = make_adam(self.gen_params, cfg.lr, cfg.betas)
        self.sched_g = torch.optim.lr_scheduler.LambdaLR(self.opt_g, _lr_lambda(cfg.lr_schedule, cfg.steps))
        self.opt_c, self.critic_params = None, []
        if objective.has_critic:
            self.critic_params = list(self.score_theta.parameters())
            self.opt_c = make_adam(self.critic_params, cfg.critic_lr, cfg.critic_betas)
        self.ema = {k: EMA(self.nets[k], cfg.ema_decay) for k in ("E_psi", "F_phi") if k in self.nets}
        self.step, self.skipped = 0, 0
        self.train_seconds = 0.0  # wall-clock time in the loop, over all resumptions (--time-limit)
        self.device = next(self.E_psi.parameters()).device
        # quantities watched for non-finite values, and the first step each was seen (NEVER: not yet)
        self.watched = ["loss_c", "loss_g", *self.nets]
        self.first_bad = torch.full((len(self.watched),), NEVER, dtype=torch.int64, device=self.device)
        # every watched tensor of a step in one list: the two losses, then each network's weights;
        # _owner[i] is the index in ``watched`` of entry i (one foreach_norm and one scatter per step)
        self._weights = [p for net in self.nets.values() for p in net.parameters()]
        self._owner = torch.tensor([0, 1] + [2 + i for i, net in enumerate(self.nets.values()) for _ in net.parameters()],
                                   device=self.device)
        self.compile_mode, self.cuda_graphs = getattr(cfg, "compile_mode", "default"), False
        if getattr(cfg, "compile", False):
            with torch.random.fork_rng(devices=[self.device] if self.device.type == "cuda" else []):
                example = next_batch(2)  # a probe for F_phi's jvp; the run's random stream is left as it was
            self.compile(example, log=lambda s: distributed.is_main() and print(s, flush=True))

    def compile(self, example, log=print):
        """--compile: compile_networks in --compile-mode; returns the names compiled. CUDA graphs
        (reduce-overhead on a GPU) replay into the same memory, so each step then begins a new
        generation: a tensor kept from an earlier step is an error, not stale data."""
        compiled = compile_networks(self.nets, self.objective, self.path, example, log=log, mode=self.compile_mode)
        self.cuda_graphs = self.compile_mode in CUDA_GRAPH_MODES and self.device.type == "cuda"
        return compiled

    # ----------------------------------------------------------------------------- checkpoints
    def state_dict(self):
        """Everything a bit-exact resume needs; the RNG states of every rank (a collective call)."""
        return {
            "script": self.script,
            "config": vars(self.cfg),
            "specs": self.specs,
            "extra": self.extra,
            "step": self.step,
            "skipped": self.skipped,
            "train_seconds": self.train_seconds,
            "nets": {k: m.state_dict() for k, m in self.nets.items()},
            "ema": {k: e.state_dict() for k, e in self.ema.items()},
            "opt_g": self.opt_g.state_dict(),
            "sched_g": self.sched_g.state_dict(),
            "opt_c": self.opt_c.state_dict() if self.opt_c else None,
            "rng": distributed.gather_objects(rng_state()),
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
        self.step, self.skipped = state["step"], state.get("skipped", 0)
        self.train_seconds = state.get("train_seconds", 0.0)
        self._load_rng(state["rng"])

    def _load_rng(self, rngs):
        """This rank's saved RNG state; fresh per-rank seeds when the run had another number of processes."""
        rngs = [rngs] if isinstance(rngs, dict) else rngs  # checkpoint.pt of older runs: one state
        if len(rngs) == distributed.world_size():
            set_rng_state(rngs[distributed.rank()])
            return
        torch.manual_seed(self.cfg.seed + distributed.rank() + 1_000_003 * self.step)  # new per rank and per resume step
        if distributed.is_main():
            print(f"warning: the checkpoint was written by {len(rngs)} process(es), this run has "
                  f"{distributed.world_size()}: data and noise continue from fresh seeds", file=sys.stderr, flush=True)

    def save(self):
        """Check for non-finite values, then write checkpoint_STEP.pt atomically (rank 0) and
        keep the newest ``keep_checkpoints``; checkpoints newer than this step (left by an abandoned
        continuation, or unreadable) are removed."""
        self.check_finite()
        state = self.state_dict()
        if not distributed.is_main():
            return
        save_atomic(state, checkpoint_path(self.run_dir, self.step))
        existing = list_checkpoints(self.run_dir)
        keep = [p for p in existing if checkpoint_step(p) <= self.step][-self.cfg.keep_checkpoints:]
        for path in existing:
            if path not in keep:
                os.remove(path)

    # ----------------------------------------------------------------------------- non-finite values
    def _track(self, values):
        """Record, on the device, the step at which any watched value is first non-finite."""
        zero = torch.zeros((), device=self.device)
        current = torch._foreach_norm([values.get("loss_c", zero), values.get("loss_g", zero), *self._weights])
        bad = torch.zeros(len(self.watched), device=self.device).index_add_(
            0, self._owner, torch.stack(current).isfinite().logical_not().float())
        self.first_bad = torch.where(bad > 0, self.first_bad.clamp(max=self.step + 1), self.first_bad)

    def check_finite(self):
        """Raise Diverged naming the first step and quantity that went non-finite (on every rank)."""
        first = distributed.minimum(self.first_bad.clone()).cpu()
        if first.min() < NEVER:
            i = int(first.argmin())
            what = self.watched[i] if i < 2 else f"weights of {self.watched[i]}"
            raise Diverged(f"non-finite {what} at step {int(first[i])}")

    @staticmethod
    def _all_finite(tensors):
        return bool(torch.isfinite(torch.stack(torch._foreach_norm(tensors))).all())

    # ----------------------------------------------------------------------------- one step
    def _draw(self, n=None):
        """This rank's shard of data, noise and time (n samples, default its share of --batch-size):
        x0, x1 ~ N(0, I), t ~ U[0, 1] (x1, t None for an objective that draws its own noise)."""
        x0 = self.next_batch(n or self.local_batch)
        if getattr(self.objective, "draws_own_noise", False):  # WGAN-GP: no path, it draws z itself
            return x0, None, None
        return x0, torch.randn_like(x0), torch.rand(x0.shape[0], device=x0.device, dtype=x0.dtype)

    def _update(self, loss, params, opt):
        """Backward, gradients and loss averaged over ranks, clip, step; returns the averaged loss,
        or None when --skip-nonfinite skipped a step with a non-finite loss or gradient."""
        opt.zero_grad(set_to_none=True)
        loss.backward(inputs=params)
        grads = [p.grad for p in params if p.grad is not None]
        loss = loss.detach().float().reshape(1).clone()
        distributed.average(grads + [loss])  # one all_reduce; every rank then steps alike
        if self.cfg.skip_nonfinite and not self._all_finite(grads + [loss]):  # a host sync per update
            self.skipped += 1
            return None
        if self.cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(params, self.cfg.grad_clip)
        opt.step()
        return loss.reshape(())

    def critic_update(self, x0, x1, t, inputs=None):
        """One critic update on this rank's shard; returns (loss averaged over ranks or None, stats).
        ``inputs``: objective.critic_inputs of this batch, computed once and reused (--critic-reuse)."""
        if inputs is not None:
            loss_c, stats = self.objective.critic_loss_on(self.score_theta, inputs)
        else:
            loss_c, stats = self.objective.critic_loss(self.E_psi, self.score_theta, x0, x1, t)
        return self._update(loss_c, self.critic_params, self.opt_c), stats

    def generator_update(self, x0, x1, t):
        """One update of E_psi (and F_phi), the LR schedule and the EMA; returns (loss or None, stats)."""
        loss_g, stats = self.objective.generator_loss(self.E_psi, self.score_theta, x0, x1, t)
        return self._generator_step(loss_g), stats

    def _generator_step(self, loss_g):
        loss = self._update(loss_g, self.gen_params, self.opt_g)
        self.sched_g.step()
        for k, e in self.ema.items():
            e.update(self.nets[k])
        return loss

    def joint_update(self, x0, x1, t):
        """--simultaneous: the critic and the generator each updated once from one batch and one
        forward pass of each network (objective.joint_losses); the critic steps first, the
        generator's loss already holds the critic's output from before that step.
        Returns (critic loss or None, critic stats, generator loss or None, generator stats)."""
        loss_c, stats_c, loss_g, stats_g = self.objective.joint_losses(self.E_psi, self.score_theta, x0, x1, t)
        loss_c = self._update(loss_c, self.critic_params, self.opt_c)
        return loss_c, stats_c, self._generator_step(loss_g), stats_g

    def train_step(self, sums):
        cfg, watch = self.cfg, {}
        if self.cuda_graphs:
            torch.compiler.cudagraph_mark_step_begin()
        warming_up = self.objective.has_critic and self.step < cfg.critic_warmup  # the generator waits
        joint = (self.objective.has_critic and not warming_up and getattr(cfg, "simultaneous", False)
                 and hasattr(self.objective, "joint_losses"))  # objectives without joint losses alternate
        self.objective.progress = self.step / cfg.steps  # for schedules inside an objective (e.g. a decaying cost)
        if self.objective.has_critic:
            n_critic = max(cfg.n_critic, 1) if warming_up else max(cfg.n_critic, int(joint))
            # --critic-reuse: one batch, and one no-grad pass of E_psi on it, for all critic updates of the step
            shared = self._draw() if getattr(cfg, "critic_reuse", False) else None
            inputs = None
            for i in range(n_critic):
                shares = joint and i == n_critic - 1  # the last critic update shares the generator's batch
                batch = shared or self._draw(None if shares else self.critic_batch)
                if shares:
                    loss_c, stats, loss_g, stats_g = self.joint_update(*batch)
                else:
                    if shared is not None and inputs is None:
                        inputs = self.objective.critic_inputs(self.E_psi, *shared)
                    loss_c, stats = self.critic_update(*batch, inputs=inputs)
                if loss_c is not None:
                    _accumulate(watch, {"loss_c": loss_c}, 1)
                    _accumulate(sums, {"loss_c": loss_c, **{f"c_{k}": v for k, v in stats.items()}}, 1 / n_critic)
        if not warming_up:
            if not joint:
                loss_g, stats_g = self.generator_update(*self._draw())
            if loss_g is not None:
                watch["loss_g"] = loss_g
                _accumulate(sums, {"loss_g": loss_g, **{f"g_{k}": v for k, v in stats_g.items()}}, 1)
        self._track(watch)

    # ----------------------------------------------------------------------------- the loop
    def run(self):
        """Train to cfg.steps. A non-finite value ends the process with status EXIT_DIVERGED and
        the last good checkpoint in place; SIGTERM or SIGINT saves a checkpoint and ends it with
        status 128 + signal number (143, 130)."""
        cfg, main = self.cfg, distributed.is_main()
        metrics_path = os.path.join(self.run_dir, "metrics.jsonl")
        if main:
            self._start_files(metrics_path)
        bar = None
        if main and sys.stdout.isatty():
            from tqdm import tqdm
            bar = tqdm(total=cfg.steps, initial=self.step, dynamic_ncols=True, leave=False)
        log = bar.write if bar is not None else (lambda s: print(s, flush=True))
        if main:
            log(f"batch {cfg.batch_size} per step = {distributed.world_size()} process(es) x {self.local_batch}")
            if self.objective.has_critic and self.critic_batch != self.local_batch:
                log(f"critic-only updates: batch {self.critic_batch * distributed.world_size()} = "
                    f"{distributed.world_size()} process(es) x {self.critic_batch}")
        sums, n_sum, t_last, step_last = {}, 0, time.time(), self.step
        # training time: wall clock, or this process's CPU time (--time-clock cpu, for a shared machine)
        clock = time.process_time if getattr(cfg, "time_clock", "wall") == "cpu" else time.time
        t_step, limit = clock(), 60 * getattr(cfg, "time_limit", 0.0)
        try:
            with _SignalFlag() as stop:
                last = self.step >= cfg.steps  # a finished run resumed: nothing to do
                while not last:
                    self.train_step(sums)
                    self.step += 1
                    n_sum += 1
                    if bar is not None:
                        bar.update(1)
                    self.train_seconds += clock() - t_step
                    t_step = clock()
                    # --time-limit: the step that crosses it is the last (all ranks agree)
                    last = self.step == cfg.steps or (limit > 0 and distributed.any_rank(self.train_seconds >= limit))
                    stopping = distributed.any_rank(stop.signum is not None)
                    # step 1 is logged too, so a slow run says at once what a step costs
                    log_now = self.step % cfg.log_every == 0 or last or self.step == 1
                    sample_now = self.on_sample and (self.step % cfg.sample_every == 0 or last)
                    if log_now or sample_now:
                        self.check_finite()
                    if log_now:
                        if main:
                            self._log_row(sums, n_sum, time.time() - t_last, self.step - step_last, metrics_path, log)
                        sums, n_sum, t_last, step_last = {}, 0, time.time(), self.step
                    if sample_now and main:
                        self.on_sample(self, self.step)
                    if self.step % cfg.save_every == 0 or last or stopping:
                        self.save()
                    if stopping:
                        self._stop_by_signal(stop.signum or signal.SIGTERM)  # SIGTERM on ranks it did not reach
        except Diverged as e:
            last_good = list_checkpoints(self.run_dir)
            self._stop(f"error: {e}; stopped without saving; last good checkpoint: "
                       f"{last_good[-1] if last_good else 'none'} (--skip-nonfinite skips such steps instead)",
                       EXIT_DIVERGED)
        finally:
            if bar is not None:
                bar.close()
        return self

    def _start_files(self, metrics_path):
        """config.json; a fresh metrics file for a fresh run, for a resumed one its rows up to the checkpoint."""
        with open(os.path.join(self.run_dir, "config.json"), "w") as f:
            json.dump(vars(self.cfg), f, indent=2)
        rows = []
        if self.step > 0 and os.path.isfile(metrics_path):
            with open(metrics_path) as f:
                rows = [line for line in f if line.strip() and json.loads(line)["step"] <= self.step]
        with open(metrics_path, "w") as f:
            f.writelines(rows)

    def _log_row(self, sums, n_sum, elapsed, steps, metrics_path, log):
        row = {"step": self.step, **{k: v.item() / n_sum for k, v in sums.items()}}
        if self.cfg.skip_nonfinite:
            row["skipped"] = self.skipped
        row["it_per_s"] = steps / max(elapsed, 1e-9)
        row["samples_per_s"] = row["it_per_s"] * self.cfg.batch_size  # the global batch: all ranks
        row["mem_mb"] = memory_mb(self.device)
        row["lr"] = self.sched_g.get_last_lr()[0]
        row["train_s"] = self.train_seconds
        with open(metrics_path, "a") as f:
            f.write(json.dumps(row) + "\n")
        log(_status_line(row, self.cfg.steps) + (f" | {elapsed:.2f} s this step" if steps == 1 else ""))

    def _stop_by_signal(self, signum):
        self._stop(f"stopped by {signal.Signals(signum).name} at step {self.step}; saved "
                   f"{checkpoint_path(self.run_dir, self.step)}; the same command with --resume continues", 128 + signum)

    @staticmethod
    def _stop(message, status):
        if distributed.is_main():
            print(message, file=sys.stderr, flush=True)
        raise SystemExit(status)


class _SignalFlag:
    """Within the block, SIGTERM and SIGINT only record their number (the loop saves and stops at
    the end of the current step); the previous handlers come back on exit."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __enter__(self):
        self.signum = None
        self.previous = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
        return self

    def _handle(self, signum, frame):
        self.signum = signum

    def __exit__(self, *exc):
        for s, handler in self.previous.items():
            signal.signal(s, handler)


def _accumulate(sums, values, weight):
    for k, v in values.items():
        sums[k] = sums[k] + v * weight if k in sums else v * weight


def _status_line(row, total):
    skip = {"step", "it_per_s", "samples_per_s", "mem_mb", "lr"}
    losses = " ".join(f"{k} {v:+.4f}" for k, v in row.items() if k not in skip)
    return (f"step {row['step']:>7d}/{total} | {losses} | lr {row['lr']:.2e} | "
            f"{row['it_per_s']:.2f} it/s {row['samples_per_s']:.0f} samples/s | mem {row['mem_mb']:.0f} MB")


# What a checkpoint written before rng_state() stored numpy's state as tensors holds besides
# tensors and plain types: that ndarray of uint32 (allow-listed only for those old files).
_LEGACY_GLOBALS = [(getattr(np, "_core", None) or np.core).multiarray._reconstruct, np.ndarray, np.dtype,
                   type(np.dtype(np.uint32))]


def load_checkpoint(path, map_location="cpu"):
    """Read a checkpoint written by Trainer.save; raises ValueError with a one-line reason.

    Checkpoints are data, not code: the file is read with torch.load(weights_only=True), which
    rebuilds only tensors and plain Python types and refuses anything else (a pickle that would
    call a function, build an object of another class) before running it. Checkpoints of this
    project written before RNG states were stored as tensors hold one numpy uint32 array; they
    are read with exactly the globals that array needs allow-listed."""
    if not os.path.isfile(path):
        raise ValueError(f"checkpoint {path}: no such file")
    try:
        try:
            state = torch.load(path, map_location=map_location, weights_only=True)
        except pickle.UnpicklingError as e:
            if "numpy" not in str(e):
                raise
            with torch.serialization.safe_globals(_LEGACY_GLOBALS):
                state = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as e:
        if "global" not in str(e).lower():  # not a refused object but bytes that are no pickle at all
            raise ValueError(f"checkpoint {path}: unreadable (UnpicklingError)") from None
        raise ValueError(f"checkpoint {path}: refused, it holds more than tensors and plain data "
                         f"({_refused_global(e)}); checkpoints are loaded as data only") from None
    except Exception as e:  # noqa: BLE001 - any failure to unpickle means a bad file
        raise ValueError(f"checkpoint {path}: unreadable ({type(e).__name__})") from None
    if not isinstance(state, dict) or "specs" not in state or "script" not in state:
        raise ValueError(f"checkpoint {path}: not a contgan checkpoint")
    return state


def _refused_global(error):
    """The global a weights-only load refused, from torch's (long, multi-line) message."""
    for line in str(error).splitlines():
        line = line.strip()
        if "GLOBAL" in line or line.lower().startswith("unsupported"):
            return line.rstrip(".")[:200]
    return "an object torch.load(weights_only=True) does not rebuild"


def checkpoint_path(run_dir, step):
    return os.path.join(run_dir, f"checkpoint_{step:07d}.pt")


def checkpoint_step(path):
    """The step in a checkpoint's name; 0 for the unnumbered checkpoint.pt of older runs."""
    stem = os.path.basename(path)[len("checkpoint_"):-len(".pt")]
    return int(stem) if stem.isdigit() else 0


def list_checkpoints(run_dir):
    """Paths of the checkpoints in ``run_dir``, oldest first (an older run's checkpoint.pt first)."""
    if not os.path.isdir(run_dir):
        return []
    names = [n for n in os.listdir(run_dir) if n == CHECKPOINT or
             (n.startswith("checkpoint_") and n.endswith(".pt") and n[len("checkpoint_"):-3].isdigit())]
    return sorted((os.path.join(run_dir, n) for n in names), key=checkpoint_step)


def load_latest(run_dir, map_location="cpu"):
    """(path, state) of the newest readable checkpoint in ``run_dir``; unreadable newer ones (a
    write cut short by a crash, a damaged disk) are skipped with a warning line. Raises ValueError
    when there is none."""
    reasons = []
    for path in reversed(list_checkpoints(run_dir)):
        try:
            state = load_checkpoint(path, map_location)
        except ValueError as e:
            reasons.append(str(e))
            continue
        for reason in reasons:
            print(f"warning: skipped {reason}", file=sys.stderr, flush=True)
        return path, state
    raise ValueError(f"no readable checkpoint in {run_dir}" + (f" ({'; '.join(reasons)})" if reasons else ""))


def latest_checkpoint(run_dir):
    """The path of the newest readable checkpoint in ``run_dir`` (see load_latest)."""
    return load_latest(run_dir)[0]

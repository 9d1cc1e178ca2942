"""Command-line pieces shared by the scripts: common flags, device choice, run directories,
the start of every run (``start``), and one-line errors (``fail``) instead of tracebacks."""

import argparse
import copy
import json
import os
import random
import sys
import tempfile

import numpy as np
import torch

import distributed
from losses import (FEW_STEP_OBJECTIVES, FM_WEIGHT_NEEDS, FM_WEIGHT_ROLLOUT, GRAD_FORM_NEEDS, OBJECTIVES, STEP_METHODS,
                    TeacherStep, step_distribution)
from models import inner_spec, replicate
from training import COMPILE_MODES, latest_checkpoint, list_checkpoints, load_checkpoint, load_latest


class UsageError(Exception):
    """Bad input from the user: reported as one line on stderr, exit status 2."""


def fail(msg):
    """One line 'error: msg' on stderr (from rank 0 only under torchrun), exit status 2."""
    if distributed.env_rank() == 0:
        print(f"error: {msg}", file=sys.stderr, flush=True)
    raise SystemExit(2)


class ArgumentParser(argparse.ArgumentParser):
    """argparse whose errors (unknown flags, values out of range) are one line, as every other
    input error: 'error: PROG: MESSAGE' on stderr and exit status 2, no usage block."""

    def error(self, message):
        fail(f"{self.prog}: {message}")


def default_device():
    return "cuda:0" if torch.cuda.is_available() else "cpu"


def resolve_device(name):
    try:
        device = torch.device(name)
    except (RuntimeError, ValueError):
        raise UsageError(f"--device {name!r} is not a device name (try cpu or cuda:0)") from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise UsageError(f"--device {name}: CUDA is not available on this machine (use --device cpu)")
        index = device.index or 0
        if index >= torch.cuda.device_count():
            raise UsageError(f"--device {name}: no such device; this machine has {torch.cuda.device_count()} CUDA device(s)")
        device = torch.device("cuda", index)
    elif device.type != "cpu":
        raise UsageError(f"--device {name}: only cpu and cuda devices are supported")
    return device


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def nonneg_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def nonneg_float(text):
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def positive_float(text):
    value = float(text)
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return value


def unit_float(text):
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {text}")
    return value


def fraction(text):
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {text}")
    return value


def add_training_args(p, *, steps, batch_size, lr, critic_lr, n_critic, ema_decay, betas, critic_betas,
                      lr_schedule, grad_clip, log_every, critic_reg=1.0, lam="one", f_reg=0.0, simultaneous=False,
                      continuous=True):
    """Flags every training script shares; each script passes the defaults it measured.

    ``continuous=False`` (the WGAN-GP baseline) leaves out the continuous GAN's own flags:
    objective, path and the critic's stabilisation."""
    g = p.add_argument_group("run")
    g.add_argument("--device", default=default_device(), help="torch device (default: cuda:0 when CUDA is present, else cpu)")
    g.add_argument("--steps", type=positive_int, default=steps, help="generator updates (default: %(default)s)")
    g.add_argument("--batch-size", type=positive_int, default=batch_size, help="samples per update (default: %(default)s)")
    g.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    g.add_argument("--out", default=None, help="run directory, created; holds config, metrics, plots, checkpoint")
    g.add_argument("--resume", action="store_true", help="continue the run in --out from its newest readable checkpoint")
    g.add_argument("--init-from", default=None, metavar="RUN_OR_CHECKPOINT",
                   help="post-training: E_psi and its EMA start from this checkpoint (a run folder: its newest readable "
                        "one) of any objective with the same E_psi network; the critic and optimisers start fresh "
                        "(--critic-warmup N: critic-only steps first); config.json records the file; ignored by --resume")
    if continuous:
        g.add_argument("--teacher-from", default=None, metavar="RUN_OR_CHECKPOINT",
                       help="--objective distill, adv_distill, --distill-weight: the teacher is this checkpoint's EMA (a run "
                            "folder: its newest readable one; the same E_psi network) instead of the --init-from parent's, "
                            "e.g. a flow-matching parent teaching a student that starts from its distilled child; "
                            "config.json records the file, and --resume reads it again (default: the --init-from parent)")
    g.add_argument("--init-weights", choices=["raw", "ema"], default="raw",
                   help="--init-from: the weights E_psi starts training from: the parent's raw weights, or its EMA "
                        "(the averaged model its samples and FID come from; for fine-tuning at a small --lr); "
                        "the EMA starts from the parent's EMA either way (default: %(default)s)")
    g.add_argument("--critic-init", choices=["fresh", "parent"], default="fresh",
                   help="--init-from: the critic starts from the seed's initialisation (fresh), or from the same weights "
                        "as E_psi with its output layer zeroed (parent: the critic's score starts at 0 on the parent's "
                        "features; needs a critic with E_psi's layers, e.g. the same width) (default: %(default)s)")
    if continuous:
        g.add_argument("--objective", choices=OBJECTIVES, default="cgan",
                       help="cgan: continuous WGAN (critic); fm: flow-matching baseline; discrete: the write-up's "
                            "K-step WGAN, a few-step generator (see --time-steps); distill: a K-step generator "
                            "regressing the --init-from parent's own steps, no critic (--distill-weight's control); "
                            "adv_distill: distill plus a critic between the data and the student's K-step samples "
                            "(--adv-weight) (default: %(default)s)")
        g.add_argument("--predict", choices=["velocity", "x0"], default="velocity",
                       help="what E_psi's network outputs: the velocity, or x0_hat with E_psi = (x_t - x0_hat) / t "
                            "(default: %(default)s)")
        g.add_argument("--path", choices=["linear", "learned"], default="linear",
                       help="interpolant: linear, or learned with F_phi (default: %(default)s)")
    g.add_argument("--log-every", type=positive_int, default=log_every, help="status line and metrics row after step 1, then every N steps (default: %(default)s)")
    g.add_argument("--save-every", type=positive_int, default=10**9, help="checkpoint every N steps, and always at the end (default: only at the end)")
    g.add_argument("--keep-checkpoints", type=positive_int, default=3, help="keep the newest K checkpoint_STEP.pt files (default: %(default)s)")
    g.add_argument("--time-limit", type=nonneg_float, default=0.0, metavar="MINUTES",
                   help="also stop (log, grids, checkpoint) after this much training time, over resumptions; "
                        "for equal-time comparisons; the lr schedule still follows --steps; 0 = off (default: %(default)s)")
    g.add_argument("--time-clock", choices=["wall", "cpu"], default="wall",
                   help="what --time-limit and train_s count: wall-clock seconds, or this process's CPU seconds "
                        "(all its threads; with one thread, the time it held a core: fair on a shared machine) (default: %(default)s)")
    g.add_argument("--skip-nonfinite", action="store_true",
                   help="skip an update whose loss or gradient is non-finite and count it (a host sync per update); "
                        "default: stop the run at the first non-finite loss or weight, exit status 3")
    g.add_argument("--compile", action="store_true",
                   help="torch.compile the networks for training (state and checkpoints unchanged); the first steps "
                        "pay the compilation; networks that cannot run compiled stay eager with a notice")
    g.add_argument("--compile-mode", choices=COMPILE_MODES, default="default",
                   help="torch.compile mode with --compile; reduce-overhead adds CUDA graphs on a GPU (each step then "
                        "begins a new graph generation), the max-autotune modes search kernels (long compiles) "
                        "(default: %(default)s)")
    g.add_argument("--sample-every", type=positive_int, default=10**9, help="plots or grids every N steps, and always at the end (default: only at the end)")

    g = p.add_argument_group("optimisation")
    g.add_argument("--lr", type=nonneg_float, default=lr, help="generator (E_psi, F_phi) Adam learning rate (default: %(default)s)")
    g.add_argument("--critic-lr", type=nonneg_float, default=critic_lr, help="critic Adam learning rate (default: %(default)s)")
    g.add_argument("--betas", type=unit_float, nargs=2, default=betas, metavar=("B1", "B2"), help="generator Adam betas (default: %(default)s)")
    g.add_argument("--critic-betas", type=unit_float, nargs=2, default=critic_betas, metavar=("B1", "B2"), help="critic Adam betas (default: %(default)s)")
    g.add_argument("--lr-schedule", choices=["constant", "cosine"], default=lr_schedule, help="generator learning-rate schedule (default: %(default)s)")
    g.add_argument("--grad-clip", type=nonneg_float, default=grad_clip, help="clip each network's gradient norm; 0 = off (default: %(default)s)")
    g.add_argument("--ema-decay", type=unit_float, default=ema_decay, help="EMA decay of E_psi/F_phi weights, warmed up; samples use the EMA (default: %(default)s)")

    g = p.add_argument_group("critic" if not continuous else "continuous GAN stabilisation")
    g.add_argument("--n-critic", type=nonneg_int, default=n_critic, help="critic updates per generator update (default: %(default)s)")
    g.add_argument("--critic-warmup", type=nonneg_int, default=0, help="first N steps update only the critic (default: %(default)s)")
    g.add_argument("--critic-batch-size", type=positive_int, default=None,
                   help="global batch of each critic-only update (a --simultaneous step's joint update keeps "
                        "--batch-size); larger averages out more of dx_t/dt's spread per update at more cost "
                        "(default: --batch-size)")
    if not continuous:
        return p
    g.add_argument("--simultaneous", action=argparse.BooleanOptionalAction, default=simultaneous,
                   help="the last critic update of a step and the generator update share one batch and one forward pass "
                        "of each network (with --n-critic 2, 1/6 less work per step; n_critic 0 counts as 1); "
                        "--no-simultaneous: every update draws its own batch (default: %(default)s)")
    g.add_argument("--critic-form", choices=["free", "grad"], default="free",
                   help="free: the score is a network's output, norm bounded below 1; grad: the score is grad_x D of a "
                        "scalar critic D(x_t, t), its value one jvp of D, --critic-reg penalising D's slope along "
                        "E_psi - dx_t/dt (losses.py) (default: %(default)s)")
    g.add_argument("--critic-reuse", action="store_true",
                   help="the critic updates of a step share one batch and one no-grad forward pass of E_psi (with "
                        "--simultaneous the generator's update uses that batch too): n_critic - 1 fewer E_psi passes "
                        "per step, the critic sees fewer distinct samples (default: off)")
    g.add_argument("--critic-reg", type=nonneg_float, default=critic_reg,
                   help="alpha: the critic also pays alpha/2 * lam |score|^2, making the generator's loss Huber_alpha(E_psi - v*); 0 = write-up's objective (default: %(default)s)")
    g.add_argument("--raw-penalty", type=nonneg_float, default=0.0, help="penalty on the critic's unbounded output |out|^2 against tanh saturation (default: %(default)s)")
    g.add_argument("--lam", choices=["one", "one_minus_t", "t"], default=lam, help="weighting lambda(t) (default: %(default)s)")
    g.add_argument("--f-objective", choices=["variance", "adversarial"], default="variance",
                   help="learned path: what F_phi minimises, see losses.py (default: %(default)s)")
    g.add_argument("--f-reg", type=nonneg_float, default=f_reg, help="learned path: weight of E|F_phi|^2 (default: %(default)s)")
    g.add_argument("--fm-weight", type=nonneg_float, default=0.0,
                   help="--objective cgan or discrete: E_psi also pays w * flow matching's loss E lam |E_psi - dx_t/dt|^2 "
                        "(post-training with the regression kept; w = 1/(2 alpha) weighs it like the critic at its optimum, "
                        "losses.py); 0 = off (default: %(default)s)")

    g = p.add_argument_group("few-step objectives (--objective discrete, distill, adv_distill; losses.DiscreteWGAN, "
                             "Distillation, AdversarialDistillation)")
    g.add_argument("--time-steps", type=positive_int, default=4, metavar="K",
                   help="K: dt = 1/K, trained on the grid {dt, ..., 1} and sampled with K steps (--step-method), NFE = K for Euler (default: %(default)s)")
    g.add_argument("--time-shift", type=positive_float, default=1.0, metavar="S",
                   help="the K-step grid's times t_j = S u / (1 + (S - 1) u), u = j / K (paths.shift_time): S > 1 makes "
                        "the steps near the noise (t = 1) shorter and the last ones longer, S < 1 the reverse; the run "
                        "is sampled on the same grid (default: %(default)s, the uniform grid)")
    g.add_argument("--penalty", choices=["quadratic", "gp"], default="quadratic",
                   help="the scalar critic's gradient penalty on points between real and fake: quadratic = "
                        "(critic_reg/2) |grad D|^2, the twin of --critic-reg; gp = WGAN-GP's --gp (|grad D| - 1)^2 (default: %(default)s)")
    g.add_argument("--gp", type=nonneg_float, default=10.0, help="weight of --penalty gp (default: %(default)s)")
    g.add_argument("--penalty-fraction", type=fraction, default=1.0, metavar="F",
                   help="--penalty on the first round(F * batch) samples of each critic batch only (0 < F <= 1), an "
                        "unbiased estimate of the term at about F of its cost; below 1 the critic's pass on real and "
                        "fake keeps no graph to x (default: %(default)s)")
    g.add_argument("--ot-weight", type=nonneg_float, default=0.0,
                   help="E_psi also pays w |dt E_psi|^2 / dt, a transport cost; 0 = off (default: %(default)s)")
    g.add_argument("--ot-decay", choices=["cosine", "constant"], default="cosine",
                   help="schedule of --ot-weight over --steps (default: %(default)s)")
    g.add_argument("--step-method", choices=STEP_METHODS, default="euler",
                   help="the K-step sampler the generator is trained as: euler, NFE = K; midpoint, two evaluations "
                        "per step, NFE = 2K, from flow matching's best few-step solver (default: %(default)s)")
    g.add_argument("--distill-weight", type=nonneg_float, default=0.0,
                   help="--objective discrete: E_psi also pays w * lam |step(x_t) - T(x_t)|^2 / dt^2, T the frozen "
                        "--init-from parent's ODE solved over the grid step (its EMA; losses.TeacherStep); 0 = off "
                        "(default: %(default)s)")
    g.add_argument("--distill-substeps", type=positive_int, nargs="+", default=2, metavar="N",
                   help="--distill-weight, --objective distill and adv_distill: midpoint steps the parent takes over each grid "
                        "step, each 2 no-grad passes of the parent (with K = 4 the default is its 8-step midpoint "
                        "solve, NFE 16); or K values, one per grid step in the sampler's order (from t = 1): 4 1 1 1 "
                        "solves the first step finely; a few-step parent (discrete, distill, adv_distill) takes its "
                        "own steps instead (default: %(default)s)")
    g.add_argument("--distill-huber", type=nonneg_float, default=0.0, metavar="C",
                   help="--distill-weight, --objective distill and adv_distill: the teacher term per sample is "
                        "sqrt(e + C^2) - C, e its squared error in velocity units, the pseudo-Huber loss of improved "
                        "consistency training (about the error's norm where it exceeds C); 0 = the squared error "
                        "(default: %(default)s)")
    g.add_argument("--adv-weight", type=nonneg_float, default=1.0,
                   help="--objective adv_distill: E_psi pays the teacher's pull minus w * E D(its K-step sample) "
                        "(default: %(default)s)")
    g.add_argument("--adv-backprop-steps", type=positive_int, default=1, metavar="M",
                   help="--objective adv_distill: the critic's gradient reaches E_psi through the last M of the "
                        "sample's K steps (1..K; K = the exact gradient, K passes with backward) (default: %(default)s)")
    g.add_argument("--step-experts", action="store_true",
                   help="E_psi as K networks of the same spec, one per step of the K-step grid (--time-steps K; "
                        "models.StepExperts): K times the parameters at one network's cost per evaluation; with "
                        "--init-from a parent of one network, each expert starts as a copy of it (default: off)")
    g.add_argument("--step-weights", type=nonneg_float, nargs="+", default=None, metavar="W",
                   help="K weights, one per grid step in the sampler's order (from t = 1, as --distill-substeps): "
                        "each batch (--step-experts) or sample trains grid step k with probability w_k / sum(w), "
                        "not 1/K; with --step-experts it shares out the updates among the experts, e.g. 1 1 1 2 gives "
                        "the last step, from t = 1/K to the sample, 40 %% of them (default: uniform)")
    g.add_argument("--rollout", action="store_true",
                   help="--objective discrete, distill or adv_distill: E_psi's input x_t comes from its own K-step "
                        "sampler (no grad) instead of the path, as at sampling time (distill, adv_distill: the teacher's "
                        "target is taken from there); "
                        "up to K - 1 extra no-grad passes of E_psi per loss (default: off)")
    return p


def add_sampling_args(p, *, tol=1e-5):
    """--ode-method and --ode-steps default to None: the run's own solver (sampling.solver_for)."""
    g = p.add_argument_group("sampling")
    g.add_argument("--ode-method", default=None, choices=["dopri5", "euler", "midpoint", "rk4"],
                   help="ODE solver for samples (default: dopri5; K Euler steps for --objective discrete)")
    g.add_argument("--ode-steps", type=positive_int, default=None,
                   help="steps of a fixed-step solver (default: 100; K for --objective discrete)")
    g.add_argument("--ode-shift", type=positive_float, default=None, metavar="S",
                   help="a fixed-step solver's grid times S u / (1 + (S - 1) u), u uniform (paths.shift_time; "
                        "default: 1, the uniform grid; the few-step objectives' own --time-shift)")
    g.add_argument("--rtol", type=float, default=tol, help="dopri5 relative tolerance (default: %(default)s)")
    g.add_argument("--atol", type=float, default=tol, help="dopri5 absolute tolerance (default: %(default)s)")
    return p


def start(args, load_data):
    """What every script does before it builds networks: join torchrun's processes, then check
    the device, the batch size, the data and the run directory, so that bad input ends the run
    with one 'error:' line and exit status 2 before anything is written; seed; print the config.

    ``--batch-size`` is the global batch, split evenly among the processes, so a run means the
    same with 1 or N of them. Returns (device, load_data(device), ckpt): the checkpoint path to
    resume, or with --init-from (and no --resume) a Parent to start E_psi from, or None; scripts
    hand it to ``resume`` once the Trainer is built."""
    try:
        substeps = getattr(args, "distill_substeps", None)
        if isinstance(substeps, list):  # one value for every grid step (stored as the int), or one per step
            if len(substeps) not in (1, args.time_steps):
                raise UsageError(f"--distill-substeps takes one value or one per grid step (--time-steps {args.time_steps}), "
                                 f"got {len(substeps)}")
            args.distill_substeps = substeps[0] if len(substeps) == 1 else substeps
        if getattr(args, "distill_huber", 0.0) and not needs_teacher(args):
            raise UsageError(f"--distill-huber shapes the teacher term of --objective distill, adv_distill and "
                             f"--distill-weight; --objective {args.objective} has none")
        if getattr(args, "step_weights", None) and getattr(args, "objective", None) not in FEW_STEP_OBJECTIVES:
            raise UsageError(f"--step-weights weighs the K grid steps of --objective discrete, distill and adv_distill; "
                             f"--objective {args.objective} has none")
        if getattr(args, "step_weights", None):
            step_distribution(args.step_weights, args.time_steps)  # its ValueError is the error line
        if getattr(args, "objective", None) in FEW_STEP_OBJECTIVES and args.path != "linear":
            raise UsageError(f"--objective {args.objective} trains on the linear path only (--path linear, train_images_simple.py)")
        if getattr(args, "distill_weight", 0.0) and getattr(args, "objective", None) != "discrete":
            raise UsageError(f"--distill-weight adds the parent's step to --objective discrete's loss; not for "
                             f"--objective {args.objective} (--objective distill is the term alone)")
        if getattr(args, "teacher_from", None) and not needs_teacher(args):
            raise UsageError(f"--teacher-from gives --objective distill, adv_distill or --distill-weight their teacher; "
                             f"--objective {args.objective} has none")
        if getattr(args, "teacher_from", None) and not getattr(args, "init_from", None) and not args.resume:
            raise UsageError("--teacher-from replaces the --init-from parent as the teacher; give --init-from too")
        if needs_teacher(args) and not getattr(args, "init_from", None) and not args.resume:
            raise UsageError(f"{'--distill-weight' if getattr(args, 'distill_weight', 0.0) else '--objective ' + args.objective} learns "
                             f"from a parent's steps: give --init-from RUN_OR_CHECKPOINT of a flow-matching run")
        if getattr(args, "objective", None) in FEW_STEP_OBJECTIVES and getattr(args, "critic_reuse", False):
            raise UsageError(f"--critic-reuse is for --objective cgan; --objective {args.objective} draws a new batch "
                             f"per critic update")
        if getattr(args, "time_shift", 1.0) != 1 and getattr(args, "objective", None) not in FEW_STEP_OBJECTIVES:
            raise UsageError(f"--time-shift shifts the K-step grid of --objective discrete, distill and adv_distill; "
                             f"--objective {args.objective} has none (sample any run on a shifted grid with evaluate.py "
                             f"--ode-shift)")
        if getattr(args, "objective", None) == "adv_distill" and not 1 <= args.adv_backprop_steps <= args.time_steps:
            raise UsageError(f"--adv-backprop-steps must lie in 1..--time-steps ({args.time_steps}), got {args.adv_backprop_steps}")
        if getattr(args, "fm_weight", 0.0) and getattr(args, "objective", None) not in ("cgan", "discrete"):
            raise UsageError(f"--fm-weight adds flow matching's loss to --objective cgan's or discrete's; "
                             f"not for --objective {args.objective}")
        if getattr(args, "fm_weight", 0.0) and getattr(args, "rollout", False):
            raise UsageError(FM_WEIGHT_ROLLOUT)
        if getattr(args, "fm_weight", 0.0) and args.path == "learned" and args.f_objective == "adversarial":
            raise UsageError(FM_WEIGHT_NEEDS)
        if getattr(args, "simultaneous", False) and args.path == "learned" and args.f_objective == "adversarial":
            raise UsageError("--f-objective adversarial differentiates the critic through x_t and needs alternating "
                             "updates: add --no-simultaneous")
        if getattr(args, "critic_form", "free") == "grad" and getattr(args, "objective", None) == "cgan" and (
                args.critic_reg <= 0 or args.raw_penalty or (args.path == "learned" and args.f_objective == "adversarial")):
            raise UsageError(GRAD_FORM_NEEDS)
        if getattr(args, "init_weights", "raw") != "raw" and not getattr(args, "init_from", None) and not args.resume:
            raise UsageError(f"--init-weights {args.init_weights} chooses what --init-from loads; give --init-from too")
        if getattr(args, "critic_init", "fresh") != "fresh" and not getattr(args, "init_from", None) and not args.resume:
            raise UsageError(f"--critic-init {args.critic_init} starts the critic from what --init-from loads; give --init-from too")
        if getattr(args, "compile_mode", "default") != "default" and not getattr(args, "compile", False):
            raise UsageError(f"--compile-mode {args.compile_mode} chooses how --compile compiles; give --compile too")
        if getattr(args, "critic_batch_size", None) and getattr(args, "critic_reuse", False):
            raise UsageError("--critic-reuse shares the generator's batch with the critic; leave out --critic-batch-size")
        device = distributed.init(resolve_device(args.device))
        args.world_size = distributed.world_size()
        for flag, batch in (("--batch-size", args.batch_size), ("--critic-batch-size", getattr(args, "critic_batch_size", None))):
            if batch and batch % args.world_size:
                raise UsageError(f"{flag} {batch} is the global batch and must divide evenly among {args.world_size} processes")
        data = load_data(device)
        parent = None
        if getattr(args, "init_from", None) and not args.resume:  # --resume: the run's own checkpoint has E_psi
            parent = Parent(args.init_from)
            parent.created_out = not os.path.exists(args.out)
            args.init_from = parent.path  # config.json records the file, not the folder
            if getattr(args, "teacher_from", None):
                parent.teacher = Parent(args.teacher_from, "--teacher-from")
                args.teacher_from = parent.teacher.path
        ckpt = distributed.on_main(lambda: prepare_run_dir(args.out, args.resume, vars(args)))  # rank 0's choice for all
        if parent is not None:
            ckpt = parent
    except (UsageError, ValueError) as e:
        fail(str(e))
    for seed in (torch.manual_seed, np.random.seed, random.seed):  # the same networks on every rank
        seed(args.seed)
    if distributed.is_main():
        print("config " + json.dumps(vars(args)), flush=True)
    return device, data, ckpt


def prepare_run_dir(out, resume, config):
    """Check ``out`` before anything is written in it, create it and check that it is writable.

    A fresh run refuses a folder that holds checkpoints, or a config.json of other flags (with the
    same flags and no checkpoint it is the same run, started again). --resume needs a readable
    checkpoint there. Returns the checkpoint to resume from, or None; config.json is written by
    the Trainer once the run really starts."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise UsageError(f"--out {out} is a file, not a directory")
    ckpt = None
    if resume:
        try:
            ckpt = latest_checkpoint(out)
        except ValueError as e:
            raise UsageError(f"--resume: {e}") from None
    elif list_checkpoints(out):
        raise UsageError(f"{out} already holds a run; pass --resume to continue it or choose another --out")
    else:
        _refuse_other_run(out, config)
    try:
        os.makedirs(out, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as e:
        raise UsageError(f"cannot write run directory {out}: {e.strerror}") from None
    return ckpt


def _refuse_other_run(out, config):
    """UsageError when ``out`` has a config.json whose flags differ from ``config`` (--out and
    --resume aside: a moved folder holds the same run)."""
    path = os.path.join(out, "config.json")
    if not os.path.isfile(path):
        return
    try:
        with open(path) as f:
            old = json.load(f)
    except (OSError, ValueError):
        old = {}
    new = json.loads(json.dumps(config))  # tuples as lists, as in the file
    differ = sorted(k for k in set(old) | set(new) if k not in ("out", "resume") and old.get(k) != new.get(k))
    if differ:
        raise UsageError(f"{out} holds a different run (config.json differs in {', '.join(differ[:4])}); "
                         f"choose another --out")


class Parent:
    """The checkpoint a post-training run starts E_psi from (--init-from): ``path`` is the file
    (a run folder's newest readable checkpoint), ``state`` its contents, read as data only
    (training.load_checkpoint). Raises UsageError when there is none or it is refused."""

    def __init__(self, run_or_checkpoint, flag="--init-from"):
        try:
            if os.path.isdir(run_or_checkpoint):
                self.path, self.state = load_latest(run_or_checkpoint)
            else:
                self.path, self.state = run_or_checkpoint, load_checkpoint(run_or_checkpoint)
        except ValueError as e:
            raise UsageError(f"{flag}: {e}") from None
        self.flag = flag
        self.created_out = False  # set by start: whether this process creates the run folder
        self.teacher = None  # set by start: the --teacher-from Parent, when the teacher is not this one
        if "E_psi" not in self.state["specs"] or "E_psi" not in self.state.get("ema", {}):
            raise UsageError(f"{flag} {self.path}: the checkpoint holds no E_psi and EMA")


def init_from(trainer, parent):
    """Post-training: load E_psi (the parent's raw weights, or with --init-weights ema its EMA's)
    and its EMA (weights and update count) from ``parent`` into ``trainer``; everything else
    (critic, F_phi, optimisers, step) stays fresh. Generic: any objective, any parent objective,
    as long as E_psi's spec is the same, or the run's E_psi is --step-experts of the parent's spec
    (each expert then starts as a copy of the parent: models.replicate). Another spec ends the run
    with one line, the run folder removed again when this process created it empty."""
    spec, here = parent.state["specs"]["E_psi"], trainer.specs["E_psi"]
    device, ema = trainer.device, parent.state["ema"]["E_psi"]
    from_ema = getattr(trainer.cfg, "init_weights", "raw") == "ema"
    weights = replicate(ema["net"] if from_ema else parent.state["nets"]["E_psi"], here, spec)
    if weights is None:  # neither the same network nor experts of it
        if parent.created_out:
            _remove_if_empty(trainer.run_dir)
        fail(f"--init-from {parent.path}: another E_psi ({_e_psi_diff(spec, here)}); "
             f"repeat the parent's network flags")
    critic_weights = None
    if getattr(trainer.cfg, "critic_init", "fresh") == "parent":
        critic_weights, why = critic_from(weights, trainer.score_theta)
        if why:
            if parent.created_out:
                _remove_if_empty(trainer.run_dir)
            fail(f"--critic-init parent: {why}; give the critic E_psi's network (e.g. the same width) or --critic-init fresh")
    trainer.E_psi.load_state_dict({k: v.to(device) for k, v in weights.items()})
    if critic_weights is not None:
        trainer.score_theta.load_state_dict({k: v.to(device) for k, v in critic_weights.items()})
    trainer.ema["E_psi"].load_state_dict({"net": {k: v.to(device) for k, v in replicate(ema["net"], here, spec).items()},
                                          "updates": ema["updates"]})
    if needs_teacher(trainer.cfg):
        install_teacher(trainer, parent.teacher or parent, parent.created_out)
    if distributed.is_main():
        print(f"E_psi ({'its EMA' if from_ema else 'raw'} weights) and its EMA from {parent.path} (step {parent.state['step']}, "
              f"{parent.state['config'].get('objective', parent.state['script'])})"
              + ("; the critic from the same weights, its output layer zeroed" if critic_weights is not None else ""), flush=True)


def needs_teacher(args):
    """Whether the run learns from its --init-from parent's own steps (--objective distill or adv_distill,
    --distill-weight)."""
    return getattr(args, "objective", None) in ("distill", "adv_distill") or bool(getattr(args, "distill_weight", 0.0))


def install_teacher(trainer, parent, created_out=False):
    """Give the objective its teacher (losses.TeacherStep): a frozen copy of E_psi holding the EMA weights of
    ``parent`` (the --init-from parent, or --teacher-from's), the model its samples come from, stepped with
    --distill-substeps midpoint steps, or, for a few-step parent, with its own sampler's steps (progressive
    distillation). Another E_psi network, or a few-step parent whose grid does not hold the student's, ends the
    run with one line, the run folder removed again if this process created it empty (``created_out``)."""
    cfg, grid, why = parent.state["config"], None, None
    spec, here = parent.state["specs"]["E_psi"], trainer.specs["E_psi"]
    if spec not in (here, inner_spec(here)):
        why = f"another E_psi ({_e_psi_diff(spec, here)}); the teacher needs the student's network"
    elif cfg.get("objective") in FEW_STEP_OBJECTIVES:
        grid = (cfg["time_steps"], cfg.get("step_method", "euler"))
        if grid[0] % trainer.cfg.time_steps:
            why = f"a {grid[0]}-step parent teaches students whose --time-steps divides {grid[0]} (here {trainer.cfg.time_steps})"
        elif cfg.get("time_shift", 1.0) != 1 or getattr(trainer.cfg, "time_shift", 1.0) != 1:
            why = "a few-step parent teaches on the uniform grid only (--time-shift 1, its own and the student's)"
    if why:
        if created_out:
            _remove_if_empty(trainer.run_dir)
        fail(f"{parent.flag} {parent.path}: {why}")
    net = copy.deepcopy(trainer.E_psi if spec == here else trainer.E_psi.experts[0])  # an expert: one network, as the parent
    net.load_state_dict({k: v.to(trainer.device) for k, v in parent.state["ema"]["E_psi"]["net"].items()})
    net.requires_grad_(False).eval()
    trainer.objective.teacher = TeacherStep(net, trainer.cfg.distill_substeps, grid)
    if distributed.is_main():
        how = (f"{grid[0] // trainer.cfg.time_steps} of its own {grid[1]} steps" if grid
               else f"its ODE solved with {_substeps_text(trainer.cfg.distill_substeps)} midpoint steps")
        print(f"teacher: {'the parent' if parent.flag == '--init-from' else parent.path}'s EMA, {how} per grid step", flush=True)


def _substeps_text(substeps):
    return " / ".join(map(str, substeps)) if isinstance(substeps, list) else str(substeps)


def critic_from(weights, critic):
    """(--critic-init parent) The critic's state dict made of E_psi's ``weights``: every tensor
    but the output layer's (the critic's last weight and bias) copied, the output layer zeroed, so
    the critic starts as the zero map on the parent's features. Returns (state dict, None), or
    (None, reason) when the critic's layers other than the output are not E_psi's (names, shapes)."""
    if critic is None:
        return None, "this objective has no critic"
    own = critic.state_dict()
    names = list(own)
    out = set(names[-2:])  # the output layer: a Linear's or Conv2d's weight and bias, last in every critic here
    inner = [k for k in names if k not in out]
    missing = [k for k in inner if k not in weights or weights[k].shape != own[k].shape]
    if missing or sorted(k.rsplit(".", 1)[-1] for k in out) != ["bias", "weight"]:
        return None, f"its layers are not E_psi's (first difference: {missing[0] if missing else sorted(out)[0]})"
    return {k: torch.zeros_like(own[k]) if k in out else weights[k].clone() for k in names}, None


def _e_psi_diff(parent, here):
    """_spec_diff of two E_psi specs, with a student of --step-experts compared by one expert to a parent of one network."""
    return _spec_diff(parent, here if parent.get("kind") == "step_experts" else inner_spec(here))


def _spec_diff(parent, here):
    """'width 8 there, 16 here, ...' for the keys where two network specs differ."""
    keys = [k for k in {**parent, **here} if parent.get(k) != here.get(k)]
    return ", ".join(f"{k} {parent.get(k)} there, {here.get(k)} here" for k in keys[:4])


def _remove_if_empty(folder):
    """Undo prepare_run_dir's mkdir of a fresh run that was refused before it wrote anything."""
    if distributed.is_main() and os.path.isdir(folder) and not os.listdir(folder):
        os.rmdir(folder)


def resume(trainer, ckpt):
    """Load ``ckpt`` into ``trainer``; stop with one line if it is unreadable, was written by
    another script, or holds networks of other sizes than this run's flags build. A Parent
    (--init-from, from ``start``) loads only E_psi and its EMA (``init_from``)."""
    if isinstance(ckpt, Parent):
        init_from(trainer, ckpt)
        return
    try:
        state = load_checkpoint(ckpt, map_location=trainer.device)
    except ValueError as e:
        fail(str(e))
    if state["script"] != trainer.script:
        fail(f"{ckpt} was written by {state['script']}, not {trainer.script}")
    if state["specs"] != trainer.specs:
        fail(f"{ckpt} holds networks of other sizes than these flags ask for; repeat the original run's network flags")
    trainer.load_state_dict(state)
    # a post-training run keeps recording its parent, whether or not --init-from is repeated
    if "init_from" in state["config"]:
        trainer.cfg.init_from = state["config"]["init_from"]
    trainer.cfg.teacher_from = state["config"].get("teacher_from")  # the run's own teacher, not this command's flag
    if needs_teacher(trainer.cfg):  # the teacher is not in the run's checkpoints: it is read again from its file
        teacher_from = trainer.cfg.teacher_from
        try:
            parent = Parent(teacher_from or trainer.cfg.init_from or "", "--teacher-from" if teacher_from else "--init-from")
        except UsageError as e:
            fail(f"--resume: the teacher of this run is {'--teacher-from' if teacher_from else 'its parent'}, which cannot be read ({e})")
        install_teacher(trainer, parent)  # refuses a teacher whose E_psi network is no longer this run's
    if distributed.is_main():
        print(f"resumed from {ckpt} at step {trainer.step}", flush=True)

"""Continuous GAN on 1-D data: a velocity field E_psi(x_t, t) against a bounded critic.

    python train1d.py                       # default: continuous GAN on the 3-mode mixture
    nohup python train1d.py --device cuda:0 >> logs/contgan1d.txt &

    torchrun --nproc_per_node 2 train1d.py --device cpu   # two processes (gloo), global batch split

Writes into --out: config.json, metrics.jsonl, histogram.png, trajectories.png,
checkpoint_STEP.pt (rebuilds the model alone; --resume continues from the newest) and final.json
(the last line printed).
"""

import argparse
import json
import os
import time

import torch

import cli
import distributed
from data import TARGETS_1D, load_target_1d
from losses import make_objective
from metrics import evaluate_1d
from models import build_network, with_prediction, with_step_experts
from paths import LearnedPath, LinearPath, shift_time
from plots import histogram_1d, trajectories_1d
from sampling import sample, shift_for, solver_for
from training import Trainer


def parse_args(argv=None):
    p = cli.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_argument_group("data")
    g.add_argument("--data", default="trimodal", choices=sorted(TARGETS_1D), help="named 1-D target (default: %(default)s)")
    g.add_argument("--data-file", default=None, metavar="PATH.npy", help="train on the 1-D samples in this .npy file instead")
    g.add_argument("--no-standardize", action="store_true", help="train on raw data instead of (x - mean) / std")
    cli.add_training_args(p, steps=6000, batch_size=512, lr=1e-3, critic_lr=1e-3, n_critic=5,
                          critic_reg=1.0, ema_decay=0.999, betas=(0.0, 0.9), critic_betas=(0.0, 0.9),
                          lr_schedule="cosine", grad_clip=0.0, log_every=500, f_reg=1.0)
    g = p.add_argument_group("networks")
    g.add_argument("--width", type=cli.positive_int, default=128, help="hidden width of E_psi and F_phi (default: %(default)s)")
    g.add_argument("--depth", type=cli.positive_int, default=3, help="hidden layers of E_psi and F_phi (default: %(default)s)")
    g.add_argument("--critic-width", type=cli.positive_int, default=128, help="hidden width of the critic (default: %(default)s)")
    g.add_argument("--critic-depth", type=cli.positive_int, default=3, help="hidden layers of the critic (default: %(default)s)")
    g.add_argument("--threads", type=cli.nonneg_int, default=1,
                   help="torch CPU threads; these small MLPs train fastest on one, above all on a shared machine "
                        "(docs/speed.md); 0 = torch's default (default: %(default)s)")
    g.add_argument("--time-dim", type=cli.positive_int, default=32, help="Fourier features of t, even (default: %(default)s)")
    g = p.add_argument_group("evaluation")
    g.add_argument("--n-eval", type=cli.positive_int, default=20000, help="samples for the final W1 (default: %(default)s)")
    cli.add_sampling_args(p)
    args = p.parse_args(argv)
    if args.time_dim % 2:
        p.error("--time-dim must be even")
    if args.out is None:
        args.out = os.path.join("runs", f"1d-{args.data if args.data_file is None else 'file'}-{args.objective}-{args.path}-seed{args.seed}")
    return args


# the critic each objective plays against (cgan: a bounded score, or with --critic-form grad a scalar D)
CRITICS = {"cgan": "critic_mlp", "cgan_grad": "scalar_critic_mlp", "discrete": "scalar_critic_mlp",
           "adv_distill": "scalar_critic_mlp"}


def build(args, device):
    """Networks, path and objective of a 1-D run; returns ({name: (module, spec)}, path, objective)."""
    mlp = dict(dim=1, width=args.width, depth=args.depth, time_dim=args.time_dim)
    kind = CRITICS.get(args.objective + ("_grad" if args.critic_form == "grad" else ""), CRITICS.get(args.objective))
    critic = {"kind": kind, **mlp, "width": args.critic_width, "depth": args.critic_depth} if kind else None
    specs = {
        "E_psi": with_step_experts(with_prediction({"kind": "velocity_mlp", **mlp}, args.predict),
                                   args.time_steps if args.step_experts else 0, args.time_shift),
        "score_theta": critic,
        "F_phi": {"kind": "interpolant_mlp", **mlp} if args.path == "learned" else None,
    }
    nets = {k: (build_network(s).to(device), s) if s else None for k, s in specs.items()}
    path = LearnedPath(nets["F_phi"][0]) if args.path == "learned" else LinearPath()
    return nets, path, make_objective(args, path, args.critic_reg)


def main(argv=None):
    args = parse_args(argv)
    start = time.time()
    if args.threads:
        torch.set_num_threads(args.threads)
    device, target, ckpt = cli.start(args, lambda device: load_target_1d(args.data, args.data_file))
    ref = target.sample(100_000)
    mean, std = (0.0, 1.0) if args.no_standardize else (ref.mean().item(), ref.std().item())
    nets, path, objective = build(args, device)
    method, steps = solver_for(vars(args), args.ode_method, args.ode_steps)
    shift = shift_for(vars(args), args.ode_shift)

    def next_batch(n):
        return (target.sample(n).to(device) - mean) / std

    def on_sample(trainer, step):
        ema_E = trainer.ema["E_psi"].net
        fixed = method != "dopri5"  # the run's own fixed-step solver (K Euler steps for discrete), else rk4 100
        n = steps if fixed else 100
        times = shift_time(torch.linspace(1, 0, n + 1), shift if fixed else 1.0)
        x1 = torch.linspace(-2.5, 2.5, 25, device=device).reshape(-1, 1)
        traj, _ = sample(ema_E, x1, method=method if fixed else "rk4", steps=n, times=times, shift=shift if fixed else 1.0)
        trajectories_1d(times, (traj * std + mean).cpu(), os.path.join(args.out, "trajectories.png"),
                        title=f"ODE trajectories, EMA E_psi, step {step}")

    trainer = Trainer(args, "train1d", nets, path, objective, next_batch, args.out,
                      extra={"mean": mean, "std": std}, on_sample=on_sample)
    if ckpt:
        cli.resume(trainer, ckpt)
    trainer.run()
    if not distributed.finish():
        return None

    samples, result = evaluate_1d(trainer.ema["E_psi"].net, target, args.n_eval, mean=mean, std=std, device=device,
                                  method=method, steps=steps, rtol=args.rtol, atol=args.atol, shift=shift)
    histogram_1d(samples, target, os.path.join(args.out, "histogram.png"),
                 title=f"{args.objective}, {args.data if args.data_file is None else args.data_file}, "
                       f"step {trainer.step}: W1 {result['w1']:.4f} (floor {result['w1_floor']:.4f})")
    result.update(solver=method if method == "dopri5" else f"{method} {steps}" + (f" shift {shift:g}" if shift != 1 else ""), objective=args.objective, path=args.path, data=args.data_file or args.data,
                  seed=args.seed, steps=trainer.step, seconds=round(time.time() - start, 2))
    with open(os.path.join(args.out, "final.json"), "w") as f:
        json.dump(result, f)
    print(json.dumps(result), flush=True)
    return result


if __name__ == "__main__":
    main()

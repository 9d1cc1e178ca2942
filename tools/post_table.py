"""The tables and the plot of a post-training experiment (issue 13, item 4) from its records.

    python tools/post_table.py results/post13_dec02c --fm-from results/post13_dec02b --parent 0:40 --parent 1:50 \\
        [--plot images/post_training.png] [--title "..."]

Each FOLDER holds evals/RUN_SECONDS/eval.jsonl (evaluate.py --out; SECONDS = the training CPU-seconds
of the checkpoint scored) and RUN/metrics.jsonl, RUN = METHOD_sSEED. Flow matching's runs are named
fm_sSEED; every other method is a post-training run started from fm's checkpoint at --parent
SEED:MINUTES, and its SECONDS count from that start. Several folders pool their scores (a later one
wins a tie); --fm-from FOLDER adds only a folder's flow-matching scores, so that fm's curve can
begin in an earlier experiment whose post-training runs started elsewhere. Prints markdown: flow
matching's curve (the plateau check), post-training at equal extra CPU time against more flow
matching, and what the critic was doing (its value and mean |score|)."""
import argparse
import glob
import json
import os

LABEL = {"fm": "more flow matching (the same run, lr 1e-3)",
         "cganA": "cgan, fresh critic",
         "cganB": "cgan, critic from the parent (`--critic-init parent`)",
         "cganC": "cgan, critic from the parent, `--lr 3e-4`",
         "cganD": "cgan, critic from the parent, `--n-critic 2`",
         "cganF": "cgan, critic from the parent, `--fm-weight 0.0357` (1/(2 alpha))",
         "cganG": "cgan, critic from the parent, `--fm-weight 0.0357`, `--lr 1e-3`",
         "cganH": "cganF with `--n-critic 2 --critic-batch-size 192` (equal critic samples per step)",
         "cganI": "cganF with `--critic-batch-size 192` (3x the critic samples per step)",
         "cganL": "cganF with `--lam one_minus_t` (seed 0, T = 10 only)",
         "fmL": "fmC with `--lam one_minus_t` (seed 0, T = 10 only)",
         "fmC": "flow matching, fine-tuned with cganF's flags (`--init-weights ema --lr 1e-4 --ema-decay 0.99`)"}


def metrics(folder, run):
    with open(os.path.join(folder, run, "metrics.jsonl")) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def evals(folders, fm_only=()):
    rows = {}
    for folder, only_fm in [*((f, True) for f in fm_only), *((f, False) for f in folders)]:
        for path in sorted(glob.glob(os.path.join(folder, "evals", "*", "eval.jsonl"))):
            run, at = os.path.basename(os.path.dirname(path)).rsplit("_", 1)
            method, seed = run.rsplit("_s", 1)
            if only_fm and method != "fm":
                continue
            with open(path) as f:
                r = json.loads(f.readline())
            m = [x for x in metrics(folder, run) if "train_s" in x and x["step"] <= r["step"]]
            rows[(method, int(seed), round(int(at) / 60))] = dict(
                method=method, seed=int(seed), minutes=round(int(at) / 60), fid=r["fid"], step=r["step"],
                s_per_step=m[-1]["train_s"] / m[-1]["step"], folder=folder, run=run)
    return list(rows.values())


def pct(a, b):
    return f"{100 * (a / b - 1):+.1f}%"


def tables(rows, parents, extra):
    fm = {(r["seed"], r["minutes"]): r for r in rows if r["method"] == "fm"}
    print("Flow matching (FID of 2k EMA samples vs 60k, midpoint 4 steps, NFE 8)\n")
    print("| seed | CPU min | steps | FID | change over the previous 10 min |\n| --- | --- | --- | --- | --- |")
    for (seed, minutes), r in sorted(fm.items()):
        prev = fm.get((seed, minutes - 10))
        print(f"| {seed} | {minutes} | {r['step']} | {r['fid']:.1f} | {pct(r['fid'], prev['fid']) if prev else ''} |")
    for seed, start in sorted(parents.items()):
        parent = fm.get((seed, start))
        print(f"\nSeed {seed}: post-training from fm at {start} CPU-min, T more CPU-min each\n")
        print("| method | T (CPU min) | steps | CPU s / step | FID | vs parent | vs more fm at T (target <= -15%) |\n"
              "| --- | --- | --- | --- | --- | --- | --- |")
        if parent:
            print(f"| parent (fm) | 0 | {parent['step']} | {parent['s_per_step']:.2f} | {parent['fid']:.1f} | | |")
        for T in extra:
            more = fm.get((seed, start + T))
            others = sorted((r for r in rows if r["seed"] == seed and r["method"] != "fm" and r["minutes"] == T),
                            key=lambda r: r["method"])
            for r in ([more] if more else []) + others:
                steps = r["step"] - (parent["step"] if r is more and parent else 0)
                print(f"| {LABEL.get(r['method'], r['method'])} | {T} | {steps} | {r['s_per_step']:.2f} | {r['fid']:.1f} | "
                      f"{pct(r['fid'], parent['fid']) if parent else ''} | "
                      f"{pct(r['fid'], more['fid']) if more and r is not more else ''} |")
    print("\nThe critic during post-training (metrics.jsonl, mean over each logged interval)\n")
    print("| run | step | CPU s | critic value | mean abs score | generator value |\n| --- | --- | --- | --- | --- | --- |")
    runs = sorted({(r["folder"], r["run"]) for r in rows if r["method"] != "fm"}, key=lambda fr: fr[1])
    for folder, run in runs:
        m = metrics(folder, run)
        for x in m:
            if "c_value" in x and (x["step"] in (1, 100, 200) or x["step"] % 500 == 0 or x is m[-1]):
                print(f"| {run} | {x['step']} | {x['train_s']:.0f} | {x['c_value']:.4f} | "
                      f"{x['c_score_norm']:.3f} | {x.get('g_value', float('nan')):.4f} |")


def plot(rows, parents, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fm = {(r["seed"], r["minutes"]): r for r in rows if r["method"] == "fm"}
    methods = ["fm"] + sorted({r["method"] for r in rows} - {"fm"})
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for seed, style in ((0, "-o"), (1, "--s")):
        curve = sorted((m, r["fid"]) for (s, m), r in fm.items() if s == seed)
        if curve:
            axes[0].plot(*zip(*curve), style, color="C0", label=f"flow matching, seed {seed}")
        parent = fm.get((seed, parents.get(seed)))
        if not parent:
            continue
        for i, method in enumerate(methods):
            pts = [(r["minutes"] - parent["minutes"] if method == "fm" else r["minutes"], r["fid"]) for r in rows
                   if r["method"] == method and r["seed"] == seed and (method != "fm" or r["minutes"] > parent["minutes"])]
            if pts:
                axes[1].plot(*zip(*([(0, parent["fid"])] + sorted(pts))), style, color=f"C{i}",
                             label=f"{method}, seed {seed} (from {parent['minutes']} min)")
    axes[0].set(title="flow matching (plateau check)", xlabel="training time (CPU minutes)",
                ylabel="FID (2k vs 60k, NFE 8)")
    axes[1].set(title="post-training from fm's checkpoint", xlabel="extra training time (CPU minutes)", ylabel="FID")
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def parent_arg(text):
    seed, minutes = text.split(":")
    return int(seed), int(minutes)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folders", nargs="+", help="experiment folders (evals/ and run folders)")
    p.add_argument("--parent", type=parent_arg, action="append", required=True, metavar="SEED:MINUTES",
                   help="the fm checkpoint (CPU minutes) a seed's post-training runs start from")
    p.add_argument("--fm-from", action="append", default=[], metavar="FOLDER",
                   help="a folder whose flow-matching scores only are added (fm's earlier curve)")
    p.add_argument("--extra", type=int, nargs="+", default=[10, 20], help="extra CPU minutes tabled (default: 10 20)")
    p.add_argument("--plot", default=None, help="write the plot here")
    p.add_argument("--title", default="Fashion-MNIST, CPU scale (0.16M UNets, batch 64, one thread each, --bf16), "
                                      "FID of 2k EMA samples vs all 60k")
    args = p.parse_args(argv)
    rows, parents = evals(args.folders, args.fm_from), dict(args.parent)
    tables(rows, parents, args.extra)
    if args.plot:
        plot(rows, parents, args.plot, args.title)


if __name__ == "__main__":
    main()

"""Is the retrained parent the model post13_dec02c started from? Compares every logged loss of a run folder
with the recorded runs it retrains (results/post13_dec02c's fm_sSEED: the run of post13_dec02b to 40 CPU-min,
resumed there; its metrics.jsonl holds both parts), step by step:

    python results/post13_dec03/same_parent.py /work/exp/p13e/fm_s0 0
    python results/post13_dec03/same_parent.py results/post13_dec03/fm_s1 1

The training is deterministic on the CPU (bit-exact resume is tested), so an identical loss at every logged
step, to the last bit, from step 1 to the parent's step, is the evidence that the weights are the same."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def losses(path):
    """{step: loss} of a metrics.jsonl; a resumed run's first log averages a partial interval (from the
    resume step, which the stopped run logged off the grid of 25), so it is left out."""
    with open(path) as f:
        rows = [r for r in map(json.loads, (l for l in f if l.startswith("{"))) if "loss_g" in r]
    return {r["step"]: r["loss_g"] for i, r in enumerate(rows) if i == 0 or rows[i - 1]["step"] % 25 == 0
            or rows[i - 1]["step"] == 1}


def main(run, seed):
    new = losses(os.path.join(run, "metrics.jsonl"))
    old = losses(os.path.join(HERE, "..", "post13_dec02c", f"fm_s{seed}", "metrics.jsonl"))
    both = sorted(set(new) & set(old))
    diff = [s for s in both if new[s] != old[s]]
    print(f"seed {seed}: {len(both)} logged steps in both (1 to {both[-1]}; this run ends at {max(new)}), "
          f"{len(diff)} differ" + (f", first at step {diff[0]}: {new[diff[0]]!r} against {old[diff[0]]!r}" if diff else
                                   ", every loss identical to the last bit"))
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))

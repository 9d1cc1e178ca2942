"""pick_checkpoint.py RUN SECONDS: the newest checkpoint of RUN whose training time (interpolated from metrics.jsonl) is <= SECONDS (+3 s)."""
import glob, json, os, re, sys
run, limit = sys.argv[1], float(sys.argv[2])
rows = [json.loads(l) for l in open(os.path.join(run, "metrics.jsonl")) if l.startswith("{")]
pts = sorted((r["step"], r["train_s"]) for r in rows if "train_s" in r and "step" in r)
def t_of(step):
    prev = (0, 0.0)
    for s, t in pts:
        if s >= step:
            return prev[1] + (t - prev[1]) * (step - prev[0]) / max(1, s - prev[0])
        prev = (s, t)
    return pts[-1][1]
ck = sorted(glob.glob(os.path.join(run, "checkpoint_*.pt")), key=lambda p: int(re.findall(r"(\d+)\.pt$", p)[0]))
best = [p for p in ck if t_of(int(re.findall(r"(\d+)\.pt$", p)[0])) <= limit + 3.0]
print(best[-1] if best else ck[0])

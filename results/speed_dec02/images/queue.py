"""Two lanes pull the first ready job of jobs.py (re-read every pass, so it can be edited while running).
Started: logs/NAME.log exists. Done: done/NAME (rc 0)."""
import json, os, runpy, subprocess, threading, time
os.chdir("/work/exp/p12img")
def jobs():
    return runpy.run_path("jobs.py")["JOBS"]
def done(d):
    if d.startswith("t:"):
        _, run, s = d.split(":")
        try:
            rows = [json.loads(l) for l in open(f"{run}/metrics.jsonl") if l.startswith("{")]
        except OSError:
            return False
        return max([r.get("train_s", 0) for r in rows] or [0]) >= float(s) + 30 or os.path.exists(f"done/{run}")
    return os.path.exists(f"done/{d}")
lock = threading.Lock()
def worker(lane):
    while True:
        with lock:
            J = jobs()
            pending = [j for j in J if not os.path.exists(f"logs/{j[0]}.log")]
            ready = [j for j in pending if all(done(d) for d in j[2])]
            if ready:
                name, cmd, _ = ready[0]
                open(f"logs/{name}.log", "w").write(f"# {time.strftime('%H:%M:%S', time.gmtime())} UTC lane {lane}: {cmd}\n")
        if os.path.exists("STOP"):
            return
        if not ready:
            if not pending:
                return
            time.sleep(10); continue
        t0 = time.time()
        with open(f"logs/{name}.log", "a") as log:
            rc = subprocess.run(["bash", "-c", cmd], stdout=log, stderr=subprocess.STDOUT).returncode
        print(f"{time.strftime('%H:%M:%S', time.gmtime())} lane {lane} {name} rc {rc} {time.time()-t0:.0f}s", flush=True)
        if rc == 0: open(f"done/{name}", "w").close()
threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
[t.start() for t in threads]; [t.join() for t in threads]

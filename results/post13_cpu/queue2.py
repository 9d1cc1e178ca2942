"""Two lanes pull the first ready job of jobs.py (re-read every pass, so it can be edited while running).
Started: logs/NAME.log exists. Done: done/NAME, or a training log's final {"steps" line, or an eval's eval.jsonl."""
import json, os, runpy, subprocess, threading, time
os.chdir("/work/exp/p13")
def jobs():
    return runpy.run_path("jobs.py")["JOBS"]
def done(d):
    if d.startswith("pre_s"):
        return "end " in open(f"pre{d[-1]}.log").read()
    if os.path.exists(f"done/{d}"):
        return True
    log = f"logs/{d}.log"
    if os.path.exists(log):
        if d.startswith("eval_"):
            return os.path.exists(os.path.join("evals", d[5:], "eval.jsonl"))
        return any(l.startswith('{"steps"') for l in open(log))
    return False
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

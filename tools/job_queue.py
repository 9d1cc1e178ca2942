"""Run an experiment's jobs on N lanes (one process each): python tools/job_queue.py DIR [--lanes 2].

DIR/jobs.py defines JOBS, a list of (name, shell command, deps). It is re-read before every pick,
so jobs can be added while the queue runs. A dep is a job NAME (done when DIR/done/NAME exists:
its command exited 0) or "t:RUN:SECONDS" (RUN's metrics.jsonl shows training time past SECONDS,
plus 30 s so that a checkpoint at that time is on disk, or RUN is done; a RUN folder that is a
symlink, a finished run of another experiment linked in to be scored, counts as done). Commands run in DIR;
job NAME's output goes to DIR/logs/NAME.log, whose existence marks it started (delete the log
to run it again); a lane claims a job by creating that log exclusively, so a second queue on the same DIR
(e.g. ``--lanes 1 --only eval_``, a lane for evaluations beside the training lanes) never runs a job twice.
``--only PREFIX`` picks only the jobs whose name starts with PREFIX; the lanes end when none of those is
pending. A file DIR/STOP makes the lanes stop picking. One line per finished job on stdout.
"""
import argparse
import json
import os
import runpy
import subprocess
import threading
import time


def trained_past(run, seconds):
    try:
        with open(os.path.join(run, "metrics.jsonl")) as f:
            rows = [json.loads(line) for line in f if line.startswith("{")]
    except OSError:
        return False
    return max([r.get("train_s", 0) for r in rows] or [0]) >= seconds + 30


def ready(dep):
    if dep.startswith("t:"):
        _, run, seconds = dep.split(":")
        return os.path.islink(run) or trained_past(run, float(seconds)) or os.path.exists(os.path.join("done", run))
    return os.path.exists(os.path.join("done", dep))


def now():
    return time.strftime("%H:%M:%S", time.gmtime())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--lanes", type=int, default=2)
    p.add_argument("--only", default="", metavar="PREFIX", help="run only the jobs whose name starts with PREFIX")
    args = p.parse_args()
    os.chdir(args.dir)
    os.makedirs("logs", exist_ok=True)
    os.makedirs("done", exist_ok=True)
    lock = threading.Lock()

    def lane(k):
        while not os.path.exists("STOP"):
            with lock:
                jobs = [j for j in runpy.run_path("jobs.py")["JOBS"] if j[0].startswith(args.only)]
                pending = [j for j in jobs if not os.path.exists(f"logs/{j[0]}.log")]
                runnable = [j for j in pending if all(ready(d) for d in j[2])]
                claimed = None
                for name, cmd, _ in runnable:
                    try:  # exclusive: another queue on this folder may have claimed it since the listing
                        with open(f"logs/{name}.log", "x") as log:
                            log.write(f"# {now()} UTC lane {k}: {cmd}\n")
                    except FileExistsError:
                        continue
                    claimed = name, cmd
                    break
            if not claimed:
                if not pending:
                    return
                time.sleep(10)
                continue
            name, cmd = claimed
            t0 = time.time()
            with open(f"logs/{name}.log", "a") as log:
                rc = subprocess.run(["bash", "-c", cmd], stdout=log, stderr=subprocess.STDOUT).returncode
            with lock:  # one whole line at a time: two lanes' prints could interleave their newlines
                print(f"{now()} lane {k} {name} rc {rc} {time.time() - t0:.0f}s", flush=True)
            if rc == 0:
                open(f"done/{name}", "w").close()

    threads = [threading.Thread(target=lane, args=(k,)) for k in range(args.lanes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()

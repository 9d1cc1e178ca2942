"""Progress of long work (sampling, Inception features): a tqdm bar on a terminal, plain lines in a log.

    with Progress(10_000, "sampling", unit="images") as bar:
        for batch in ...:
            bar.update(len(batch))

On a terminal (``stream.isatty()``) this is a tqdm bar. Otherwise, e.g. under ``nohup``, it prints a
plain line each time another ``every`` of the total is done (10% by default), with the rate and
the time left:

    sampling 2000/10000 images (20%), 9.8 images/s, 14 min left

Everything goes to ``stream`` (stderr by default), so a script's stdout keeps its one JSON line.
"""

import sys
import time


class Progress:
    def __init__(self, total, desc, unit="it", every=0.1, stream=None):
        self.total, self.desc, self.unit, self.every = total, desc, unit, every
        self.stream = stream if stream is not None else sys.stderr
        self.done, self.t0, self.next_line = 0, time.time(), every
        self.bar = None
        if _isatty(self.stream):
            from tqdm import tqdm
            self.bar = tqdm(total=total, desc=desc, unit=unit, file=self.stream, dynamic_ncols=True, leave=False)

    def update(self, n):
        """``n`` more items are done."""
        self.set(self.done + n)

    def set(self, done):
        """``done`` items are done in all (for callbacks that report a running count)."""
        step, self.done = done - self.done, done
        if self.bar is not None:
            self.bar.update(step)
            return
        if self.total <= 0 or done / self.total < self.next_line - 1e-9 and done < self.total:
            return
        while self.next_line <= done / self.total + 1e-9:
            self.next_line += self.every
        rate = done / max(time.time() - self.t0, 1e-9)
        left = (self.total - done) / max(rate, 1e-9)
        print(f"{self.desc} {done}/{self.total} {self.unit} ({100 * done / self.total:.0f}%), "
              f"{rate:.1f} {self.unit}/s, {_duration(left)} left", file=self.stream, flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _isatty(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _duration(seconds):
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"

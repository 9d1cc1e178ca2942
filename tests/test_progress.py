"""Progress of long work (progress.Progress): plain lines about every 10% when the stream is not a
terminal (nohup, a log file), a tqdm bar when it is; evaluate.py's sampling reports through it."""

import argparse
import io
import re

import torch

import evaluate
from progress import Progress

LINE = re.compile(r"^sampling (\d+)/(\d+) samples \((\d+)%\), [\d.]+ samples/s, \d+ (s|min|h) left$")


def test_plain_lines_about_every_ten_percent():
    """1,000 items in batches of 30: one line per 10% crossed (10 lines), counts rising to 1000/1000."""
    stream = io.StringIO()
    with Progress(1000, "sampling", unit="samples", stream=stream) as progress:
        for start in range(0, 1000, 30):
            progress.update(min(30, 1000 - start))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10, lines
    done = [int(LINE.match(line).group(1)) for line in lines]
    assert done == sorted(done) and done[-1] == 1000
    # each line is the first batch at or past the next tenth
    assert done[:-1] == [next(k for k in range(30, 1001, 30) if k >= 100 * i) for i in range(1, 10)]


def test_running_count_and_big_steps():
    """set(done) takes a running count (InceptionFeatures' callback); one jump past several tenths
    prints one line, and nothing is printed twice."""
    stream = io.StringIO()
    progress = Progress(10, "features", unit="images", stream=stream)
    for done in (5, 5, 10):
        progress.set(done)
    assert [line.split(" (")[0] for line in stream.getvalue().splitlines()] == ["features 5/10 images", "features 10/10 images"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_terminal_gets_a_bar_not_lines():
    stream = Terminal()
    with Progress(50, "sampling", unit="samples", stream=stream) as progress:
        progress.update(50)
    text = stream.getvalue()
    assert "sampling:" in text and "/50 [" in text and "%)," not in text  # tqdm's bar, not the plain line


def test_evaluate_sampling_reports_progress(capsys):
    """evaluate.generate (here a 'generator' that returns its noise) prints plain progress lines on
    stderr, nothing on stdout, and returns every sample."""
    args = argparse.Namespace(seed=0, batch_size=3)
    x, nfe = evaluate.generate(lambda z: z, (2,), 7, args, torch.device("cpu"), ode=False)
    captured = capsys.readouterr()
    assert x.shape == (7, 2) and nfe == 1.0 and captured.out == ""
    lines = captured.err.splitlines()
    assert [LINE.match(line).group(1) for line in lines] == ["3", "6", "7"]

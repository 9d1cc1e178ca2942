"""Shared test setup: the repo root on sys.path, one CPU thread, and the repo root path."""

import os
import sys

import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

torch.set_num_threads(1)


@pytest.fixture
def root():
    return ROOT


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: end-to-end runs (subprocesses, several processes, trainings, the Inception network); "
                   "the quick loop `pytest -m \"not slow\" tests` leaves them out, CI runs them")

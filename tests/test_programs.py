"""Whole PyTorch programs of our own (tests/programs/: a small GPT, a character
MLP, a character LSTM, d2l-style linear regression) run unmodified through
``python -m tensorlib run``; with real PyTorch installed, the same program under
PyTorch prints the same text, every number (losses, norms, estimates) equal to
1e-5."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

import tensorlib
from parity import real_torch

PROGRAMS = pathlib.Path(__file__).resolve().parent / "programs"
NAMES = sorted(p.stem for p in PROGRAMS.glob("*.py"))
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+")


def _run(name, *command):
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(tensorlib.__file__).resolve().parent.parent)}
    done = subprocess.run([*command, str(PROGRAMS / f"{name}.py")], capture_output=True, text=True, env=env,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _numbers(text):
    return [float(n) for n in NUMBER.findall(text)]


@pytest.mark.parametrize("name", NAMES)
def test_program_runs_on_tensorlib(name):
    out = _run(name, sys.executable, "-m", "tensorlib", "run")
    losses = [float(m) for m in re.findall(r"loss (-?\d+\.\d+)", out)]
    assert len(losses) >= 3
    assert losses[-1] < losses[0]


@pytest.mark.parity
@pytest.mark.parametrize("name", NAMES)
def test_program_prints_what_pytorch_prints(name):
    real_torch()
    ours = _run(name, sys.executable, "-m", "tensorlib", "run").splitlines()
    theirs = _run(name, sys.executable).splitlines()
    assert [NUMBER.sub("#", line) for line in ours] == [NUMBER.sub("#", line) for line in theirs]
    for mine, reference in zip(ours, theirs):
        assert _numbers(mine) == pytest.approx(_numbers(reference), rel=1e-5, abs=1e-5), (mine, reference)

"""Whole PyTorch programs of our own run unmodified through ``python -m tensorlib
run``.  With real PyTorch installed, the same program under PyTorch prints the
same text: for tests/programs/ (a small GPT, a character MLP, a character LSTM,
d2l-style linear regression, with NumPy-made data and weights) every number
(losses, norms, estimates) equal to 1e-5; for tests/programs_seeded/ (seeded
data, freshly initialised layers, dropout, a shuffling DataLoader) every
character, single-threaded as PyTorch's bits are defined."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

import tensorlib
from parity import real_torch

TESTS = pathlib.Path(__file__).resolve().parent
NAMES = sorted(p.stem for p in (TESTS / "programs").glob("*.py"))
SEEDED = sorted(p.stem for p in (TESTS / "programs_seeded").glob("*.py"))
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+")


def _run(name, *command, folder="programs"):
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(tensorlib.__file__).resolve().parent.parent),
           "OMP_NUM_THREADS": "1"}
    done = subprocess.run([*command, str(TESTS / folder / f"{name}.py")], capture_output=True, text=True, env=env,
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


@pytest.mark.parametrize("name", SEEDED)
def test_seeded_program_runs_on_tensorlib(name):
    out = _run(name, sys.executable, "-m", "tensorlib", "run", folder="programs_seeded")
    losses = [float(m) for m in re.findall(r"^\d+ (\d+\.\d+(?:e-?\d+)?)$", out, re.MULTILINE)]
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


@pytest.mark.parity
@pytest.mark.parametrize("name", SEEDED)
def test_seeded_program_prints_exactly_what_pytorch_prints(name):
    real_torch()
    ours = _run(name, sys.executable, "-m", "tensorlib", "run", folder="programs_seeded")
    assert ours == _run(name, sys.executable, folder="programs_seeded")

"""Details that public learner programs (nanoGPT, makemore, minGPT, d2l, the PyTorch tutorials) rely on,
each checked with a minimal snippet of our own: what `python -m tensorlib run` gives a script, and the
small APIs those programs call."""
import os
import pathlib
import subprocess
import sys

import pytest

import tensorlib as torch
from tensorlib.backends import cuda as cuda_backend

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _run(cwd, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "tensorlib", "run", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_script_run_by_relative_path_sees_its_absolute_file_as_under_python(tmp_path):
    (tmp_path / "train.py").write_text(
        "import sys, warnings\n"
        "print(__file__, sys.argv[0])\n"
        "warnings.warn('deprecated spelling', FutureWarning)\n")
    child = _run(tmp_path, "train.py")
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == [str(tmp_path / "train.py"), "train.py"]
    assert child.stderr.startswith(f"{tmp_path / 'train.py'}:3: FutureWarning: deprecated spelling")


# ---- torch.accelerator (the PyTorch tutorials pick their device with it) ----------------------
def test_without_an_accelerator_the_tutorials_device_line_picks_cpu():
    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    assert device == "cpu"
    assert torch.accelerator.current_accelerator() is None
    assert torch.accelerator.current_accelerator(check_available=True) is None
    assert torch.accelerator.device_count() == 0
    with torch.accelerator.device_index(None):
        pass


def test_without_an_accelerator_device_functions_raise_pytorchs_errors():
    message = "Cannot access accelerator device when none is available."
    for call in (torch.accelerator.current_device_index, torch.accelerator.synchronize,
                 lambda: torch.accelerator.set_device_index(0)):
        with pytest.raises(RuntimeError, match=message):
            call()
    with pytest.raises(RuntimeError, match=message), torch.accelerator.device_index(0):
        pass
    with pytest.raises(ValueError, match="Expected a torch.device with a specified index or an integer, but got:None"):
        torch.accelerator.set_device_index(None)


def test_with_cuda_the_accelerator_is_cuda():
    with cuda_backend.use_stand_in():
        assert torch.accelerator.is_available()
        assert torch.accelerator.current_accelerator() == torch.device("cuda")
        assert torch.accelerator.device_count() == torch.cuda.device_count() >= 1
        assert torch.accelerator.current_device_index() == 0
        with torch.accelerator.device_index(0):
            assert torch.accelerator.current_device_index() == 0
        torch.accelerator.set_device_index("cuda:0")
        torch.accelerator.synchronize()


# ---- DataLoader: more workers than CPUs (makemore and minGPT default to 4 workers) ---------------
def _too_many_workers_message(workers, cpus):
    return (f"This DataLoader will create {workers} worker processes in total. Our suggested max number of worker "
            f"in current system is {cpus}, which is smaller than what this DataLoader is going to create. Please be "
            "aware that excessive worker creation might get DataLoader running slow or even freeze, lower the "
            "worker number to avoid potential slowness/freeze if necessary.")


def test_a_loader_with_more_workers_than_cpus_warns_when_made_and_when_iterated(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    dataset = torch.utils.data.TensorDataset(torch.arange(4.0))
    with pytest.warns(UserWarning) as made:
        loader = torch.utils.data.DataLoader(dataset, batch_size=2, num_workers=3)
    assert [str(w.message) for w in made] == [_too_many_workers_message(3, 2)]
    with pytest.warns(UserWarning) as iterated:
        batches = [batch for (batch,) in loader]
    assert _too_many_workers_message(3, 2) in [str(w.message) for w in iterated]
    assert [b.tolist() for b in batches] == [[0.0, 1.0], [2.0, 3.0]]


def test_a_loader_within_the_cpu_count_does_not_warn(monkeypatch, recwarn):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    dataset = torch.utils.data.TensorDataset(torch.arange(4.0))
    for workers in (0, 2):
        loader = torch.utils.data.DataLoader(dataset, batch_size=2, num_workers=workers)
        assert len([batch for batch in loader]) == 2
    assert not [w for w in recwarn if "worker processes" in str(w.message)]


# ---- processes a program spawns see tensorlib as torch too (spawn is macOS's and Windows' default) ----
SPAWNING_PROGRAM = '''
import torch
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        return torch.tensor(float(i * i)), torch.__name__


if __name__ == "__main__":
    loader = DataLoader(Squares(), batch_size=2, num_workers=2, multiprocessing_context="spawn")
    for squares, names in loader:
        print(squares.tolist(), sorted(set(names)), type(squares) is torch.Tensor)
'''


def test_dataloader_workers_started_by_spawn_run_the_program_on_tensorlib(tmp_path):
    (tmp_path / "spawning.py").write_text(SPAWNING_PROGRAM)
    child = _run(tmp_path, "spawning.py")
    assert child.returncode == 0, child.stderr
    assert child.stdout.splitlines() == ["[0.0, 1.0] ['tensorlib'] True", "[4.0, 9.0] ['tensorlib'] True"]

"""``python -m tensorlib run SCRIPT``: an unmodified PyTorch program (several files, `import torch.X`
forms, argv, exit codes) runs on tensorlib's single copy of each module; ``use_as_torch()`` in-process."""
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

import tensorlib

ROOT = pathlib.Path(__file__).resolve().parent.parent

MODEL = '''
import torch
import torch.nn as nn
from torch.nn import functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return F.relu(self.fc(x))
'''

MAIN = '''
import sys
import torch
import torch.nn
import torch.utils.data
from torch.utils.data import DataLoader, TensorDataset
import tensorlib
from model import Net

torch.manual_seed(0)
net = Net()
x = torch.ones(4, 3)
net(x).sum().backward()
print(__name__, sys.argv[1:], __file__.endswith("main.py"))
print(torch is tensorlib, torch.nn is tensorlib.nn, torch.utils.data is tensorlib.utils.data)
print(tuple(net.fc.weight.grad.shape), len(DataLoader(TensorDataset(x), batch_size=2)))
sys.exit(int(sys.argv[1]))
'''


def _run(tmp_path, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "tensorlib", "run", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def program(tmp_path):
    (tmp_path / "prog").mkdir()
    (tmp_path / "prog" / "model.py").write_text(textwrap.dedent(MODEL))
    (tmp_path / "prog" / "main.py").write_text(textwrap.dedent(MAIN))
    return tmp_path / "prog" / "main.py"


def test_a_program_of_several_files_runs_on_one_copy_of_tensorlib(tmp_path, program):
    child = _run(tmp_path, str(program), "3", "--flag")
    assert child.returncode == 3, child.stderr
    assert child.stdout.splitlines() == ["__main__ ['3', '--flag'] True", "True True True", "(2, 3) 2"]


def test_an_error_in_the_program_is_its_traceback_and_exit_status(tmp_path):
    script = tmp_path / "bad.py"
    script.write_text("import torch\ntorch.ones(2) + torch.ones(3)\n")
    child = _run(tmp_path, str(script))
    assert child.returncode == 1
    assert child.stderr.strip().splitlines()[-1].startswith("RuntimeError: The size of tensor a (2) must match")


def test_a_missing_script_is_refused(tmp_path):
    child = _run(tmp_path, str(tmp_path / "nope.py"))
    assert child.returncode == 2 and "can't open file" in child.stderr


def test_use_as_torch_in_process():
    code = ("import tensorlib; tensorlib.use_as_torch()\n"
            "import torch, torch.nn.functional as F\n"
            "from torch.nn import Linear\n"
            "assert torch.nn.functional is tensorlib.nn.functional and Linear is tensorlib.nn.Linear\n"
            "try:\n    import torch.nonexistent\nexcept ModuleNotFoundError as e:\n    print(e)\n")
    child = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "No module named 'torch.nonexistent'"


def test_use_as_torch_refuses_when_pytorch_is_already_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", object())
    with pytest.raises(RuntimeError, match="PyTorch is already imported"):
        tensorlib.use_as_torch()

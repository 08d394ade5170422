"""examples/ddp_mlp.py, the script of the docs' distributed page, run as the page says:
under the launcher, under mpiexec, and under mpiexec with a host file and the worker
module (two processes each, which agree line for line and end with identical
parameters), equal to one process taking the same samples per step, and to PyTorch's
own run of the script.

The script's processes are started here from rank 0 only (when this suite itself runs under
mpiexec, the other ranks skip), in an environment without this run's MPI and launcher
variables, so they form a world of their own."""
import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("mpi4py")
from mpi4py import MPI

import tensorlib
import tensorlib.distributed as dist

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "examples", "ddp_mlp.py")
ARGS = ["--epochs", "3", "--samples", "512"]
_INHERITED = re.compile(r"^(PMI_|PMIX_|HYDRA_|HYDI_|MPI_|MPIR_|OMPI_|I_MPI_|TORCHELASTIC_)|"
                        r"^(RANK|LOCAL_RANK|WORLD_SIZE|LOCAL_WORLD_SIZE|GROUP_RANK|MASTER_ADDR|MASTER_PORT)$")

pytestmark = [
    pytest.mark.skipif(not dist.is_available() or importlib.util.find_spec("tensorlib.distributed.run") is None,
                       reason="needs tensorlib.distributed over MPI and its launcher"),
    pytest.mark.skipif(MPI.COMM_WORLD.rank != 0, reason="rank 0 starts the example's processes"),
]


def clean_environment():
    env = {name: value for name, value in os.environ.items() if not _INHERITED.match(name)}
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(tensorlib.__file__)))
    env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
    env["MPIEXEC_TIMEOUT"] = "300"
    return env


def run(command, env=None):
    proc = subprocess.run(command, check=False, cwd=ROOT, env=env or clean_environment(), capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def mpiexec():
    found = shutil.which("mpiexec", path=os.path.dirname(sys.executable)) or shutil.which("mpiexec")
    if found is None:
        pytest.skip("no mpiexec")
    return found


def losses(output):
    return [float(value) for value in re.findall(r"^epoch \d+: loss ([0-9.]+)$", output, re.MULTILINE)]


@pytest.fixture(scope="module")
def launched():
    return run([sys.executable, "-m", "tensorlib.distributed.run", "--nproc-per-node", "2", SCRIPT, *ARGS])


def test_launcher_and_mpiexec_agree(launched):
    assert len(losses(launched)) == 3 and losses(launched)[-1] < losses(launched)[0]
    assert "2 processes, identical parameters: True" in launched
    assert float(re.search(r"^training accuracy: ([0-9.]+)$", launched, re.MULTILINE).group(1)) > 0.6
    assert run([mpiexec(), "-n", "2", sys.executable, SCRIPT, *ARGS]) == launched


def test_host_file_and_worker(launched, tmp_path):
    """The docs' several-machine command, with a host file naming this machine (MPICH's Hydra)."""
    hosts = tmp_path / "hosts"
    hosts.write_text("localhost:2\n", encoding="utf-8")
    version = subprocess.run([mpiexec(), "--version"], capture_output=True, text=True, check=False).stdout
    if "HYDRA" not in version:
        pytest.skip("the -f host file option is MPICH's")
    command = [mpiexec(), "-f", str(hosts), "-n", "2", sys.executable, "-m", "tensorlib.distributed.worker", SCRIPT]
    assert run(command + ARGS) == launched


def test_two_processes_step_as_one_with_both_batches(launched):
    alone = run([mpiexec(), "-n", "1", sys.executable, SCRIPT, *ARGS, "--batch-size", "64"])
    assert "1 processes, identical parameters: True" in alone
    assert losses(alone) == pytest.approx(losses(launched), abs=2e-5)


@pytest.mark.parity
def test_pytorch_prints_the_same(launched, tmp_path):
    pytest.importorskip("torch", minversion="2.13")
    with open(SCRIPT, encoding="utf-8") as file:
        source = file.read()
    for ours, theirs in (("import tensorlib as torch", "import torch"),
                         ("import tensorlib.distributed as dist", "import torch.distributed as dist"),
                         ("from tensorlib", "from torch")):
        source = source.replace(ours, theirs)
    script = tmp_path / "ddp_mlp_torch.py"
    script.write_text(source, encoding="utf-8")
    env = clean_environment()
    env["OMP_NUM_THREADS"] = "1"
    theirs = run([sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", str(script), *ARGS],
                 env=env)
    assert losses(theirs) == pytest.approx(losses(launched), abs=2e-5)
    assert theirs.splitlines()[-2:] == launched.splitlines()[-2:]

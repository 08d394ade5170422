"""``python -m tensorlib.distributed.run --nproc-per-node N script.py args``: torchrun's
command line on MPI.

The script runs in N processes under ``mpiexec -n N`` with torchrun's environment
(RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR, MASTER_PORT,
TORCHELASTIC_RUN_ID...), so ``init_process_group()`` works as under torchrun, and with
``torch`` mapped to tensorlib (``python -m tensorlib run``), so a PyTorch program runs
unmodified.  It starts processes on this machine; several machines take MPI's own
launcher with the same per-process start (``mpiexec -f hosts -n N python -m
tensorlib.distributed.worker script.py``).  The exit status is the processes' worst."""
import argparse
import os
import shutil
import subprocess
import sys
import uuid


def _processes(value):
    """torchrun's --nproc-per-node: a count, or one process per core ('cpu'), per GPU ('gpu'), or per GPU
    where there are GPUs and per core elsewhere ('auto')."""
    if value.isdigit():
        return int(value)
    from .. import accelerator

    def per_gpu():
        if not accelerator.is_available():
            raise argparse.ArgumentTypeError("Cuda is not available.")
        return accelerator.device_count()
    counts = {"cpu": os.cpu_count, "gpu": per_gpu,
              "auto": lambda: per_gpu() if accelerator.is_available() else os.cpu_count()}
    if value not in counts:
        raise argparse.ArgumentTypeError(f"Unsupported nproc_per_node value: {value}")
    return counts[value]()


def _parser():
    parser = argparse.ArgumentParser(prog="python -m tensorlib.distributed.run",
                                     description="Run a training script in several processes over MPI, "
                                                 "with torchrun's environment.")
    parser.add_argument("--nproc-per-node", "--nproc_per_node", type=_processes, default=1,
                        help="processes to start: a number, 'cpu' (one per core), 'gpu' (one per GPU) or 'auto' "
                             "(one per GPU, else per core); default 1")
    parser.add_argument("--nnodes", default="1", help="machines: only 1 here (use mpiexec with a host file for more)")
    parser.add_argument("--node-rank", "--node_rank", type=int, default=0)
    parser.add_argument("--standalone", action="store_true", help="accepted: the run is always on this machine")
    parser.add_argument("--master-addr", "--master_addr", default="127.0.0.1")
    parser.add_argument("--master-port", "--master_port", type=int, default=29500)
    parser.add_argument("--rdzv-id", "--rdzv_id", default=None)
    for accepted in ("--rdzv-backend", "--rdzv-endpoint", "--rdzv-conf", "--max-restarts", "--monitor-interval",
                     "--start-method", "--role", "--log-dir"):
        parser.add_argument(accepted, accepted.replace("-", "_").replace("__", "--"), default=None,
                            help="accepted for torchrun's command line")
    parser.add_argument("-m", "--module", action="store_true", help="run the target as a module (python -m)")
    parser.add_argument("training_script")
    parser.add_argument("training_script_args", nargs=argparse.REMAINDER)
    return parser


def mpiexec_path():
    """The mpiexec beside this Python (MPICH's wheel installs one), else the first on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "mpiexec")
    found = beside if os.path.exists(beside) else shutil.which("mpiexec")
    if found is None:
        raise RuntimeError("no mpiexec found: pip install 'tensorlib[distributed]' (mpi4py and MPICH)")
    return found


def worker_environment(args, environ):
    """torchrun's variables common to every process (each adds its RANK and LOCAL_RANK)."""
    environment = dict(environ)
    environment.update(
        WORLD_SIZE=str(args.nproc_per_node), LOCAL_WORLD_SIZE=str(args.nproc_per_node),
        GROUP_RANK=str(args.node_rank), GROUP_WORLD_SIZE="1", ROLE_NAME=args.role or "default",
        ROLE_WORLD_SIZE=str(args.nproc_per_node), MASTER_ADDR=args.master_addr, MASTER_PORT=str(args.master_port),
        TORCHELASTIC_RUN_ID=args.rdzv_id or str(uuid.uuid4()), TORCHELASTIC_RESTART_COUNT="0",
        TORCHELASTIC_MAX_RESTARTS="0")
    environment.setdefault("OMP_NUM_THREADS", "1")
    return environment


def command(args):
    """The mpiexec command line that starts the processes."""
    target = [sys.executable, "-m", f"{__package__}.worker"] + (["-m"] if args.module else [])
    return [mpiexec_path(), "-n", str(args.nproc_per_node), *target, args.training_script,
            *args.training_script_args]


def main(argv=None):
    args = _parser().parse_args(argv)
    if str(args.nnodes) not in ("1", "1:1"):
        print("python -m tensorlib.distributed.run starts processes on this machine only (--nnodes 1); on several "
              "machines use MPI's launcher: mpiexec -f hostfile -n N python -m tensorlib.distributed.worker "
              "script.py", 
              file=sys.stderr)
        return 2
    if args.nproc_per_node < 1:
        print("--nproc-per-node must be at least 1", file=sys.stderr)
        return 2
    return subprocess.call(command(args), env=worker_environment(args, os.environ))


if __name__ == "__main__":
    sys.exit(main())

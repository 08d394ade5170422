"""Data-parallel training throughput on 1 and 2 processes (one thread each).

    python bench/bench_distributed.py [--hidden 1024] [--layers 4] [--batch 2048] [--steps 12]
                                      [--repeat 5] [--bucket-cap-mb 25] [--libs tensorlib torch]
                                      [--procs 1 2]

Trains a compute-bound MLP (``--layers`` linear layers ``--hidden`` wide with ReLU, cross-entropy,
SGD) under DistributedDataParallel, ``--batch`` samples per process per step, and prints the
samples per second of the whole group (from the median step time of a run) for each library and
process count, and the ratio of each count's throughput to one process's.  tensorlib's processes start under ``mpiexec`` (MPICH, from
the ``[distributed]`` extra) and join with ``init_process_group("mpi")``; PyTorch's (when it is
installed) are started here with the env:// variables and join a ``"gloo"`` group.  Each cell is
the best of ``--repeat`` runs (every run is listed beside it), the runs of every (library, count)
interleaved so that load from other processes hits them alike.  The machine must have a core per
process to spare: on a loaded machine the two-process runs fall short of what the code does
(the load average before and after is printed; compare runs made when it was low).
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def worker(args):
    """One process of a run: trains, and rank 0 prints the group's samples per second as JSON."""
    if args.lib == "torch":
        import torch
        backend = "gloo"
    else:
        sys.path.insert(0, ROOT)
        import tensorlib as torch
        backend = "mpi"
    torch.set_num_threads(1)
    dist = torch.distributed
    dist.init_process_group(backend)
    rank, world_size = dist.get_rank(), dist.get_world_size()
    torch.manual_seed(0)
    layers = []
    width = args.hidden
    for _ in range(args.layers - 1):
        layers += [torch.nn.Linear(width, args.hidden), torch.nn.ReLU()]
    layers.append(torch.nn.Linear(args.hidden, 10))
    model = torch.nn.parallel.DistributedDataParallel(torch.nn.Sequential(*layers), bucket_cap_mb=args.bucket_cap_mb)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(rank)
    x = torch.randn(args.batch, args.hidden, generator=generator)
    y = torch.randint(0, 10, (args.batch,), generator=generator)

    def step():
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()

    for _ in range(2):
        step()
    dist.barrier()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()      # its gradient reduction ends together on every rank: the group's step time
        times.append(time.perf_counter() - start)
    if rank == 0:
        print(json.dumps({"samples_per_s": world_size * args.batch / statistics.median(times)}))
    dist.destroy_process_group()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker_args(args, lib):
    return [sys.executable, os.path.abspath(__file__), "--worker", "--lib", lib, "--hidden", str(args.hidden),
            "--layers", str(args.layers), "--batch", str(args.batch), "--steps", str(args.steps)] + (
                [] if args.bucket_cap_mb is None else ["--bucket-cap-mb", str(args.bucket_cap_mb)])


def run(args, lib, procs):
    """Samples per second of one run of ``procs`` processes of ``lib``."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", TENSORLIB_NUM_THREADS="1",
               MPIEXEC_TIMEOUT="600")
    command = _worker_args(args, lib)
    if lib == "tensorlib":
        mpiexec = shutil.which("mpiexec", path=os.path.dirname(sys.executable)) or shutil.which("mpiexec")
        outputs = [subprocess.run([mpiexec, "-n", str(procs)] + command, env=env, capture_output=True, text=True,
                                  check=True).stdout]
    else:
        env.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(_free_port()), WORLD_SIZE=str(procs))
        children = [subprocess.Popen(command, env=dict(env, RANK=str(r), LOCAL_RANK=str(r)), stdout=subprocess.PIPE,
                                     text=True) for r in range(procs)]
        outputs = [child.communicate()[0] for child in children]
        if any(child.returncode for child in children):
            raise RuntimeError(f"a {lib} process failed")
    lines = [line for out in outputs for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])["samples_per_s"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hidden", type=int, default=1024)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--batch", type=int, default=2048, help="samples per process per step")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bucket-cap-mb", type=float, help="DDP's bucket_cap_mb (default: PyTorch's, 25 MB after a "
                                                            "first bucket of 1 MB)")
    parser.add_argument("--libs", nargs="+", default=["tensorlib", "torch"])
    parser.add_argument("--procs", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--lib", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    load = os.getloadavg()[0]
    libs = [lib for lib in args.libs if lib != "torch" or _has_torch()]
    results = {(lib, n): [] for lib in libs for n in args.procs}
    for _ in range(args.repeat):
        for lib in libs:
            for n in args.procs:
                results[lib, n].append(run(args, lib, n))
    print(f"MLP {args.layers} x {args.hidden} wide, batch {args.batch} per process, {args.steps} steps, "
          f"bucket_cap_mb={args.bucket_cap_mb}, "
          f"best of {args.repeat}; load average before {load:.2f}, after {os.getloadavg()[0]:.2f}")
    print(f"{'library':<10} {'processes':>9} {'samples/s':>10} {'vs 1 process':>13}   runs")
    for lib in libs:
        one = max(results[lib, args.procs[0]])
        for n in args.procs:
            cell = max(results[lib, n])
            runs = " ".join(f"{v:.0f}" for v in results[lib, n])
            print(f"{lib:<10} {n:>9} {cell:>10.0f} {cell / one:>12.2f}x   {runs}")


def _has_torch():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()

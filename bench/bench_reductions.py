"""Sums and means of 10^3 to 10^8 elements: tensorlib against NumPy and PyTorch, 1 and 2 threads.

Run from the repository root after building in place:
    python bench/bench_reductions.py [--repeat N] [--threads 1 2] [--rows TEXT] [--max-size 1e8]

A row per (reduction, size, dtype): ``x.sum()`` of a 1-d tensor, ``x.sum(0)`` and
``x.sum(-1)`` of a 2-d one, ``x.sum(1)`` of a 3-d one, ``x.mean(0)``, float32 and a few
float64.  A cell is the best of N repeats of the time per call in microseconds; the
ratios are tensorlib's time over PyTorch's and over NumPy's (below 1: tensorlib is
faster).  NumPy's reductions use one thread whatever the setting.

PyTorch runs in a child process (this script with ``--torch-child``) that times a row
when asked, with the same thread count: in one process, PyTorch's OpenMP workers keep
spinning after each of its parallel regions and starve tensorlib's threads.  The two
libraries' repeats alternate (child, then this process), so load from elsewhere hits
both alike.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import timeit

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TORCH_CHILD = "--torch-child" in sys.argv
if TORCH_CHILD:
    import torch as lib
else:
    sys.path.insert(0, ROOT)
    import tensorlib as lib

# (label, elements, shape, call on a tensor) per reduction
KINDS = {
    "sum": lambda n: ((n,), lambda x: x.sum()),
    "sum dim0": lambda n: (_matrix(n), lambda x: x.sum(0)),
    "sum dim-1": lambda n: (_matrix(n), lambda x: x.sum(-1)),
    "sum 3d dim1": lambda n: (_cube(n), lambda x: x.sum(1)),
    "mean dim0": lambda n: (_matrix(n), lambda x: x.mean(0)),
}
SIZES = (10**3, 10**5, 10**6, 10**7, 10**8)


def _matrix(n):
    rows = {10**3: 40, 10**5: 400, 10**6: 1000, 10**7: 4000, 10**8: 10000}.get(n, int(n ** 0.5))
    return rows, n // rows


def _cube(n):
    side = round(n ** (1 / 3))
    return side, side, n // (side * side)


def row_specs(max_size, pattern):
    """(name, kind, size, dtype) of the rows to time."""
    specs = []
    for kind in KINDS:
        for n in SIZES:
            if n <= max_size and (kind in ("sum", "sum dim0", "sum dim-1") or n in (10**5, 10**7)):
                specs.append((kind, n, "float32"))
    specs += [("sum", 10**6, "float64"), ("sum dim0", 10**6, "float64"), ("sum dim-1", 10**6, "float64")]
    return [(f"{kind} {n:.0e} {dt}".replace("+0", ""), kind, n, dt) for kind, n, dt in specs
            if pattern in f"{kind} {n:.0e} {dt}".replace("+0", "")]


def make_calls(kind, n, dtype):
    """(the reduction of a tensor of ``lib``, the same of a NumPy array) on equal data."""
    shape, reduce = KINDS[kind](n)
    data = np.random.default_rng(0).random(shape, dtype=np.float64).astype(dtype)
    x = lib.from_numpy(data)
    return (lambda: reduce(x)), (lambda: reduce(data))


def best_us(timer, number, repeat):
    # the first two or three passes over an input of tens of MB after the other process
    # read its own copy run at main memory's speed (2100 against 1400 us at 10^7 on this
    # machine), whichever library runs them: both libraries warm up alike before timing
    timer.timeit(max(3, number))
    return min(timer.timeit(number) / number for _ in range(repeat)) * 1e6


def calls_per_repeat(timer):
    timer.timeit(1)                       # warm up (first-touch pages, caches)
    seconds = min(timer.repeat(3, 1))
    return max(1, int(0.005 / max(seconds, 1e-7)))


def torch_child():
    """Times the rows the parent names, one JSON line per request."""
    current = {}
    for line in sys.stdin:
        request = json.loads(line)
        lib.set_num_threads(request["threads"])
        name = request["name"]
        if name not in current:
            current.clear()
            call, _ = make_calls(request["kind"], request["n"], request["dtype"])
            timer = timeit.Timer(call)
            current[name] = (timer, calls_per_repeat(timer))
        timer, number = current[name]
        print(json.dumps(best_us(timer, number, 1)), flush=True)


class TorchChild:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--torch-child"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def time(self, name, kind, n, dtype, threads):
        request = {"name": name, "kind": kind, "n": n, "dtype": dtype, "threads": threads}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def fmt(t):
    return f"{t:.1f}" if t < 1000 else f"{t:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="repeats per cell (best is kept)")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rows", default="", help="only rows whose name contains this")
    parser.add_argument("--max-size", type=float, default=1e8, help="largest element count")
    parser.add_argument("--torch-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.torch_child:
        torch_child()
        return
    child = TorchChild()
    specs = row_specs(args.max_size, args.rows)
    head = ["row"] + [f"{h} {t}t" for t in args.threads for h in ("tensorlib", "numpy", "torch", "/torch", "/numpy")]
    print(f"times in us, best of {args.repeat}; /torch, /numpy: tensorlib's time over theirs")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, kind, n, dtype in specs:
        tl_timer, np_timer = (timeit.Timer(call) for call in make_calls(kind, n, dtype))
        cells = [name]
        for threads in args.threads:
            lib.set_num_threads(threads)
            numbers = calls_per_repeat(tl_timer), calls_per_repeat(np_timer)
            best = [float("inf")] * 3
            for _ in range(args.repeat):
                best[2] = min(best[2], child.time(name, kind, n, dtype, threads))
                # let the child's OpenMP workers go idle: after a parallel region they spin for
                # about 4 ms of CPU here (GOMP's default spin count), on a core tensorlib needs
                time.sleep(0.01)
                best[0] = min(best[0], best_us(tl_timer, numbers[0], 1))
                best[1] = min(best[1], best_us(np_timer, numbers[1], 1))
            cells += [fmt(t) for t in best] + [f"{best[0] / best[2]:.2f}", f"{best[0] / best[1]:.2f}"]
        print("| " + " | ".join(cells) + " |", flush=True)
    child.close()


if __name__ == "__main__":
    main()

"""tensorlib against NumPy (and PyTorch, when ``import torch`` works) on hot ops.

Run from the repository root after building in place:
    python bench/bench.py [--repeat N] [--rows SUBSTRING]
    /work/venv-torch/bin/python bench/bench.py      # an interpreter with torch: adds its columns

One table, a row per op, two groups of columns:
  api     the public API, allocating its result (``a + b``, ``a.exp()``, ``a.sum(0)``,
          ``a @ b``, ``a.t().contiguous()``) against NumPy's and PyTorch's
          allocating forms (``a + b``, ``np.exp(a)``, ``torch.add(a, b)``...).
  kernel  the Cython kernel writing into a preallocated array
          (``tensorlib._binary.binary``, ``tensorlib._reduce.reduce``,
          ``tensorlib._copy.copy_into``) against ``np.add(a, b, out=o)`` and
          ``torch.add(a, b, out=o)``; matmul has no kernel cells (tensorlib's
          product is MKL's gemm, or NumPy's matmul without the ``mkl`` extra).
ratio = tensorlib / the faster of NumPy and PyTorch (< 1: tensorlib is faster).
Times are the best of N repeats in microseconds, the tensorlib and NumPy
repeats interleaved so that load from elsewhere hits both columns alike.

PyTorch's columns are timed in a child process (this script with
``--torch-only``), one per row, run just before that row's other columns, as
a user runs one library at a time: in one process,
PyTorch's OpenMP workers keep spinning on both cores after each of its
parallel regions and starve tensorlib's (and OpenBLAS's) worker threads,
which doubled tensorlib's times on this 2-core machine.  The
autograd rows (forward + backward, an op on a tensor that requires grad, an MLP
training step) compare with PyTorch only.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
import timeit

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
import tensorlib  # noqa: E402
from tensorlib import _binary, _pool, _reduce, _unary  # noqa: E402
from tensorlib._copy import copy_into  # noqa: E402

TORCH_ONLY = "--torch-only" in sys.argv
if TORCH_ONLY:
    import torch
else:
    torch = None   # timed in a child process: see the module docstring


def best_us(functions, repeat, settle=0.003):
    """Best time per call (us) of each function (None entries stay None), their
    repeats interleaved, ``settle`` seconds of sleep before each."""
    live = [(k, timeit.Timer(f)) for k, f in enumerate(functions) if f is not None]
    numbers = {}
    for k, timer in live:
        timer.timeit(1)                                   # warm up (first-touch pages, caches)
        seconds = min(timer.repeat(3, 1))
        if seconds < 1e-3:
            seconds = timer.timeit(100) / 100
        numbers[k] = max(1, int(0.01 / seconds))          # ~10 ms a repeat
    best = [None] * len(functions)
    for _ in range(repeat):
        for k, timer in live:
            # let the previous side's idle threads (OpenMP spins a while after a
            # region) go to sleep, or they compete with this side's threads
            time.sleep(settle)
            t = timer.timeit(numbers[k]) / numbers[k] * 1e6
            best[k] = t if best[k] is None else min(best[k], t)
    return best


def rows():
    """(name, api: (tensorlib, numpy, torch), kernel: (tensorlib, numpy, torch))."""
    rng = np.random.default_rng(0)

    def f32(*shape):
        return rng.random(shape, dtype=np.float32)

    def tl(x):
        return tensorlib.from_numpy(x)

    def th(x):
        return torch.from_numpy(x) if torch is not None else None

    def with_torch(fn):
        return fn if torch is not None else None
    # (without torch, ``th`` gives None and every torch cell is None)

    for n, label in ((10**6, "1e6"), (10**7, "1e7")):
        a, b, o = f32(n), f32(n), np.empty(n, np.float32)
        ta, tb, pa, pb = tl(a), tl(b), th(a), th(b)
        po = th(o)
        yield (f"add f32 {label}",
               (lambda: ta + tb, ""),
               (lambda: a + b, with_torch(lambda: pa + pb)),
               (lambda: _binary.binary("add", a, b, o), lambda: np.add(a, b, out=o),
                with_torch(lambda: torch.add(pa, pb, out=po))))

    a, o = f32(10**6) * 4 - 2, np.empty(10**6, np.float32)
    ta, pa, po = tl(a), th(a), th(o)
    yield ("exp f32 1e6",
           (lambda: ta.exp(), ""),
           (lambda: np.exp(a), with_torch(lambda: pa.exp())),
           (lambda: _unary.unary("exp", a, o), lambda: np.exp(a, out=o),
            with_torch(lambda: torch.exp(pa, out=po))))

    one = np.empty(1, np.float32)
    po1 = th(np.empty((), np.float32))
    yield ("sum f32 1e6",
           (lambda: ta.sum(), ""),
           (lambda: a.sum(), with_torch(lambda: pa.sum())),
           (lambda: _reduce.reduce("sum", a, (0,), one), lambda: np.add.reduce(a, out=one[0:1].reshape(())),
            with_torch(lambda: torch.sum(pa, 0, out=po1))))

    m, v, om = f32(1000, 1000), f32(1000), np.empty((1000, 1000), np.float32)
    tm, tv, pm, pv, pom = tl(m), tl(v), th(m), th(v), th(om)
    vb = np.broadcast_to(v, m.shape)
    yield ("bcast add (1000,1000)+(1000,)",
           (lambda: tm + tv, ""),
           (lambda: m + v, with_torch(lambda: pm + pv)),
           (lambda: _binary.binary("add", m, vb, om), lambda: np.add(m, v, out=om),
            with_torch(lambda: torch.add(pm, pv, out=pom))))

    yield ("transpose->contiguous 1000^2",
           (lambda: tm.t().contiguous(), ""),
           (lambda: np.ascontiguousarray(m.T), with_torch(lambda: pm.t().contiguous())),
           (lambda: copy_into(om, m.T), lambda: np.copyto(om, m.T),
            with_torch(lambda: pom.copy_(pm.t()))))

    o0 = np.empty((1, 1000), np.float32)
    po0 = th(np.empty(1000, np.float32))
    yield ("sum dim0 1000^2",
           (lambda: tm.sum(0), ""),
           (lambda: m.sum(0), with_torch(lambda: pm.sum(0))),
           (lambda: _reduce.reduce("sum", m, (0,), o0), lambda: np.add.reduce(m, axis=0, out=o0[0]),
            with_torch(lambda: torch.sum(pm, 0, out=po0))))

    for n in (128, 1024):
        x, y = f32(n, n), f32(n, n)
        tx, ty, px, py = tl(x), tl(y), th(x), th(y)
        yield (f"matmul f32 {n}",
               (lambda: tx @ ty, ""),
               (lambda: x @ y, with_torch(lambda: px @ py)),
               None)

    s, s2, so = f32(3), f32(3), np.empty(3, np.float32)
    ts, ts2, ps, ps2, pso = tl(s), tl(s2), th(s), th(s2), th(so)
    yield ("tiny add (3,)",
           (lambda: ts + ts2, ""),
           (lambda: s + s2, with_torch(lambda: ps + ps2)),
           (lambda: _binary.binary("add", s, s2, so), lambda: np.add(s, s2, out=so),
            with_torch(lambda: torch.add(ps, ps2, out=pso))))


    # autograd: PyTorch is the only competitor (NumPy has no autograd)
    g = f32(3)
    tg = tensorlib.tensor(g, requires_grad=True)
    pg = torch.tensor(g, requires_grad=True) if torch is not None else None

    def tl_tiny_backward():
        (tg * tg + 2).sum().backward()

    def th_tiny_backward():
        (pg * pg + 2).sum().backward()

    yield ("tiny fwd+bwd (x*x+2).sum()", (tl_tiny_backward, ""), (None, with_torch(th_tiny_backward)), None)
    yield ("mul with grad (3,)", (lambda: tg * tg, ""), (None, with_torch(lambda: pg * pg)), None)
    yield ("MLP step 784-256-10 b64", (mlp_step(tensorlib, rng), ""),
           (None, with_torch(lambda: None) and mlp_step(torch, rng)), None)


def mlp_step(lib, rng, device="cpu", batch=64):
    """One SGD training step of a 784-256-10 MLP on a batch of 64 (cross-entropy loss)."""
    lib.manual_seed(0)
    model = lib.nn.Sequential(lib.nn.Linear(784, 256), lib.nn.ReLU(), lib.nn.Linear(256, 10)).to(device)
    optimizer = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = lib.from_numpy(rng.random((batch, 784), dtype=np.float32)).to(device)
    y = lib.from_numpy(rng.integers(0, 10, batch)).to(device)
    loss_fn = lib.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    return step


def fmt(t):
    return "" if t is None else (f"{t:.1f}" if t < 1000 else f"{t:.0f}")


def ratio(mine, *others):
    others = [t for t in others if t is not None]
    if mine is None or not others:
        return ""
    return f"{mine / min(others):.2f}"


def torch_times(rows_filter, repeat):
    """(torch's thread count, {row name: (api, kernel)} times of PyTorch's cells of
    the rows whose name contains ``rows_filter``), from a child process."""
    child = subprocess.run([sys.executable, os.path.abspath(__file__), "--torch-only", "--repeat", str(repeat),
                            "--rows", rows_filter], capture_output=True, text=True, check=True)
    report = json.loads(child.stdout)
    return report["threads"], {name: tuple(times) for name, times in report["rows"].items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="timeit repeats per cell (best is kept)")
    parser.add_argument("--rows", default="", help="only rows whose name contains this")
    parser.add_argument("--torch-only", action="store_true", help="time PyTorch's cells only, print them as JSON")
    args = parser.parse_args()

    if args.torch_only:
        times = {}
        for name, _, (_, torch_api), kernel in rows():
            if args.rows in name:
                times[name] = [best_us([torch_api], args.repeat)[0],
                               None if kernel is None else best_us([kernel[2]], args.repeat)[0]]
        print(json.dumps({"threads": torch.get_num_threads(), "rows": times}))
        return

    have_torch = importlib.util.find_spec("torch") is not None
    torch_threads = None
    head = ["op", "api", "numpy", "torch", "ratio", "kernel", "np out=", "torch out=", "ratio"]
    keep = [not (h.startswith("torch") and not have_torch) for h in head]
    table = []
    for name, (api, flag), (np_api, _), kernel in rows():
        if args.rows not in name:
            continue
        if have_torch:
            # a child per row, just before this row: both sides see the machine in the same state
            torch_threads, torch_side = torch_times(name, args.repeat)
        # after a NumPy product OpenBLAS's idle threads poll for about 0.1 s on the other
        # core, which doubled the tensorlib (MKL) cell of the 1024 row: let them park first
        api_t, np_t = best_us([api, np_api], args.repeat, 0.3 if name.startswith("matmul") else 0.003)
        torch_t, ktorch_t = torch_side.get(name, (None, None)) if have_torch else (None, None)
        row = [name, fmt(api_t) + flag, fmt(np_t), fmt(torch_t), ratio(api_t, np_t, torch_t)]
        if kernel is None:
            row += ["", "", "", ""]
        else:
            k_t, knp_t = best_us(list(kernel[:2]), args.repeat)
            row += [fmt(k_t), fmt(knp_t), fmt(ktorch_t), ratio(k_t, knp_t, ktorch_t)]
        table.append([c for c, k in zip(row, keep) if k])
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    head = [h for h, k in zip(head, keep) if k]

    widths = [max(len(str(r[i])) for r in [head] + table) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths)))
    threads = f"tensorlib threads {_pool.get_num_threads()}"
    if have_torch:
        threads += ", torch (own process) threads " + str(torch_threads)
    print(f"times in us, best of {args.repeat}; ratio = tensorlib / fastest other; {threads}")
    print(line(head))
    print(line(["-" * w for w in widths]))
    for r in table:
        print(line(r))
    if _pool._pool_stalls():
        print(f"note: {_pool._pool_stalls()} parallel jobs waited > 1 ms on a descheduled helper "
              "thread (busy machine); threading backed off for a few ms after each")


if __name__ == "__main__":
    main()

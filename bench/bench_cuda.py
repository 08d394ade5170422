"""tensorlib on a CUDA GPU against CuPy and PyTorch (the rows issue 5 asks for).

Run from the repository root, after building in place, on a machine with CuPy and a GPU:
    python bench/bench_cuda.py [--repeat N]

Rows: float32 add of 1e7 elements, a 4096^3 float32 matmul, and one SGD
training step of the 784-256-10 MLP of bench/bench.py (batch 64 and 4096).
Each cell is the median over N repeats of the time per call in microseconds;
a repeat runs the call back to back for about 20 ms between two device
synchronizations, so launch overhead on the host counts as a user sees it.
ratio = tensorlib / the faster of CuPy and PyTorch (< 1: tensorlib is faster).
CuPy has no autograd, so the MLP rows compare with PyTorch only.
"""
import argparse
import importlib.util
import os
import statistics
import sys
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tensorlib  # noqa: E402
from bench import fmt, mlp_step, ratio  # noqa: E402

import cupy  # noqa: E402

torch = __import__("torch") if importlib.util.find_spec("torch") else None


def synchronize():
    cupy.cuda.Device().synchronize()
    if torch is not None:
        torch.cuda.synchronize()


def median_us(fn, repeat):
    """Median time per call (us) of ``fn``; None stays None."""
    if fn is None:
        return None
    for _ in range(3):                      # warm up: module loads, cuBLAS handles, allocator pools
        fn()
    synchronize()
    start = time.perf_counter()
    fn()
    synchronize()
    number = max(1, int(0.02 / max(time.perf_counter() - start, 1e-7)))
    times = []
    for _ in range(repeat):
        synchronize()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        synchronize()
        times.append((time.perf_counter() - start) / number * 1e6)
    return statistics.median(times)


def rows():
    """(name, tensorlib, cupy, torch) callables."""
    rng = np.random.default_rng(0)
    cuda = "cuda"

    def on_gpu(x):
        return (tensorlib.from_numpy(x).to(cuda), cupy.asarray(x),
                torch.from_numpy(x).to(cuda) if torch is not None else None)

    a, b = (rng.random(10**7, dtype=np.float32) for _ in range(2))
    (ta, ca, pa), (tb, cb, pb) = on_gpu(a), on_gpu(b)
    yield "add f32 1e7", lambda: ta + tb, lambda: ca + cb, torch and (lambda: pa + pb)
    yield "sum f32 1e7", lambda: ta.sum(), lambda: ca.sum(), torch and (lambda: pa.sum())

    x, y = (rng.random((4096, 4096), dtype=np.float32) for _ in range(2))
    (tx, cx, px), (ty, cy, py) = on_gpu(x), on_gpu(y)
    yield "matmul f32 4096", lambda: tx @ ty, lambda: cx @ cy, torch and (lambda: px @ py)

    for batch in (64, 4096):
        yield (f"MLP step 784-256-10 b{batch}", mlp_step(tensorlib, rng, cuda, batch), None,
               torch and mlp_step(torch, rng, cuda, batch))


def check_results_match():
    """The GPU results agree with tensorlib's CPU results before anything is timed."""
    rng = np.random.default_rng(1)
    x, y = rng.random((256, 256), dtype=np.float32), rng.random((256, 256), dtype=np.float32)
    cpu = tensorlib.from_numpy(x) @ tensorlib.from_numpy(y) + tensorlib.from_numpy(x)
    gpu = tensorlib.from_numpy(x).cuda() @ tensorlib.from_numpy(y).cuda() + tensorlib.from_numpy(x).cuda()
    np.testing.assert_allclose(gpu.cpu().numpy(), cpu.numpy(), rtol=1e-4, atol=1e-4)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed repeats per cell (the median is kept)")
    args = parser.parse_args()
    if not tensorlib.cuda.is_available():
        sys.exit("tensorlib.cuda.is_available() is False: this bench needs CuPy and a CUDA GPU")
    check_results_match()
    head = ["op", "tensorlib", "cupy", "torch", "ratio"]
    table = []
    for name, *fns in rows():
        times = [median_us(fn, args.repeat) for fn in fns]
        table.append([name, *map(fmt, times), ratio(*times)])
    widths = [max(len(r[i]) for r in [head] + table) for i in range(len(head))]
    print(f"{tensorlib.cuda.get_device_name()}; times in us, median of {args.repeat}; "
          f"ratio = tensorlib / fastest other; torch {torch.__version__ if torch else 'absent'}, "
          f"cupy {cupy.__version__}")
    for r in [head, ["-" * w for w in widths]] + table:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))


if __name__ == "__main__":
    main()

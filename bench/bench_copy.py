"""Times tensorlib._copy.copy_into against NumPy on the copies tensors make most.

Run from the repository root after building in place:
    python bench/bench_copy.py [--repeat N]

Each row is the best of N timeit repeats, interleaved between the two sides.  Both sides write into preallocated
output (np.copyto), except the "alloc" rows, which compare allocating a fresh
contiguous result with np.ascontiguousarray.  ratio < 1: tensorlib is faster.
Set OMP_NUM_THREADS=1 to time the single-threaded kernels."""
import argparse
import os
import sys
import timeit

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tensorlib._copy import copy_into  # noqa: E402


def best_seconds(functions, repeat):
    """Best time per call of each function, their repeats interleaved so that
    a burst of load from elsewhere hits both sides alike."""
    timers = [timeit.Timer(function) for function in functions]
    # Short repeats (~5 ms; autorange aims at 0.2 s), many of them: the best
    # one then likely ran while nothing else did.
    numbers = [max(1, timer.autorange()[0] // 40) for timer in timers]
    best = [float("inf")] * len(timers)
    for _ in range(repeat):
        for k, (timer, number) in enumerate(zip(timers, numbers)):
            best[k] = min(best[k], timer.timeit(number) / number)
    return best


def cases():
    rng = np.random.default_rng(0)
    for n in (1000, 4000):
        a = rng.random((n, n), dtype=np.float32)
        out = np.empty((n, n), dtype=np.float32)
        a_t = a.T
        yield (f"transpose {n}x{n} f32",
               lambda out=out, a_t=a_t: copy_into(out, a_t),
               lambda out=out, a_t=a_t: np.copyto(out, a_t))
        yield (f"transpose {n}x{n} f32 (alloc)",
               lambda a_t=a_t: copy_into(np.empty(a_t.shape, dtype=a_t.dtype), a_t),
               lambda a_t=a_t: np.ascontiguousarray(a_t))
    for n in (10**6, 10**7):
        x = rng.random(n, dtype=np.float32)
        out = np.empty(n, dtype=np.float64)
        yield (f"f32->f64 contiguous {n:.0e}",
               lambda out=out, x=x: copy_into(out, x),
               lambda out=out, x=x: np.copyto(out, x))
    flat = rng.random(10**7, dtype=np.float32)
    out_flat = np.empty(10**7, dtype=np.float32)
    yield ("f32 contiguous 1e+07 (memcpy)",
           lambda: copy_into(out_flat, flat), lambda: np.copyto(out_flat, flat))
    rows = np.broadcast_to(rng.random(1000, dtype=np.float32), (1000, 1000))
    out_rows = np.empty((1000, 1000), dtype=np.float32)
    yield ("broadcast (1000,)->(1000,1000) f32",
           lambda: copy_into(out_rows, rows), lambda: np.copyto(out_rows, rows))
    every_other = rng.random(2 * 10**6, dtype=np.float32)[::2]
    out_sliced = np.empty(10**6, dtype=np.float32)
    yield ("sliced [::2] 1e6 f32",
           lambda: copy_into(out_sliced, every_other), lambda: np.copyto(out_sliced, every_other))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, best of {args.repeat}")
    print(f"{'case':<38}{'tensorlib ms':>14}{'numpy ms':>11}{'ratio':>8}")
    for name, ours, numpys in cases():
        ours_s, numpy_s = best_seconds([ours, numpys], args.repeat)
        print(f"{name:<38}{ours_s * 1e3:>14.3f}{numpy_s * 1e3:>11.3f}{ours_s / numpy_s:>8.2f}")


if __name__ == "__main__":
    main()

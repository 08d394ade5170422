"""float32/float64 products on the CPU in PyTorch's order of multiplications.

Observed from PyTorch 2.13 (raw bits; tests/test_arith_order_parity.py): its CPU product
runs on AVX2 vectors (8 float32 / 4 float64 lanes) even on AVX512 machines.  Where an
output's innermost reduced elements are contiguous, each contiguous run of them goes in
blocks of 4 vectors: every lane multiplies its elements down the blocks, the four vectors
are combined as (v0 * v1) * (v2 * v3), their lanes multiplied in order, and the run's
leftover elements one by one; the runs of an output follow each other in memory order.
Every other product multiplies its elements one after another in memory order.
"""
import numpy as np


def prod(a, axes, out):
    """out (a's shape with ``axes`` set to 1) = the product of non-empty float32/float64
    ``a`` over ``axes``, multiplied in PyTorch's order (see the module docstring)."""
    lanes = 32 // a.itemsize
    block = 4 * lanes
    kept = [d for d in range(a.ndim) if d not in axes]
    reduced = sorted(axes, key=lambda d: -abs(a.strides[d]))      # memory order: fastest last
    count = 1
    for d in reduced:
        count *= a.shape[d]
    run, expected = 1, a.itemsize
    for d in reversed([d for d in reduced if a.shape[d] != 1]):
        if a.strides[d] != expected:
            break
        run *= a.shape[d]
        expected *= a.shape[d]
    rows = a.transpose(kept + reduced).reshape(-1, count)
    if run < block:
        result = np.multiply.accumulate(rows, axis=1)[:, -1]
    else:
        outputs = rows.shape[0]
        pieces = rows.reshape(outputs, count // run, run)
        whole = run - run % block
        blocks = pieces[:, :, :whole].reshape(outputs, pieces.shape[1], whole // block, 4, lanes)
        down = np.multiply.accumulate(blocks, axis=2)[:, :, -1]
        vector = (down[:, :, 0] * down[:, :, 1]) * (down[:, :, 2] * down[:, :, 3])
        per_run = np.multiply.accumulate(vector, axis=2)[:, :, -1:]
        sequence = np.concatenate([per_run, pieces[:, :, whole:]], axis=2).reshape(outputs, -1)
        result = np.multiply.accumulate(sequence, axis=1)[:, -1]
    np.copyto(out, result.reshape(out.shape))

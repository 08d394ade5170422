"""Hypothesis strategies producing tensors in every layout tensorlib must
handle: contiguous, transposed, sliced with steps, expanded (stride 0), 0-d and
empty — each paired with the NumPy array holding the same values."""
import numpy as np
from hypothesis import strategies as st

import tensorlib

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def shapes(min_dims=0, max_dims=4, min_side=0, max_side=5):
    return st.lists(st.integers(min_side, max_side), min_size=min_dims, max_size=max_dims).map(tuple)


def _values(draw, shape, dtype):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if dtype == "bool":
        values = rng.random(shape) > 0.5
    elif np.dtype(dtype).kind == "f":
        values = rng.standard_normal(shape) * 10
    else:
        info = np.iinfo(dtype)
        values = rng.integers(max(info.min, -100), min(info.max, 100), size=shape, endpoint=True)
    return np.asarray(values).astype(dtype)


@st.composite
def strided_tensors(draw, dtypes=DTYPES, min_dims=0, max_dims=4, max_side=5):
    """(tensorlib tensor, numpy array) with equal values and a random strided layout."""
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(shapes(min_dims, max_dims, 0, max_side))
    layout = draw(st.sampled_from(["contiguous", "transposed", "sliced", "expanded"]))
    if layout == "sliced":
        base_shape = tuple(2 * s + 1 for s in shape)
        base = _values(draw, base_shape, dtype)
        t = tensorlib.from_numpy(base.copy())
        for d, s in enumerate(shape):
            t = t._slice(d, 1, 1 + 2 * s, 2)
        array = base[tuple(slice(1, 1 + 2 * s, 2) for s in shape)]
        return t, array
    if layout == "transposed" and len(shape) >= 2:
        base = _values(draw, shape[::-1], dtype)
        t = tensorlib.from_numpy(base.copy()).permute(*range(len(shape) - 1, -1, -1))
        return t, base.transpose()
    if layout == "expanded" and len(shape) >= 1:
        small = tuple(1 if i % 2 == 0 else s for i, s in enumerate(shape))
        base = _values(draw, small, dtype)
        return tensorlib.from_numpy(base.copy()).expand(*shape), np.broadcast_to(base, shape)
    base = _values(draw, shape, dtype)
    return tensorlib.from_numpy(base.copy()), base

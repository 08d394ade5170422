"""The CUDA backend's sorting and selection kernels, written against CuPy (or the NumPy
stand-in) as ``xp``; ``backends/cpu.py`` documents their contract."""


def _argsort(xp, a, axis, descending):
    # CuPy's argsort is stable; NaN sorts last
    if not descending:
        return xp.argsort(a, axis=axis)
    # stable descending: sort the reversed data ascending, reverse back, map positions back
    n = a.shape[axis]
    idx = xp.flip(xp.argsort(xp.flip(a, axis), axis=axis), axis)
    return (n - 1) - idx


def sort(xp, a, axis, descending, values_out, indices_out):
    """Stable sort along ``axis``; NaN sorts last."""
    idx = _argsort(xp, a, axis, descending)
    if indices_out is not None:
        xp.copyto(indices_out, idx, casting="unsafe")
    if values_out is not None:
        xp.copyto(values_out, xp.take_along_axis(a, idx, axis), casting="unsafe")


def median(xp, a, axis, values_out, indices_out):
    """Lower median along ``axis``, NaN propagating (its first position is the index)."""
    n = a.shape[axis]
    idx = xp.argsort(a, axis=axis)
    k = (n - 1) // 2
    pick = idx[(slice(None),) * axis + (slice(k, k + 1),)]
    if a.dtype.kind == "f":
        nan = xp.isnan(a)
        has_nan = xp.any(nan, axis=axis, keepdims=True)
        first_nan = xp.expand_dims(xp.argmax(nan, axis=axis), axis)
        pick = xp.where(has_nan, first_nan, pick)
    xp.copyto(indices_out, pick, casting="unsafe")
    xp.copyto(values_out, xp.take_along_axis(a, pick, axis), casting="unsafe")

"""``torch.testing.assert_close``: tensors, NumPy arrays, Python scalars and nested
sequences / mappings of them compared within tolerances, failing with PyTorch's
AssertionError messages."""
import collections.abc
import math
import numbers

import numpy as np

from .. import _dtype as D
from .._creation import as_tensor
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad

# (rtol, atol) where none are given: PyTorch's table by dtype; 0 for integers and bool
_TOLERANCES = {D.float16: (1e-3, 1e-5), D.bfloat16: (1.6e-2, 1e-5), D.float32: (1.3e-6, 1e-5),
               D.float64: (1e-7, 1e-7)}


def _tolerances(*dtypes):
    pairs = [_TOLERANCES.get(dtype, (0.0, 0.0)) for dtype in dtypes]
    return max(rtol for rtol, _ in pairs), max(atol for _, atol in pairs)


class _Mismatch(Exception):
    """A failed comparison: its message, and whether a custom ``msg`` may replace it."""

    def __init__(self, message, error=AssertionError):
        super().__init__(message)
        self.error = error


def _is_tensor_like(value):
    return isinstance(value, (Tensor, np.ndarray))


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _attribute(name, actual, expected):
    if actual != expected:
        raise _Mismatch(f"The values for attribute '{name}' do not match: {actual} != {expected}.")


def _report(kind, actual, expected, rtol, atol, abs_diff, rel_diff, where_abs, where_rel, mismatches, total):
    """PyTorch's message for values out of tolerance (``kind``: Scalars or Tensor-likes)."""
    exact = rtol == 0 and atol == 0
    verdict = "equal" if exact else "close"
    abs_allowed = "" if exact else f" (up to {atol} allowed)"
    rel_allowed = "" if exact else f" (up to {rtol} allowed)"
    if kind == "Scalars":
        return (f"Scalars are not {verdict}!\n\nExpected {expected} but got {actual}.\n"
                f"Absolute difference: {abs_diff}{abs_allowed}\nRelative difference: {rel_diff}{rel_allowed}")
    return (f"Tensor-likes are not {verdict}!\n\nMismatched elements: {mismatches} / {total} "
            f"({mismatches / total:.1%})\n"
            f"Greatest absolute difference: {abs_diff} at index {where_abs}{abs_allowed}\n"
            f"Greatest relative difference: {rel_diff} at index {where_rel}{rel_allowed}")


def _greatest(diff, mismatched):
    """The largest difference among the mismatched elements (NaN first) and its index."""
    masked = np.where(mismatched, diff, 0)
    nans = np.isnan(masked)
    flat = int(np.argmax(nans.ravel())) if nans.any() else int(np.argmax(masked.ravel()))
    return masked.ravel()[flat].item(), tuple(int(i) for i in np.unravel_index(flat, diff.shape))


def _close_arrays(a, e, rtol, atol, equal_nan):
    """Elementwise: within tolerance (equal values, infinities included, always are)."""
    with np.errstate(invalid="ignore", over="ignore"):
        close = (a == e) | (np.isfinite(a) & np.isfinite(e) & (np.abs(a - e) <= atol + rtol * np.abs(e)))
    if equal_nan:
        close |= np.isnan(a) & np.isnan(e)
    return close


def _rounded(array, dtype, work):
    """``array`` (computed in ``work``) rounded to ``dtype``, as a computation in ``dtype`` gives it."""
    if work is dtype or not dtype.is_floating_point:
        return array
    return as_tensor(array).to(dtype).to(work).numpy()


def _compare_tensors(actual, expected, rtol, atol, equal_nan, check_device, check_dtype, check_stride):
    _attribute("shape", actual.shape, expected.shape)
    if check_device:
        _attribute("device", actual.device, expected.device)
    if check_dtype:
        _attribute("dtype", actual.dtype, expected.dtype)
    if check_stride:
        _attribute("stride()", actual.stride(), expected.stride())
    if rtol is None:
        rtol, atol = _tolerances(actual.dtype, expected.dtype)
    common = D.promote_types(actual.dtype, expected.dtype)
    floating = common.is_floating_point
    # differences in the common dtype (float32 for bfloat16); integers subtract as int64
    work = D.compute_dtype(common) if floating else D.int64
    with no_grad():
        a = actual.detach().cpu().to(work).numpy()
        e = expected.detach().cpu().to(work).numpy()
    close = _close_arrays(a, e, rtol, atol, equal_nan)
    if close.all():
        return
    relative_dtype = work.numpy if floating else D.get_default_dtype().numpy
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        abs_diff = _rounded(np.abs(a - e), common, work)
        rel_diff = _rounded(abs_diff.astype(relative_dtype) / np.abs(e).astype(relative_dtype), common, work)
    mismatched = ~close
    if actual.dim() == 0:
        difference, target = abs_diff.item(), expected.item()
        relative = difference / abs(target) if target != 0 else math.inf
        raise _Mismatch(_report("Scalars", actual.item(), target, rtol, atol, difference, relative, None, None, 1, 1))
    greatest_abs, where_abs = _greatest(abs_diff, mismatched)
    greatest_rel, where_rel = _greatest(rel_diff, mismatched)
    raise _Mismatch(_report("Tensor-likes", None, None, rtol, atol, greatest_abs, greatest_rel, where_abs, where_rel,
                            int(mismatched.sum()), close.size))


def _compare_scalars(actual, expected, rtol, atol, equal_nan, check_dtype):
    if check_dtype and type(actual) is not type(expected):
        raise _Mismatch(f"The (d)types do not match: {type(actual)} != {type(expected)}.")
    if rtol is None:
        floating = isinstance(actual, (float, complex)) or isinstance(expected, (float, complex))
        rtol, atol = _tolerances(D.float64) if floating else (0.0, 0.0)
    if actual == expected or (equal_nan and math.isnan(actual) and math.isnan(expected)):
        return
    abs_diff = abs(actual - expected)
    if abs_diff <= atol + rtol * abs(expected):
        return
    rel_diff = abs_diff / abs(expected) if expected != 0 else math.inf
    raise _Mismatch(_report("Scalars", actual, expected, rtol, atol, abs_diff, rel_diff, None, None, 1, 1))


def _compare(actual, expected, path, options):
    """Compares one pair, recursing into sequences and mappings; raises _Mismatch (with the
    path of the failing item) or TypeError."""
    rtol, atol, equal_nan, check_device, check_dtype, check_stride = options
    if actual is None and expected is None:
        return
    if isinstance(actual, bool) and isinstance(expected, bool):
        if actual is not expected:
            raise _Mismatch(f"Booleans mismatch: {actual} is not {expected}")
        return
    if _is_tensor_like(actual) and _is_tensor_like(expected) and \
            isinstance(actual, Tensor) == isinstance(expected, Tensor):
        try:
            _compare_tensors(as_tensor(actual), as_tensor(expected), rtol, atol, equal_nan, check_device,
                             check_dtype, check_stride)
        except _Mismatch as mismatch:
            raise _Mismatch(_with_path(str(mismatch), path)) from None
        return
    if _is_number(actual) and _is_number(expected):
        try:
            _compare_scalars(actual, expected, rtol, atol, equal_nan, check_dtype)
        except _Mismatch as mismatch:
            raise _Mismatch(_with_path(str(mismatch), path)) from None
        return
    if isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
        missing = [key for key in expected if key not in actual]
        extra = [key for key in actual if key not in expected]
        if missing or extra:
            raise _Mismatch(f"The keys of the mappings do not match:\nMissing keys in the actual mapping: "
                            f"{sorted(missing)}\nAdditional keys in the actual mapping: {sorted(extra)}")
        for key in expected:
            _compare(actual[key], expected[key], f"{path}[{key!r}]", options)
        return
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _Mismatch(f"The length of the sequences mismatch: {len(actual)} != {len(expected)}")
        for index, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, f"{path}[{index}]", options)
        return
    raise _Mismatch(f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}.",
                    TypeError)


def _is_sequence(value):
    return isinstance(value, collections.abc.Sequence) and not isinstance(value, str)


def _with_path(message, path):
    return f"{message}\n\nThe failure occurred for item {path}" if path else message


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raises AssertionError unless ``actual`` and ``expected`` are close: tensors (or NumPy
    arrays, or Python scalars) of the same shape, device and dtype (``check_device``,
    ``check_dtype``; ``check_stride`` also compares strides) whose elements satisfy
    ``|actual - expected| <= atol + rtol * |expected|`` (``rtol``/``atol`` given together, or by
    default per dtype; NaNs equal with ``equal_nan``); sequences and mappings are compared item
    by item.  ``msg``: a message replacing PyTorch's, or a callable turning it into one.
    ``allow_subclasses`` and ``check_layout`` are accepted (every tensor is strided)."""
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no "
                         f"{'atol' if atol is None else 'rtol'}.")
    try:
        _compare(actual, expected, "", (rtol, atol, equal_nan, check_device, check_dtype, check_stride))
    except _Mismatch as mismatch:
        message = str(mismatch)
        if mismatch.error is AssertionError and msg is not None:
            message = msg(message) if callable(msg) else msg
        raise mismatch.error(message) from None

"""``torch.testing.make_tensor``: a tensor of random values of a given shape and dtype,
for tests."""
import math
import warnings

from .. import _dtype as D
from .._creation import empty, full

_FLOAT_LIMITS = {D.float16: 65504.0, D.bfloat16: 3.3895313892515355e+38, D.float32: 3.4028234663852886e+38,
                 D.float64: 1.7976931348623157e+308}


def _integer_range(dtype):
    bits = dtype.itemsize * 8
    if not dtype.is_signed:
        return 0, 2 ** bits - 1
    return -2 ** (bits - 1), 2 ** (bits - 1) - 1


def _bounds(dtype, low, high):
    """``low``/``high`` checked, defaulted and clamped to what ``dtype`` holds."""
    if dtype.is_floating_point:
        lowest, highest, default_low, default_high = -_FLOAT_LIMITS[dtype], _FLOAT_LIMITS[dtype], -9, 9
    else:
        lowest, highest = _integer_range(dtype)
        default_low, default_high = max(-9, lowest), 10
    low = default_low if low is None else low
    high = default_high if high is None else high
    if math.isnan(low) or math.isnan(high):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    if low > high or (low == high and not dtype.is_floating_point):
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    return max(low, lowest), min(high, highest)


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad=False, noncontiguous=False,
                exclude_zero=False, memory_format=None):
    """A tensor of ``shape`` (ints, or one sequence) and ``dtype`` on ``device`` filled with random
    values: floats uniform in [low, high) (default [-9, 9)), integers in [low, high) (default
    [-9, 10), clamped to the dtype), bools either.  ``noncontiguous`` lays it out with gaps,
    ``exclude_zero`` replaces zeros (by 1 for integers, the smallest normal float otherwise),
    ``memory_format`` picks its layout, ``requires_grad`` makes it a leaf that requires grad."""
    if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
        shape = tuple(shape[0])
    if dtype is D.bool:
        result = empty(shape, dtype=dtype, device=device).random_(0, 2)
    else:
        low, high = _bounds(dtype, low, high)
        if low == high:
            warnings.warn("Passing `low==high` to `torch.testing.make_tensor` for floating or complex types is "
                          "deprecated since 2.1 and will be removed in 2.3. Use `torch.full(...)` instead.",
                          FutureWarning, stacklevel=2)
            result = full(shape, low, dtype=dtype, device=device)
        elif dtype.is_floating_point:
            result = empty(shape, dtype=dtype, device=device).uniform_(low, high)
        else:
            result = empty(shape, dtype=dtype, device=device).random_(math.ceil(low), math.ceil(high))
    if exclude_zero and dtype is not D.bool:
        replacement = 1 if not dtype.is_floating_point else 2.0 ** {D.float16: -14, D.bfloat16: -126,
                                                                     D.float32: -126, D.float64: -1022}[dtype]
        result.masked_fill_(result == 0, replacement)
    if noncontiguous and result.numel() > 1:
        wide = empty(result.shape[:-1] + (2 * result.shape[-1],), dtype=dtype, device=device)
        wide[..., ::2] = result
        result = wide[..., ::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    return result.requires_grad_(requires_grad) if requires_grad else result

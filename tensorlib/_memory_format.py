"""torch.memory_format: the four layouts PyTorch names, the strides each gives a new tensor, and the
layout checks (``is_contiguous(memory_format=)``, the format a tensor's strides suggest)."""
from . import _layout
from ._type_names import type_name


class memory_format:
    """The order in which a tensor's elements lie in memory: ``torch.contiguous_format`` (row-major),
    ``torch.channels_last`` (a 4-D NCHW tensor stored as NHWC), ``torch.channels_last_3d`` (5-D NCDHW
    stored as NDHWC), or ``torch.preserve_format`` (the layout of the tensor an op copies or imitates:
    its own strides where they fill a block exactly once, else dense strides in the same dim order).

    Example::

        >>> x = torch.zeros(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)
        >>> x.stride(), x.is_contiguous(memory_format=torch.channels_last)
        ((60, 1, 15, 3), True)
    """
    __slots__ = ("_channels_order", "_name")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'torch.memory_format' instances")

    def __repr__(self):
        return "torch." + self._name

    def __reduce__(self):   # pickles as the module constant, so identity survives a round trip
        return self._name


def _constant(name, channels_order=None):
    value = object.__new__(memory_format)
    value._name = name
    # the dims from fastest- to slowest-varying in memory, for the channels-last formats
    value._channels_order = channels_order
    return value


contiguous_format = _constant("contiguous_format")
preserve_format = _constant("preserve_format")
channels_last = _constant("channels_last", (1, 3, 2, 0))
channels_last_3d = _constant("channels_last_3d", (1, 4, 3, 2, 0))


def checked_format(value, fname, optional=True):
    """``value`` as a ``memory_format=`` argument of ``fname``: preserve_format for None where the
    argument is optional; anything else raises PyTorch's TypeError."""
    if value is None and optional:
        return preserve_format
    if not isinstance(value, memory_format):
        raise TypeError(f"{fname}(): argument 'memory_format' must be torch.memory_format, not {type_name(value)}")
    return value


def format_strides(shape, fmt):
    """The strides of a new tensor of ``shape`` laid out in ``fmt`` (not preserve_format)."""
    order = fmt._channels_order
    if order is None:
        if fmt is preserve_format:
            raise RuntimeError("unsupported memory format Preserve")
        return _layout.contiguous_strides(shape)
    if len(shape) != len(order):
        raise RuntimeError(f"required rank {len(order)} tensor to use {fmt._name} format")
    strides = [0] * len(shape)
    step = 1
    for d in order:   # sizes 0 and 1 multiply in as they are, as PyTorch's channels-last strides do
        strides[d] = step
        step *= shape[d]
    return tuple(strides)


def like_strides(shape, strides, fmt=preserve_format):
    """The strides PyTorch gives a copy (clone, to, *_like) in ``fmt`` of a tensor laid out as
    ``shape``/``strides``; preserve_format keeps the strides where they fill a block exactly once,
    else makes dense ones that order the dims as ``strides`` do."""
    if fmt is not preserve_format:
        return format_strides(shape, fmt)
    if _layout.is_contiguous(shape, strides) or _layout.is_non_overlapping_and_dense(shape, strides):
        return strides
    return _layout.result_strides(shape, [strides]) or _layout.contiguous_strides(shape)


def is_contiguous_in(shape, strides, fmt):
    """``is_contiguous(memory_format=fmt)``: the channels-last formats check their own dim order (False
    at another rank); the others check row-major order."""
    order = fmt._channels_order
    if order is None:
        return _layout.is_contiguous(shape, strides)
    if len(shape) != len(order):
        return False
    expected = 1
    for d in order:
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True


def suggested_format(shape, strides):
    """The format PyTorch reads off strides (``suggest_memory_format``): a channels-last one where the
    dims lie in its order, ambiguous cases of size-1 dims counting as contiguous."""
    for fmt in (channels_last, channels_last_3d):
        if len(shape) == len(fmt._channels_order) and _strides_in_order(shape, strides, fmt._channels_order):
            return fmt
    return contiguous_format


def _strides_in_order(shape, strides, order):
    if strides[1] == 0:   # channels broadcast: no channel order to read
        return False
    bound = 0
    for d in order:
        if shape[d] == 0 or strides[d] < bound:
            return False
        if d == 0 and bound == strides[1]:   # the batch dim as close as the channels: N111 or a slice of it
            return False
        bound = strides[d] * max(shape[d], 1)
    return True


def refuse_positional(fname, args):
    """PyTorch's TypeError for a method whose arguments are all keyword-only, called with ``args``."""
    if args:
        raise TypeError(f"{fname}() takes 0 positional arguments but {len(args)} "
                        f"{'was' if len(args) == 1 else 'were'} given")

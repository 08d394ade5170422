"""``torch.amp.autocast``: a region (context manager or decorator) in which the
matrix products, linear and convolutions of one device type run in a lower
precision, and the losses in float32 (see ``tensorlib.ops._autocast`` for the
casts).

On the CPU the lower-precision dtype is bfloat16 by default (where tensorlib has
bfloat16) or float16 when asked: tensorlib computes float16 products in float32
and rounds them once, so the results are float16 tensors with float16 rounding,
as PyTorch's.  A dtype the device type does not autocast to (float32, float64 on
the CPU) disables the region with PyTorch's warning, as does ``cuda`` without a
CUDA device.  The device types PyTorch names but tensorlib has no tensors on
(``mps``, ``xpu``...) are accepted; no tensor can be cast there."""
import functools
import warnings

from ..backends._autocast import refusal as autocast_refusal
from ..ops import _autocast as state

__all__ = ["autocast", "is_autocast_available", "custom_fwd", "custom_bwd", "is_autocast_enabled",
           "set_autocast_enabled", "get_autocast_dtype", "set_autocast_dtype", "is_autocast_cache_enabled",
           "set_autocast_cache_enabled", "clear_autocast_cache"]

# The device types PyTorch's device strings accept, in the order of its message.
_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia",
                 "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


def check_device_type(device_type):
    """``device_type`` as autocast takes it: PyTorch's ValueError for a non-string, RuntimeError for an
    unknown type."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if device_type not in _DEVICE_TYPES:
        raise RuntimeError(f"Expected one of {', '.join(_DEVICE_TYPES)} device type at start of device string: "
                           f"{device_type}")
    return device_type


def is_autocast_available(device_type):
    """Whether autocast can be used on ``device_type`` (a string)."""
    return check_device_type(device_type) not in ("meta",)


def is_autocast_enabled(device_type=None):
    """Whether autocast is on for ``device_type`` in this thread (None: 'cuda', as in PyTorch)."""
    return state.is_enabled("cuda" if device_type is None else check_device_type(device_type))


def set_autocast_enabled(*args):
    """``set_autocast_enabled(device_type, enabled)`` (or ``(enabled)`` for CUDA): turns autocast on or off
    for the device type in this thread, outside any region."""
    device_type, enabled = ("cuda", *args) if len(args) == 1 else args
    state.set_enabled(check_device_type(device_type), enabled)


def get_autocast_dtype(device_type):
    """The lower-precision dtype autocast uses on ``device_type`` in this thread."""
    return state.get_dtype(check_device_type(device_type))


def set_autocast_dtype(device_type, dtype):
    state.set_dtype(check_device_type(device_type), dtype)


def is_autocast_cache_enabled():
    """Whether autocast regions cache the casts of parameters."""
    return state.is_cache_enabled()


def set_autocast_cache_enabled(enabled):
    state.set_cache_enabled(enabled)


def clear_autocast_cache():
    """Drops the cached casts of parameters (the outermost region does on exit)."""
    state.clear_cache()


class autocast:
    """Runs the ops of a region in mixed precision on ``device_type``: matrix products and
    convolutions in ``dtype``, precision-sensitive ops in float32.

    Use it as a context manager or a decorator; regions nest.

    Args:
        device_type (str): ``'cpu'`` or ``'cuda'``.
        dtype (torch.dtype, optional): the lower-precision dtype. Default: bfloat16 on the CPU,
            float16 on CUDA.
        enabled (bool): ``False`` turns autocast off inside the region. Default: ``True``.
        cache_enabled (bool, optional): cache the casts of parameters inside the region.

    Example::

        >>> a, b = torch.ones(2, 2), torch.ones(2, 2)
        >>> with torch.autocast("cpu", dtype=torch.bfloat16):
        ...     c = a @ b
        >>> c.dtype
        torch.bfloat16
    """

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        self.device = check_device_type(device_type)
        self.fast_dtype = state.get_dtype(self.device) if dtype is None else dtype
        self._cache_enabled = state.is_cache_enabled() if cache_enabled is None else cache_enabled
        self._enabled = bool(enabled) and self._usable()

    def _usable(self):
        """False, with PyTorch's warning, where the region cannot autocast."""
        refusal = autocast_refusal(self.device, self.fast_dtype)
        if refusal is not None:
            warnings.warn(refusal, UserWarning, stacklevel=3)
        return refusal is None

    def __enter__(self):
        self._previous = (state.is_enabled(self.device), state.get_dtype(self.device), state.is_cache_enabled())
        state.set_enabled(self.device, self._enabled)
        state.set_dtype(self.device, self.fast_dtype)
        state.set_cache_enabled(self._cache_enabled)
        state.increment_nesting()
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if state.decrement_nesting() == 0:
            state.clear_cache()
        enabled, dtype, cache_enabled = self._previous
        state.set_enabled(self.device, enabled)
        state.set_dtype(self.device, dtype)
        state.set_cache_enabled(cache_enabled)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def autocast_function(*args, **kwargs):
            with self._copy():
                return func(*args, **kwargs)
        return autocast_function

    def _copy(self):
        region = object.__new__(type(self))
        region.__dict__.update(self.__dict__)
        return region


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorates the ``forward`` of a custom ``autograd.Function``: with ``cast_inputs``, the forward runs
    with autocast off and its floating-point tensor arguments cast to that dtype when autocast is on;
    without, it runs under the autocast state of the call (which backward then reuses)."""
    check_device_type(device_type)
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        ctx = args[0]
        ctx._fwd_used_autocast = state.is_enabled(device_type)
        ctx._dtype = state.get_dtype(device_type)
        if cast_inputs is None or not ctx._fwd_used_autocast:
            return fwd(*args, **kwargs)
        cast = [_cast_floating(a, device_type, cast_inputs) for a in args[1:]]
        with autocast(device_type, enabled=False):
            return fwd(ctx, *cast, **{k: _cast_floating(v, device_type, cast_inputs) for k, v in kwargs.items()})
    return decorate_fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorates the ``backward`` of a custom ``autograd.Function``: it runs under the autocast state its
    forward ran under."""
    check_device_type(device_type)
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        ctx = args[0]
        with autocast(device_type, enabled=ctx._fwd_used_autocast, dtype=ctx._dtype):
            return bwd(*args, **kwargs)
    return decorate_bwd


def _cast_floating(value, device_type, dtype):
    if hasattr(value, "is_floating_point") and value.is_floating_point() and value.device.type == device_type:
        return value.to(dtype)
    if isinstance(value, (list, tuple)):
        return type(value)(_cast_floating(v, device_type, dtype) for v in value)
    return value

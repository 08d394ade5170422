"""Autocast state and the casts the ops apply under it (what ``torch.amp.autocast``
switches on).

The state is thread-local, as in PyTorch: per device type, whether autocast is
enabled and its lower-precision dtype (``cpu``: bfloat16, ``cuda``: float16).
Ops of PyTorch's lower-precision list (the matrix products, linear,
convolutions) pass their tensor arguments through ``lower_precision``: a
floating-point tensor other than float64 on a device type with autocast enabled
is cast (``Tensor.to``, so the graph records ToCopyBackward0) to that dtype.
Ops of the float32 list (the losses) pass theirs through ``full_precision``.
Inside an autocast region the casts of leaf tensors that require grad (the
parameters) are cached, as PyTorch does, until the outermost region exits.

The compiled fast paths of ``@``/``matmul``/``mm`` do not know autocast: they
register themselves with ``shortcut`` and are swapped for their Python methods
while autocast is enabled anywhere (on any device type, in any thread)."""
import threading

from .. import _dtype as D
from .._tensor import Tensor
from ..backends._autocast import DEFAULT_DTYPES, default_dtype


class _State(threading.local):
    def __init__(self):
        self.enabled = {}              # device type -> bool
        self.dtypes = dict(DEFAULT_DTYPES)
        self.cache_enabled = True
        self.nesting = 0
        self.cache = {}                # id(leaf) -> (leaf, its cast)


_state = _State()


def is_enabled(device_type):
    return _state.enabled.get(device_type, False)


def set_enabled(device_type, enabled):
    enabled = bool(enabled)
    was = _state.enabled.get(device_type, False)
    _state.enabled[device_type] = enabled
    if enabled and not was:
        _enabled_flag_raised()
    elif was and not enabled:
        _enabled_flag_lowered()


def get_dtype(device_type):
    return _state.dtypes[device_type] if device_type in _state.dtypes else default_dtype(device_type)


def set_dtype(device_type, dtype):
    _state.dtypes[device_type] = dtype


def is_cache_enabled():
    return _state.cache_enabled


def set_cache_enabled(enabled):
    _state.cache_enabled = bool(enabled)


def clear_cache():
    _state.cache.clear()


def increment_nesting():
    _state.nesting += 1
    return _state.nesting


def decrement_nesting():
    _state.nesting -= 1
    return _state.nesting


def _cast(t, dtype):
    if dtype is None or not isinstance(t, Tensor) or not t._dtype.is_floating_point or t._dtype is D.float64 \
            or t._dtype is dtype or not _state.enabled.get(t.device.type, False):
        return t
    cacheable = _state.cache_enabled and _state.nesting > 0 and t.requires_grad and t.grad_fn is None
    if cacheable:
        hit = _state.cache.get(id(t))
        if hit is not None and hit[0] is t and hit[1]._dtype is dtype:
            return hit[1]
    cast = t.to(dtype)
    if cacheable:
        _state.cache[id(t)] = (t, cast)  # the leaf is kept alive so that its id stays its own
    return cast


def lower_precision(*tensors):
    """The tensors cast to their device type's autocast dtype where autocast applies (None passes)."""
    if not _enabled_flags:
        return tensors
    return tuple(_cast(t, _state.dtypes.get(t.device.type) if isinstance(t, Tensor) else None) for t in tensors)


def full_precision(*tensors):
    """The tensors cast to float32 where autocast applies (ops PyTorch runs in float32 under autocast)."""
    if not _enabled_flags:
        return tensors
    return tuple(_cast(t, D.float32) for t in tensors)


# ---- the compiled shortcuts that bypass the casts ------------------------------------------------
_SHORTCUTS = {}     # id(compiled method) -> (compiled method, its Python method)
_enabled_flags = 0     # (thread, device type) pairs with autocast enabled
_flags_lock = threading.Lock()


def shortcut(fast, slow):
    """Registers ``fast`` (a compiled method bound on Tensor) as the shortcut of ``slow``; returns ``fast``."""
    _SHORTCUTS[id(fast)] = (fast, slow)
    return fast


_swapped = {}       # Tensor attribute -> the compiled method it held before autocast was enabled


def _swap_in_python_methods():
    for name, value in list(vars(Tensor).items()):
        pair = _SHORTCUTS.get(id(value))
        if pair is not None and pair[0] is value:
            _swapped[name] = value
            setattr(Tensor, name, pair[1])


def _restore_shortcuts():
    for name, fast in _swapped.items():
        setattr(Tensor, name, fast)
    _swapped.clear()


def _enabled_flag_raised():
    global _enabled_flags
    with _flags_lock:
        if _enabled_flags == 0:
            _swap_in_python_methods()
        _enabled_flags += 1


def _enabled_flag_lowered():
    global _enabled_flags
    with _flags_lock:
        _enabled_flags -= 1
        if _enabled_flags == 0:
            _restore_shortcuts()

"""The legacy ``Variable``: calling it returns a plain Tensor (a detached alias
of the data, with ``requires_grad`` set), and every Tensor is an instance."""
import warnings

from .._device import CPU
from .._dtype import get_default_dtype
from .._tensor import Tensor, full_tensor
from .engine import queue_callback

__all__ = ["Variable"]


class _VariableMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, Tensor)


class _ExecutionEngine:
    """The backward engine as programs reach it, ``Variable._execution_engine``."""

    queue_callback = staticmethod(queue_callback)


class Variable(metaclass=_VariableMeta):
    """The legacy ``Variable(data, requires_grad=False, volatile=False)`` constructor: returns a tensor.

    Variables and Tensors are one class; this returns ``data`` detached, with ``requires_grad``
    set (an empty tensor when ``data`` is None).  ``volatile`` has no effect and warns.
    ``isinstance(t, Variable)`` is True for every tensor.
    """

    _execution_engine = _ExecutionEngine()

    def __new__(cls, data=None, requires_grad=False, volatile=False):
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                          UserWarning, stacklevel=2)
        if data is None:
            data = full_tensor((0,), 0, get_default_dtype(), CPU)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        out = data.detach()
        out.requires_grad_(bool(requires_grad))
        return out

"""Functional forms ``tensorlib.f(input, ...)`` of Tensor methods."""
from ._tensor import Tensor

_METHOD_FUNCTIONS = (
    "reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "transpose", "swapaxes", "swapdims", "t",
    "permute", "movedim", "moveaxis", "narrow", "select", "unbind", "split", "chunk", "tensor_split",
    "broadcast_to", "clone", "as_strided",
)


def _method_function(name):
    method = getattr(Tensor, name)

    def function(input, *args, **kwargs):
        return method(input, *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``tensorlib.{name}(input, ...)`` is ``input.{name}(...)``."
    return function


for _name in _METHOD_FUNCTIONS:
    globals()[_name] = _method_function(_name)

__all__ = list(_METHOD_FUNCTIONS)

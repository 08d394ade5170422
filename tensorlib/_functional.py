"""Functional forms ``tensorlib.f(input, ...)`` of Tensor methods.

The op registry generates the functions of the ops declared there.  Each mixin
module lists the methods it exposes this way in ``METHOD_FUNCTIONS`` and its own
standalone functions (``torch.cat``, ``torch.where``...) in ``FUNCTIONS``; this
module gathers all of them for ``tensorlib/__init__``."""
import inspect

from . import _tensor_methods  # noqa: F401  (binds the methods this module gathers)
from ._tensor import Tensor
from .ops import _registry, conversion, indexing, math_methods, views
from .ops import broadcasting, diagonals, einsum, linalg_accumulate, linalg_lu, linalg_methods, sampling
from .ops import tensor_products
from .ops import bucketing

_MODULES = (views, conversion, indexing, math_methods, sampling)
_MODULES += (linalg_methods, broadcasting, einsum, tensor_products, linalg_accumulate, diagonals, linalg_lu)
_MODULES += (bucketing,)


def _method_function(name):
    method = getattr(Tensor, name)

    def function(input, *args, **kwargs):
        return method(input, *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"Function form of :meth:`Tensor.{name}`: ``tensorlib.{name}(input, ...)`` is "
                        f"``input.{name}(...)``.\n\n{inspect.cleandoc(method.__doc__ or '')}")
    return function


__all__ = []
for _name, _function in _registry.functions().items():
    globals()[_name] = _function
    __all__.append(_name)
for _module in _MODULES:
    for _name in getattr(_module, "METHOD_FUNCTIONS", ()):
        globals()[_name] = _method_function(_name)
        __all__.append(_name)
    for _name in getattr(_module, "FUNCTIONS", ()):
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)

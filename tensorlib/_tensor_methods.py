"""Binds Tensor's methods onto the class.

``tensorlib._tensor`` defines Tensor with its data model only, so that every
layer below can make tensors.  The methods that run ops (views, indexing,
conversions, math, autograd, pickling), the methods generated from the op
registry's declarations, the legacy constructor and printing sit above the
ops; this module binds them onto Tensor once, in the order a class statement
listing their groups as bases would resolve them."""
from . import _dtype as D
from ._creation import legacy_construct
from ._tensor import Tensor
from ._tensor_autograd import AutogradMixin
from .ops.conversion import ConversionMixin
from .ops.indexing import IndexingMixin
from .ops.math_methods import MathMixin
from ._tensor_pickle import PickleMixin
from ._tensor_str import tensor_repr
from .ops.views import ViewsMixin
# importing a family declares its ops and nodes
from .ops import _registry, arithmetic, elementwise, linalg, nodes, pointwise, unary  # noqa: F401
from .ops import softmax  # noqa: F401
from .ops import bucketing, finite, scatter_reduce  # noqa: F401
from .ops import diagonals, linalg_accumulate, linalg_methods, tensor_products  # noqa: F401
from .ops.sampling import SamplingMixin

_GROUPS = (AutogradMixin, ViewsMixin, ConversionMixin, IndexingMixin, MathMixin, PickleMixin, SamplingMixin)
_GROUPS += (linalg_methods.LinalgMixin,)
_CLASS_BOOKKEEPING = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__slots__"}


def _init(self, *args, device=None):
    legacy_construct(self, D.get_default_dtype(), args, device)


def _repr(self, *, tensor_contents=None):
    return tensor_repr(self)


class _Constructing:
    __init__ = _init
    __repr__ = __str__ = _repr


class _Declared:
    """The methods generated from the op registry's declarations."""
    locals().update(_registry.methods())


def _bind(cls, groups):
    taken = set(vars(cls)) | set(vars(cls.__base__))
    for group in groups:
        for name, value in vars(group).items():
            if name not in taken and name not in _CLASS_BOOKKEEPING:
                setattr(cls, name, value)
                taken.add(name)


_bind(Tensor, (_Constructing, _Declared) + _GROUPS)

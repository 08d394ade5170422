"""Math methods and operators on Tensor, and the ``tensorlib.<op>`` functions, of
the ops not yet declared in the op registry (``tensorlib/ops/_registry.py``:
arithmetic, pointwise, unary, comparison, logical and bitwise ops are declared
there, with their operators).

The implementations live in ``tensorlib/ops`` (elementwise, reductions, linalg,
joining); this module is their public surface:

* ``MathMixin``: methods (``t.sum()``), in-place methods (``t.clamp_()``) and
  operators (``t @ u``, ``-t``...).
* ``METHOD_FUNCTIONS``: methods also exposed as ``tensorlib.<name>(input, ...)``.
* ``FUNCTIONS``: functions defined here, with ``out=`` where PyTorch has it
  (``tensorlib.add(a, b, alpha=2, out=r)``, ``tensorlib.cat``, ``tensorlib.matmul``...).
"""
import functools as _functools
import inspect as _inspect

from . import elementwise as _E
from . import joining as _J
from . import reductions as _R
from . import return_types  # noqa: F401  (tensorlib.ops.math_methods.return_types.max ...)
from .linalg_norms import legacy_norm
from .math_docs import document


class MathMixin:
    # ---- filling and closeness ---------------------------------------------------------
    def fill_(self, value):
        return _E.fill_(self, value)

    def zero_(self):
        return _E.zero_(self)

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _E.isclose(self, other, rtol, atol, equal_nan)

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _E.allclose(self, other, rtol, atol, equal_nan)

    def equal(self, other):
        return _E.equal(self, other)

    # ---- reductions ----------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return _R.sum(self, dim, keepdim, dtype)

    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return _R.mean(self, dim, keepdim, dtype)

    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return _R.prod(self, dim, keepdim, dtype)

    def max(self, dim=None, keepdim=False):
        return _R.extreme("max", self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return _R.extreme("min", self, dim, keepdim)

    def argmax(self, dim=None, keepdim=False):
        return _R.arg_extreme("argmax", self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return _R.arg_extreme("argmin", self, dim, keepdim)

    def amax(self, dim=(), keepdim=False):
        return _R.amax_amin("max", self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        return _R.amax_amin("min", self, dim, keepdim)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _R.var_std("std", self, dim, unbiased, keepdim, correction)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _R.var_std("var", self, dim, unbiased, keepdim, correction)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return legacy_norm(self, p, dim, keepdim, dtype)

    def logsumexp(self, dim, keepdim=False):
        return _R.logsumexp(self, dim, keepdim)

    def all(self, dim=None, keepdim=False):
        return _R.all_any("all", self, dim, keepdim)

    def any(self, dim=None, keepdim=False):
        return _R.all_any("any", self, dim, keepdim)

    def count_nonzero(self, dim=None):
        return _R.count_nonzero(self, dim)

    def cumsum(self, dim, *, dtype=None):
        return _R.cumulative("cumsum", self, dim, dtype)

    def cumprod(self, dim, *, dtype=None):
        return _R.cumulative("cumprod", self, dim, dtype)

    def sort(self, dim=-1, descending=False, *, stable=False):
        return _R.sort(self, dim, descending, stable)

    def argsort(self, dim=-1, descending=False, *, stable=False):
        return _R.argsort(self, dim, descending, stable)

    def topk(self, k, dim=-1, largest=True, sorted=True):
        return _R.topk(self, k, dim, largest, sorted)

    def median(self, dim=None, keepdim=False):
        return _R.median(self, dim, keepdim)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        return _R.unique(self, sorted, return_inverse, return_counts, dim)

    # ---- structure -----------------------------------------------------------------------
    def flip(self, *dims, **kwargs):
        if kwargs:
            dims = (kwargs.pop("dims"),) if not dims else dims
            if kwargs:
                raise TypeError(f"flip() got an unexpected keyword argument '{next(iter(kwargs))}'")
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
            dims = tuple(dims[0])
        elif len(dims) == 1 and not isinstance(dims[0], int):
            dims = tuple(dims[0])
        return _J.flip(self, dims)

    def roll(self, shifts, dims=None):
        return _J.roll(self, shifts, dims)

    def repeat(self, *sizes):
        return _J.repeat(self, *sizes)

    def tile(self, *dims):
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
            dims = tuple(dims[0])
        return _J.tile(self, dims)

    def tril(self, diagonal=0):
        return _J.tri("tril", self, diagonal)

    def tril_(self, diagonal=0):
        return _J.tri("tril", self, diagonal, inplace=True)

    def triu(self, diagonal=0):
        return _J.tri("triu", self, diagonal)

    def triu_(self, diagonal=0):
        return _J.tri("triu", self, diagonal, inplace=True)

    def diag(self, diagonal=0):
        return _J.diag(self, diagonal)

    # ---- operators -----------------------------------------------------------------------
    def __neg__(self):
        return self.neg()

    def __pos__(self):
        return _E.positive(self)

    def __abs__(self):
        return self.abs()

    def __invert__(self):
        if self._dtype.is_floating_point:
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
        return self.bitwise_not()

    __hash__ = object.__hash__


# ---- tensorlib.<name>(input, ...) ------------------------------------------------------------
METHOD_FUNCTIONS = (
    "isclose", "allclose", "equal", "fill_", "zero_", "count_nonzero",
    "argsort", "unique", "flip", "roll", "tile", "diag", "clamp_", "clip_", "clamp_min_", "clamp_max_",
    "square_",
)


def relu_(input):
    return input.relu_()


def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return _R.sum(input, dim, keepdim, dtype, out)


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return _R.mean(input, dim, keepdim, dtype, out)


def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return _R.prod(input, dim, keepdim, dtype, out)


def max(input, dim=None, keepdim=False, *, out=None):
    return _R.extreme("max", input, dim, keepdim, out)


def min(input, dim=None, keepdim=False, *, out=None):
    return _R.extreme("min", input, dim, keepdim, out)


def argmax(input, dim=None, keepdim=False, *, out=None):
    return _R.arg_extreme("argmax", input, dim, keepdim, out)


def argmin(input, dim=None, keepdim=False, *, out=None):
    return _R.arg_extreme("argmin", input, dim, keepdim, out)


def amax(input, dim=(), keepdim=False, *, out=None):
    return _R.amax_amin("max", input, dim, keepdim, out)


def amin(input, dim=(), keepdim=False, *, out=None):
    return _R.amax_amin("min", input, dim, keepdim, out)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return _R.var_std("std", input, dim, unbiased, keepdim, correction, out)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return _R.var_std("var", input, dim, unbiased, keepdim, correction, out)


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    return legacy_norm(input, p, dim, keepdim, dtype, out)


def logsumexp(input, dim, keepdim=False, *, out=None):
    return _R.logsumexp(input, dim, keepdim, out)


def all(input, dim=None, keepdim=False, *, out=None):
    return _R.all_any("all", input, dim, keepdim, out)


def any(input, dim=None, keepdim=False, *, out=None):
    return _R.all_any("any", input, dim, keepdim, out)


def cumsum(input, dim, *, dtype=None, out=None):
    return _R.cumulative("cumsum", input, dim, dtype, out)


def cumprod(input, dim, *, dtype=None, out=None):
    return _R.cumulative("cumprod", input, dim, dtype, out)


def sort(input, dim=-1, descending=False, stable=False, *, out=None):
    return _R.sort(input, dim, descending, stable, out)


def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    return _R.topk(input, k, dim, largest, sorted, out)


def median(input, dim=None, keepdim=False, *, out=None):
    return _R.median(input, dim, keepdim, out)


def tril(input, diagonal=0, *, out=None):
    return _J.tri("tril", input, diagonal, out)


def triu(input, diagonal=0, *, out=None):
    return _J.tri("triu", input, diagonal, out)


def cat(tensors, dim=0, *, out=None):
    return _J.cat(tensors, dim, out)


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    return _J.stack(tensors, dim, out)


def hstack(tensors, *, out=None):
    return _J.hstack(tensors, out)


def vstack(tensors, *, out=None):
    return _J.vstack(tensors, out)


row_stack = vstack


def dstack(tensors, *, out=None):
    return _J.dstack(tensors, out)


atleast_1d, atleast_2d, atleast_3d = _J.atleast_1d, _J.atleast_2d, _J.atleast_3d

_FUNCTION_NAMES = [
    "relu_",
    "sum", "mean", "prod", "max", "min", "argmax", "argmin", "amax", "amin", "std", "var", "norm", "logsumexp",
    "all", "any", "cumsum", "cumprod", "sort", "topk", "median",
    "tril", "triu",
    "cat", "concat", "concatenate", "stack", "hstack", "vstack", "row_stack", "dstack",
    "atleast_1d", "atleast_2d", "atleast_3d",
]


document(MathMixin, globals())


def _numpy_aliases(fn):
    """Accepts NumPy's ``axis=`` and ``keepdims=`` for ``dim=`` and ``keepdim=``, as PyTorch does."""
    @_functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if "axis" in kwargs:
            kwargs["dim"] = kwargs.pop("axis")
        if "keepdims" in kwargs:
            kwargs["keepdim"] = kwargs.pop("keepdims")
        return fn(*args, **kwargs)
    return wrapper


_DIM_OPS = ("sum", "mean", "prod", "max", "min", "argmax", "argmin", "amax", "amin", "std", "var", "norm",
            "logsumexp", "all", "any", "cumsum", "cumprod", "sort", "argsort", "topk", "median", "count_nonzero")
for _name in _DIM_OPS:
    setattr(MathMixin, _name, _numpy_aliases(getattr(MathMixin, _name)))
for _name in ("sum", "mean"):
    setattr(MathMixin, _name, _R.reduction_method(_name, getattr(MathMixin, _name)))
for _name in [n for n in _DIM_OPS if n not in METHOD_FUNCTIONS] + ["cat", "concat", "concatenate", "stack"]:
    globals()[_name] = _numpy_aliases(globals()[_name])

FUNCTIONS = tuple(_FUNCTION_NAMES)
# a method that is also a function here shares the function's documentation, as the registry's forms do
for _name in _FUNCTION_NAMES:
    if _name in vars(MathMixin):
        getattr(MathMixin, _name).__doc__ = (f"See :func:`tensorlib.{_name}`; ``self`` is its ``input``.\n\n"
                                             + _inspect.cleandoc(globals()[_name].__doc__))

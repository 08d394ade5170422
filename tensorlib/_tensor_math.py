"""Math methods and operators on Tensor, and the ``tensorlib.<op>`` functions.

The implementations live in ``tensorlib/ops`` (elementwise, reductions, linalg,
joining); this module is the public surface:

* ``MathMixin``: methods (``t.add(u)``), in-place methods (``t.add_(u)``) and
  operators (``t + u``, ``1 - t``, ``t += u``, ``t @ u``...).  Operators call
  the op implementations directly, with no keyword parsing on the way.
* ``METHOD_FUNCTIONS``: methods also exposed as ``tensorlib.<name>(input, ...)``.
* ``FUNCTIONS``: functions defined here, with ``out=`` where PyTorch has it
  (``tensorlib.add(a, b, alpha=2, out=r)``, ``tensorlib.cat``, ``tensorlib.matmul``...).
"""
import functools as _functools

from ._C import TensorBase as _TensorBase
from .ops import elementwise as _E
from .ops import joining as _J
from .ops import linalg as _L
from .ops import reductions as _R
from .ops import return_types  # noqa: F401  (tensorlib._tensor_math.return_types.max ...)
from .ops._common import is_number as _is_number

_check = _E.check_operand
_ARITH, _TRUEDIV, _COMPARE = _E.ARITH, _E.TRUEDIV, _E.COMPARE
_binary = _E.binary


def _operand_ok(other):
    return isinstance(other, _TensorBase) or _is_number(other)


def _compare_method(op):
    def method(self, other):
        _check(op, other, 1)
        return _E.compare(op, self, other)

    def method_(self, other):
        _check(op + "_", other, 1)
        return _E.compare(op, self, other, inplace=True)

    def slow(self, other):
        if isinstance(other, _TensorBase) or _is_number(other):
            return _binary(op, self, other, _COMPARE)
        return NotImplemented

    operator = _E.binary_operator(op, _COMPARE, None, slow)

    def function(input, other, *, out=None):
        _check(op, other, 2)
        return _E.compare(op, input, other, out)

    method.__name__, method_.__name__, function.__name__ = op, op + "_", op
    method.__qualname__, method_.__qualname__, function.__qualname__ = f"Tensor.{op}", f"Tensor.{op}_", op
    return method, method_, operator, function


def _logical_method(op):
    def method(self, other):
        _check(op, other, 1, tensor_only=True)
        return _E.logical(op, self, other)

    def method_(self, other):
        _check(op + "_", other, 1, tensor_only=True)
        return _E.logical(op, self, other, inplace=True)

    def function(input, other, *, out=None):
        _check(op, other, 2, tensor_only=True)
        return _E.logical(op, input, other, out)

    method.__name__, method_.__name__, function.__name__ = op, op + "_", op
    method.__qualname__, method_.__qualname__, function.__qualname__ = f"Tensor.{op}", f"Tensor.{op}_", op
    return method, method_, function


def _bitwise_method(op, symbol):
    def method(self, other):
        _check(op, other, 1)
        return _E.bitwise(op, self, other)

    def method_(self, other):
        _check(op + "_", other, 1)
        return _E.bitwise(op, self, other, inplace=True)

    def operator(self, other):
        if isinstance(other, _TensorBase) or _is_number(other):
            return _E.bitwise(op, self, other)
        return NotImplemented

    def ioperator(self, other):
        if isinstance(other, _TensorBase) or _is_number(other):
            return _E.bitwise(op, self, other, inplace=True)
        return NotImplemented

    def function(input, other, *, out=None):
        _check(op, other, 2)
        return _E.bitwise(op, input, other, out)

    method.__name__, method_.__name__, function.__name__ = op, op + "_", op
    method.__qualname__, method_.__qualname__, function.__qualname__ = f"Tensor.{op}", f"Tensor.{op}_", op
    return method, method_, operator, ioperator, function


_COMPARE_OPS = ("eq", "ne", "lt", "le", "gt", "ge")
_LOGICAL_OPS = ("logical_and", "logical_or", "logical_xor")
_BITWISE_OPS = (("bitwise_and", "and"), ("bitwise_or", "or"), ("bitwise_xor", "xor"))

_compare_functions = {}
_logical_functions = {}
_bitwise_functions = {}


class MathMixin:
    # ---- arithmetic ----------------------------------------------------------------------
    def add(self, other, *, alpha=1):
        _check("add", other, 1)
        return _E.add(self, other, alpha)

    def add_(self, other, *, alpha=1):
        _check("add_", other, 1)
        return _E.add(self, other, alpha, inplace=True)

    def sub(self, other, *, alpha=1):
        _check("sub", other, 1)
        return _E.sub(self, other, alpha)

    def sub_(self, other, *, alpha=1):
        _check("sub_", other, 1)
        return _E.sub(self, other, alpha, inplace=True)

    subtract, subtract_ = sub, sub_

    def mul(self, other):
        _check("mul", other, 1)
        return _E.mul(self, other)

    def mul_(self, other):
        _check("mul_", other, 1)
        return _E.mul(self, other, inplace=True)

    multiply, multiply_ = mul, mul_

    def div(self, other, *, rounding_mode=None):
        _check("div", other, 1)
        return _E.div(self, other, rounding_mode)

    def div_(self, other, *, rounding_mode=None):
        _check("div_", other, 1)
        return _E.div(self, other, rounding_mode, inplace=True)

    divide, divide_ = div, div_

    def true_divide(self, other):
        _check("true_divide", other, 1)
        return _E.div(self, other)

    def true_divide_(self, other):
        _check("true_divide_", other, 1)
        return _E.div(self, other, inplace=True)

    def floor_divide(self, other):
        _check("floor_divide", other, 1)
        return _E.floor_divide(self, other)

    def floor_divide_(self, other):
        _check("floor_divide_", other, 1)
        return _E.floor_divide(self, other, inplace=True)

    def remainder(self, other):
        _check("remainder", other, 1)
        return _E.remainder(self, other)

    def remainder_(self, other):
        _check("remainder_", other, 1)
        return _E.remainder(self, other, inplace=True)

    def fmod(self, other):
        _check("fmod", other, 1)
        return _E.fmod(self, other)

    def fmod_(self, other):
        _check("fmod_", other, 1)
        return _E.fmod(self, other, inplace=True)

    def pow(self, exponent):
        return _E.pow(self, exponent)

    def pow_(self, exponent):
        return _E.pow(self, exponent, inplace=True)

    def square(self):
        return _E.square(self)

    def square_(self):
        return _E.square(self, inplace=True)

    def maximum(self, other):
        _check("maximum", other, 1, tensor_only=True)
        return _E.maximum(self, other)

    def minimum(self, other):
        _check("minimum", other, 1, tensor_only=True)
        return _E.minimum(self, other)

    # ---- unary ---------------------------------------------------------------------------
    def round(self, *, decimals=0):
        return _E.round_(self, decimals)

    def round_(self, *, decimals=0):
        return _E.round_(self, decimals, inplace=True)

    def positive(self):
        return _E.positive(self)

    def clamp(self, min=None, max=None):
        return _E.clamp(self, min, max)

    def clamp_(self, min=None, max=None):
        return _E.clamp(self, min, max, inplace=True)

    clip, clip_ = clamp, clamp_

    def clamp_min(self, min):
        return _E.clamp(self, min, None, fname="clamp_min")

    def clamp_min_(self, min):
        return _E.clamp(self, min, None, inplace=True, fname="clamp_min")

    def clamp_max(self, max):
        return _E.clamp(self, None, max, fname="clamp_max")

    def clamp_max_(self, max):
        return _E.clamp(self, None, max, inplace=True, fname="clamp_max")

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
        return _R.norm(self, p, dim, keepdim, dtype)

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

    # ---- linear algebra ------------------------------------------------------------------
    def matmul(self, other):
        return _L.matmul(self, other)

    def mm(self, mat2):
        return _L.mm(self, mat2)

    def mv(self, vec):
        return _L.mv(self, vec)

    def dot(self, other):
        return _L.dot(self, other)

    def bmm(self, mat2):
        return _L.bmm(self, mat2)

    def outer(self, vec2):
        return _L.outer(self, vec2)

    ger = outer

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return _L.addmm(self, mat1, mat2, beta, alpha)

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
    def __iadd__(self, other):
        if _operand_ok(other):
            return _E.add(self, other, inplace=True)
        return NotImplemented

    def __rsub__(self, other):
        if _is_number(other):
            return _E.rsub(self, other)
        return NotImplemented

    def __isub__(self, other):
        if _operand_ok(other):
            return _E.sub(self, other, inplace=True)
        return NotImplemented

    def __imul__(self, other):
        if _operand_ok(other):
            return _E.mul(self, other, inplace=True)
        return NotImplemented

    def __rtruediv__(self, other):
        if _is_number(other):
            return _E.rtruediv(self, other)
        return NotImplemented

    def __itruediv__(self, other):
        if _operand_ok(other):
            return _E.div(self, other, inplace=True)
        return NotImplemented

    def __floordiv__(self, other):
        if _operand_ok(other):
            return _E.floor_divide(self, other)
        return NotImplemented

    def __rfloordiv__(self, other):
        if _is_number(other):
            return _E.floor_divide(other, self)
        return NotImplemented

    def __ifloordiv__(self, other):
        if _operand_ok(other):
            return _E.floor_divide(self, other, inplace=True)
        return NotImplemented

    def __mod__(self, other):
        if _operand_ok(other):
            return _E.remainder(self, other)
        return NotImplemented

    def __rmod__(self, other):
        if _is_number(other):
            return _E.remainder(other, self)
        return NotImplemented

    def __imod__(self, other):
        if _operand_ok(other):
            return _E.remainder(self, other, inplace=True)
        return NotImplemented

    def __pow__(self, other):
        if _operand_ok(other):
            return _E.pow(self, other)
        return NotImplemented

    def __rpow__(self, other):
        if _is_number(other):
            return _E.pow(other, self)
        return NotImplemented

    def __ipow__(self, other):
        if _operand_ok(other):
            return _E.pow(self, other, inplace=True)
        return NotImplemented

    def __matmul__(self, other):
        if isinstance(other, _TensorBase):
            return _L.matmul(self, other)
        return NotImplemented

    def __rmatmul__(self, other):
        return NotImplemented

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


def _add_slow(self, other):
    return _E.add(self, other) if _operand_ok(other) else NotImplemented


def _sub_slow(self, other):
    return _E.sub(self, other) if _operand_ok(other) else NotImplemented


def _mul_slow(self, other):
    return _E.mul(self, other) if _operand_ok(other) else NotImplemented


def _div_slow(self, other):
    return _E.div(self, other) if _operand_ok(other) else NotImplemented


def _radd_slow(self, other):
    return _E.add(self, other) if _is_number(other) else NotImplemented


def _rmul_slow(self, other):
    return _E.mul(self, other) if _is_number(other) else NotImplemented


MathMixin.__add__ = _E.binary_operator("add", _ARITH, "AddBackward0", _add_slow)
MathMixin.__radd__ = _E.binary_operator("add", _ARITH, "AddBackward0", _radd_slow)
MathMixin.__sub__ = _E.binary_operator("sub", _ARITH, "SubBackward0", _sub_slow, bool_ok=False)
MathMixin.__mul__ = _E.binary_operator("mul", _ARITH, "MulBackward0", _mul_slow)
MathMixin.__rmul__ = _E.binary_operator("mul", _ARITH, "MulBackward0", _rmul_slow)
MathMixin.__truediv__ = _E.binary_operator("div", _TRUEDIV, "DivBackward0", _div_slow)
for _name, _op, _kind, _bool_ok in (("add_", "add", _ARITH, True), ("sub_", "sub", _ARITH, False),
                                   ("mul_", "mul", _ARITH, True), ("div_", "div", _TRUEDIV, True),
                                   ("__iadd__", "add", _ARITH, True), ("__isub__", "sub", _ARITH, False),
                                   ("__imul__", "mul", _ARITH, True), ("__itruediv__", "div", _TRUEDIV, True)):
    _fast = _E.inplace_operator(_op, _kind, getattr(MathMixin, _name), _bool_ok)
    _fast.__name__, _fast.__qualname__ = _name, "Tensor." + _name
    setattr(MathMixin, _name, _fast)
for _name in ("__matmul__", "matmul", "mm"):
    _fast = _L.matmul_method(getattr(MathMixin, _name))
    _fast.__name__, _fast.__qualname__ = _name, "Tensor." + _name
    setattr(MathMixin, _name, _fast)
for _dunder, _fn in (("__add__", "__add__"), ("__radd__", "__radd__"), ("__sub__", "__sub__"),
                     ("__mul__", "__mul__"), ("__rmul__", "__rmul__"), ("__truediv__", "__truediv__")):
    getattr(MathMixin, _dunder).__name__ = _fn

for _op in _COMPARE_OPS:
    _m, _m_, _operator, _f = _compare_method(_op)
    setattr(MathMixin, _op, _m)
    setattr(MathMixin, _op + "_", _m_)
    setattr(MathMixin, f"__{_op}__", _operator)
    _compare_functions[_op] = _f
for _alias, _op in (("greater", "gt"), ("greater_equal", "ge"), ("less", "lt"), ("less_equal", "le"),
                    ("not_equal", "ne")):
    setattr(MathMixin, _alias, getattr(MathMixin, _op))
    setattr(MathMixin, _alias + "_", getattr(MathMixin, _op + "_"))

for _op in _LOGICAL_OPS:
    _m, _m_, _f = _logical_method(_op)
    setattr(MathMixin, _op, _m)
    setattr(MathMixin, _op + "_", _m_)
    _logical_functions[_op] = _f

for _op, _symbol in _BITWISE_OPS:
    _m, _m_, _operator, _ioperator, _f = _bitwise_method(_op, _symbol)
    setattr(MathMixin, _op, _m)
    setattr(MathMixin, _op + "_", _m_)
    setattr(MathMixin, f"__{_symbol}__", _operator)
    setattr(MathMixin, f"__r{_symbol}__", _operator)
    setattr(MathMixin, f"__i{_symbol}__", _ioperator)
    _bitwise_functions[_op] = _f


# ---- tensorlib.<name>(input, ...) ------------------------------------------------------------
METHOD_FUNCTIONS = (
    "positive", "isclose", "allclose", "equal", "fill_", "zero_", "count_nonzero",
    "argsort", "unique", "flip", "roll", "tile", "diag", "clamp_", "clip_", "clamp_min_", "clamp_max_",
    "square_",
)


def _tensor_arg(fname, input, position=1, name="input"):
    if not isinstance(input, _TensorBase):
        raise TypeError(f"{fname}(): argument '{name}' (position {position}) must be Tensor, not "
                        f"{type(input).__name__}")


def add(input, other, *, alpha=1, out=None):
    _check("add", other, 2)
    return _E.add(input, other, alpha, out)


def sub(input, other, *, alpha=1, out=None):
    _check("sub", other, 2)
    return _E.sub(input, other, alpha, out)


subtract = sub


def rsub(input, other, *, alpha=1):
    _tensor_arg("rsub", input)
    _check("rsub", other, 2)
    return _E.rsub(input, other, alpha)


def mul(input, other, *, out=None):
    _check("mul", other, 2)
    return _E.mul(input, other, out)


multiply = mul


def div(input, other, *, rounding_mode=None, out=None):
    _check("div", other, 2)
    return _E.div(input, other, rounding_mode, out)


divide = div


def true_divide(input, other, *, out=None):
    _check("true_divide", other, 2)
    return _E.div(input, other, None, out)


def floor_divide(input, other, *, out=None):
    _check("floor_divide", other, 2)
    return _E.floor_divide(input, other, out)


def remainder(input, other, *, out=None):
    _check("remainder", other, 2)
    return _E.remainder(input, other, out)


def fmod(input, other, *, out=None):
    _check("fmod", other, 2)
    return _E.fmod(input, other, out)


def pow(input, exponent, *, out=None):
    return _E.pow(input, exponent, out)


def square(input, *, out=None):
    return _E.square(input, out)


def maximum(input, other, *, out=None):
    _check("maximum", other, 2, tensor_only=True)
    return _E.maximum(input, other, out)


def minimum(input, other, *, out=None):
    _check("minimum", other, 2, tensor_only=True)
    return _E.minimum(input, other, out)


def round(input, *, decimals=0, out=None):
    return _E.round_(input, decimals, out)


def clamp(input, min=None, max=None, *, out=None):
    return _E.clamp(input, min, max, out)


clip = clamp


def clamp_min(input, min, *, out=None):
    return _E.clamp(input, min, None, out, fname="clamp_min")


def clamp_max(input, max, *, out=None):
    return _E.clamp(input, None, max, out, fname="clamp_max")


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
    return _R.norm(input, p, dim, keepdim, dtype, out)


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


def matmul(input, other, *, out=None):
    _tensor_arg("matmul", input)
    return _L.matmul(input, other, out)


def mm(input, mat2, *, out=None):
    _tensor_arg("mm", input)
    return _L.mm(input, mat2, out)


def mv(input, vec, *, out=None):
    _tensor_arg("mv", input)
    return _L.mv(input, vec, out)


def dot(input, tensor, *, out=None):
    _tensor_arg("dot", input)
    return _L.dot(input, tensor, out)


def bmm(input, mat2, *, out=None):
    _tensor_arg("bmm", input)
    return _L.bmm(input, mat2, out)


def outer(input, vec2, *, out=None):
    _tensor_arg("outer", input)
    return _L.outer(input, vec2, out)


ger = outer


def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None):
    _tensor_arg("addmm", input)
    return _L.addmm(input, mat1, mat2, beta, alpha, out)


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
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
    "remainder", "fmod", "pow", "square", "maximum", "minimum", "round",
    "clamp", "clip", "clamp_min", "clamp_max", "relu_",
    "sum", "mean", "prod", "max", "min", "argmax", "argmin", "amax", "amin", "std", "var", "norm", "logsumexp",
    "all", "any", "cumsum", "cumprod", "sort", "topk", "median",
    "matmul", "mm", "mv", "dot", "bmm", "outer", "ger", "addmm", "tril", "triu",
    "cat", "concat", "concatenate", "stack", "hstack", "vstack", "row_stack", "dstack",
    "atleast_1d", "atleast_2d", "atleast_3d",
]

for _table in (_compare_functions, _logical_functions, _bitwise_functions):
    for _name, _fn in _table.items():
        globals()[_name] = _fn
        _FUNCTION_NAMES.append(_name)
greater, greater_equal, less, less_equal, not_equal = (_compare_functions[n] for n in ("gt", "ge", "lt", "le", "ne"))
_FUNCTION_NAMES += ["greater", "greater_equal", "less", "less_equal", "not_equal"]



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

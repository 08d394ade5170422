"""Arithmetic: add, sub, mul, div, floor_divide, remainder, fmod, pow, square
and their reflected and in-place forms, each declared in the registry with its
operators, its backward node beside it.

The implementations take ``(a, b, ..., out=None, inplace=False)``; a scalar
``a`` is the reflected form (``2 - t``).  The operators ``t + u``, ``t += u``...
run the compiled fast paths (``_operators``) where they apply."""
import math

from .. import _dtype as D
from .._C import TensorBase
from .._type_names import not_implemented, type_name
from ..autograd.graph import NODES, register_nodes
from ._common import (array_of, backend_for, check_inplace, is_number, new_result, prepare_out, result_strides,
                      write_result)
from ._op_docs import example
from ._registry import declare
from .elementwise import (ARITH, TRUEDIV, binary, binary_general, binary_operator, dtype_of, finish_binary,
                          inplace_operator, int_division_check, is_operand, python_operator)
from .nodes._base import Node, SavingNode, needs, rg, where
from .unary import unary

_bool = D.bool


# ---- add / sub / mul / div -----------------------------------------------------------------
def _alpha(alpha, a, b):
    """None when alpha is 1; validates alpha against the result dtype as PyTorch does."""
    if alpha.__class__ is int and alpha == 1:
        return None
    common = D.result_type(a, b)
    if isinstance(alpha, bool) and common is not _bool:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if isinstance(alpha, float) and not common.is_floating_point:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    if isinstance(alpha, TensorBase):
        alpha = alpha.item()
    return alpha


def add(a, b, alpha=1, out=None, inplace=False):
    alpha = _alpha(alpha, a, b)
    if out is None and not inplace and alpha is None:
        res = binary("add", a, b)
    else:
        res = binary_general("add", a, b, ARITH, out, inplace, "add", alpha)
    return finish_binary(a, res, out, inplace, "AddBackward0", (a, b), alpha=1 if alpha is None else alpha)


def _check_bool_sub(a, b):
    a_bool = dtype_of(a) is _bool
    b_bool = dtype_of(b) is _bool
    if a_bool and b_bool:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if a_bool or b_bool:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
                           "trying to invert a mask, use the `~` or `logical_not()` operator instead.")


def sub(a, b, alpha=1, out=None, inplace=False):
    _check_bool_sub(a, b)
    alpha = _alpha(alpha, a, b)
    if alpha is not None:
        res = binary_general("add", a, b, ARITH, out, inplace, "sub", -alpha)
    elif out is None and not inplace:
        res = binary("sub", a, b)
    else:
        res = binary_general("sub", a, b, ARITH, out, inplace, "sub")
    return finish_binary(a, res, out, inplace, "SubBackward0", (a, b), alpha=1 if alpha is None else alpha)


def rsub(a, b, alpha=1, out=None):
    """``b - alpha * a`` (``1 - t`` is ``t.__rsub__(1)``)."""
    _check_bool_sub(a, b)
    alpha = _alpha(alpha, b, a)
    if alpha is not None:
        res = binary_general("add", b, a, ARITH, out, False, "rsub", -alpha)
    else:
        res = binary_general("sub", b, a, ARITH, out, False, "rsub")
    name = "RsubBackward0" if isinstance(b, TensorBase) else "RsubBackward1"
    return finish_binary(a, res, out, False, name, (a, b), alpha=1 if alpha is None else alpha)


def mul(a, b, out=None, inplace=False):
    if out is None and not inplace:
        res = binary("mul", a, b)
    else:
        res = binary_general("mul", a, b, ARITH, out, inplace, "mul")
    return finish_binary(a, res, out, inplace, "MulBackward0", (a, b))


def div(a, b, rounding_mode=None, out=None, inplace=False):
    if rounding_mode is None:
        if out is None and not inplace:
            res = binary("div", a, b, TRUEDIV)
        else:
            res = binary_general("div", a, b, TRUEDIV, out, inplace, "div")
        return finish_binary(a, res, out, inplace, "DivBackward0", (a, b))
    if rounding_mode == "trunc":
        op, kernel = "div_trunc", "div_trunc_cpu"
    elif rounding_mode == "floor":
        op, kernel = "floor_divide", "div_floor_cpu"
    else:
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    res = _rounding_div(op, kernel, a, b, out, inplace, "div")
    name = "DivBackward2"
    return finish_binary(a, res, out, inplace, name, (a, b), rounding_mode=rounding_mode)


def _rounding_div(op, kernel, a, b, out, inplace, fname):
    def validate(common, a, b, backend):
        if common is _bool:
            raise not_implemented(kernel, common)
        int_division_check(common, a, b, backend)
    return binary_general(op, a, b, ARITH, out, inplace, fname, validate=validate)


def floor_divide(a, b, out=None, inplace=False):
    res = _rounding_div("floor_divide", "div_floor_cpu", a, b, out, inplace, "floor_divide")
    return finish_binary(a, res, out, inplace, "NotImplemented", (a, b))


def remainder(a, b, out=None, inplace=False):
    def validate(common, a, b, backend):
        if common is _bool:
            raise not_implemented("remainder_cpu", common)
        int_division_check(common, a, b, backend)
    res = binary_general("remainder", a, b, ARITH, out, inplace, "remainder", validate=validate)
    name = "RemainderBackward1" if isinstance(b, TensorBase) and isinstance(a, TensorBase) else "RemainderBackward0"
    return finish_binary(a, res, out, inplace, name, (a, b))


def fmod(a, b, out=None, inplace=False):
    def validate(common, a, b, backend):
        if common is _bool:
            raise not_implemented("fmod_cpu", common)
        int_division_check(common, a, b, backend)
    res = binary_general("fmod", a, b, ARITH, out, inplace, "fmod", validate=validate)
    node = "FmodBackward1" if isinstance(b, TensorBase) else "FmodBackward0"
    return finish_binary(a, res, out, inplace, node, (a, b))


def rtruediv(a, b):
    """``b / a`` for a scalar ``b``: PyTorch computes ``a.reciprocal() * b``."""
    return mul(unary("reciprocal", a), b)


# ---- pow -------------------------------------------------------------------------------------
_NEG_POW = "Integers to negative integer powers are not allowed."


def pow(a, b, out=None, inplace=False):
    a_tensor = isinstance(a, TensorBase)
    b_tensor = isinstance(b, TensorBase)
    if a_tensor and not b_tensor:
        res = _pow_tensor_scalar(a, b, out, inplace)
        name = "PowBackward0"
    elif not a_tensor:
        res = _pow_general(a, b, out, False)
        name = "PowBackward2"
        return b._record_result(res, name, (a, b)) if out is None else res
    else:
        res = _pow_general(a, b, out, inplace)
        name = "PowBackward1"
    return finish_binary(a, res, out, inplace, name, (a, b))


def _pow_general(a, b, out, inplace):
    def validate(common, a, b, backend):
        if common is _bool:
            raise not_implemented("pow", common)
    # PyTorch gives scalar ** tensor a contiguous result whatever the exponent's layout
    return binary_general("pow", a, b, ARITH, out, inplace, "pow", validate=validate,
                          keep_layout=isinstance(a, TensorBase))


# exponents PyTorch evaluates with dedicated kernels (bit-for-bit the same results)
_POW_UNARY = {0.5: "sqrt", -0.5: "rsqrt", -1.0: "reciprocal", 2.0: "square"}
# and those it evaluates from the square, rounded to the dtype first: (x * x) * x and
# 1 / (x * x) (float32, float64 and bfloat16 observed)
_POW_FROM_SQUARE = (3.0, -2.0)
_FROM_SQUARE_DTYPES = (D.float32, D.float64, D.bfloat16)


def _pow_tensor_scalar(a, exponent, out, inplace):
    if not is_number(exponent):
        raise TypeError(f"pow(): argument 'exponent' must be Tensor or Number, not {type_name(exponent)}")
    common = D.result_type(a, exponent)
    if not common.is_floating_point and not isinstance(exponent, bool) and exponent < 0:
        raise RuntimeError(_NEG_POW)
    if common is _bool:
        raise not_implemented("pow", common)
    special = _POW_UNARY.get(exponent) if common.is_floating_point or exponent == 2 else None
    from_square = common in _FROM_SQUARE_DTYPES and exponent in _POW_FROM_SQUARE
    if special is None and not from_square:
        return binary_general("pow", a, exponent, ARITH, out, inplace, "pow")
    # sqrt / rsqrt / reciprocal / square through the unary path, in the promoted dtype
    shape = a._shape
    device = a._storage.device
    backend = backend_for(device)

    def run(src, dest):
        if special is not None:
            backend.unary(special, src, dest)
            return
        square = backend.empty_array(shape, common.numpy)
        backend.unary("square", src, square)
        if exponent == 3:
            backend.binary("mul", square, src, dest)
        else:
            backend.unary("reciprocal", square, dest)

    if inplace:
        check_inplace(a, shape, common)
        target = a
    elif out is not None:
        target = prepare_out(out, shape, common, "pow", (a,))
    else:
        target = None
    src = array_of(a, common, backend)
    if target is None:
        res, arr = new_result(shape, common, device, backend, result_strides(shape, (a,)))
        run(src, arr)
        return res
    if target._dtype is common:
        run(src, target._array())
        target._version_counter.bump()
        return target
    tmp = backend.empty_array(shape, common.numpy)
    run(src, tmp)
    return write_result(target, tmp, backend)


def square(a, out=None, inplace=False):
    res = _pow_tensor_scalar(a, 2, out, inplace)
    return finish_binary(a, res, out, inplace, "PowBackward0", (a, 2))



# ---- backward nodes ---------------------------------------------------------------------------
class AddBackward0(Node):
    """add(self, other, alpha): self + alpha * other."""
    __slots__ = ("alpha",)

    def setup(self, inputs, result, ctx):
        self.alpha = ctx.get("alpha", 1)

    def apply(self, grads):
        g = grads[0]
        return g, (g if self.alpha == 1 else g * self.alpha)


class SubBackward0(Node):
    """sub(self, other, alpha): self - alpha * other."""
    __slots__ = ("alpha",)

    def setup(self, inputs, result, ctx):
        self.alpha = ctx.get("alpha", 1)

    def apply(self, grads):
        g = grads[0]
        return g, (-g if self.alpha == 1 else g * -self.alpha)


class RsubBackward0(Node):
    """rsub(self, other, alpha): other - alpha * self."""
    __slots__ = ("alpha",)

    def setup(self, inputs, result, ctx):
        self.alpha = ctx.get("alpha", 1)

    def apply(self, grads):
        g = grads[0]
        return (-g if self.alpha == 1 else g * -self.alpha), g


class RsubBackward1(RsubBackward0):
    """rsub(self, scalar other, alpha): ``1 - x`` (one edge)."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self.alpha = ctx.get("alpha", 1)
        self.next_functions = self.next_functions[:1]


class MulBackward0(SavingNode):
    """mul(self, other); saves self only when other needs a gradient and other
    (a scalar too: ``x * 2`` frees it) only when self does."""
    __slots__ = ()
    saved_names = ("self", "other")
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        a, b = inputs
        a_is_tensor = isinstance(a, TensorBase)
        b_is_tensor = isinstance(b, TensorBase)
        sa = a if b_is_tensor and b._requires_grad else None
        sb = b if a_is_tensor and a._requires_grad else None
        self._saved = (sa, sb)
        self._versions = (None if sa is None else sa._version_counter.value,
                          sb._version_counter.value if b_is_tensor and sb is not None else None)

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        return (g * b if needs(self, 0) else None), (g * a if needs(self, 1) else None)


class MulBackward1(SavingNode):
    """mul(self, scalar other)."""
    __slots__ = ()
    saved_names = ("other",)

    def setup(self, inputs, result, ctx):
        self._save(inputs[1] if len(inputs) > 1 else ctx.get("other"))

    def apply(self, grads):
        other, = self._unpack()
        return (grads[0] * other,)


class DivBackward0(SavingNode):
    """div(self, other)."""
    __slots__ = ()
    saved_names = ("self", "other")
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        a, b = inputs
        self._save(a if rg(b) else None, b)

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        ga = g / b if needs(self, 0) else None
        gb = -g * a / (b * b) if needs(self, 1) else None
        return ga, gb


class DivBackward1(SavingNode):
    """div(self, scalar other); with a rounding_mode (as some callers record
    it) the gradient is zero."""
    __slots__ = ("rounding",)
    saved_names = ("other",)

    def setup(self, inputs, result, ctx):
        self.rounding = ctx.get("rounding_mode")
        self._save(inputs[1] if len(inputs) > 1 else ctx.get("other"))

    def apply(self, grads):
        if self.rounding is not None:
            z = grads[0] * 0
            return z, z
        other, = self._unpack()
        return (grads[0] / other,)


class DivBackward2(Node):
    """div with rounding_mode: piecewise constant, zero gradients."""
    __slots__ = ()

    def apply(self, grads):
        z = grads[0].mul(0)
        return z, z


def _exponent(inputs, ctx):
    if len(inputs) > 1:
        return inputs[1]
    return ctx["exponent"]


class PowBackward0(SavingNode):
    """pow(self, scalar exponent) (one edge)."""
    __slots__ = ("exponent",)
    saved_names = ("self",)
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self.exponent = _exponent(inputs, ctx)
        self._save(inputs[0])
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        g = grads[0]
        self_, = self._unpack()
        e = self.exponent
        if e == 0:
            return (g * 0,)
        if e == 1:
            return (g * 1,)
        if e == 2:
            return (g * (self_ * 2),)
        return (g * (self_.pow(e - 1) * e),)


class PowBackward1(SavingNode):
    """pow(self, exponent tensor)."""
    __slots__ = ()
    saved_names = ("self", "exponent", "result")
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self._save(inputs[0], inputs[1], result)
        self._save_output(2, result)

    def apply(self, grads):
        g = grads[0]
        base, e, result = self._unpack()
        gb = ge = None
        if needs(self, 0):
            gb = where(e == 0, 0.0, g * (e * base.pow(e - 1)))
        if needs(self, 1):
            ge = where((base == 0) & (e >= 0), 0.0, g * (result * base.log()))
        return gb, ge


class PowBackward2(SavingNode):
    """pow(scalar self, exponent tensor): ``2 ** x``."""
    __slots__ = ("base",)
    saved_names = ("exponent", "result")

    def setup(self, inputs, result, ctx):
        # inputs: (scalar base, exponent) or (exponent,) with ctx base=
        if len(inputs) > 1:
            self.base, exponent = inputs[0], inputs[1]
            self.next_functions = self.next_functions[1:]
        else:
            exponent = inputs[0]
            self.base = ctx.get("base", ctx.get("self"))
        self._save(exponent, result)
        self._save_output(1, result)

    def apply(self, grads):
        g = grads[0]
        e, result = self._unpack()
        base = float(self.base)
        if base == 0:
            return (where(e >= 0, 0.0, g * (result * -math.inf)),)
        return (g * (result * math.log(base)),)


class RemainderBackward0(Node):
    """remainder(self, scalar) (one edge): the gradient passes unchanged."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        return (grads[0],)


class FmodBackward0(RemainderBackward0):
    __slots__ = ()


class _NoDerivative(Node):
    """An op PyTorch has no derivative for (``floor_divide``)."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self.next_functions = tuple(e for e, t in zip(self.next_functions, inputs) if isinstance(t, TensorBase))

    def apply(self, grads):
        raise RuntimeError("derivative for aten::floor_divide is not implemented")


NODES["NotImplemented"] = type("NotImplemented", (_NoDerivative,), {
    "__slots__": (), "__module__": __name__, "name": lambda self: "torch::autograd::NotImplemented"})


class RemainderBackward1(SavingNode):
    """remainder(self, other tensor): self - floor(self / other) * other."""
    __slots__ = ()
    saved_names = ("self", "other")
    needs_original_self = True
    rounding = "floor"

    def setup(self, inputs, result, ctx):
        a, b = inputs
        self._save(a if rg(b) else None, b if rg(b) else None)

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        gb = -g * a.div(b, rounding_mode=self.rounding) if needs(self, 1) else None
        return g, gb


class FmodBackward1(RemainderBackward1):
    __slots__ = ()
    rounding = "trunc"


register_nodes(globals())


# ---- the declarations, with their operators ----------------------------------------------------
def _compiled(name, op, kind, node, compute, accepts=is_operand, bool_ok=True):
    """The operator ``name`` through the compiled fast path of ``self op other``."""
    return binary_operator(op, kind, node, python_operator(name, compute, accepts), bool_ok)


def _compiled_inplace(name, op, kind, compute, bool_ok=True):
    return inplace_operator(op, kind, python_operator(name, compute), bool_ok)


def _fast_inplace(op, kind, bool_ok=True):
    return lambda method: inplace_operator(op, kind, method, bool_ok)


# the argument order PyTorch still accepts with a warning (scale first)
_DEPRECATED_ALPHA = ("Tensor input, Number alpha, Tensor other",)
declare("add", add, "Tensor other, *, Number alpha=1", numbers=True, input_numbers=True,
        deprecated=_DEPRECATED_ALPHA, fast_inplace=_fast_inplace("add", ARITH), operators={
            "__add__": _compiled("__add__", "add", ARITH, "AddBackward0", add),
            "__radd__": _compiled("__radd__", "add", ARITH, "AddBackward0", add, accepts=is_number),
            "__iadd__": _compiled_inplace("__iadd__", "add", ARITH, lambda a, b: add(a, b, inplace=True))},
                doc="""Adds ``other``, multiplied by ``alpha``, to ``input``: ``input + alpha * other``.

    Args:
        input: the tensor (or number) to add to.
        other: the tensor or number to add, broadcast against ``input``.
    """ + example(">>> a = torch.tensor([1., 2.])", ">>> torch.add(a, 1, alpha=2)", "tensor([3., 4.])",
                  ">>> a + torch.tensor([10., 20.])", "tensor([11., 22.])"))
declare("sub", sub, "Tensor other, *, Number alpha=1", numbers=True, input_numbers=True, aliases=("subtract",),
        deprecated=_DEPRECATED_ALPHA, fast_inplace=_fast_inplace("sub", ARITH, bool_ok=False), operators={
            "__sub__": _compiled("__sub__", "sub", ARITH, "SubBackward0", sub, bool_ok=False),
            "__rsub__": python_operator("__rsub__", rsub, accepts=is_number),
            "__isub__": _compiled_inplace("__isub__", "sub", ARITH, lambda a, b: sub(a, b, inplace=True),
                                          bool_ok=False)},
                                              doc="""Subtracts ``other``, multiplied by ``alpha``, from ``input``:
                                              ``input - alpha * other``.

    Args:
        input: the tensor (or number) to subtract from.
        other: the tensor or number to subtract, broadcast against ``input``.
    """ + example(">>> torch.sub(torch.tensor([5., 7.]), torch.tensor([1., 2.]), alpha=2)", "tensor([3., 3.])"))
declare("rsub", rsub, "Tensor|Number other, *, Number alpha=1", method=False, inplace=False, out=False,
    doc="""Subtracts ``input``, multiplied by ``alpha``, from ``other``: ``other - alpha * input``.

    Args:
        other: the tensor or number to subtract from.
        alpha: the multiplier of ``input``.
    """ + example(">>> torch.rsub(torch.tensor([1., 2.]), 10)", "tensor([9., 8.])"))
declare("mul", mul, "Tensor other", numbers=True, input_numbers=True, aliases=("multiply",),
        fast_inplace=_fast_inplace("mul", ARITH), operators={
            "__mul__": _compiled("__mul__", "mul", ARITH, "MulBackward0", mul),
            "__rmul__": _compiled("__rmul__", "mul", ARITH, "MulBackward0", mul, accepts=is_number),
            "__imul__": _compiled_inplace("__imul__", "mul", ARITH, lambda a, b: mul(a, b, inplace=True))},
                doc="""Multiplies ``input`` by ``other``, element by element.

    Args:
        input: the tensor (or number) to multiply.
        other: the tensor or number to multiply by, broadcast against ``input``.
    """ + example(">>> torch.mul(torch.tensor([1., 2.]), torch.tensor([3., 4.]))", "tensor([3., 8.])"))
declare("div", div, "Tensor other, *, str? rounding_mode=None", numbers=True, input_numbers=True,
        aliases=("divide",), fast_inplace=_fast_inplace("div", TRUEDIV), operators={
            "__truediv__": _compiled("__truediv__", "div", TRUEDIV, "DivBackward0", div),
            "__rtruediv__": python_operator("__rtruediv__", rtruediv, accepts=is_number),
            "__itruediv__": _compiled_inplace("__itruediv__", "div", TRUEDIV, lambda a, b: div(a, b, inplace=True))},
                doc="""Divides ``input`` by ``other``, element by element.  Without ``rounding_mode`` the
    division is true division (integers give the default float dtype); ``"trunc"`` rounds each
    quotient towards zero and ``"floor"`` rounds it down, keeping integer dtypes.

    Args:
        input: the dividend, a tensor (or number).
        other: the divisor, a tensor or number broadcast against ``input``.
        rounding_mode: None, ``"trunc"`` or ``"floor"``.
    """ + example(">>> torch.div(torch.tensor([7., -7.]), 2)", "tensor([ 3.5000, -3.5000])",
                  ">>> torch.div(torch.tensor([7., -7.]), 2, rounding_mode='floor')", "tensor([ 3., -4.])"))
declare("true_divide", lambda a, b, out=None, inplace=False: div(a, b, None, out, inplace), "Tensor|Number other",
    doc="""Divides ``input`` by ``other`` with true division: :func:`tensorlib.div` without a
    rounding mode.

    Args:
        other: the divisor, a tensor or number broadcast against ``input``.
    """ + example(">>> torch.true_divide(torch.tensor([1, 3]), 2)", "tensor([0.5000, 1.5000])"))
declare("floor_divide", floor_divide, "Tensor|Number other", input_numbers=True, operators={
    "__floordiv__": python_operator("__floordiv__", floor_divide),
    "__rfloordiv__": python_operator("__rfloordiv__", lambda a, b: floor_divide(b, a), accepts=is_number),
    "__ifloordiv__": python_operator("__ifloordiv__", lambda a, b: floor_divide(a, b, inplace=True))},
        doc="""Divides ``input`` by ``other`` and rounds each quotient down (``input // other``).

    Args:
        input: the dividend, a tensor (or number).
        other: the divisor, a tensor or number broadcast against ``input``.
    """ + example(">>> torch.floor_divide(torch.tensor([7., -7.]), 2)", "tensor([ 3., -4.])"))
declare("remainder", remainder, "Tensor|Number other", input_numbers=True, operators={
    "__mod__": python_operator("__mod__", remainder),
    "__rmod__": python_operator("__rmod__", lambda a, b: remainder(b, a), accepts=is_number),
    "__imod__": python_operator("__imod__", lambda a, b: remainder(a, b, inplace=True))},
        doc="""The remainder of ``input / other`` with the sign of the divisor (Python's ``%``).

    Args:
        input: the dividend, a tensor (or number).
        other: the divisor, a tensor or number broadcast against ``input``.
    """ + example(">>> torch.remainder(torch.tensor([7., -7.]), 3)", "tensor([1., 2.])"))
declare("fmod", fmod, "Tensor|Number other",
    doc="""The remainder of ``input / other`` with the sign of the dividend (C's ``fmod``).

    Args:
        other: the divisor, a tensor or number broadcast against ``input``.
    """ + example(">>> torch.fmod(torch.tensor([7., -7.]), 3)", "tensor([ 1., -1.])"))
declare("pow", pow, "Tensor|Number exponent", input_numbers=True, operators={
    "__pow__": python_operator("__pow__", pow),
    "__rpow__": python_operator("__rpow__", lambda a, b: pow(b, a), accepts=is_number),
    "__ipow__": python_operator("__ipow__", lambda a, b: pow(a, b, inplace=True))},
        doc="""Raises ``input`` to the power ``exponent``, element by element.

    Args:
        input: the base, a tensor (or number, with a tensor exponent).
        exponent: the power, a tensor or number broadcast against ``input``.
    """ + example(">>> torch.pow(torch.tensor([1., 2., 3.]), 2)", "tensor([1., 4., 9.])",
                  ">>> torch.pow(2, torch.tensor([1., 2., 3.]))", "tensor([2., 4., 8.])"))
declare("square", square, "", doc="""The square of each element of ``input``, ``input * input``.""" + example(
        ">>> torch.square(torch.tensor([-2., 3.]))", "tensor([4., 9.])"))


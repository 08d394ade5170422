"""Pointwise ops declared in the registry: each op is one declaration, with its
dtype rule, its kernel and its derivative beside it.

``binary(name, dtypes, derivative, ...)`` declares an op of two operands that
broadcast.  Its dtype rule is one of:

``"promote"``    the promoted dtype of the operands;
``"float"``      the promoted dtype, integers and bool going to the default float;
``"floating"``   the promoted dtype, which must be floating: integers raise
                 PyTorch's ``"<name>_cpu" not implemented for 'Long'``.

The kernel is the backend's ``binary(name, a, b, out)`` (a NumPy-API ufunc of
that name unless a backend has its own).  The derivative is a formula
``(grad, <saved>...) -> one gradient per tensor input`` (a tuple, or the
gradient itself for an op of one input); the names after
``grad`` say what the node saves: ``self``, the other arguments by name, and
``result``.  The backward node is named as PyTorch names it
(``HypotBackward0``)."""
from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._type_names import cpp_type_name, not_implemented
from ..autograd.graph import NODES, SavingNode
from ..backends import backend_for
from ._common import check_inplace, compute_into, device_of, new_result, operand, prepare_out, result_strides
from ._op_docs import example
from ._registry import declare
from .elementwise import ARITH, TRUEDIV, binary_general, finish_binary
from .nodes._base import needs, where
from .nodes._formula import formula_node

_DTYPE_RULES = {"promote": ARITH, "float": TRUEDIV, "floating": ARITH}


def _node_name(name, index=0):
    return f"{name[0].upper()}{name[1:]}Backward{index}"


# ---- binary ops ----------------------------------------------------------------------------------
def binary(name, dtypes, derivative, *, scalar_derivative=None, other="Tensor", **forms):
    """Declares the binary pointwise op ``name`` (see the module's docstring).

    ``other="Tensor|Number"`` also takes a Python number, whose backward node is
    ``scalar_derivative``'s (PyTorch's ``<Name>Backward1``)."""
    kind = _DTYPE_RULES[dtypes]
    tensor_node = _node_name(name)
    formula_node(tensor_node, derivative, ("self", "other"))
    scalar_node = None
    if scalar_derivative is not None:
        scalar_node = _node_name(name, 1)
        formula_node(scalar_node, scalar_derivative, ("self", "other"))

    def refuse_integers(common, a, b, backend):
        if not common.is_floating_point:
            raise not_implemented(f"{name}_{a._storage.device.type}", common)

    def forward(x, other, out=None, inplace=False):
        res = binary_general(name, x, other, kind, out, inplace, name,
                             validate=refuse_integers if dtypes == "floating" else None)
        node = tensor_node if isinstance(other, TensorBase) or scalar_node is None else scalar_node
        return finish_binary(x, res, out, inplace, node, (x, other))

    return declare(name, forward, f"{other} other", **forms)


atan2 = binary(
    "atan2", "float",
    lambda grad, self, other: (grad * other / (self * self + other * other),
                               -grad * self / (self * self + other * other)),
    aliases=("arctan2",),
    doc="""The angle, in radians, of the point (``other``, ``input``): the inverse tangent of
    ``input / other`` in the quadrant the signs of both give.

    Args:
        other: the x coordinates, broadcast against ``input`` (the y coordinates).
    """ + example(">>> torch.atan2(torch.tensor([1., -1.]), torch.tensor([1., 1.]))", "tensor([ 0.7854, -0.7854])"))

hypot = binary(
    "hypot", "floating",
    lambda grad, self, other, result: (grad * self / result, grad * other / result),
    doc="""The hypotenuse ``sqrt(input ** 2 + other ** 2)`` of floating-point ``input`` and ``other``,
    without overflow for large elements.""" + example(
        ">>> torch.hypot(torch.tensor([3., 5.]), torch.tensor([4., 12.]))", "tensor([ 5., 13.])"))

logaddexp = binary(
    "logaddexp", "floating",
    lambda grad, self, other: (grad / ((other - self).exp() + 1), grad / ((self - other).exp() + 1)),
    inplace=False,
    doc="""``log(exp(input) + exp(other))``, computed without overflow.""" + example(
        ">>> torch.logaddexp(torch.tensor([0., 1.]), torch.tensor([0., 2.]))", "tensor([0.6931, 2.3133])"))

logaddexp2 = binary(
    "logaddexp2", "floating",
    lambda grad, self, other: (grad / ((other - self).exp2() + 1), grad / ((self - other).exp2() + 1)),
    inplace=False,
    doc="""``log2(2 ** input + 2 ** other)``, computed without overflow.""" + example(
        ">>> torch.logaddexp2(torch.tensor([0., 1.]), torch.tensor([0., 3.]))", "tensor([1.0000, 3.3219])"))


def _copysign_self(grad, self, result):
    return grad * where(self == 0, 0.0, result / self)


copysign = binary(
    "copysign", "float",
    lambda grad, self, other, result: (_copysign_self(grad, self, result), other.new_zeros(other._shape)),
    scalar_derivative=lambda grad, self, result: (_copysign_self(grad, self, result),),
    other="Tensor|Number",
    doc="""The magnitude of each element of ``input`` with the sign of ``other``'s.

    Args:
        other: the tensor or number whose signs are taken, broadcast against ``input``.
    """ + example(">>> torch.copysign(torch.tensor([1., -2.]), -1.)", "tensor([-1., -2.])"))


# ---- ops of three operands -----------------------------------------------------------------------
def _pointwise(fname, operands, dtype, out, inplace, compute):
    """Runs ``compute(backend, *operand arrays, out array)`` over the broadcast operands in
    ``dtype`` into a new result, ``out`` or (``inplace``) the first operand."""
    x = operands[0]
    tensors = [t for t in operands if isinstance(t, TensorBase)]
    device = device_of(*tensors)
    backend = backend_for(device)
    shape = x._shape
    for t in tensors[1:]:
        shape = _layout.broadcast_shapes(shape, t._shape)
    if inplace:
        check_inplace(x, shape, dtype, tuple(operands[1:]))
        target = x
    elif out is not None:
        target = prepare_out(out, shape, dtype, fname, tuple(operands))
    else:
        target = None
    arrays = [operand(t, dtype, shape, backend, device) if isinstance(t, TensorBase) else t for t in operands]
    if target is None:
        res, arr = new_result(shape, dtype, device, backend, result_strides(shape, tensors, dtype))
        compute(backend, *arrays, arr)
        return res
    return compute_into(target, dtype, shape, backend, lambda into: compute(backend, *arrays, into))


def _lerp(x, end, weight, out=None, inplace=False):
    dt = x._dtype
    if end._dtype is not dt:
        raise RuntimeError(f"expected dtype {cpp_type_name(dt)} for `end` but got dtype {cpp_type_name(end._dtype)}")
    weight_tensor = isinstance(weight, TensorBase)
    if weight_tensor and weight._dtype is not dt:
        raise RuntimeError(
            f"expected dtype {cpp_type_name(dt)} for `weight` but got dtype {cpp_type_name(weight._dtype)}")
    if not dt.is_floating_point:
        raise not_implemented("lerp_kernel_tensor" if weight_tensor else "lerp_kernel_scalar", dt)
    scalar = None if weight_tensor else float(weight)

    def compute(backend, a, b, w, result):
        backend.lerp(a, b, w if scalar is None else scalar, result)

    res = _pointwise("lerp", (x, end, weight), dt, out, inplace, compute)
    node = "LerpBackward1" if weight_tensor else "LerpBackward0"
    return finish_binary(x, res, out, inplace, node, (x, end, weight))


class LerpBackward0(SavingNode):
    """lerp(self, end, scalar weight)."""
    __slots__ = ("weight",)
    saved_names = ()

    def setup(self, inputs, result, ctx):
        self.weight = inputs[2]
        self._save()
        self.next_functions = self.next_functions[:2]

    def apply(self, grads):
        g = grads[0]
        w = self.weight
        return g * (1 - w), g * w


class LerpBackward1(SavingNode):
    """lerp(self, end, weight tensor)."""
    __slots__ = ()
    saved_names = ("self", "end", "weight")
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self._save(*inputs[:3])

    def apply(self, grads):
        g = grads[0]
        s, e, w = self._unpack()
        return (g * (-w + 1) if needs(self, 0) else None), (g * w if needs(self, 1) else None), \
            (g * (e - s) if needs(self, 2) else None)


NODES.update(LerpBackward0=LerpBackward0, LerpBackward1=LerpBackward1)
lerp = declare("lerp", _lerp, "Tensor end, Tensor|Number weight", doc="""Linear interpolation from ``input``
    to ``end``: ``input + weight * (end - input)``, element by element.

    Args:
        input: the start points.
        end: the end points, broadcast against ``input``.
        weight: the fraction of the way to ``end``, a number or a broadcast tensor.
    """ + example(">>> torch.lerp(torch.tensor([0., 10.]), torch.tensor([10., 20.]), 0.25)",
                  "tensor([ 2.5000, 12.5000])"))


def _product_op(name, combine, integer_error, derivative, summary, usage):
    """``input + value * combine(tensor1, tensor2)`` (addcmul, addcdiv)."""
    node = formula_node(_node_name(name), derivative, ("self", "tensor1", "tensor2"))

    def forward(x, tensor1, tensor2, value=1, out=None, inplace=False):
        dtype = D.result_type(x, tensor1, tensor2)
        if integer_error and not dtype.is_floating_point:
            raise RuntimeError(integer_error)
        if dtype is D.bool:
            raise not_implemented(f"{name}_{x._storage.device.type}_out", dtype)
        if isinstance(value, bool) and dtype is not D.bool:
            value = int(value)

        def compute(backend, a, t1, t2, result):  # a + value * t1 (*|/) t2, in PyTorch's order
            work = D.compute_dtype(dtype)  # float16/bfloat16: float32, the result rounded once
            if work is not dtype:
                a, t1, t2 = (backend.cast(array, work.numpy) for array in (a, t1, t2))
            product = backend.empty_array(t1.shape, work.numpy)
            backend.binary("mul", operand(value, work, t1.shape, backend), t1, product)
            if combine == "mul" and work.is_floating_point:  # PyTorch fuses the last multiply-add
                backend.fused_multiply_add(product, t2, a, result if work is dtype else product)
            else:
                backend.binary(combine, product, t2, product)
                backend.binary("add", a, product, result if work is dtype else product)
            if work is not dtype:
                backend.copy_into(result, product)

        res = _pointwise(name, (x, tensor1, tensor2), dtype, out, inplace, compute)
        return finish_binary(x, res, out, inplace, node.__name__, (x, tensor1, tensor2), value=value)

    return declare(name, forward, "Tensor tensor1, Tensor tensor2, *, Number value=1",
                   deprecated=("Tensor input, Number value, Tensor tensor1, Tensor tensor2",), doc=summary + """

    Args:
        tensor1: the first factor, broadcast with the others.
        tensor2: the second factor, broadcast with the others.
        value: the multiplier of the term added.
    """ + usage)


addcmul = _product_op(
    "addcmul", "mul", None,
    lambda grad, tensor1, tensor2, value: (grad, grad * (tensor2 * value), grad * (tensor1 * value)),
    "Adds ``value * tensor1 * tensor2`` to ``input``.", example(
        ">>> torch.addcmul(torch.tensor([1., 1.]), torch.tensor([2., 3.]), torch.tensor([4., 5.]), value=0.5)",
        "tensor([5.0000, 8.5000])"))

addcdiv = _product_op(
    "addcdiv", "div",
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true "
    "division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * "
    "torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / "
    "tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * "
    "tensor1 / tensor2), for all dtypes.",
    lambda grad, tensor1, tensor2, value: (grad, grad * (value / tensor2),
                                           -grad * (value * tensor1 / (tensor2 * tensor2))),
    "Adds ``value * tensor1 / tensor2`` to ``input`` (floating-point tensors only).", example(
        ">>> torch.addcdiv(torch.tensor([1., 1.]), torch.tensor([2., 3.]), torch.tensor([4., 5.]), value=2)",
        "tensor([2.0000, 2.2000])"))

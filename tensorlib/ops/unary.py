"""Unary pointwise ops declared in the registry: each op is one declaration,
with its dtype rule, the dtypes it refuses and its derivative beside it.

``unary(name, dtypes, derivative, ...)`` declares ``name``; its dtype rule is

``"same"``   the input's dtype (``out=`` must have it exactly);
``"float"``  the input's dtype, integers and bool computed in the default float;
``"bool"``   a bool result (``isnan``, ``logical_not``...).

``refuse(dtype)`` returns the error PyTorch raises for an input dtype (or
None).  The kernel is the backend's ``unary(name, a, out)``.  The derivative is
a formula ``(grad, self)`` or ``(grad, result)`` (what it names is what the node
saves), None for an op that is not differentiable; its node is named as
PyTorch names it (``ExpBackward0``; ``node=`` where the name is irregular).  Methods take the compiled
fast path (``_operators.unary_method``) when it applies."""
import math

from .. import _dtype as D
from .. import _operators
from .._C import Storage, make_tensor
from .._fast_paths import FAST_PATHS
from .._tensor import Tensor
from .._type_names import not_implemented
from ..backends import backend_for
from ._common import (array_of, check_inplace, compute_into, contiguous_strides, flat_elements, is_contiguous,
                      new_result, numel, prepare_out, result_strides)
from ._op_docs import example
from ._registry import declare
from .nodes.pointwise import threshold_grad
from .nodes._formula import formula_node
from .nodes._fused import sigmoid_backward, tanh_backward

_bool = D.bool
_KINDS = {}         # name -> dtype rule
_NODE_NAMES = {}    # name -> backward node (differentiable ops)
_REFUSALS = {}      # name -> refuse(dtype)
_INTEGER_KERNELS = {}   # name -> the kernel integer inputs run instead ("copy": they are whole already)


def unary_op(op, x, out=None, inplace=False):
    """``op(x)`` into a new tensor, ``out`` or ``x`` itself (in place); nothing recorded."""
    dt = x._dtype
    kind = _KINDS[op]
    if kind == "float" and not dt.is_floating_point:
        cdt = D.get_default_dtype()
    else:
        refuse = _REFUSALS.get(op)
        error = refuse(dt) if refuse is not None else None
        if error is not None:
            raise error
        cdt = dt
    kdt = _bool if kind == "bool" else cdt
    kernel = op if dt.is_floating_point else _INTEGER_KERNELS.get(op, op)
    shape = x._shape
    device = x._storage.device
    backend = backend_for(device)
    if not inplace and out is None:
        if cdt is dt and is_contiguous(shape, x._strides):
            n = numel(shape)
            flat = backend.empty(n, kdt.numpy)
            res = make_tensor(Tensor, Storage(flat, device, backend), shape, contiguous_strides(shape), 0, kdt)
            backend.unary(kernel, flat_elements(x, n), flat)
            return res
        res, arr = new_result(shape, kdt, device, backend, result_strides(shape, (x,)))
        backend.unary(kernel, array_of(x, cdt, backend), arr)
        return res
    if inplace:
        check_inplace(x, shape, kdt)
        target = x
    else:
        target = prepare_out(out, shape, kdt, op, (x,), exact_dtype=(kind == "same"))
    src = array_of(x, cdt, backend)
    return compute_into(target, kdt, shape, backend, lambda into: backend.unary(kernel, src, into))


def unary(op, x, out=None, inplace=False):
    """``op(x)`` with its autograd record."""
    res = unary_op(op, x, out, inplace)
    node = _NODE_NAMES.get(op)
    if node is None or out is not None:
        return res
    if inplace:
        return x._record_inplace(node, ())
    return x._record_result(res, node, (x,))


def _fast_method(op):
    """The method ``Tensor.op`` through the compiled fast path: a contiguous CPU floating-point
    tensor in one C call, the rest (and everything, with the fast paths off) in ``slow``."""
    def wrap(slow):
        if not FAST_PATHS:
            return slow
        return _operators.unary_method(op, _NODE_NAMES[op], slow)
    return wrap


def declare_unary(name, dtypes, derivative, *, refuse=None, integer_kernel=None, inplace=True, out=True,
                  aliases=(), forms=True, node=None, fused_derivative=None, doc=None):
    """Declares the unary op ``name`` (see the module's docstring); ``forms=False``: an op whose
    forms another family declares (``round``, which also takes ``decimals``);
    ``fused_derivative``: the derivative in fewer kernels (``formula_node``'s ``fused_formula``);
    ``doc``: its documentation (``_doc``)."""
    _KINDS[name] = dtypes
    if refuse is not None:
        _REFUSALS[name] = refuse
    if integer_kernel is not None:
        _INTEGER_KERNELS[name] = integer_kernel
    if derivative is not None:
        node = formula_node(node or f"{name[0].upper()}{name[1:]}Backward0", derivative, ("self",),
                            fused_derivative)
        _NODE_NAMES[name] = node.__name__

    if not forms:
        return None

    def forward(x, out=None, inplace=False):
        return unary(name, x, out, inplace)

    fast = _fast_method(name) if derivative is not None and dtypes != "bool" else None
    return declare(name, forward, "", inplace=inplace, out=out, aliases=aliases, fast_method=fast,
                   doc=doc(name) if doc is not None else None)


def _doc(summary, values, result, dtype_rule="float"):
    """The doc of a unary op (given its name): what it computes, its dtype rule, and the output of
    ``torch.name(torch.tensor(values))``."""
    rule = {"float": " Integer and bool inputs give the default float dtype.",
            "same": " The result has the dtype of ``input``.", "bool": " The result is a bool tensor."}[dtype_rule]
    return lambda name: (summary + rule + example(f">>> torch.{name}(torch.tensor({values}))", result))


def _refuse_bool(error):
    return lambda dtype: error(dtype) if dtype is _bool else None


_NEG_BOOL = ("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a "
             "mask, use the `~` or `logical_not()` operator instead.")
_LOG2, _LOG10 = math.log(2.0), math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _zero(grad):
    """The gradient of a piecewise-constant op."""
    return grad * 0


# ---- the ops --------------------------------------------------------------------------------------
declare_unary("neg", "same", lambda grad: -grad, refuse=_refuse_bool(lambda dt: RuntimeError(_NEG_BOOL)),
              aliases=("negative",),
              doc=_doc("Negates each element of ``input``.", "[1., -2.]", "tensor([-1.,  2.])", "same"))
declare_unary("abs", "same", lambda grad, self: grad * self.sign(),
              refuse=_refuse_bool(lambda dt: not_implemented("abs_cpu", dt)), aliases=("absolute",),
              doc=_doc("The absolute value of each element of ``input``.",
                       "[-1.5, 2.]", "tensor([1.5000, 2.0000])", "same"))
declare_unary("sign", "same", _zero,
              doc=_doc("The sign of each element of ``input``: -1, 0 or 1.",
                       "[-3., 0., 2.]", "tensor([-1.,  0.,  1.])", "same"))
_ROUNDINGS = {
    "floor": _doc("Rounds each element of ``input`` down to the nearest integer.", "[-1.5, 1.5]",
                  "tensor([-2.,  1.])", "same"),
    "ceil": _doc("Rounds each element of ``input`` up to the nearest integer.", "[-1.5, 1.5]",
                 "tensor([-1.,  2.])", "same"),
    "trunc": _doc("Rounds each element of ``input`` towards zero, dropping its fractional part.", "[-1.5, 1.5]",
                  "tensor([-1.,  1.])", "same"),
    "round": None}
for _name, _rounding_doc in _ROUNDINGS.items():
    declare_unary(_name, "same", _zero, integer_kernel="copy", forms=_name != "round", doc=_rounding_doc,
                  refuse=_refuse_bool(lambda dt, name=_name: not_implemented(name + "_vml_cpu", dt)))
declare_unary("relu", "same", lambda grad, result: threshold_grad(grad, result, 0),
              refuse=_refuse_bool(lambda dt: RuntimeError("Boolean inputs not supported for relu")),
              doc=_doc("Each element of ``input`` where it is positive, else 0 (the rectified linear unit).",
                       "[-1., 2.]", "tensor([0., 2.])", "same"))

declare_unary("exp", "float", lambda grad, result: grad * result,
              doc=_doc("The exponential of each element of ``input``, ``e ** input``.",
                       "[0., 1.]", "tensor([1.0000, 2.7183])"))
declare_unary("exp2", "float", lambda grad, result: grad * (result * _LOG2),
              doc=_doc("Two raised to each element of ``input``.", "[0., 3.]", "tensor([1., 8.])"))
declare_unary("expm1", "float", lambda grad, result: grad * (result + 1),
              doc=_doc("``exp(input) - 1``, accurate for elements near zero.",
                       "[0., 1e-5]", "tensor([0.0000e+00, 1.0000e-05])"))
declare_unary("log", "float", lambda grad, self: grad / self,
              doc=_doc("The natural logarithm of each element of ``input``; negative elements give NaN.",
                       "[1., 10.]", "tensor([0.0000, 2.3026])"))
declare_unary("log2", "float", lambda grad, self: grad / (self * _LOG2),
              doc=_doc("The base-2 logarithm of each element of ``input``.", "[1., 8.]", "tensor([0., 3.])"))
declare_unary("log10", "float", lambda grad, self: grad / (self * _LOG10),
              doc=_doc("The base-10 logarithm of each element of ``input``.", "[1., 100.]", "tensor([0., 2.])"))
declare_unary("log1p", "float", lambda grad, self: grad / (self + 1), node="Log1PBackward0",
              doc=_doc("``log(1 + input)``, accurate for elements near zero.",
                       "[0., 1e-5]", "tensor([0.0000e+00, 9.9999e-06])"))
declare_unary("sqrt", "float", lambda grad, result: grad / (result * 2),
              doc=_doc("The square root of each element of ``input``; negative elements give NaN.",
                       "[4., 2.]", "tensor([2.0000, 1.4142])"))
declare_unary("rsqrt", "float", lambda grad, result: grad * (result.pow(3) * -0.5),
              doc=_doc("The reciprocal of the square root of each element of ``input``.",
                       "[4., 0.25]", "tensor([0.5000, 2.0000])"))
declare_unary("reciprocal", "float", lambda grad, result: grad * -(result * result),
              doc=_doc("``1 / input``, element by element.", "[2., -4.]", "tensor([ 0.5000, -0.2500])"))
declare_unary("sin", "float", lambda grad, self: grad * self.cos(),
              doc=_doc("The sine of each element of ``input`` (in radians).", "[0., 1.5708]", "tensor([0., 1.])"))
declare_unary("cos", "float", lambda grad, self: grad * -self.sin(),
              doc=_doc("The cosine of each element of ``input`` (in radians).", "[0., 3.1416]", "tensor([ 1., -1.])"))
declare_unary("tan", "float", lambda grad, result: grad * (result * result + 1),
              doc=_doc("The tangent of each element of ``input`` (in radians).",
                       "[0., 0.7854]", "tensor([0.0000, 1.0000])"))
declare_unary("asin", "float", lambda grad, self: grad * (-(self * self) + 1).rsqrt(), aliases=("arcsin",),
              doc=_doc("The inverse sine of each element of ``input``, in radians; outside [-1, 1] gives NaN.",
                       "[0., 1.]", "tensor([0.0000, 1.5708])"))
declare_unary("acos", "float", lambda grad, self: grad * -(-(self * self) + 1).rsqrt(), aliases=("arccos",),
              doc=_doc("The inverse cosine of each element of ``input``, in radians; outside [-1, 1] gives NaN.",
                       "[1., 0.]", "tensor([0.0000, 1.5708])"))
declare_unary("atan", "float", lambda grad, self: grad / (self * self + 1), aliases=("arctan",),
              doc=_doc("The inverse tangent of each element of ``input``, in radians.",
                       "[0., 1.]", "tensor([0.0000, 0.7854])"))
declare_unary("sinh", "float", lambda grad, self: grad * self.cosh(),
              doc=_doc("The hyperbolic sine of each element of ``input``.", "[0., 1.]", "tensor([0.0000, 1.1752])"))
declare_unary("cosh", "float", lambda grad, self: grad * self.sinh(),
              doc=_doc("The hyperbolic cosine of each element of ``input``.", "[0., 1.]", "tensor([1.0000, 1.5431])"))
# PyTorch's kernel fuses 1 - y * y into one multiply-add (addcmul's rounding)
declare_unary("tanh", "float", lambda grad, result: grad * result.new_ones(()).addcmul(result, result, value=-1),
              fused_derivative=tanh_backward,
              doc=_doc("The hyperbolic tangent of each element of ``input``.", "[0., 1.]", "tensor([0.0000, 0.7616])"))
declare_unary("asinh", "float", lambda grad, self: grad * (self * self + 1).rsqrt(), aliases=("arcsinh",),
              doc=_doc("The inverse hyperbolic sine of each element of ``input``.",
                       "[0., 1.]", "tensor([0.0000, 0.8814])"))
declare_unary("acosh", "float", lambda grad, self: grad * (self * self - 1).rsqrt(), aliases=("arccosh",),
              doc=_doc("The inverse hyperbolic cosine of each element of ``input``; below 1 gives NaN.",
                       "[1., 2.]", "tensor([0.0000, 1.3170])"))
declare_unary("atanh", "float", lambda grad, self: grad / (-(self * self) + 1), aliases=("arctanh",),
              doc=_doc("The inverse hyperbolic tangent of each element of ``input``; outside [-1, 1] gives NaN.",
                       "[0., 0.5]", "tensor([0.0000, 0.5493])"))
declare_unary("sigmoid", "float", lambda grad, result: grad * (-result + 1) * result,
              fused_derivative=sigmoid_backward,
              doc=_doc("The logistic sigmoid ``1 / (1 + exp(-input))`` of each element.",
                       "[0., 2.]", "tensor([0.5000, 0.8808])"))
# nn.functional.silu's kernel (x / (1 + exp(-x)), PyTorch's formula); its node is recorded there
declare_unary("silu", "same", None, forms=False)
declare_unary("erf", "float", lambda grad, self: grad * ((-(self * self)).exp() * _TWO_OVER_SQRT_PI),
              doc=_doc("The Gauss error function of each element of ``input``.",
                       "[0., 1.]", "tensor([0.0000, 0.8427])"))

declare_unary("isnan", "bool", None, inplace=False, out=False,
              doc=_doc("Where the elements of ``input`` are NaN.", "[1., float('nan')]",
                       "tensor([False,  True])", "bool"))
declare_unary("isinf", "bool", None, inplace=False, out=False,
              doc=_doc("Where the elements of ``input`` are positive or negative infinity.",
                       "[1., float('inf'), float('-inf')]", "tensor([False,  True,  True])", "bool"))
declare_unary("isfinite", "bool", None, inplace=False, out=False,
              doc=_doc("Where the elements of ``input`` are neither infinite nor NaN.",
                       "[1., float('inf'), float('nan')]", "tensor([ True, False, False])", "bool"))
declare_unary("logical_not", "bool", None,
              doc=_doc("The logical negation of each element of ``input``: True where it is zero.",
                       "[0, 1, 2]", "tensor([ True, False, False])", "bool"))
declare_unary("bitwise_not", "same", None,
              refuse=lambda dt: not_implemented("bitwise_not_cpu", dt) if dt.is_floating_point else None,
              doc=_doc("The bitwise negation of each element of an integer or bool ``input`` (``~input``).",
                       "[0, 5]", "tensor([-1, -6])", "same"))

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
                  aliases=(), forms=True, node=None, fused_derivative=None):
    """Declares the unary op ``name`` (see the module's docstring); ``forms=False``: an op whose
    forms another family declares (``round``, which also takes ``decimals``);
    ``fused_derivative``: the derivative in fewer kernels (``formula_node``'s ``fused_formula``)."""
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
    return declare(name, forward, "", inplace=inplace, out=out, aliases=aliases, fast_method=fast)


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
              aliases=("negative",))
declare_unary("abs", "same", lambda grad, self: grad * self.sign(),
              refuse=_refuse_bool(lambda dt: not_implemented("abs_cpu", dt)), aliases=("absolute",))
declare_unary("sign", "same", _zero)
for _name in ("floor", "ceil", "trunc", "round"):
    declare_unary(_name, "same", _zero, integer_kernel="copy", forms=_name != "round",
                  refuse=_refuse_bool(lambda dt, name=_name: not_implemented(name + "_vml_cpu", dt)))
declare_unary("relu", "same", lambda grad, result: threshold_grad(grad, result, 0),
              refuse=_refuse_bool(lambda dt: RuntimeError("Boolean inputs not supported for relu")))

declare_unary("exp", "float", lambda grad, result: grad * result)
declare_unary("exp2", "float", lambda grad, result: grad * (result * _LOG2))
declare_unary("expm1", "float", lambda grad, result: grad * (result + 1))
declare_unary("log", "float", lambda grad, self: grad / self)
declare_unary("log2", "float", lambda grad, self: grad / (self * _LOG2))
declare_unary("log10", "float", lambda grad, self: grad / (self * _LOG10))
declare_unary("log1p", "float", lambda grad, self: grad / (self + 1), node="Log1PBackward0")
declare_unary("sqrt", "float", lambda grad, result: grad / (result * 2))
declare_unary("rsqrt", "float", lambda grad, result: grad * (result.pow(3) * -0.5))
declare_unary("reciprocal", "float", lambda grad, result: grad * -(result * result))
declare_unary("sin", "float", lambda grad, self: grad * self.cos())
declare_unary("cos", "float", lambda grad, self: grad * -self.sin())
declare_unary("tan", "float", lambda grad, result: grad * (result * result + 1))
declare_unary("asin", "float", lambda grad, self: grad * (-(self * self) + 1).rsqrt(), aliases=("arcsin",))
declare_unary("acos", "float", lambda grad, self: grad * -(-(self * self) + 1).rsqrt(), aliases=("arccos",))
declare_unary("atan", "float", lambda grad, self: grad / (self * self + 1), aliases=("arctan",))
declare_unary("sinh", "float", lambda grad, self: grad * self.cosh())
declare_unary("cosh", "float", lambda grad, self: grad * self.sinh())
# PyTorch's kernel fuses 1 - y * y into one multiply-add (addcmul's rounding)
declare_unary("tanh", "float", lambda grad, result: grad * result.new_ones(()).addcmul(result, result, value=-1),
              fused_derivative=tanh_backward)
declare_unary("asinh", "float", lambda grad, self: grad * (self * self + 1).rsqrt(), aliases=("arcsinh",))
declare_unary("acosh", "float", lambda grad, self: grad * (self * self - 1).rsqrt(), aliases=("arccosh",))
declare_unary("atanh", "float", lambda grad, self: grad / (-(self * self) + 1), aliases=("arctanh",))
declare_unary("sigmoid", "float", lambda grad, result: grad * (-result + 1) * result,
              fused_derivative=sigmoid_backward)
# nn.functional.silu's kernel (x / (1 + exp(-x)), PyTorch's formula); its node is recorded there
declare_unary("silu", "same", None, forms=False)
declare_unary("erf", "float", lambda grad, self: grad * ((-(self * self)).exp() * _TWO_OVER_SQRT_PI))

declare_unary("isnan", "bool", None, inplace=False, out=False)
declare_unary("isinf", "bool", None, inplace=False, out=False)
declare_unary("isfinite", "bool", None, inplace=False, out=False)
declare_unary("logical_not", "bool", None)
declare_unary("bitwise_not", "same", None,
              refuse=lambda dt: not_implemented("bitwise_not_cpu", dt) if dt.is_floating_point else None)

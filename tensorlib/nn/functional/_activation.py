"""The activation functions, softmax, softmin and log_softmax."""
import math
import warnings

from ... import _creation, _dtype as D
from ..._functional import where as _where
from ..._tensor import Tensor
from ..._type_names import not_implemented
from ...ops._common import backend_for, new_result
from ...ops.unary import unary_op
from ._common import _write_inplace


def relu(input, inplace=False):
    return input.relu_() if inplace else input.relu()


def relu_(input):
    return input.relu_()


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0, inplace)


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """``clamp(input, min_val, max_val)`` (HardtanhBackward0)."""
    out = input.detach().clamp(min_val, max_val)
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace("HardtanhBackward0", (), min_val=min_val, max_val=max_val)
    return input._record_result(out, "HardtanhBackward0", (input,), min_val=min_val, max_val=max_val)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """``max(0, x) + negative_slope * min(0, x)`` (LeakyReluBackward0)."""
    x = input.detach()
    out = _where(x > 0, x, x * negative_slope)
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace("LeakyReluBackward0", (), negative_slope=negative_slope)
    return input._record_result(out, "LeakyReluBackward0", (input,), negative_slope=negative_slope)


def _working_copy(input):
    """``input`` detached, in the dtype a composite formula runs in: float32 for float16 and
    bfloat16 (convert the result back with ``.to(input.dtype)``: rounded once, as PyTorch's kernels)."""
    return input.detach().to(D.compute_dtype(input.dtype))


def elu(input, alpha=1.0, inplace=False):
    if inplace:
        # the graph sees ELU of a copy written back into the input, so no saved value is overwritten
        return input.copy_(elu(input.clone(), alpha))
    x = _working_copy(input)
    out = _where(x > 0, x, x.expm1() * alpha).to(input.dtype)
    return input._record_result(out, "EluBackward0", (input,), alpha=alpha)


def _fused_gelu(input, approximate):
    """gelu of a float32/float64 tensor as one backend kernel (the composed formula's roundings);
    None where the kernel declines."""
    if input._dtype not in (D.float32, D.float64) or not input.numel():
        return None
    device = input._storage.device
    backend = backend_for(device)
    out, arr = new_result(input._shape, input._dtype, device, backend)
    return out if backend.gelu(input._array(), approximate, arr) else None


def gelu(input, *, approximate="none"):
    """``x * Phi(x)`` (Phi: the standard normal CDF; ``approximate="tanh"``: its tanh
    approximation) (GeluBackward0)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"gelu(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if not isinstance(approximate, str):
        raise TypeError(f"gelu(): argument 'approximate' must be str, not {type(approximate).__name__}")
    if not input.is_floating_point():
        raise NotImplementedError(f"\"GeluKernelImpl\" not implemented for '{input.dtype.legacy_name[:-6]}'")
    if approximate in ("none", "tanh"):
        out = _fused_gelu(input, approximate)
        if out is not None:
            return input._record_result(out, "GeluBackward0", (input,), approximate=approximate)
    x = _working_copy(input)
    if approximate == "tanh":
        inner = (x + x * x * x * 0.044715) * math.sqrt(2.0 / math.pi)
        out = x * 0.5 * (inner.tanh() + 1)
    elif approximate == "none":
        out = x * 0.5 * ((x * (1.0 / math.sqrt(2.0))).erf() + 1)
    else:
        raise RuntimeError("approximate argument must be either none or tanh.")
    return input._record_result(out.to(input.dtype), "GeluBackward0", (input,), approximate=approximate)


def silu(input, inplace=False):
    """``x * sigmoid(x)``, computed as PyTorch does, ``x / (1 + exp(-x))`` (SiluBackward0);
    ``inplace`` writes it into ``input``."""
    if not input.is_floating_point():
        raise not_implemented("silu_cpu", input.dtype)
    out = unary_op("silu", _working_copy(input)).to(input.dtype)
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace("SiluBackward0", ())
    return input._record_result(out, "SiluBackward0", (input,))


def softplus(input, beta=1.0, threshold=20.0):
    x = _working_copy(input)
    bx = x * beta
    soft = (bx.clamp(max=threshold).exp()).log1p() / beta
    out = _where(bx > threshold, x, soft).to(input.dtype)
    return input._record_result(out, "SoftplusBackward0", (input,), beta=beta, threshold=threshold)


def logsigmoid(input):
    x = _working_copy(input)
    # log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|))
    out = (x.clamp(max=0) - (-x.abs()).exp().log1p()).to(input.dtype)
    return input._record_result(out, "LogSigmoidBackward0", (input,))


def _softmax_dim(name, ndim, stacklevel):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                  "as an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """softmax over ``dim`` (``Tensor.softmax``; SoftmaxBackward0); ``dim=None`` picks one
    with PyTorch's deprecation warning; ``dtype``: the input is cast to it first."""
    if dim is None:
        dim = _softmax_dim("softmax", input.dim(), _stacklevel)
    return input.softmax(dim) if dtype is None else input.softmax(dim, dtype=dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax of ``-input`` over ``dim``."""
    if dim is None:
        dim = _softmax_dim("softmin", input.dim(), _stacklevel)
    return (-input).softmax(dim) if dtype is None else (-input).softmax(dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """``x - logsumexp(x, dim)`` in one backend kernel (``Tensor.log_softmax``; LogSoftmaxBackward0)."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input.dim(), _stacklevel)
    return input.log_softmax(dim) if dtype is None else input.log_softmax(dim, dtype=dtype)


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """A sample of the Gumbel-softmax distribution over ``dim``: softmax((logits + Gumbel
    noise) / tau); ``hard``: the one-hot of its argmax in the forward pass, the soft
    sample's gradient in the backward pass (straight-through).  ``eps`` is deprecated."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    # Gumbel noise as PyTorch draws it: minus the log of Exp(1) samples in the logits' dtype
    gumbels = -_creation.empty(tuple(logits.shape), dtype=logits.dtype, device=logits.device).exponential_().log()
    soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return soft
    index = soft.max(dim, keepdim=True)[1]
    one_hot = _creation.zeros_like(logits).scatter_(dim, index, 1.0)
    return one_hot - soft.detach() + soft


def _pointwise_activation(name, input, inplace, values):
    """``values(x)`` of a floating ``input`` (worked in float32 for half types), recorded
    as PyTorch's ``<Name>Backward0``; ``inplace`` writes it into ``input``."""
    if not input.dtype.is_floating_point:
        raise not_implemented(f"{name}_{input.device.type}", input.dtype)
    out = values(_working_copy(input)).to(input.dtype)
    node = f"{name[0].upper()}{name[1:]}Backward0"
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace(node, ())
    return input._record_result(out, node, (input,))


def mish(input, inplace=False):
    """``x * tanh(softplus(x))`` (MishBackward0); ``inplace`` writes it into ``input``."""
    return _pointwise_activation("mish", input, inplace, lambda x: x * _where(
        x > 20, x, x.exp().log1p()).tanh())


def hardswish(input, inplace=False):
    """``x * relu6(x + 3) / 6`` (HardswishBackward0); ``inplace`` writes it into ``input``."""
    return _pointwise_activation("hardswish", input, inplace, lambda x: x * (x + 3).clamp(0, 6) / 6)


def hardsigmoid(input, inplace=False):
    """``relu6(x + 3) / 6`` (HardsigmoidBackward0); ``inplace`` writes it into ``input``."""
    return _pointwise_activation("hardsigmoid", input, inplace, lambda x: (x + 3).clamp(0, 6) / 6)

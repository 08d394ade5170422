"""The activation functions, softmax, softmin and log_softmax."""
import math
import warnings

from ... import _creation, _creation_like, _dtype as D
from ..._functional import where as _where
from ..._tensor import Tensor
from ..._type_names import not_implemented
from ...ops._common import backend_for, new_result
from ...ops.unary import unary_op
from ._common import _write_inplace


def relu(input, inplace=False):
    """Applies ``max(0, x)`` elementwise.

    Args:
        input (Tensor): the input.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.relu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.0000, 0.0000, 1.5000])
    """
    return input.relu_() if inplace else input.relu()


def relu_(input):
    """In-place ``relu``: replaces each negative element of ``input`` by 0 and returns ``input``."""
    return input.relu_()


def relu6(input, inplace=False):
    """Applies ``min(max(0, x), 6)`` elementwise.

    Args:
        input (Tensor): the input.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.relu6(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.0000, 0.0000, 1.5000])
    """
    return hardtanh(input, 0.0, 6.0, inplace)


def sigmoid(input):
    """Applies the logistic function ``1 / (1 + exp(-x))`` elementwise.

    Args:
        input (Tensor): the input.
    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.sigmoid(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.1192, 0.5000, 0.8176])
    """
    return input.sigmoid()


def tanh(input):
    """Applies the hyperbolic tangent elementwise.

    Args:
        input (Tensor): the input.
    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.tanh(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.9640,  0.0000,  0.9051])
    """
    return input.tanh()


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Clamps each element to ``[min_val, max_val]``.

    Args:
        input (Tensor): the input.
        min_val (float): the lower bound. Default: ``-1.0``.
        max_val (float): the upper bound. Default: ``1.0``.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.hardtanh(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-1.,  0.,  1.])
    """
    out = input.detach().clamp(min_val, max_val)
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace("HardtanhBackward0", (), min_val=min_val, max_val=max_val)
    return input._record_result(out, "HardtanhBackward0", (input,), min_val=min_val, max_val=max_val)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """Applies ``max(0, x) + negative_slope * min(0, x)`` elementwise.

    Args:
        input (Tensor): the input.
        negative_slope (float): the slope for negative inputs. Default: ``0.01``.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.leaky_relu(torch.tensor([-2.0, 0.0, 1.5]), 0.1)
        tensor([-0.2000,  0.0000,  1.5000])
    """
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
    """Applies the exponential linear unit: ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Args:
        input (Tensor): the input.
        alpha (float): the negative saturation value is ``-alpha``. Default: ``1.0``.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.elu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.8647,  0.0000,  1.5000])
    """
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
    """Applies the Gaussian error linear unit, ``x * Phi(x)``, with ``Phi`` the standard normal CDF.

    Args:
        input (Tensor): the input.
        approximate (str): ``'none'`` for the exact ``erf`` form, ``'tanh'`` for the tanh
            approximation. Default: ``'none'``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.gelu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.0455,  0.0000,  1.3998])
    """
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
    """Applies the sigmoid linear unit (swish), ``x * sigmoid(x)``, elementwise.

    Args:
        input (Tensor): the input.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.silu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.2384,  0.0000,  1.2264])
    """
    if not input.is_floating_point():
        raise not_implemented("silu_cpu", input.dtype)
    out = unary_op("silu", _working_copy(input)).to(input.dtype)
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace("SiluBackward0", ())
    return input._record_result(out, "SiluBackward0", (input,))


def softplus(input, beta=1.0, threshold=20.0):
    """Applies ``log(1 + exp(beta * x)) / beta`` elementwise, a smooth approximation of relu.

    Args:
        input (Tensor): the input.
        beta (float): the sharpness. Default: ``1.0``.
        threshold (float): where ``beta * x`` exceeds it the result is ``x``. Default: ``20.0``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.softplus(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.1269, 0.6931, 1.7014])
    """
    x = _working_copy(input)
    bx = x * beta
    soft = (bx.clamp(max=threshold).exp()).log1p() / beta
    out = _where(bx > threshold, x, soft).to(input.dtype)
    return input._record_result(out, "SoftplusBackward0", (input,), beta=beta, threshold=threshold)


def logsigmoid(input):
    """Applies ``log(sigmoid(x))`` elementwise, stable for large ``|x|``.

    Args:
        input (Tensor): the input.
    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.logsigmoid(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-2.1269, -0.6931, -0.2014])
    """
    x = _working_copy(input)
    # log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|))
    out = (x.clamp(max=0) - (-x.abs()).exp().log1p()).to(input.dtype)
    return input._record_result(out, "LogSigmoidBackward0", (input,))


def _softmax_dim(name, ndim, stacklevel):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                  "as an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Rescales the slices along ``dim`` to positive values summing to 1: ``exp(x_i) / sum_j exp(x_j)``.

    Args:
        input (Tensor): the input.
        dim (int): the dim the slices run along.  None picks one from the input's rank, with a
            deprecation warning.
        dtype (torch.dtype, optional): cast the input to this dtype first.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.softmax(torch.tensor([[1.0, 2.0, 3.0]]), dim=1)
        tensor([[0.0900, 0.2447, 0.6652]])
    """
    if dim is None:
        dim = _softmax_dim("softmax", input.dim(), _stacklevel)
    return input.softmax(dim) if dtype is None else input.softmax(dim, dtype=dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """Applies softmax to ``-input`` along ``dim``: the smallest element gets the largest weight.

    Args:
        input (Tensor): the input.
        dim (int): the dim the slices run along.  None picks one from the input's rank, with a
            deprecation warning.
        dtype (torch.dtype, optional): cast the input to this dtype first.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.softmin(torch.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.6652, 0.2447, 0.0900])
    """
    if dim is None:
        dim = _softmax_dim("softmin", input.dim(), _stacklevel)
    return (-input).softmax(dim) if dtype is None else (-input).softmax(dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Computes ``log(softmax(x))`` along ``dim`` in one stable step: ``x - logsumexp(x)``.

    Args:
        input (Tensor): the input.
        dim (int): the dim the slices run along.  None picks one from the input's rank, with a
            deprecation warning.
        dtype (torch.dtype, optional): cast the input to this dtype first.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.log_softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    if dim is None:
        dim = _softmax_dim("log_softmax", input.dim(), _stacklevel)
    return input.log_softmax(dim) if dtype is None else input.log_softmax(dim, dtype=dtype)


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """Draws a sample of the Gumbel-softmax (concrete) distribution: ``softmax((logits + g) / tau)``
    along ``dim``, with ``g`` Gumbel noise.

    Args:
        logits (Tensor): unnormalised log-probabilities.
        tau (float): the temperature; small values give nearly one-hot samples. Default: ``1``.
        hard (bool): return the one-hot of the sample's argmax, while the gradient is that of the
            soft sample (straight-through). Default: ``False``.
        eps (float): unused; kept for compatibility. Default: ``1e-10``.
        dim (int): the dim of the categories. Default: ``-1``.

    Returns:
        Tensor: a sample, shaped as ``logits``.

    Example::

        >>> import torch.nn.functional as F
        >>> _ = torch.manual_seed(0)
        >>> F.gumbel_softmax(torch.zeros(2, 3), hard=True).sum(dim=1)
        tensor([1., 1.])
    """
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    # Gumbel noise as PyTorch draws it: minus the log of Exp(1) samples in the logits' dtype
    gumbels = -_creation.empty(tuple(logits.shape), dtype=logits.dtype, device=logits.device).exponential_().log()
    soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return soft
    index = soft.max(dim, keepdim=True)[1]
    one_hot = _creation_like.zeros_like(logits).scatter_(dim, index, 1.0)
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
    """Applies ``x * tanh(softplus(x))`` elementwise.

    Args:
        input (Tensor): the input.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.mish(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.2525,  0.0000,  1.4034])
    """
    return _pointwise_activation("mish", input, inplace, lambda x: x * _where(
        x > 20, x, x.exp().log1p()).tanh())


def hardswish(input, inplace=False):
    """Applies ``x * relu6(x + 3) / 6`` elementwise.

    Args:
        input (Tensor): the input.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.hardswish(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.3333,  0.0000,  1.1250])
    """
    return _pointwise_activation("hardswish", input, inplace, lambda x: x * (x + 3).clamp(0, 6) / 6)


def hardsigmoid(input, inplace=False):
    """Applies ``relu6(x + 3) / 6`` elementwise.

    Args:
        input (Tensor): the input.
        inplace (bool): write the result into ``input`` and return it. Default: ``False``.

    Returns:
        Tensor: the result, shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.hardsigmoid(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.1667, 0.5000, 0.7500])
    """
    return _pointwise_activation("hardsigmoid", input, inplace, lambda x: (x + 3).clamp(0, 6) / 6)

"""linear, bilinear and flatten."""
from ... import _operators
from ..._fast_paths import FAST_PATHS
from ...ops import _autocast
from ...ops._autocast import lower_precision
from ...ops.linalg import addmm as _addmm
from ._common import _scalar_name, as_function


def linear(input, weight, bias=None):
    """Applies an affine map to the last dim: ``input @ weight.T + bias``.

    Args:
        input (Tensor): ``(*, in_features)``.
        weight (Tensor): ``(out_features, in_features)`` (or ``(in_features,)``).
        bias (Tensor, optional): ``(out_features,)``.

    Returns:
        Tensor: ``(*, out_features)``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.linear(torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0, 0.0], [1.0, 1.0]]), torch.tensor([0.5, 0.0]))
        tensor([[1.5000, 3.0000]])
    """
    input, weight, bias = lower_precision(input, weight, bias)
    if bias is None:
        return input.matmul(weight.t())
    if input._dtype is not weight._dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_scalar_name(input.dtype)} and "
                           f"{_scalar_name(weight.dtype)}")
    if bias._dtype is not weight._dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_scalar_name(bias.dtype)} and "
                           f"{_scalar_name(weight.dtype)}")
    nd = len(input._shape)
    if nd == 2:
        return _addmm(bias, input, weight.t())
    if nd == 0:
        raise RuntimeError("both arguments to linear need to be at least 1D, but they are 0D and 2D")
    if not input.is_contiguous():   # as PyTorch: the product rounded, then the bias added
        return input.matmul(weight.t()) + bias
    shape = input._shape  # a plain tuple: no Size objects made on this per-layer path
    out = _addmm(bias, input.reshape(-1, shape[-1]), weight.t())
    return out.view(shape[:-1] + out._shape[-1:])


if FAST_PATHS:
    linear = as_function(_operators.linear_function(linear, _autocast), linear)


def bilinear(input1, input2, weight, bias=None):
    """Applies a bilinear map: ``y[..., k] = input1 @ weight[k] @ input2 + bias[k]``.

    Args:
        input1 (Tensor): ``(*, in1_features)``.
        input2 (Tensor): ``(*, in2_features)``.
        weight (Tensor): ``(out_features, in1_features, in2_features)``.
        bias (Tensor, optional): ``(out_features,)``.

    Returns:
        Tensor: ``(*, out_features)``.
    """
    out = (input1.unsqueeze(-2).unsqueeze(-2).matmul(weight).squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    if bias is not None:
        out = out + bias
    return out


def flatten(input, start_dim=0, end_dim=-1):
    """Flattens the dims ``start_dim`` to ``end_dim`` of ``input`` into one (as ``torch.flatten``).

    Args:
        input (Tensor): the input.
        start_dim (int): the first dim to flatten. Default: ``0``.
        end_dim (int): the last dim to flatten. Default: ``-1``.

    Returns:
        Tensor: a view where possible, else a copy.
    """
    return input.flatten(start_dim, end_dim)

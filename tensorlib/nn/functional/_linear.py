"""linear, bilinear and flatten."""
from ...ops._autocast import lower_precision
from ...ops.linalg import addmm as _addmm
from ._common import _scalar_name


def linear(input, weight, bias=None):
    """``input @ weight.T + bias``: addmm for 2-D input with a bias (AddmmBackward0)
    and, for other ranks, a 2-D view of the input (ViewBackward0 on top)."""
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
    flat = input.reshape(-1, input.shape[-1])
    out = _addmm(bias, flat, weight.t())
    return out.view(tuple(input.shape[:-1]) + (out.shape[-1],))


def bilinear(input1, input2, weight, bias=None):
    """``x1^T A x2 + b`` for each output feature (composite of tensorlib ops)."""
    out = (input1.unsqueeze(-2).unsqueeze(-2).matmul(weight).squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    if bias is not None:
        out = out + bias
    return out


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)

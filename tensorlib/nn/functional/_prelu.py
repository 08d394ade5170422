"""prelu: max(0, x) + weight * min(0, x) with a learnt slope per channel
(PreluKernelBackward0)."""
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...ops.nodes._formula import formula_node


def _prelu_backward(grad, self, weight):
    positive = self > 0
    grad_self = grad.where(positive, weight * grad)
    grad_weight = (self * grad).masked_fill(positive, 0).sum_to_size(weight.shape)
    return grad_self, grad_weight


formula_node("PreluKernelBackward0", _prelu_backward, ("self", "weight"))


def _scalar_type(dtype):
    return dtype.legacy_name[:-len("Tensor")]


def prelu(input, weight):
    """Applies ``max(0, x) + weight * min(0, x)``: a leaky relu with the slope(s) ``weight``.

    Args:
        input (Tensor): the input, channels at dim 1.
        weight (Tensor): one slope, or one per channel.

    Returns:
        Tensor: shaped as ``input``.
    """
    if input.dtype != weight.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {_scalar_type(input.dtype)} and "
                           f"{_scalar_type(weight.dtype)}")
    if weight.numel() != 1:
        if input.dim() == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.size(1) if input.dim() > 1 else 1
        if channels != weight.numel():
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                               f"{weight.numel()} and channel size = {channels}.")
    if weight.dim() > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.dim()}")
    if not input.dtype.is_floating_point:
        raise not_implemented(f"prelu_{input.device.type}", input.dtype)
    if input.dim() != weight.dim():
        # the slopes broadcast along dim 1 (a view, as in PyTorch: ViewBackward0 to the weight)
        weight = weight.reshape(tuple(weight.numel() if dim == 1 else 1 for dim in range(input.dim())))
    with no_grad():
        value = input.where(input > 0, weight * input)
    return input._record_result(value, "PreluKernelBackward0", (input, weight))

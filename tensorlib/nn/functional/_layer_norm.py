"""Normalisation over features rather than the batch: layer_norm
(NativeLayerNormBackward0), group_norm (NativeGroupNormBackward0) and rms_norm
(composed of tensor ops, as PyTorch composes it)."""
import numbers

import numpy as np

from ... import _dtype as D
from ... import _operators
from ..._fast_paths import FAST_PATHS
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops._common import backend_for, new_result
from ...ops.nodes._base import needs
from ._common import _grad_mode, _record, as_function

_FUSED_DTYPES = (D.float32, D.float64)


def _standardized_grad(gy, xhat, rstd, dims):
    """The gradient through ``(x - mean) * rstd`` (statistics over ``dims``) of ``gy``,
    the incoming gradient already scaled by the affine weight."""
    return (gy - gy.mean(dims, keepdim=True) - xhat * (gy * xhat).mean(dims, keepdim=True)) * rstd


def _statistics(x, dims, eps):
    """Mean and reciprocal standard deviation (biased variance) over ``dims``, kept as size-1 dims."""
    mean = x.mean(dims, keepdim=True)
    centered = x - mean
    return mean, ((centered * centered).mean(dims, keepdim=True) + eps).rsqrt()


def _shape_list(value, function, name="normalized_shape"):
    """A ``normalized_shape`` argument as PyTorch's parser takes it (a sequence of ints)."""
    if type(value) is tuple and len(value) == 1 and type(value[0]) is int:  # a module's own shape
        return value
    if isinstance(value, (tuple, list)) and all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                                                for v in value):
        return tuple(int(v) for v in value)
    raise TypeError(f"{function}(): argument '{name}' (position 2) must be tuple of ints, not "
                    f"{type(value).__name__}")


def _check_floating(x, kernel):
    if not x.is_floating_point():
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{x.dtype.legacy_name[:-6]}'")


def _check_same_dtype(x, *params):
    """Parameters of the input's dtype, or float32 ones for a float16 input (PyTorch's mixed mode)."""
    dtype = x._dtype
    mixed = [p for p in params if p is not None and p._dtype is not dtype]
    if not mixed or (x.dtype is D.float16 and all(p.dtype is D.float32 for p in mixed)):
        return
    if x.dtype is D.float32:
        raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
    raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _as_dtypes_of(grads, tensors):
    """Each gradient in the dtype of its tensor (a float16 input may have float32 parameters)."""
    return tuple(g if g is None or g.dtype is t.dtype else g.to(t.dtype) for g, t in zip(grads, tensors))


def _check_normalized_shape(input, shape, separator=", "):
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           f"element, but got normalized_shape = {list(shape)}")
    if len(input._shape) < len(shape) or input._shape[len(input._shape) - len(shape):] != shape:
        listed = ", ".join(str(s) for s in shape)
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape [*{separator}{listed}], "
                           f"but got input of size{list(input.shape)}")


def _check_param_shape(param, name, shape):
    if param is not None and param._shape != shape:
        raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                           f"{list(param.shape)} and normalized_shape = {list(shape)}")


def _work(x):
    """float16 is normalised in float32 and rounded once."""
    return x.to(D.float32) if x.dtype is D.float16 else x


class NativeLayerNormBackward0(SavingNode):
    """layer_norm(input, weight, bias) over the trailing ``dims`` of the input."""
    __slots__ = ("dims", "eps")
    saved_names = ("input", "weight", "result1", "result2")  # PyTorch's names of the mean and rstd

    def setup(self, inputs, result, ctx):
        self.dims = ctx["dims"]
        self.eps = ctx["eps"]
        self._save(inputs[0], inputs[1], ctx["mean"], ctx["rstd"])

    def apply(self, grads):
        g = grads[0]
        x, weight, mean, rstd = self._unpack()
        if not _grad_mode():   # one kernel (create_graph: the composed formula below)
            done = _fused_backward(self, g, x, weight, mean, rstd)
            if done is not None:
                return done
        dims = self.dims
        if _grad_mode():   # create_graph: the statistics as functions of the input
            mean, rstd = _statistics(x, dims, self.eps)
        xhat = (x - mean) * rstd
        batch = tuple(range(x.dim() - len(dims)))
        gx = gw = gb = None
        if needs(self, 0):
            gx = _standardized_grad(g if weight is None else g * weight, xhat, rstd, dims)
        if needs(self, 1):
            gw = (g * xhat).sum(batch) if batch else g * xhat
        if needs(self, 2):
            gb = g.sum(batch) if batch else g
        return _as_dtypes_of((gx, gw, gb), (x, weight, weight))


def _fusable(first, *tensors):
    """Whether the row kernels take these tensors (None: absent): float32/float64 of one dtype,
    not empty."""
    dtype = first._dtype
    if dtype not in _FUSED_DTYPES or 0 in first._shape:
        return False
    for t in tensors:
        if t is not None and t._dtype is not dtype:
            return False
    return True


def _fused_forward(input, weight, bias, dims, eps):
    """``(out, mean, rstd)`` from the backend's row kernel, or None where it declines."""
    if not _fusable(input, weight, bias):
        return None
    device = input._storage.device
    backend = backend_for(device)
    stats_shape = input._shape[:len(input._shape) - len(dims)] + (1,) * len(dims)
    out, out_arr = new_result(input._shape, input._dtype, device, backend)
    mean, mean_arr = new_result(stats_shape, input._dtype, device, backend)
    rstd, rstd_arr = new_result(stats_shape, input._dtype, device, backend)
    if not backend.layer_norm(input._array(), None if weight is None else weight._array(),
                              None if bias is None else bias._array(), eps, out_arr, mean_arr.reshape(-1),
                              rstd_arr.reshape(-1)):
        return None
    return out, mean, rstd


def _fused_backward(node, g, x, weight, mean, rstd):
    """The node's gradients from the backend's row kernel, or None where it declines."""
    if not _fusable(g, x, weight, mean, rstd):
        return None
    device = x._storage.device
    backend = backend_for(device)
    gx = gw = gb = None
    grad_input = grad_weight = grad_bias = None
    if needs(node, 0):
        gx, grad_input = new_result(x._shape, x._dtype, device, backend)
    if needs(node, 1) or needs(node, 2):
        shape = x._shape[len(x._shape) - len(node.dims):]
        gw, grad_weight = new_result(shape, x._dtype, device, backend)
        gb, grad_bias = new_result(shape, x._dtype, device, backend)
    if not backend.layer_norm_backward(g._array(), x._array(), mean._array().reshape(-1), rstd._array().reshape(-1),
                                       None if weight is None else weight._array(), grad_input, grad_weight,
                                       grad_bias):
        return None
    return (gx, gw if needs(node, 1) else None, gb if needs(node, 2) else None)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalises each sample over its trailing ``normalized_shape`` dims (mean 0, variance 1), then
    scales by ``weight`` and shifts by ``bias``.

    Args:
        input (Tensor): ``(*, *normalized_shape)``.
        normalized_shape (int or sequence of int): the trailing shape to normalise over.
        weight, bias (Tensor, optional): of shape ``normalized_shape``.
        eps (float): added to the (biased) variance. Default: ``1e-5``.

    Returns:
        Tensor: shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.layer_norm(torch.tensor([[1.0, 3.0]]), (2,))
        tensor([[-1.0000,  1.0000]])
    """
    shape = _shape_list(normalized_shape, "layer_norm")
    _check_normalized_shape(input, shape)
    _check_param_shape(weight, "weight", shape)
    _check_param_shape(bias, "bias", shape)
    _check_floating(input, "LayerNormKernelImpl")
    _check_same_dtype(input, weight, bias)
    dims = tuple(range(len(input._shape) - len(shape), len(input._shape)))
    done = _fused_forward(input, weight, bias, dims, eps)
    if done is not None:
        out, mean, rstd = done
        return _record(NativeLayerNormBackward0, out, (input, weight, bias), dims=dims, eps=eps, mean=mean,
                       rstd=rstd)
    with no_grad():
        x = _work(input.detach())
        mean, rstd = _statistics(x, dims, eps)
        out = (x - mean) * rstd
        if weight is not None:
            out = out * weight.detach()
        if bias is not None:
            out = out + bias.detach()
        out = out.to(input.dtype)
    return _record(NativeLayerNormBackward0, out, (input, weight, bias), dims=dims, eps=eps,
                   mean=mean.to(input.dtype), rstd=rstd.to(input.dtype))


if FAST_PATHS:
    layer_norm = as_function(_operators.layer_norm_function(layer_norm, _record, NativeLayerNormBackward0), layer_norm)


class NativeGroupNormBackward0(SavingNode):
    """group_norm(input, weight, bias) with ``groups`` groups of channels."""
    __slots__ = ("eps", "groups")
    saved_names = ("input", "weight", "result1", "result2")  # PyTorch's names of the mean and rstd

    def setup(self, inputs, result, ctx):
        self.groups = ctx["groups"]
        self.eps = ctx["eps"]
        self._save(inputs[0], inputs[1], ctx["mean"], ctx["rstd"])

    def apply(self, grads):
        g = grads[0]
        x, weight, mean, rstd = self._unpack()
        shape = tuple(x.shape)
        grouped = (shape[0], self.groups, -1)
        xg = x.reshape(grouped)
        if _grad_mode():
            mean, rstd = _statistics(xg, (2,), self.eps)
        xhat = (xg - mean) * rstd
        channel = (1, shape[1]) + (1,) * (len(shape) - 2)
        reduce = (0,) + tuple(range(2, len(shape)))
        gx = gw = gb = None
        if needs(self, 0):
            gy = g if weight is None else g * weight.reshape(channel)
            gx = _standardized_grad(gy.reshape(grouped), xhat, rstd, (2,)).reshape(shape)
        if needs(self, 1):
            gw = (g * xhat.reshape(shape)).sum(reduce)
        if needs(self, 2):
            gb = g.sum(reduce)
        return _as_dtypes_of((gx, gw, gb), (x, weight, weight))


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Splits the channels (dim 1) into ``num_groups`` groups and normalises each group of each
    sample over its channels and positions, then scales and shifts each channel.

    Args:
        input (Tensor): ``(N, C, *)``.
        num_groups (int): the number of groups; it must divide ``C``.
        weight, bias (Tensor, optional): ``(C,)``.
        eps (float): added to the variance. Default: ``1e-5``.

    Returns:
        Tensor: shaped as ``input``.
    """
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
    channels = input.shape[1]
    spatial = 1
    for size in input.shape[2:]:
        spatial *= size
    if input.shape[0] * channels // num_groups * spatial == 1:   # (a ZeroDivisionError for no groups, as in PyTorch)
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {list(input.shape)}")
    if num_groups < 0:
        raise RuntimeError(f"Expected num groups to be greater than 0, got {num_groups}")
    if channels % num_groups:
        raise RuntimeError("Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    for name, param in (("weight", weight), ("bias", bias)):
        if param is not None and (param.dim() != 1 or param.numel() != channels):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                               f"but got {name} of shape {list(param.shape)} and input of shape {list(input.shape)}")
    _check_floating(input, "GroupNormKernelImpl")
    _check_same_dtype(input, weight, bias)
    shape = tuple(input.shape)
    channel = (1, channels) + (1,) * (len(shape) - 2)
    with no_grad():
        x = _work(input.detach())
        if x.numel():
            xg = x.reshape(shape[0], num_groups, -1)
            mean, rstd = _statistics(xg, (2,), eps)
            out = ((xg - mean) * rstd).reshape(shape)
        else:
            mean = rstd = x.new_zeros((shape[0], num_groups, 1))
            out = x.clone()
        if weight is not None:
            out = out * weight.detach().reshape(channel)
        if bias is not None:
            out = out + bias.detach().reshape(channel)
        out = out.to(input.dtype)
    return _record(NativeGroupNormBackward0, out, (input, weight, bias), groups=num_groups, eps=eps,
                   mean=mean.to(input.dtype), rstd=rstd.to(input.dtype))


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Divides ``input`` by its root mean square over the trailing ``normalized_shape`` dims, then scales by
    ``weight``.

    Args:
        input (Tensor): ``(*, *normalized_shape)``.
        normalized_shape (int or sequence of int): the trailing shape.
        weight (Tensor, optional): of shape ``normalized_shape``.
        eps (float, optional): added to the mean square; None takes the dtype's machine epsilon.

    Returns:
        Tensor: shaped as ``input``.
    """
    shape = _shape_list(normalized_shape, "rms_norm")
    if input.dim() < len(shape):
        raise ValueError(f"Input tensor must have at least {len(shape)} dimensions, but got {input.dim()}")
    _check_normalized_shape(input, shape, separator="")
    _check_param_shape(weight, "weight", shape)
    _check_floating(input, "rms_norm")
    x = _work(input)
    if eps is None:
        eps = float(np.finfo(x.dtype.numpy).eps)   # of the dtype it is computed in (float32 for float16)
    dims = tuple(range(input.dim() - len(shape), input.dim()))
    out = x * (x.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    if weight is not None:
        out = out * weight
    return out if out.dtype is input.dtype else out.to(input.dtype)


def torch_layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    """``torch.layer_norm``: ``F.layer_norm`` (``cudnn_enable`` picks a CUDA library; nothing here)."""
    return layer_norm(input, normalized_shape, weight, bias, eps)


def torch_group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    """``torch.group_norm``: ``F.group_norm`` (``cudnn_enabled`` picks a CUDA library; nothing here)."""
    return group_norm(input, num_groups, weight, bias, eps)


torch_layer_norm.__name__ = torch_layer_norm.__qualname__ = "layer_norm"
torch_group_norm.__name__ = torch_group_norm.__qualname__ = "group_norm"

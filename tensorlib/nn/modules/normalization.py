"""Normalisation over features: LayerNorm, GroupNorm, RMSNorm."""
import numbers

from ... import _creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["LayerNorm", "GroupNorm", "RMSNorm", "LocalResponseNorm"]


def _as_shape(normalized_shape):
    """``normalized_shape`` given as an int or a sequence of ints, as a tuple."""
    if isinstance(normalized_shape, numbers.Integral):
        return (normalized_shape,)
    return tuple(normalized_shape)


def _affine_parameters(module, shape, affine, bias, factory):
    """Registers ``weight`` and ``bias`` of ``shape`` (None where ``affine``/``bias`` is off)."""
    if affine:
        module.weight = Parameter(_creation.empty(shape, **factory))
        if bias:
            module.bias = Parameter(_creation.empty(shape, **factory))
        else:
            module.register_parameter("bias", None)
    else:
        module.register_parameter("weight", None)
        module.register_parameter("bias", None)


def _reset_affine(module):
    """weight ones, bias zeros (those that exist)."""
    if module.weight is not None:
        init.ones_(module.weight)
    if module.bias is not None:
        init.zeros_(module.bias)


class LayerNorm(Module):
    """Normalises each sample over its trailing ``normalized_shape`` dims, then scales and shifts.

    ``y = (x - mean) / sqrt(var + eps) * weight + bias``, with the mean and (biased) variance
    over those dims, the same in training and eval mode.

    Args:
        normalized_shape (int or tuple of int): the trailing shape to normalise over.
        eps (float): added to the variance for stability. Default: ``1e-5``.
        elementwise_affine (bool): learn ``weight`` (ones) and ``bias`` (zeros) of shape
            ``normalized_shape``. Default: ``True``.
        bias (bool): learn ``bias`` too (with ``elementwise_affine``). Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        input ``(*, *normalized_shape)``; output the same shape.

    Example::

        >>> ln = torch.nn.LayerNorm(4)
        >>> ln(torch.tensor([[1.0, 2.0, 3.0, 4.0]]))
        tensor([[-1.3416, -0.4472,  0.4472,  1.3416]],
               grad_fn=<NativeLayerNormBackward0>)
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.normalized_shape = _as_shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        _affine_parameters(self, self.normalized_shape, elementwise_affine, bias, factory)
        self.reset_parameters()

    def reset_parameters(self):
        """Sets ``weight`` to ones and ``bias`` to zeros."""
        _reset_affine(self)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")


class GroupNorm(Module):
    """Splits the channels into ``num_groups`` groups and normalises each group of each sample.

    The mean and variance are over the group's channels and all positions; each channel is then
    scaled and shifted (with ``affine``).

    Args:
        num_groups (int): the number of groups; it must divide ``num_channels``.
        num_channels (int): the number of channels ``C`` (dim 1).
        eps (float): added to the variance for stability. Default: ``1e-5``.
        affine (bool): learn per-channel ``weight`` (ones) and ``bias`` (zeros). Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        input ``(N, C, *)``; output the same shape.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.nn.GroupNorm(2, 6)(torch.randn(4, 6, 5)).shape
        torch.Size([4, 6, 5])
    """

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError("num_channels must be divisible by num_groups")
        factory = {"device": device, "dtype": dtype}
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        _affine_parameters(self, (num_channels,), affine, bias, factory)
        self.reset_parameters()

    def reset_parameters(self):
        """Sets ``weight`` to ones and ``bias`` to zeros (with ``affine``)."""
        _reset_affine(self)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


class RMSNorm(Module):
    """Divides each sample by its root mean square over the trailing ``normalized_shape`` dims, then scales.

    ``y = x / sqrt(mean(x ** 2) + eps) * weight``.

    Args:
        normalized_shape (int or tuple of int): the trailing shape to normalise over.
        eps (float, optional): added to the mean square; None takes the machine epsilon of the
            input's dtype. Default: ``None``.
        elementwise_affine (bool): learn ``weight`` (ones). Default: ``True``.
        device, dtype: where and in what dtype to create ``weight``.

    Shape:
        input ``(*, *normalized_shape)``; output the same shape.

    Example::

        >>> torch.nn.RMSNorm(2)(torch.tensor([[3.0, 4.0]]))
        tensor([[0.8485, 1.1314]], grad_fn=<MulBackward0>)
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        self.normalized_shape = _as_shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(_creation.empty(self.normalized_shape, device=device, dtype=dtype))
        else:
            self.register_parameter("weight", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Sets ``weight`` to ones."""
        if self.elementwise_affine:
            init.ones_(self.weight)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class LocalResponseNorm(Module):
    """Divides each element by a power of the energy of the ``size`` channels around it.

    ``y = x / (k + alpha / size * sum(x_c ** 2)) ** beta``, the sum over the neighbouring channels.

    Args:
        size (int): the number of neighbouring channels to sum over.
        alpha (float): the scale. Default: ``1e-4``.
        beta (float): the exponent. Default: ``0.75``.
        k (float): the additive constant. Default: ``1.0``.

    Shape:
        input ``(N, C, *)``; output the same shape.
    """

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"

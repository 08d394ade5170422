"""Linear layers: Identity, Linear, Bilinear."""
import math

from ... import _creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Identity", "Linear", "Bilinear"]


def _factory_kwargs(device, dtype):
    return {"device": device, "dtype": dtype}


class Identity(Module):
    """Returns its input unchanged; a placeholder layer that accepts and ignores any constructor arguments.

    Example::

        >>> torch.nn.Identity(54, unused="ok")(torch.tensor([1.0, 2.0]))
        tensor([1., 2.])
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """Applies an affine map to the last dimension: ``y = x @ weight.T + bias``.

    The weight is drawn from ``U(-1/sqrt(in_features), 1/sqrt(in_features))`` (Kaiming-uniform
    with ``a=sqrt(5)``), and so is the bias.

    Args:
        in_features (int): size of each input sample.
        out_features (int): size of each output sample.
        bias (bool): whether to learn an additive bias. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Attributes:
        weight (Parameter): shape ``(out_features, in_features)``.
        bias (Parameter or None): shape ``(out_features,)``.

    Shape:
        input ``(*, in_features)``; output ``(*, out_features)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> layer = torch.nn.Linear(3, 2)
        >>> layer
        Linear(in_features=3, out_features=2, bias=True)
        >>> layer(torch.ones(4, 3)).shape
        torch.Size([4, 2])
        >>> layer.weight
        Parameter containing:
        tensor([[-0.0043,  0.3097, -0.4752],
                [-0.4249, -0.2224,  0.1548]], requires_grad=True)
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(_creation.empty((out_features, in_features), **_factory_kwargs(device, dtype)))
        if bias:
            self.bias = Parameter(_creation.empty(out_features, **_factory_kwargs(device, dtype)))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-draws the weight and the bias with the default initialisation described above."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Bilinear(Module):
    """Applies a bilinear map to two inputs: ``y[k] = x1 @ weight[k] @ x2 + bias[k]``.

    Weight and bias are drawn from ``U(-1/sqrt(in1_features), 1/sqrt(in1_features))``.

    Args:
        in1_features (int): size of each sample of the first input.
        in2_features (int): size of each sample of the second input.
        out_features (int): size of each output sample.
        bias (bool): whether to learn an additive bias. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        inputs ``(*, in1_features)`` and ``(*, in2_features)``; output ``(*, out_features)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> m = torch.nn.Bilinear(3, 4, 2)
        >>> m(torch.ones(5, 3), torch.ones(5, 4)).shape
        torch.Size([5, 2])
    """

    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in1_features = in1_features
        self.in2_features = in2_features
        self.out_features = out_features
        self.weight = Parameter(_creation.empty((out_features, in1_features, in2_features),
                                                **_factory_kwargs(device, dtype)))
        if bias:
            self.bias = Parameter(_creation.empty(out_features, **_factory_kwargs(device, dtype)))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-draws the weight and the bias uniformly in ``(-1/sqrt(in1_features), 1/sqrt(in1_features))``."""
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class NonDynamicallyQuantizableLinear(Linear):
    """A Linear (the output projection of MultiheadAttention, named as PyTorch names it)."""

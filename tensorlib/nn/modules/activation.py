"""Activation modules."""
from ... import _creation
from .. import functional as F
from .. import init as initialisers
from ..parameter import Parameter
from .module import Module

__all__ = ["ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus", "Hardtanh", "Sigmoid", "Tanh",
           "LogSigmoid", "Softmax", "Softmin", "LogSoftmax"]
__all__ += ["PReLU"]


class ReLU(Module):
    """Applies the rectified linear unit, ``max(0, x)``, elementwise.

    Args:
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> relu = torch.nn.ReLU()
        >>> relu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.0000, 0.0000, 1.5000])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Hardtanh(Module):
    """Clamps each element to ``[min_val, max_val]``.

    Args:
        min_val (float): the lower bound. Default: ``-1.0``.
        max_val (float): the upper bound. Default: ``1.0``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> hardtanh = torch.nn.Hardtanh()
        >>> hardtanh(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-1.,  0.,  1.])
    """

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False):
        super().__init__()
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        if self.max_val <= self.min_val:
            raise AssertionError("max_val must be greater than min_val")

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace}"


class ReLU6(Hardtanh):
    """Applies ``min(max(0, x), 6)`` elementwise: a ReLU capped at 6.

    Args:
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> relu6 = torch.nn.ReLU6()
        >>> relu6(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.0000, 0.0000, 1.5000])
    """

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """Applies ``max(0, x) + negative_slope * min(0, x)`` elementwise.

    Args:
        negative_slope (float): the slope for negative inputs. Default: ``0.01``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> leakyrelu = torch.nn.LeakyReLU(0.1)
        >>> leakyrelu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.2000,  0.0000,  1.5000])
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"negative_slope={self.negative_slope}{inplace}"


class ELU(Module):
    """Applies the exponential linear unit elementwise: ``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Args:
        alpha (float): the value the output tends to for large negative inputs is ``-alpha``. Default: ``1.0``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> elu = torch.nn.ELU()
        >>> elu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.8647,  0.0000,  1.5000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"alpha={self.alpha}{inplace}"


class GELU(Module):
    """Applies the Gaussian error linear unit, ``x * Phi(x)`` with ``Phi`` the standard normal CDF.

    Args:
        approximate (str): ``'none'`` for the exact form with ``erf``, ``'tanh'`` for the tanh
            approximation. Default: ``'none'``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> gelu = torch.nn.GELU()
        >>> gelu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.0455,  0.0000,  1.3998])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """Applies the sigmoid linear unit (swish), ``x * sigmoid(x)``, elementwise.

    Args:
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> silu = torch.nn.SiLU()
        >>> silu(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.2384,  0.0000,  1.2264])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.silu(input, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Softplus(Module):
    """Applies ``log(1 + exp(beta * x)) / beta`` elementwise, a smooth ReLU.

    Args:
        beta (float): the sharpness. Default: ``1.0``.
        threshold (float): where ``beta * x`` exceeds it, the output is ``x`` itself (for
            numerical stability). Default: ``20.0``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> softplus = torch.nn.Softplus()
        >>> softplus(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.1269, 0.6931, 1.7014])
    """

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Sigmoid(Module):
    """Applies the logistic sigmoid, ``1 / (1 + exp(-x))``, elementwise.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> sigmoid = torch.nn.Sigmoid()
        >>> sigmoid(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.1192, 0.5000, 0.8176])
    """

    def forward(self, input):
        return input.sigmoid()


class Tanh(Module):
    """Applies the hyperbolic tangent elementwise.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> tanh = torch.nn.Tanh()
        >>> tanh(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.9640,  0.0000,  0.9051])
    """

    def forward(self, input):
        return input.tanh()


class LogSigmoid(Module):
    """Applies ``log(sigmoid(x))`` elementwise, computed stably for large ``|x|``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> logsigmoid = torch.nn.LogSigmoid()
        >>> logsigmoid(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-2.1269, -0.6931, -0.2014])
    """

    def forward(self, input):
        return F.logsigmoid(input)


class Softmax(Module):
    """Rescales the slices along ``dim`` so that each is positive and sums to 1:
    ``exp(x_i) / sum_j exp(x_j)``.

    Args:
        dim (int): the dimension the slices run along. Left as None, a dim is chosen from the
            input's rank (with a deprecation warning, as PyTorch does).

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> m = torch.nn.Softmax(dim=1)
        >>> m(torch.tensor([[1.0, 2.0, 3.0]]))
        tensor([[0.0900, 0.2447, 0.6652]])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def __setstate__(self, state):
        super().__setstate__(state)
        if not hasattr(self, "dim"):
            self.dim = None

    def forward(self, input):
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmin(Softmax):
    """Applies softmax to ``-x`` along ``dim``: the smallest input gets the largest weight.

    Args:
        dim (int): the dimension the slices run along. Left as None, a dim is chosen from the
            input's rank (with a deprecation warning, as PyTorch does).

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> m = torch.nn.Softmin(dim=1)
        >>> m(torch.tensor([[1.0, 2.0, 3.0]]))
        tensor([[0.6652, 0.2447, 0.0900]])
    """

    def forward(self, input):
        return F.softmin(input, self.dim, _stacklevel=5)


class LogSoftmax(Softmax):
    """Applies ``log(softmax(x))`` along ``dim``, computed stably; pair it with ``NLLLoss``.

    Args:
        dim (int): the dimension the slices run along. Left as None, a dim is chosen from the
            input's rank (with a deprecation warning, as PyTorch does).

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> m = torch.nn.LogSoftmax(dim=1)
        >>> m(torch.tensor([[1.0, 2.0, 3.0]]))
        tensor([[-2.4076, -1.4076, -0.4076]])
    """

    def forward(self, input):
        return F.log_softmax(input, self.dim, _stacklevel=5)


class Softmax2d(Module):
    """Applies softmax over the channels of each pixel: dim -3 of the input.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output the same shape.

    Example::

        >>> torch.nn.Softmax2d()(torch.zeros(1, 4, 2, 2))[0, :, 0, 0]
        tensor([0.2500, 0.2500, 0.2500, 0.2500])
    """

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D instead")
        return F.softmax(input, -3, _stacklevel=5)


from .attention import MultiheadAttention  # noqa: E402,F401  (PyTorch's home of it: torch.nn.modules.activation)
__all__ += ["Softmax2d", "MultiheadAttention"]


class _PlainActivation(Module):
    """An activation module of one optional ``inplace`` flag that PyTorch's repr does not show."""
    function = None

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return type(self).function(input, inplace=self.inplace)


class Mish(_PlainActivation):
    """Applies ``x * tanh(softplus(x))`` elementwise.

    Args:
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> mish = torch.nn.Mish()
        >>> mish(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.2525,  0.0000,  1.4034])
    """
    function = staticmethod(F.mish)


class Hardswish(_PlainActivation):
    """Applies ``x * relu6(x + 3) / 6`` elementwise, a cheap approximation of SiLU.

    Args:
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> hardswish = torch.nn.Hardswish()
        >>> hardswish(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.3333,  0.0000,  1.1250])
    """
    function = staticmethod(F.hardswish)


class Hardsigmoid(_PlainActivation):
    """Applies ``relu6(x + 3) / 6`` elementwise, a piecewise-linear sigmoid.

    Args:
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> hardsigmoid = torch.nn.Hardsigmoid()
        >>> hardsigmoid(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([0.1667, 0.5000, 0.7500])
    """
    function = staticmethod(F.hardsigmoid)


__all__ += ["Mish", "Hardswish", "Hardsigmoid"]


class PReLU(Module):
    """Applies ``max(0, x) + a * min(0, x)`` with a learnt negative slope ``a``.

    Args:
        num_parameters (int): 1 for one slope shared by all channels, or the number of
            channels (dim 1 of the input) for one slope each. Default: ``1``.
        init (float): the initial slope. Default: ``0.25``.
        device, dtype: where and in what dtype to create ``weight``.

    Attributes:
        weight (Parameter): the slopes, of shape ``(num_parameters,)``.

    Shape:
        input ``(*)`` (with channels at dim 1 when ``num_parameters > 1``); output the same shape.

    Example::

        >>> m = torch.nn.PReLU()
        >>> m(torch.tensor([-2.0, 0.0, 1.5]))
        tensor([-0.5000,  0.0000,  1.5000], grad_fn=<PreluKernelBackward0>)
    """

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(_creation.empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        """Sets every slope back to ``init``."""
        initialisers.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"

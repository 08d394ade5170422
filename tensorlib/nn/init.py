"""``nn.init``: in-place initialisation of parameters.

Every function fills its tensor under ``no_grad`` with samples from tensorlib's
default generator (or the ``generator`` given) and returns the tensor."""
import math
import warnings

from .. import _creation, _creation_like
from ..autograd.grad_mode import no_grad
from ..linalg import qr

__all__ = ["calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_", "eye_",
           "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_",
           "sparse_"]

# PyTorch 2.13's table documents "identity" too, but its code raises for it; so does this one
_LINEAR_GAIN = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                "conv_transpose3d", "sigmoid")


def calculate_gain(nonlinearity, param=None):
    """Returns the recommended scale of the weights' standard deviation for a nonlinearity.

    ``1`` for the linear functions and sigmoid, ``5/3`` for tanh, ``sqrt(2)`` for relu,
    ``sqrt(2 / (1 + slope ** 2))`` for leaky_relu and ``3/4`` for selu.

    Args:
        nonlinearity (str): ``'linear'``, ``'conv1d'`` ... ``'sigmoid'``, ``'tanh'``, ``'relu'``,
            ``'leaky_relu'`` or ``'selu'``.
        param (float, optional): the negative slope of leaky_relu. Default: ``0.01``.

    Returns:
        float: the gain.

    Example::

        >>> torch.nn.init.calculate_gain("relu")
        1.4142135623730951
        >>> torch.nn.init.calculate_gain("leaky_relu", 0.2)
        1.3867504905630728
    """
    if nonlinearity in _LINEAR_GAIN:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    fan_in = tensor.size(1) * receptive
    fan_out = tensor.size(0) * receptive
    return fan_in, fan_out


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


# ---- filling from a distribution ------------------------------------------------------------
def _fill_uniform(tensor, low, high, generator):
    return tensor.uniform_(low, high, generator=generator)


def _fill_normal(tensor, mean, std, generator):
    return tensor.normal_(mean, std, generator=generator)


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fills ``tensor`` with samples of the uniform distribution ``U(a, b)``.

    Args:
        tensor (Tensor): the tensor to fill, in place (without recording a gradient).
        a (float): the lower bound. Default: ``0.0``.
        b (float): the upper bound. Default: ``1.0``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.nn.init.uniform_(torch.empty(3), -1.0, 1.0)
        tensor([-0.0075,  0.5364, -0.8230])
    """
    with no_grad():
        return _fill_uniform(tensor, a, b, generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fills ``tensor`` with samples of the normal distribution ``N(mean, std ** 2)``.

    Args:
        tensor (Tensor): the tensor to fill, in place (without recording a gradient).
        mean (float): the mean. Default: ``0.0``.
        std (float): the standard deviation. Default: ``1.0``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.
    """
    with no_grad():
        return _fill_normal(tensor, mean, std, generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fills ``tensor`` with samples of ``N(mean, std ** 2)`` truncated to ``[a, b]``.

    The samples are drawn as PyTorch draws them: where ``[a, b]`` holds more than 30% of the mass,
    fresh normal samples replace those outside it until none is left; otherwise a rejection
    sampler proposes uniform candidates in ``[a, b]``.

    Args:
        tensor (Tensor): the tensor to fill, in place (without recording a gradient).
        mean (float): the mean of the normal. Default: ``0.0``.
        std (float): its standard deviation. Default: ``1.0``.
        a (float): the lower bound. Default: ``-2.0``.
        b (float): the upper bound. Default: ``2.0``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.
    """
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values "
                      "may be incorrect.", stacklevel=2)
    with no_grad():
        mass = _normal_cdf((b - mean) / std) - _normal_cdf((a - mean) / std)
        if mass > 0.3:
            _resample_normal_outside(tensor, mean, std, a, b, generator)
        else:
            _rejection_sample_truncated(tensor, mean, std, a, b, generator)
    return tensor


def _normal_cdf(x):
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


def _resample_normal_outside(tensor, mean, std, a, b, generator):
    # the bounds are rounded to the tensor's dtype, so that the test agrees with the stored values
    low, high = tensor.new_tensor(a).item(), tensor.new_tensor(b).item()
    result = tensor.normal_(mean, std, generator=generator)
    while True:
        outside = (result < low) | (result > high)
        if not outside.any():
            break
        result = _creation_like.empty_like(result).normal_(mean, std, generator=generator).where(outside, result)
    if result is not tensor:
        tensor.copy_(result)


def _rejection_sample_truncated(tensor, mean, std, a, b, generator):
    mode = max(a, min(mean, b))
    log_peak = -0.5 * ((mode - mean) / std) ** 2

    def log_density_below_peak(x):   # log_pdf(x) - log_pdf(mode), in place on x
        return x.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak)

    candidates = _creation_like.empty_like(tensor)
    accept_draws = _creation_like.empty_like(tensor)
    tensor.uniform_(a, b, generator=generator)
    log_density_below_peak(candidates.copy_(tensor))
    pending = accept_draws.uniform_(generator=generator).log_().gt(candidates)
    if not pending.any():
        return
    result = tensor
    while True:
        candidates.uniform_(a, b, generator=generator)
        result = candidates.where(pending, result)
        log_density_below_peak(candidates)
        pending = accept_draws.uniform_(generator=generator).log_().gt(candidates).where(pending, pending)
        if not pending.any():
            break
    tensor.copy_(result)


def constant_(tensor, val):
    """Fills ``tensor`` with the value ``val``.

    Args:
        tensor (Tensor): the tensor to fill, in place (without recording a gradient).
        val (float): the value.

    Returns:
        Tensor: ``tensor``.
    """
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Fills ``tensor`` with ones, in place; returns it."""
    with no_grad():
        return tensor.fill_(1.0)


def zeros_(tensor):
    """Fills ``tensor`` with zeros, in place; returns it."""
    with no_grad():
        return tensor.zero_()


def eye_(tensor):
    """Fills the 2-d ``tensor`` with the identity matrix: ones on the diagonal, zeros elsewhere.

    Args:
        tensor (Tensor): a 2-d tensor, filled in place.

    Returns:
        Tensor: ``tensor``.

    Example::

        >>> torch.nn.init.eye_(torch.empty(2, 3))
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        tensor.copy_(_creation.eye(tensor.size(0), tensor.size(1), dtype=tensor.dtype, device=tensor.device))
    return tensor


def dirac_(tensor, groups=1):
    """Fills the 3-, 4- or 5-d ``tensor`` with the Dirac delta, so that a convolution with it keeps
    its input channels (within each of ``groups`` groups).

    Args:
        tensor (Tensor): a convolution weight ``(out_channels, in_channels, *kernel)``, filled in place.
        groups (int): the number of channel groups. Default: ``1``.

    Returns:
        Tensor: ``tensor``.
    """
    dims = tensor.dim()
    if dims not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tensor.shape
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_per_group = sizes[0] // groups
    min_dim = min(out_per_group, sizes[1])
    with no_grad():
        tensor.zero_()
        for g in range(groups):
            for d in range(min_dim):
                index = (g * out_per_group + d, d) + tuple(s // 2 for s in sizes[2:])
                tensor[index] = 1
    return tensor


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Fills ``tensor`` with ``U(-bound, bound)``, ``bound = gain * sqrt(6 / (fan_in + fan_out))``
    (Glorot initialisation), which keeps the variance of activations and gradients about equal
    through the layers.

    Args:
        tensor (Tensor): at least 2-d, filled in place.
        gain (float): the scale, such as ``calculate_gain('tanh')``. Default: ``1.0``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.

    Example::

        >>> w = torch.nn.init.xavier_uniform_(torch.empty(300, 200))
        >>> bool(w.abs().max() <= (6 / 500) ** 0.5)
        True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    with no_grad():
        return _fill_uniform(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Fills ``tensor`` with ``N(0, std ** 2)``, ``std = gain * sqrt(2 / (fan_in + fan_out))`` (Glorot
    initialisation).

    Args:
        tensor (Tensor): at least 2-d, filled in place.
        gain (float): the scale. Default: ``1.0``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    with no_grad():
        return _fill_normal(tensor, 0.0, std, generator)


def _kaiming_std(tensor, a, mode, nonlinearity):
    fan = _calculate_correct_fan(tensor, mode)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """Fills ``tensor`` with ``U(-bound, bound)``, ``bound = gain * sqrt(3 / fan)`` (He initialisation,
    suited to ReLU networks), with ``gain = calculate_gain(nonlinearity, a)``.

    Args:
        tensor (Tensor): at least 2-d, filled in place (a zero-element tensor is left as is, with a warning).
        a (float): the negative slope of the leaky_relu that follows. Default: ``0``.
        mode (str): ``'fan_in'`` (keeps the variance of the forward pass) or ``'fan_out'`` (of the
            backward pass). Default: ``'fan_in'``.
        nonlinearity (str): the nonlinearity that follows, for ``calculate_gain``. Default: ``'leaky_relu'``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.

    Example::

        >>> w = torch.nn.init.kaiming_uniform_(torch.empty(64, 100), nonlinearity="relu")
        >>> bool(w.abs().max() <= (6 / 100) ** 0.5)
        True
    """
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    with no_grad():
        return _fill_uniform(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """Fills ``tensor`` with ``N(0, std ** 2)``, ``std = gain / sqrt(fan)`` (He initialisation), with
    ``gain = calculate_gain(nonlinearity, a)``.

    Args:
        tensor (Tensor): at least 2-d, filled in place.
        a (float): the negative slope of the leaky_relu that follows. Default: ``0``.
        mode (str): ``'fan_in'`` (keeps the variance of the forward pass) or ``'fan_out'`` (of the
            backward pass). Default: ``'fan_in'``.
        nonlinearity (str): the nonlinearity that follows, for ``calculate_gain``. Default: ``'leaky_relu'``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.
    """
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    with no_grad():
        return _fill_normal(tensor, 0.0, std, generator)


def orthogonal_(tensor, gain=1, generator=None):
    """Fills ``tensor`` with a (semi-)orthogonal matrix times ``gain``; dims after the first are flattened.

    The matrix is the Q of the QR decomposition of a standard normal sample (transposed first
    when wide), its columns' signs set by R's diagonal.  The normal sample is PyTorch's, but the
    QR runs through NumPy's LAPACK, so the last bits may differ from PyTorch's.

    Args:
        tensor (Tensor): at least 2-d, filled in place.
        gain (float): the scale. Default: ``1``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> q = torch.nn.init.orthogonal_(torch.empty(3, 3))
        >>> torch.allclose(q @ q.T, torch.eye(3), atol=1e-5)
        True
    """
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    with no_grad():
        flattened = tensor.new_empty((rows, cols)).normal_(0, 1, generator=generator)
        if rows < cols:
            flattened = flattened.t()
        q, r = qr(flattened)
        q = q * r.diagonal().sign()
        if rows < cols:
            q = q.t()
        tensor.view_as(q).copy_(q)
        tensor.mul_(gain)
    return tensor


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fills the 2-d ``tensor`` with ``N(0, std ** 2)`` samples, then zeroes ``ceil(sparsity * rows)``
    random rows of each column.

    As in PyTorch, ``generator`` draws the values only; the rows to zero come from the default generator.

    Args:
        tensor (Tensor): a 2-d tensor, filled in place.
        sparsity (float): the fraction of each column to zero.
        std (float): the standard deviation of the values. Default: ``0.01``.
        generator (Generator, optional): the source of the random numbers. Default: the default generator.

    Returns:
        Tensor: ``tensor``.
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = math.ceil(sparsity * rows)
    with no_grad():
        tensor.normal_(0, std, generator=generator)
        for column in range(cols):
            tensor[_creation.randperm(rows)[:num_zeros], column] = 0
    return tensor


def _deprecated_alias(function):
    """``nn.init.X`` for ``nn.init.X_``: warns (FutureWarning) and calls it."""
    new_name = function.__name__
    old_name = new_name[:-1]

    def alias(*args, **kwargs):
        warnings.warn(f"`nn.init.{old_name}` is now deprecated in favor of `nn.init.{new_name}`.", FutureWarning,
                      stacklevel=2)
        return function(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = old_name
    alias.__doc__ = f"Deprecated alias of :func:`{new_name}` (warns)."
    return alias


uniform = _deprecated_alias(uniform_)
normal = _deprecated_alias(normal_)
constant = _deprecated_alias(constant_)
eye = _deprecated_alias(eye_)
dirac = _deprecated_alias(dirac_)
xavier_uniform = _deprecated_alias(xavier_uniform_)
xavier_normal = _deprecated_alias(xavier_normal_)
kaiming_uniform = _deprecated_alias(kaiming_uniform_)
kaiming_normal = _deprecated_alias(kaiming_normal_)
orthogonal = _deprecated_alias(orthogonal_)
sparse = _deprecated_alias(sparse_)

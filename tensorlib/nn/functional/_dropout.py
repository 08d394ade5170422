"""dropout and its variants: dropout1d/2d/3d (whole channels), alpha_dropout and
feature_alpha_dropout (keeping a SELU network's mean and variance).

Each draws its mask as PyTorch 2.13 does on the CPU, so that a seeded program drops
the same elements: a noise tensor (the input's shape, or ``(N, C, 1, ...)`` for the
channel-wise kinds) of the input's dtype filled by ``bernoulli_(1 - p)``, scaled in
place and multiplied into the input (MulBackward0; the alpha kinds add a shift,
AddBackward0)."""
import math
import warnings

from ..._creation_like import empty_like


# alpha_dropout's alpha: -SELU's negative saturation value (scale * alpha of SELU)
_SELU_ALPHA = 1.7580993408473766


def _check_probability(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _multiply(input, factor, inplace):
    return input.mul_(factor) if inplace else input * factor


def _bernoulli_noise(input, keep, channel_wise):
    """Noise of 1s (probability ``keep``) and 0s in the input's dtype: the input's shape, or one
    value per (sample, channel) for ``channel_wise``."""
    if channel_wise:
        if input.dim() < 2:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        return input.new_empty((input.size(0), input.size(1)) + (1,) * (input.dim() - 2)).bernoulli_(keep)
    # PyTorch's noise is empty_like(input): laid out as the input is (transposed, permuted), and
    # filled in memory order, as bernoulli_ fills any tensor
    return empty_like(input).bernoulli_(keep)


def _drop(input, p, training, inplace, channel_wise=False, alpha=False):
    """The dropout all the variants share (PyTorch's order of draws and operations)."""
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        return _multiply(input, input.new_zeros(()), inplace)
    noise = _bernoulli_noise(input, 1 - p, channel_wise)
    if not alpha:
        return _multiply(input, noise.div_(1 - p), inplace)
    scale = 1.0 / math.sqrt((_SELU_ALPHA * _SELU_ALPHA * p + 1) * (1 - p))
    shift = noise.add(-1).mul_(_SELU_ALPHA * scale).add_(_SELU_ALPHA * scale * p)
    noise.mul_(scale)
    return _multiply(input, noise, inplace).add_(shift)


def dropout(input, p=0.5, training=True, inplace=False):
    """While ``training``, zeroes each element with probability ``p`` and scales the others by ``1 / (1 - p)``.

    Args:
        input (Tensor): the input.
        p (float): probability of zeroing an element. Default: ``0.5``.
        training (bool): apply dropout; when False the input is returned unchanged. Default: ``True``.
        inplace (bool): write the result into ``input``. Default: ``False``.

    Returns:
        Tensor: shaped as ``input``.

    Example::

        >>> import torch.nn.functional as F
        >>> _ = torch.manual_seed(0)
        >>> F.dropout(torch.ones(6), p=0.5)
        tensor([0., 0., 2., 0., 0., 0.])
        >>> F.dropout(torch.ones(6), p=0.5, training=False)
        tensor([1., 1., 1., 1., 1., 1.])
    """
    _check_probability(p)
    return _drop(input, p, training, inplace)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """While ``training``, alpha dropout for SELU networks: dropped elements take SELU's negative
    saturation value, and an affine map keeps the input's mean and variance.

    Args:
        input (Tensor): the input.
        p (float): probability of dropping an element. Default: ``0.5``.
        training (bool): apply dropout. Default: ``False``.
        inplace (bool): write the result into ``input``. Default: ``False``.

    Returns:
        Tensor: shaped as ``input``.
    """
    _check_probability(p)
    return _drop(input, p, training, inplace, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """``alpha_dropout`` of whole channels: one draw per (sample, channel) of an ``(N, C, *)`` input.

    Args:
        input (Tensor): the input.
        p (float): probability of dropping a channel. Default: ``0.5``.
        training (bool): apply dropout. Default: ``False``.
        inplace (bool): write the result into ``input``. Default: ``False``.

    Returns:
        Tensor: shaped as ``input``.
    """
    _check_probability(p)
    return _drop(input, p, training, inplace, channel_wise=True, alpha=True)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """While ``training``, zeroes whole channels of a ``(N, C, L)`` or ``(C, L)`` input, each with probability
    ``p``,
    and scales the others by ``1 / (1 - p)``.

    Args:
        input (Tensor): the input.
        p (float): probability of zeroing a channel. Default: ``0.5``.
        training (bool): apply dropout. Default: ``True``.
        inplace (bool): write the result into ``input``. Default: ``False``.

    Returns:
        Tensor: shaped as ``input``.
    """
    _check_probability(p)
    if input.dim() not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.dim()}D input. Note that "
                           "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a "
                           "channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    return _channel_dropout(input, p, training, inplace, batched=input.dim() == 3)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """While ``training``, zeroes whole channels of a ``(N, C, H, W)`` (or ``(C, H, W)``) input, each with
    probability ``p``,
    and scales the others by ``1 / (1 - p)``.

    Args:
        input (Tensor): the input.
        p (float): probability of zeroing a channel. Default: ``0.5``.
        training (bool): apply dropout. Default: ``True``.
        inplace (bool): write the result into ``input``. Default: ``False``.

    Returns:
        Tensor: shaped as ``input``.
    """
    _check_probability(p)
    dims = input.dim()
    _warn_unless_channels_of(2, dims)
    if dims == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", stacklevel=2)
    return _channel_dropout(input, p, training, inplace, batched=True)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """While ``training``, zeroes whole channels of a ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input, each with
    probability ``p``,
    and scales the others by ``1 / (1 - p)``.

    Args:
        input (Tensor): the input.
        p (float): probability of zeroing a channel. Default: ``0.5``.
        training (bool): apply dropout. Default: ``True``.
        inplace (bool): write the result into ``input``. Default: ``False``.

    Returns:
        Tensor: shaped as ``input``.
    """
    _check_probability(p)
    dims = input.dim()
    _warn_unless_channels_of(3, dims)
    return _channel_dropout(input, p, training, inplace, batched=dims == 5)


def _warn_unless_channels_of(spatial_dims, dims):
    """PyTorch's deprecation warning for a dropout{spatial_dims}d input of another rank."""
    if dims in (spatial_dims + 1, spatial_dims + 2):
        return
    name = f"dropout{spatial_dims}d"
    warnings.warn(f"{name}: Received a {dims}-D input to {name}, which is deprecated and will result in an error in a "
                  f"future release. To retain the behavior and silence this warning, please use dropout instead. Note "
                  f"that {name} exists to provide channel-wise dropout on inputs with {spatial_dims} spatial "
                  "dimensions, a channel dimension, and an optional batch dimension (i.e. "
                  f"{spatial_dims + 1}D or {spatial_dims + 2}D inputs).", stacklevel=3)


def _channel_dropout(input, p, training, inplace, batched):
    if batched:
        return _drop(input, p, training, inplace, channel_wise=True)
    # an unbatched input is one sample: its channels are dropped through a view with a batch dim
    result = _drop(input.unsqueeze(0), p, training, inplace, channel_wise=True)
    return input if inplace else result.squeeze(0)

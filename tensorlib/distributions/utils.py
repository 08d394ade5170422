"""Helpers the distributions share (``torch.distributions.utils``): broadcasting
parameters, converting between probabilities and logits, cached properties."""
import numbers

import numpy as np

from .. import _dtype as D
from .. import _layout
from .._creation import tensor
from .._functional import where
from .._tensor import Tensor
from ..nn.functional import binary_cross_entropy_with_logits

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs", "probs_to_logits"]


def broadcast_all(*values):
    """The tensors and numbers ``values`` as tensors of one broadcast shape; numbers take the
    dtype and device of the first tensor (the default dtype when there is none)."""
    if not all(isinstance(v, (Tensor, numbers.Number)) for v in values):
        raise ValueError("Input arguments must all be instances of numbers.Number, torch.Tensor or objects "
                         "implementing __torch_function__.")
    anchor = next((v for v in values if isinstance(v, Tensor)), None)
    dtype = anchor.dtype if anchor is not None else D.get_default_dtype()
    device = anchor.device if anchor is not None else None
    tensors = [v if isinstance(v, Tensor) else tensor(float(v), dtype=dtype, device=device) for v in values]
    shape = ()
    for t in tensors:
        shape = _layout.broadcast_shapes(shape, tuple(t.shape))
    return tuple(t.expand(shape) for t in tensors)


_FLOATS = (D.float16, D.float32, D.float64)
# per floating dtype: the gap above 1, the smallest normal number, the lowest finite number
EPS = {dtype: float(np.finfo(dtype.numpy).eps) for dtype in _FLOATS}
TINY = {dtype: float(np.finfo(dtype.numpy).tiny) for dtype in _FLOATS}
LOWEST = {dtype: float(np.finfo(dtype.numpy).min) for dtype in _FLOATS}


def clamp_probs(probs):
    """``probs`` clamped to [eps, 1 - eps] of its dtype."""
    eps = EPS[probs.dtype]
    return probs.clamp(min=eps, max=1 - eps)


def logits_to_probs(logits, is_binary=False):
    """Probabilities from logits: the sigmoid (binary) or the softmax over the last dim."""
    if is_binary:
        return logits.sigmoid()
    return (logits - logits.logsumexp(-1, keepdim=True)).exp()


def probs_to_logits(probs, is_binary=False):
    """Logits from probabilities (clamped away from 0 and 1): log(p) - log(1 - p) (binary) or log(p)."""
    clamped = clamp_probs(probs)
    if is_binary:
        return clamped.log() - (-clamped).log1p()
    return clamped.log()


def log_prob_of_bernoulli(logits, value):
    """log P(value) of Bernoulli(logits=logits), computed stably."""
    return -binary_cross_entropy_with_logits(logits, value, reduction="none")


def sum_rightmost(value, dims):
    """``value`` summed over its ``dims`` rightmost dims."""
    if dims == 0:
        return value
    return value.reshape(tuple(value.shape[:value.dim() - dims]) + (-1,)).sum(-1)


def xlogy(x, y):
    """x * log(y), 0 where x is 0."""
    return where(x == 0, 0.0, x * y.log())


class lazy_property:
    """A property computed on first access and then stored on the instance (``probs``/``logits``)."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        self.__doc__ = wrapped.__doc__
        self.__name__ = wrapped.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self.wrapped(instance)
        instance.__dict__[self.wrapped.__name__] = value
        return value

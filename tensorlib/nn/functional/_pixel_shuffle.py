"""pixel_shuffle (PixelShuffleBackward0) and pixel_unshuffle (PixelUnshuffleBackward0):
channel blocks of r*r moved into r-by-r spatial blocks and back."""
import numbers

from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._common import _record


def _shuffle(x, r):
    """(*, C*r*r, H, W) as (*, C, H*r, W*r)."""
    lead, (c, h, w), k = tuple(x.shape[:-3]), tuple(x.shape[-3:]), x.dim() - 3
    blocks = x.reshape(lead + (c // (r * r), r, r, h, w))
    order = tuple(range(k)) + (k, k + 3, k + 1, k + 4, k + 2)
    return blocks.permute(order).reshape(lead + (c // (r * r), h * r, w * r))


def _unshuffle(x, r):
    """(*, C, H*r, W*r) as (*, C*r*r, H, W)."""
    lead, (c, h, w), k = tuple(x.shape[:-3]), tuple(x.shape[-3:]), x.dim() - 3
    blocks = x.reshape(lead + (c, h // r, r, w // r, r))
    order = tuple(range(k)) + (k, k + 2, k + 4, k + 1, k + 3)
    return blocks.permute(order).reshape(lead + (c * r * r, h // r, w // r))


class _ShuffleBackward(SavingNode):
    """The gradient moved back by the inverse rearrangement."""
    __slots__ = ("factor",)
    saved_names = ()
    inverse = None

    def setup(self, inputs, result, ctx):
        self.factor = ctx["factor"]
        self._save()

    def apply(self, grads):
        return (type(self).inverse(grads[0], self.factor),)


class PixelShuffleBackward0(_ShuffleBackward):
    """pixel_shuffle's backward: pixel_unshuffle of the gradient."""
    __slots__ = ()
    inverse = staticmethod(_unshuffle)


class PixelUnshuffleBackward0(_ShuffleBackward):
    """pixel_unshuffle's backward: pixel_shuffle of the gradient."""
    __slots__ = ()
    inverse = staticmethod(_shuffle)


def _check(input, factor, function, name):
    if isinstance(factor, bool) or not isinstance(factor, numbers.Integral):
        raise TypeError(f"{function}(): argument '{name}' (position 2) must be int, not {type(factor).__name__}")
    if input.dim() < 3:
        raise RuntimeError(f"{function} expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    if factor <= 0:
        raise RuntimeError(f"{function} expects a positive {name}, but got {factor}")


def _rearranged(input, out, node, factor):
    if out._storage is input._storage:   # a factor of 1 rearranges nothing: the result still owns its memory
        out = out.clone()
    return _record(node, out, (input,), factor=factor)


def pixel_shuffle(input, upscale_factor):
    """Rearranges ``(*, C * r * r, H, W)`` into ``(*, C, H * r, W * r)``, ``r = upscale_factor``: each
    group of ``r * r`` channels becomes an ``r``-by-``r`` block of pixels.

    Args:
        input (Tensor): the input.
        upscale_factor (int): the factor ``r``.

    Returns:
        Tensor: the rearranged input.
    """
    _check(input, upscale_factor, "pixel_shuffle", "upscale_factor")
    r = int(upscale_factor)
    if input.shape[-3] % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={input.shape[-3]} is not divisible by {r * r}")
    with no_grad():
        out = _shuffle(input.detach(), r)
    return _rearranged(input, out, PixelShuffleBackward0, r)


def pixel_unshuffle(input, downscale_factor):
    """Rearranges ``(*, C, H * r, W * r)`` into ``(*, C * r * r, H, W)``, ``r = downscale_factor``; the inverse of
    ``pixel_shuffle``.

    Args:
        input (Tensor): the input.
        downscale_factor (int): the factor ``r``.

    Returns:
        Tensor: the rearranged input.
    """
    _check(input, downscale_factor, "pixel_unshuffle", "downscale_factor")
    r = int(downscale_factor)
    for dim, name in ((-2, "height"), (-1, "width")):
        if input.shape[dim] % r:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by downscale_factor, but "
                               f"input.size({dim})={input.shape[dim]} is not divisible by {r}")
    with no_grad():
        out = _unshuffle(input.detach(), r)
    return _rearranged(input, out, PixelUnshuffleBackward0, r)

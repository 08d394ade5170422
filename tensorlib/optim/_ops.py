"""Small in-place helpers the optimisers share.

``addcmul_``/``addcdiv_`` are used when Tensor has them; otherwise they are
composed from ``mul``/``div``/``add_`` in the order PyTorch's CPU kernels
evaluate them: ``self + (value * t1) * t2`` and ``self + (value * t1) / t2``.
"""
from .._C import TensorBase as _TensorBase


def as_scalar(x):
    """A Python number for a hyper-parameter that may be a one-element tensor."""
    return x.item() if isinstance(x, _TensorBase) else x


def addcmul_(target, t1, t2, value=1):
    method = getattr(type(target), "addcmul_", None)
    if method is not None:
        return method(target, t1, t2, value=value)
    tmp = t1.mul(value) if value != 1 else t1.clone()
    tmp.mul_(t2)
    return target.add_(tmp)


def addcdiv_(target, t1, t2, value=1):
    method = getattr(type(target), "addcdiv_", None)
    if method is not None:
        return method(target, t1, t2, value=value)
    tmp = t1.mul(value) if value != 1 else t1.clone()
    tmp.div_(t2)
    return target.add_(tmp)

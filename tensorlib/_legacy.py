"""Legacy typed constructors (``torch.FloatTensor(2, 3)``) and default-type setters."""
import warnings

from . import _dtype as D
from ._tensor import Tensor


class _LegacyTensorMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and not obj.is_cuda

    def __call__(cls, *args, device=None):
        from ._creation import legacy_construct
        out = Tensor.__new__(Tensor)
        legacy_construct(out, cls.dtype, args, device)
        return out

    def __repr__(cls):
        return f"<class 'torch.{cls.__name__}'>"


def _legacy_type(d):
    name = d.legacy_name
    doc = (f"The legacy type of CPU tensors of dtype ``{d}``.\n\n``torch.{name}(2, 3)`` makes an uninitialised "
           f"tensor of that shape, ``torch.{name}([1, 2])`` one holding a copy of the data; "
           f"``isinstance(t, torch.{name})`` tells whether ``t`` is a CPU tensor of that dtype.")
    return _LegacyTensorMeta(name, (), {"dtype": d, "__module__": "torch", "__doc__": doc})


HalfTensor = _legacy_type(D.float16)
BFloat16Tensor = _legacy_type(D.bfloat16)
FloatTensor = _legacy_type(D.float32)
DoubleTensor = _legacy_type(D.float64)
CharTensor = _legacy_type(D.int8)
ShortTensor = _legacy_type(D.int16)
IntTensor = _legacy_type(D.int32)
LongTensor = _legacy_type(D.int64)
ByteTensor = _legacy_type(D.uint8)
BoolTensor = _legacy_type(D.bool)


def set_default_dtype(d):
    """Sets the default floating-point dtype: the dtype of the factories' results when none is given
    and of Python floats in tensors (float32 at start).

    Args:
        d (dtype): a floating-point dtype.

    Example::

        >>> torch.set_default_dtype(torch.float64)
        >>> torch.tensor([1.5]).dtype
        torch.float64
        >>> torch.set_default_dtype(torch.float32)
    """
    D.set_default_dtype(d)


def set_default_tensor_type(t):
    """Sets the default floating-point dtype from a legacy tensor type (deprecated: use
    :func:`tensorlib.set_default_dtype`; warns).

    Args:
        t (type or str): a floating-point legacy type, e.g. ``torch.DoubleTensor`` or
            ``"torch.DoubleTensor"``.
    """
    warnings.warn(
        "torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
        "torch.set_default_dtype() and torch.set_default_device() as alternatives.",
        UserWarning, stacklevel=2)
    if isinstance(t, str):
        t = D.from_legacy_name(t)
    elif isinstance(t, _LegacyTensorMeta):
        t = t.dtype
    else:
        raise TypeError(f"invalid type: '{t}'")
    if not t.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    D.set_default_dtype(t)

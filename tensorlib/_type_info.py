"""``torch.finfo`` and ``torch.iinfo``: the numerical limits of a dtype.

The floating limits follow from each format's significand and exponent widths, so bfloat16's
are known without its optional NumPy type."""
import math

from . import _dtype as D
from ._type_names import type_name

# (explicit significand bits, exponent bits) of each IEEE-style floating format
_FLOAT_FORMATS = {D.float16: (10, 5), D.bfloat16: (7, 8), D.float32: (23, 8), D.float64: (52, 11)}
_INT_DTYPES = (D.uint8, D.int8, D.int16, D.int32, D.int64)


class finfo:
    """The limits of a floating-point dtype (the default dtype when none is given): ``bits``, ``eps``
    (the gap between 1 and the next value), ``max``/``min`` (the largest finite values),
    ``tiny``/``smallest_normal`` (the smallest positive normal value), ``resolution`` (10 to the minus
    the decimal digits ``eps`` guarantees) and ``dtype`` (its name).

    Args:
        type (dtype, optional): a floating-point dtype.

    Example::

        >>> torch.finfo(torch.float32).eps
        1.1920928955078125e-07
    """
    __hash__ = None

    def __init__(self, *args, **kwargs):
        dtype = _finfo_argument(args, kwargs)
        if dtype not in _FLOAT_FORMATS:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        significand, exponent = _FLOAT_FORMATS[dtype]
        highest_exponent = 2 ** (exponent - 1) - 1
        self.bits = dtype.itemsize * 8
        self.eps = 2.0 ** -significand
        self.max = (2.0 - self.eps) * 2.0 ** highest_exponent
        self.min = -self.max
        self.smallest_normal = self.tiny = 2.0 ** (1 - highest_exponent)
        self.resolution = 10.0 ** -math.floor(-math.log10(self.eps))
        self.dtype = dtype.name

    def __eq__(self, other):
        return isinstance(other, finfo) and other.dtype == self.dtype

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """The limits of an integer dtype: ``bits``, ``min``, ``max`` and ``dtype`` (its name).

    Args:
        type (dtype): an integer (or bool) dtype.

    Example::

        >>> torch.iinfo(torch.int8).max
        127
    """
    __hash__ = None

    def __init__(self, type):
        if not isinstance(type, D.dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be torch.dtype, not {type_name(type)}")
        if type is D.bool:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type not in _INT_DTYPES:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        self.bits = type.itemsize * 8
        signed = type is not D.uint8
        self.min = -2 ** (self.bits - 1) if signed else 0
        self.max = 2 ** (self.bits - 1) - 1 if signed else 2 ** self.bits - 1
        self.dtype = type.name

    def __eq__(self, other):
        return isinstance(other, iinfo) and other.dtype == self.dtype

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def _finfo_argument(args, kwargs):
    """The dtype of ``finfo(*args, **kwargs)`` (PyTorch's forms: ``(torch.dtype type)`` and ``()``)."""
    given = list(args) + list(kwargs.values())
    if not given:
        return D.get_default_dtype()
    if len(given) == 1 and isinstance(given[0], D.dtype) and set(kwargs) <= {"type"}:
        return given[0]
    if len(args) == 1 and not kwargs:
        raise TypeError(f"finfo(): argument 'type' (position 1) must be torch.dtype, not {type_name(args[0])}")
    names = ["torch.dtype" if isinstance(a, D.dtype) else type_name(a) for a in args]
    names += [f"{k}={'torch.dtype' if isinstance(v, D.dtype) else type_name(v)}" for k, v in kwargs.items()]
    raise TypeError(f"finfo() received an invalid combination of arguments - got ({', '.join(names)}), but "
                    "expected one of:\n * (torch.dtype type)\n * ()\n")

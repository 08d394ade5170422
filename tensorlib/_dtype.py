"""dtype objects, the default float dtype, and PyTorch's type-promotion rules."""
import numpy as np

try:  # bfloat16 storage: optional, NumPy has no such type
    import ml_dtypes as _ml_dtypes
except ImportError:
    _ml_dtypes = None


class dtype:
    """The type of a tensor's elements (``torch.float32``, ``torch.int64``, ``torch.bool``...): its
    ``itemsize`` in bytes and whether it ``is_floating_point``, ``is_signed`` or ``is_complex``.  The
    dtypes are the module's constants; they print as ``torch.float32`` so tutorial output matches.

    Example::

        >>> torch.float64.itemsize, torch.float64.is_floating_point
        (8, True)
    """
    __slots__ = ("name", "numpy", "itemsize", "is_floating_point", "is_signed", "is_complex",
                 "legacy_name", "short_name")

    def __init__(self, name, numpy_dtype, legacy_name, short_name):
        self.name = name
        self.numpy = np.dtype(numpy_dtype)
        self.itemsize = self.numpy.itemsize
        self.is_floating_point = self.numpy.kind == "f"
        self.is_signed = self.numpy.kind in "fi"
        self.is_complex = False
        self.legacy_name = legacy_name
        self.short_name = short_name

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return self.name

    def to_real(self):
        return self


class _OptionalDtype(dtype):
    """A floating dtype whose NumPy type comes from an optional package: the dtype object
    always exists (it prints, promotes, compares); storing tensors of it needs the package."""
    __slots__ = ("_numpy", "_package")

    def __init__(self, name, numpy_dtype, legacy_name, short_name, itemsize, package):
        self.name = name
        self._numpy = None if numpy_dtype is None else np.dtype(numpy_dtype)
        self._package = package
        self.itemsize = itemsize
        self.is_floating_point = True
        self.is_signed = True
        self.is_complex = False
        self.legacy_name = legacy_name
        self.short_name = short_name

    @property
    def available(self):
        """Whether the package that stores this dtype is installed."""
        return self._numpy is not None

    @property
    def numpy(self):
        if self._numpy is None:
            raise RuntimeError(
                f"tensorlib stores {self.name} tensors through the {self._package} package, which is not "
                f"installed: pip install {self._package} (or pip install tensorlib[{self.name}])")
        return self._numpy


float16 = dtype("float16", np.float16, "HalfTensor", "Half")
float32 = dtype("float32", np.float32, "FloatTensor", "Float")
float64 = dtype("float64", np.float64, "DoubleTensor", "Double")
bfloat16 = _OptionalDtype("bfloat16", _ml_dtypes and _ml_dtypes.bfloat16, "BFloat16Tensor", "BFloat16", 2,
                          "ml_dtypes")
int8 = dtype("int8", np.int8, "CharTensor", "Char")
int16 = dtype("int16", np.int16, "ShortTensor", "Short")
int32 = dtype("int32", np.int32, "IntTensor", "Int")
int64 = dtype("int64", np.int64, "LongTensor", "Long")
uint8 = dtype("uint8", np.uint8, "ByteTensor", "Byte")
bool = dtype("bool", np.bool_, "BoolTensor", "Bool")

half, float, double = float16, float32, float64
short, int, long = int16, int32, int64

ALL = (float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, bool)
_BY_NUMPY = {d.numpy: d for d in ALL if d is not bfloat16 or bfloat16.available}
_BY_LEGACY = {"torch." + d.legacy_name: d for d in ALL}

_default_float = float32


def from_numpy(np_dtype):
    """The dtype of tensorlib's own arrays of ``np_dtype`` (ml_dtypes' bfloat16 included)."""
    try:
        return _BY_NUMPY[np.dtype(np_dtype)]
    except KeyError:
        raise _unconvertible(np_dtype) from None


def from_numpy_input(np_dtype):
    """The dtype of a program's NumPy array or scalar; PyTorch takes no bfloat16 ones."""
    if bfloat16.available and np.dtype(np_dtype) == bfloat16.numpy:
        raise _unconvertible(np_dtype)
    return from_numpy(np_dtype)


def _unconvertible(np_dtype):
    scalar_type = np.dtype(np_dtype).type
    return TypeError(
        f"can't convert np.ndarray of type {scalar_type.__module__}.{scalar_type.__name__}. The only supported "
        "types are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, "
        "uint32, uint16, uint8, and bool.")


def from_legacy_name(name):
    try:
        return _BY_LEGACY[name]
    except KeyError:
        raise ValueError(f"invalid type: '{name}'") from None


def compute_dtype(d):
    """The dtype the kernels compute ``d`` in: float32 for the 2-byte floats (float16, bfloat16),
    whose results are rounded once to ``d`` as PyTorch's kernels round them, else ``d`` itself."""
    return float32 if d is float16 or d is bfloat16 else d


def get_default_dtype():
    """The default floating-point dtype (see :func:`tensorlib.set_default_dtype`).

    Example::

        >>> torch.get_default_dtype()
        torch.float32
    """
    return _default_float


def set_default_dtype(d):
    global _default_float
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_float = d


def category(d):
    """0 for bool, 1 for integers, 2 for floating point."""
    return 2 if d.is_floating_point else (0 if d is bool else 1)


def promote_types(a, b):
    """The smallest dtype both ``a`` and ``b`` convert to without losing their kind, as
    PyTorch's promotion table has it.

    Args:
        a (dtype): the first dtype.
        b (dtype): the second dtype.

    Returns:
        dtype: the promoted dtype.

    Example::

        >>> torch.promote_types(torch.int32, torch.float32)
        torch.float32
    """
    if a is b:
        return a
    if a.is_floating_point or b.is_floating_point:
        if a.is_floating_point and b.is_floating_point:
            if a.itemsize == b.itemsize:  # float16 with bfloat16: neither holds the other
                return float32
            return a if a.itemsize >= b.itemsize else b
        return a if a.is_floating_point else b
    if a is bool:
        return b
    if b is bool:
        return a
    return _BY_NUMPY[np.promote_types(a.numpy, b.numpy)]


def _combine_categories(higher, lower):
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.is_floating_point:
        return higher
    if higher is bool or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def scalar_dtype(value):
    """The dtype a Python number takes part in promotion with."""
    if isinstance(value, (builtins_bool, np.bool_)):
        return bool
    if isinstance(value, (builtins_int, np.integer)):
        return int64
    if isinstance(value, (builtins_float, np.floating)):
        return _default_float
    raise TypeError(f"unsupported scalar type {type(value).__name__}")


def result_type(*operands):
    """PyTorch's result type: dimensioned tensors first, then 0-d tensors, then
    Python scalars, each later group only able to raise the category."""
    dim_result = zero_result = wrapped_result = None
    for x in operands:
        d = getattr(x, "_dtype", None)
        if d is None:
            s = scalar_dtype(x)
            wrapped_result = s if wrapped_result is None else promote_types(wrapped_result, s)
        elif len(x._shape) == 0:
            zero_result = d if zero_result is None else promote_types(zero_result, d)
        else:
            dim_result = d if dim_result is None else promote_types(dim_result, d)
    return _combine_categories(dim_result, _combine_categories(zero_result, wrapped_result))


def can_cast(from_, to):
    """Whether an in-place op may write a ``from_`` result into a ``to`` tensor."""
    return category(from_) <= category(to)


import builtins as _builtins  # noqa: E402  (names shadowed above by the dtype objects)

builtins_bool, builtins_int, builtins_float = _builtins.bool, _builtins.int, _builtins.float

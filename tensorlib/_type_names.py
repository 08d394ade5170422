"""The names PyTorch's error messages give Python types and dtypes."""


def type_name(x):
    return type(x).__name__


def c_type_name(obj):
    """The type name CPython's C API reports (``list``, ``numpy.float32``, ``MyClass``)."""
    cls = type(obj)
    if cls.__module__ == "builtins" or cls.__flags__ & (1 << 9):  # Py_TPFLAGS_HEAPTYPE: defined in Python
        return cls.__name__
    return f"{cls.__module__}.{cls.__name__}"


def cpp_type_name(dtype):
    """The C++ scalar type of ``dtype`` (``float``, ``long int``...)."""
    return _CPP_NAMES[dtype.name]


_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
              "int64": "long int",
              "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
              "bool": "bool"}


def not_implemented(kernel, dtype):
    """PyTorch's error for a kernel that has no version for ``dtype``."""
    return NotImplementedError(f'"{kernel}" not implemented for \'{dtype.short_name}\'')

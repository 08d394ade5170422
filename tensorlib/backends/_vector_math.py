"""Intel MKL's vector math (VML) for the CPU's float32/float64 elementwise functions.

PyTorch's x86 CPU builds compute ``exp``, ``log``, ``sin``, ``cos``, ``tanh`` and the other
functions in ``VML_FUNCTIONS`` with MKL's ``vms*``/``vmd*`` in high-accuracy mode (VML_HA,
denormals kept, errors ignored), so their last bits are MKL's, not libm's or NumPy's.  Where
the optional ``mkl`` package is installed (``pip install "tensorlib[mkl]"``) on an x86-64
machine, tensorlib loads its ``libmkl_rt`` (``_mkl_library``) -- once, on the first call -- and
calls the same functions, giving PyTorch's bits.  Without it ``unary`` declines and the
compiled and NumPy kernels run (results within an ulp or two of PyTorch's).

MKL runs on its sequential threading layer (``_mkl_library``); large arrays are cut into chunks of 32768
elements that tensorlib's own thread pool runs (``tensorlib._simd_math.run_elementwise``), as
PyTorch calls VML from one thread per chunk -- elementwise values do not depend on the chunks.
Non-contiguous data is copied to a contiguous buffer first, as PyTorch does.
"""

import numpy as np

from .._simd_math import run_elementwise
from ._mkl_library import addresses, library

# tensorlib's op name -> VML's function name (vms<Name> for float32, vmd<Name> for float64).
# These are the functions whose PyTorch results equal VML's bit for bit (checked against
# PyTorch 2.13; erfc and erfinv are VML there too); log1p, expm1, sinh, cosh, exp2, rsqrt and the
# inverse hyperbolics are not.
VML_FUNCTIONS = {
    "exp": "Exp", "log": "Ln", "log2": "Log2", "log10": "Log10", "sqrt": "Sqrt",
    "sin": "Sin", "cos": "Cos", "tan": "Tan", "asin": "Asin", "acos": "Acos", "atan": "Atan",
    "tanh": "Tanh", "erf": "Erf",
}

# VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE: the mode PyTorch passes.
_MODE = 0x00000002 | 0x00140000 | 0x00000100
_functions = None      # {(op, numpy dtype char): function address}, {} when MKL is not usable
_enabled = True


def _table():
    """The addresses of the VML functions by (op, dtype char), or {} without MKL."""
    global _functions
    if _functions is None:
        lib = library()
        _functions = {} if lib is None else {
            (op, np.dtype(dtype).char): addresses(lib, (prefix + name,))[0]
            for op, name in VML_FUNCTIONS.items() for prefix, dtype in (("vms", np.float32), ("vmd", np.float64))}
    return _functions


def is_available():
    """True when the VML path is active: MKL found (and loaded) and not switched off."""
    return _enabled and bool(_table())


def set_enabled(enabled):
    """Switches the VML path on or off (off: the compiled/NumPy kernels run); returns the
    previous setting."""
    global _enabled
    previous, _enabled = _enabled, bool(enabled)
    return previous


def unary(op, a, out):
    """``out[...] = op(a)`` through VML for float32/float64 ``a`` and ``out`` of a's dtype;
    False (nothing written) for another op or dtype, or without MKL."""
    if not _enabled:
        return False
    function = (_functions if _functions is not None else _table()).get((op, a.dtype.char))
    if function is None or out.dtype != a.dtype:
        return False
    n = a.size
    if n == 0:
        return True
    src = a if a.flags.c_contiguous else np.ascontiguousarray(a)
    direct = out.flags.c_contiguous and (src is a and out is a or not np.may_share_memory(src, out))
    dst = out if direct else np.empty(a.shape, a.dtype)
    run_elementwise(function, src, dst, _MODE)
    if not direct:
        np.copyto(out, dst)
    return True


def function_for(op, dtype_char):
    """``(address, mode)`` of VML's function for ``op`` on arrays of dtype char ``dtype_char``, for
    compiled kernels that call it on their own buffers as ``unary`` would; ``(0, 0)`` when
    the VML path is off or has no such function (the caller then uses its C equivalent)."""
    if not _enabled:
        return 0, 0
    function = (_functions if _functions is not None else _table()).get((op, dtype_char))
    return (0, 0) if function is None else (function, _MODE)

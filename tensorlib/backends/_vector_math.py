"""Intel MKL's vector math (VML) for the CPU's float32/float64 elementwise functions.

PyTorch's x86 CPU builds compute ``exp``, ``log``, ``sin``, ``cos``, ``tanh`` and the other
functions in ``VML_FUNCTIONS`` with MKL's ``vms*``/``vmd*`` in high-accuracy mode (VML_HA,
denormals kept, errors ignored), so their last bits are MKL's, not libm's or NumPy's.  Where
the optional ``mkl`` package is installed (``pip install "tensorlib[mkl]"``) on an x86-64
machine, tensorlib loads its ``libmkl_rt`` through ctypes -- once, on the first call -- and
calls the same functions, giving PyTorch's bits.  Without it ``unary`` declines and the
compiled and NumPy kernels run (results within an ulp or two of PyTorch's).

MKL is switched to its sequential threading layer: the values do not depend on threads, and
PyTorch itself calls VML from one thread per chunk.  Non-contiguous data is copied to a
contiguous buffer first, as PyTorch does.
"""
import ctypes
import importlib.metadata
import os
import platform
import sys

import numpy as np

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
_MKL_THREADING_SEQUENTIAL = 1
_MKL_INTERFACE_LP64 = 0
_CHUNK = 1 << 30       # elements per call: VML's LP64 interface counts in a C int
_X86 = {"x86_64", "amd64", "i386", "i686", "x86"}

_functions = None      # {(op, numpy dtype char): ctypes function}, {} when MKL is not usable
_enabled = True


def _library_candidates():
    """Paths where the ``mkl`` wheel put libmkl_rt: the files it installed, then <prefix>/lib."""
    try:
        files = importlib.metadata.files("mkl") or ()
    except importlib.metadata.PackageNotFoundError:
        files = ()
    for file in files:
        name = file.name
        if name.startswith("libmkl_rt.so") or (name.startswith("mkl_rt") and name.endswith(".dll")):
            yield str(file.locate())
    for prefix in (sys.prefix, sys.base_prefix):
        for name in ("libmkl_rt.so.3", "libmkl_rt.so.2", "libmkl_rt.so"):
            yield os.path.join(prefix, "lib", name)


def _load():
    """The VML functions of the installed ``mkl`` package, or {} where there is none."""
    if platform.machine().lower() not in _X86:
        return {}
    for path in _library_candidates():
        if not os.path.exists(path):
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        lib.MKL_Set_Threading_Layer(_MKL_THREADING_SEQUENTIAL)
        lib.MKL_Set_Interface_Layer(_MKL_INTERFACE_LP64)
        functions = {}
        for op, name in VML_FUNCTIONS.items():
            for prefix, dtype in (("vms", np.float32), ("vmd", np.float64)):
                fn = getattr(lib, prefix + name)
                fn.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)
                fn.restype = None
                functions[op, np.dtype(dtype).char] = fn
        return functions
    return {}


def _table():
    global _functions
    if _functions is None:
        _functions = _load()
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
    fn = (_functions if _functions is not None else _table()).get((op, a.dtype.char))
    if fn is None or out.dtype != a.dtype:
        return False
    n = a.size
    if n == 0:
        return True
    src = a if a.flags.c_contiguous else np.ascontiguousarray(a)
    direct = out.flags.c_contiguous and (src is a and out is a or not np.shares_memory(src, out))
    dst = out if direct else np.empty(a.shape, a.dtype)
    step = a.itemsize
    src_address, dst_address = src.ctypes.data, dst.ctypes.data
    for start in range(0, n, _CHUNK):
        fn(min(_CHUNK, n - start), src_address + start * step, dst_address + start * step, _MODE)
    if not direct:
        np.copyto(out, dst)
    return True

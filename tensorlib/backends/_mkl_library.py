"""Intel MKL, when the optional ``mkl`` package is installed (``pip install
"tensorlib[mkl]"``): the library PyTorch's x86 CPU build computes its matrix
products and vector math with.  Calling the same routines gives PyTorch's
last bits, which NumPy's OpenBLAS and SIMD loops do not.

``library()`` is the loaded ``libmkl_rt`` (a ``ctypes.CDLL``), or None where the
package is absent or cannot be loaded (or ``TENSORLIB_MKL=0``); the search runs
once, and binds MKL's BLAS into the compiled products (``tensorlib._blas``).

PyTorch 2.13's wheels link MKL 2024.2; the extra pins that release, whose
kernels give the same bits (later releases differ for some shapes)."""
import ctypes
import functools
import importlib.metadata
import os
import pathlib
import sys

from .. import _blas


def _candidates():
    """Paths where the ``mkl`` wheel may have put ``libmkl_rt``: its recorded files first,
    then the environment's lib folder."""
    try:
        files = importlib.metadata.files("mkl") or ()
    except importlib.metadata.PackageNotFoundError:
        return []
    found = [pathlib.Path(f.locate()) for f in files if f.name.startswith("libmkl_rt.so")]
    found.extend(sorted(pathlib.Path(sys.prefix, "lib").glob("libmkl_rt.so*")))
    return found


@functools.lru_cache(maxsize=None)
def library():
    """The loaded MKL runtime library, or None."""
    if os.environ.get("TENSORLIB_MKL", "1") == "0":
        return None
    for path in _candidates():
        try:
            lib = ctypes.CDLL(str(path))
        except OSError:
            continue
        _blas.bind(*(ctypes.cast(getattr(lib, name), ctypes.c_void_p).value
                     for name in ("cblas_sgemm", "cblas_dgemm", "cblas_sdot", "cblas_ddot",
                                  "MKL_Set_Num_Threads_Local")))
        return lib
    return None


def set_num_threads(count):
    """Makes MKL's own routines use ``count`` threads (nothing without MKL)."""
    lib = library()
    if lib is not None:
        lib.MKL_Set_Num_Threads(ctypes.c_int(count))

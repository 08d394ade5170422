"""Intel MKL, when the optional ``mkl`` package is installed (``pip install
"tensorlib[mkl]"``) on an x86-64 machine: the library PyTorch's x86 CPU build
computes its matrix products and vector math with.  Calling the same routines
gives PyTorch's last bits, which NumPy's OpenBLAS and SIMD loops do not.

``library()`` is the loaded ``libmkl_rt`` (a ``ctypes.CDLL``), or None where the
package is absent, cannot be loaded, the machine is not x86, or
``TENSORLIB_MKL=0``.  The search runs once; it binds MKL's BLAS into the
compiled products (``tensorlib._blas``) and switches MKL to its sequential
threading layer, so that no OpenMP runtime competes with tensorlib's pool (and
NumPy's BLAS) for the cores: the pool splits large vector-math calls and
products (stacks of them by matrix; one gemm into column blocks where a trial
shows the cut keeps its bits), which changes no value.

PyTorch 2.13's wheels link MKL 2024.2; the extra pins that release, whose
kernels give the same bits (later releases differ for some product shapes)."""
import ctypes
import functools
import importlib.metadata
import os
import platform
import sys

from .. import _blas

_MKL_THREADING_SEQUENTIAL = 1
_MKL_INTERFACE_LP64 = 0
_X86 = {"x86_64", "amd64", "i386", "i686", "x86"}


def library_candidates():
    """Paths where the ``mkl`` wheel may have put ``libmkl_rt``: the files it installed, then
    the environment's lib folder."""
    try:
        files = importlib.metadata.files("mkl") or ()
    except importlib.metadata.PackageNotFoundError:
        files = ()
    for file in files:
        if file.name.startswith("libmkl_rt.so") or (file.name.startswith("mkl_rt") and file.name.endswith(".dll")):
            yield str(file.locate())
    for prefix in (sys.prefix, sys.base_prefix):
        for name in ("libmkl_rt.so.2", "libmkl_rt.so.3", "libmkl_rt.so"):
            yield os.path.join(prefix, "lib", name)


def addresses(lib, names):
    """The addresses of the routines ``names`` of the loaded library ``lib``, for binding into
    compiled code."""
    return [ctypes.cast(getattr(lib, name), ctypes.c_void_p).value for name in names]


@functools.lru_cache(maxsize=None)
def library():
    """The loaded MKL runtime library, or None."""
    if os.environ.get("TENSORLIB_MKL", "1") == "0" or platform.machine().lower() not in _X86:
        return None
    for path in library_candidates():
        if not os.path.exists(path):
            continue
        try:
            lib = ctypes.CDLL(path)
            # before any other MKL call: the layers are chosen on the first
            lib.MKL_Set_Threading_Layer(_MKL_THREADING_SEQUENTIAL)
            lib.MKL_Set_Interface_Layer(_MKL_INTERFACE_LP64)
            _blas.bind(*addresses(lib, ("cblas_sgemm", "cblas_dgemm", "cblas_sgemv", "cblas_dgemv", "cblas_sdot",
                                        "cblas_ddot")))
        except (OSError, AttributeError):  # not loadable, or an MKL without these routines
            continue
        return lib
    return None


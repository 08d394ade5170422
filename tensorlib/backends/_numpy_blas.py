"""NumPy's own BLAS, for the compiled products that must carry ``np.matmul``'s bits
(``tensorlib._blas.numpy_matmul``: attention's products, shared out among the pool's threads):
the ILP64 OpenBLAS that NumPy's wheels bundle (scipy-openblas, ``cblas_?gemm`` spelt
``scipy_cblas_?gemm64_``), the very library NumPy's matmul calls.  ``bound()`` looks for it
once; where NumPy was built against another BLAS, nothing is bound and the callers keep
``np.matmul``."""
import ctypes
import functools
import glob
import os

import numpy as np

from .. import _blas
from . import _mkl_library


def _library_paths():
    """Where NumPy's wheels put their bundled OpenBLAS (Linux, macOS, Windows)."""
    root = os.path.dirname(os.path.abspath(np.__file__))
    for pattern in (os.path.join(root + ".libs", "libscipy_openblas*"), os.path.join(root, ".dylibs", "libscipy_openblas*"),
                    os.path.join(root + ".libs", "libscipy_openblas*.dll")):
        yield from sorted(glob.glob(pattern))


@functools.cache
def bound():
    """Whether NumPy's BLAS is bound into ``tensorlib._blas`` (found on the first call)."""
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    except (AttributeError, KeyError, TypeError, ValueError):
        return False
    if blas.get("name") != "scipy-openblas" or "USE64BITINT" not in blas.get("openblas configuration", ""):
        return False
    for path in _library_paths():
        try:
            library = ctypes.CDLL(path)
            routines = _mkl_library.addresses(library, ("scipy_cblas_sgemm64_", "scipy_cblas_dgemm64_"))
        except (OSError, AttributeError):
            continue
        _blas.bind_numpy(*routines)
        return True
    return False

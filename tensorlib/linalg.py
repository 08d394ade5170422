"""``torch.linalg``: norms, inverses, determinants, solvers, factorisations and
matrix products, batched over leading dims as PyTorch's (the ops live in
``tensorlib/ops/linalg_*.py``)."""
from .ops import linalg_backward  # noqa: F401  (registers the decompositions' backward nodes)
from .ops._linalg_common import LinAlgError
from .ops.diagonals import diagonal as _diagonal
from .ops.linalg import matmul
from .ops.linalg_factorizations import eigh, eigvalsh, qr, svd, svdvals
from .ops.linalg_norms import matrix_norm, norm, vector_norm
from .ops.linalg_products import cross, matrix_exp, multi_dot, vecdot
from .ops.linalg_solvers import (cholesky, cholesky_ex, det, inv, inv_ex, lstsq, matrix_power, matrix_rank, pinv,
                                 slogdet, solve, solve_ex, solve_triangular)

__all__ = ["LinAlgError", "cholesky", "cholesky_ex", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "inv_ex",
           "lstsq", "matmul", "matrix_exp", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv",
           "qr", "slogdet", "solve", "solve_ex", "solve_triangular", "svd", "svdvals", "vecdot", "vector_norm"]


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The view of diagonal ``offset`` of the matrices of dims ``dim1``/``dim2`` (last two by default)."""
    return _diagonal(A, offset, dim1, dim2)

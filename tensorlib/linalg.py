"""``torch.linalg``: norms, inverses, determinants, solvers, factorisations and
matrix products, batched over leading dims as PyTorch's (the ops live in
``tensorlib/ops/linalg_*.py``).  Each function takes PyTorch's ``out=`` (a
tensor, or a tuple of tensors for the tuple results) and refuses a first
argument that is not a tensor with PyTorch's TypeError."""
import functools

from ._C import TensorBase
from .ops import linalg_backward  # noqa: F401  (registers the decompositions' backward nodes)
from .ops import linalg as _products
from .ops import linalg_factorizations as _factorizations
from .ops import linalg_lu as _lu
from .ops import linalg_norms as _norms
from .ops import linalg_products as _linalg_products
from .ops import linalg_solvers as _solvers
from .ops._linalg_common import LinAlgError, write_out
from .ops.diagonals import diagonal as _diagonal


def _write(out, result):
    """``result`` copied into ``out`` (resized), tuple by tuple."""
    if isinstance(result, tuple):
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"argument 'out' must be tuple of Tensors, not {type(out).__name__}")
        return type(result)(_write(o, r) for o, r in zip(out, result))
    if not isinstance(out, TensorBase):
        raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
    return write_out(result, out)


def _public(fn, name, first="A", out=True):
    """``fn`` as ``torch.linalg.<name>``: the first argument (named ``first``; None: not a tensor)
    checked, ``out=`` written."""
    @functools.wraps(fn)
    def function(*args, out=None, **kwargs):
        if first is not None and args and not isinstance(args[0], TensorBase):
            raise TypeError(f"linalg_{name}(): argument '{first}' (position 1) must be Tensor, not "
                            f"{type(args[0]).__name__}")
        if out is not None and not takes_out:
            raise TypeError(f"linalg_{name}() got an unexpected keyword argument 'out'")
        result = fn(*args, **kwargs)
        return result if out is None else _write(out, result)
    takes_out = out
    function.__name__ = function.__qualname__ = name
    return function


inv = _public(_solvers.inv, "inv")
inv_ex = _public(_solvers.inv_ex, "inv_ex")
det = _public(_solvers.det, "det")
slogdet = _public(_solvers.slogdet, "slogdet")
solve = _public(_solvers.solve, "solve")
solve_ex = _public(_solvers.solve_ex, "solve_ex")
solve_triangular = _public(_solvers.solve_triangular, "solve_triangular", "input")
cholesky = _public(_solvers.cholesky, "cholesky", "input")
cholesky_ex = _public(_solvers.cholesky_ex, "cholesky_ex", "input")
pinv = _public(_solvers.pinv, "pinv")
lstsq = _public(_solvers.lstsq, "lstsq", "input")
matrix_rank = _public(_solvers.matrix_rank, "matrix_rank")
matrix_power = _public(_solvers.matrix_power, "matrix_power", "input")
tensorinv = _public(_solvers.tensorinv, "tensorinv", "input")
tensorsolve = _public(_solvers.tensorsolve, "tensorsolve")
cond = _public(_norms.cond, "cond", "A")
lu_factor = _public(_lu.lu_factor, "lu_factor")
lu_factor_ex = _public(_lu.lu_factor_ex, "lu_factor_ex")
lu = _public(_lu.lu, "lu")
lu_solve = _public(_lu.lu_solve, "lu_solve", "LU")
qr = _public(_factorizations.qr, "qr")
eigh = _public(_factorizations.eigh, "eigh", "input")
eigvalsh = _public(_factorizations.eigvalsh, "eigvalsh", "input")
svd = _public(_factorizations.svd, "svd")
svdvals = _public(_factorizations.svdvals, "svdvals")
norm = _public(_norms.norm, "norm", "input")
vector_norm = _public(_norms.vector_norm, "vector_norm", "input")
matrix_norm = _public(_norms.matrix_norm, "matrix_norm", "input")
cross = _public(_linalg_products.cross, "cross", "input")
vecdot = _public(_linalg_products.vecdot, "vecdot", "x")
vander = _public(_linalg_products.vander, "vander", "x", out=False)
matrix_exp = _public(_linalg_products.matrix_exp, "matrix_exp", "input", out=False)
matmul = _public(_products.matmul, "matmul", "input")
matmul.__doc__ = """The matrix product of ``input`` and ``other``, as :func:`tensorlib.matmul` computes it.

Args:
    input (Tensor): the left factor.
    other (Tensor): the right factor.
    out (Tensor, optional): the tensor to write the result into.

Returns:
    Tensor: the product.

Example::

    >>> torch.linalg.matmul(torch.eye(2), torch.tensor([1., 2.]))
    tensor([1., 2.])
"""
multi_dot = _public(_linalg_products.multi_dot, "multi_dot", None)


def _diagonal_of(A, *, offset=0, dim1=-2, dim2=-1):
    """A view of the diagonal ``offset`` of the matrices of ``A`` in the dimensions ``dim1`` and
    ``dim2`` (the last two by default), as the last dimension of the result.

    Args:
        A (Tensor): the input, at least 2-D.
        offset (int): 0 the main diagonal, positive above it, negative below. Default: ``0``.
        dim1 (int): the first dimension of the matrices. Default: ``-2``.
        dim2 (int): the second dimension of the matrices. Default: ``-1``.

    Returns:
        Tensor: the view.

    Example::

        >>> torch.linalg.diagonal(torch.arange(4.).reshape(2, 2))
        tensor([0., 3.])
    """
    return _diagonal(A, offset, dim1, dim2)


diagonal = _public(_diagonal_of, "diagonal", out=False)

__all__ = ["LinAlgError", "cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "inv_ex",
           "lstsq", "lu", "lu_factor", "lu_factor_ex", "lu_solve", "matmul", "matrix_exp", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv",
           "qr", "slogdet", "solve", "solve_ex", "solve_triangular", "svd", "svdvals", "tensorinv", "tensorsolve", "vander",
           "vecdot", "vector_norm"]

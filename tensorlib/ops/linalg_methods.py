"""The ``torch.*`` and ``Tensor.*`` names PyTorch gives the linear-algebra ops:
det, inverse, logdet, pinverse, matrix_power, matrix_exp and cross declared
in the registry over the ``torch.linalg`` ops; slogdet and svd (tuples) and
cholesky (positive-definite input only) as the method group LinalgMixin, whose
``METHOD_FUNCTIONS`` become ``torch.*`` functions."""
from ._linalg_common import write_out
from . import linalg_backward  # noqa: F401  (registers the decompositions' backward nodes)
from ._op_docs import example
from ._registry import declare
from .linalg_factorizations import legacy_qr, legacy_svd
from .linalg_lu import legacy_lu, legacy_lu_solve
from .linalg_products import legacy_cross, matrix_exp
from .linalg_solvers import (cholesky_inverse, cholesky_solve, det, inv, legacy_cholesky, legacy_slogdet, logdet,
                             matrix_power, pinverse, triangular_solve)


def _with_out(op):
    """``op`` taking PyTorch's ``out=``: the result written into ``out`` (resized)."""
    def forward(input, *args, out=None):
        """``op``'s result, or ``out`` holding it."""
        return write_out(op(input, *args), out)
    forward.__name__ = op.__name__
    return forward


declare("det", det, "", inplace=False, out=False,
    doc="""The determinant of the square matrix ``input``, or of each matrix of a batch.""" + example(
    ">>> torch.det(torch.tensor([[1., 2.], [3., 4.]]))", "tensor(-2.)"))
declare("logdet", logdet, "", inplace=False, out=False,
    doc="""The natural logarithm of the determinant of the square matrix ``input`` (or of each of a
    batch): NaN for a negative determinant, -inf for zero.""" + example(
    ">>> torch.logdet(torch.tensor([[2., 0.], [0., 3.]]))", "tensor(1.7918)"))
declare("inverse", _with_out(inv), "", inplace=False,
    doc="""The inverse of the square matrix ``input`` (or of each of a batch), as
    :func:`tensorlib.linalg.inv` computes it.""" + example(
    ">>> torch.inverse(torch.tensor([[2., 0.], [0., 4.]]))", "tensor([[0.5000, 0.0000],", "        [0.0000, 0.2500]])"))
declare("pinverse", pinverse, "float rcond=1e-15", inplace=False, out=False,
    doc="""The Moore-Penrose pseudo-inverse of ``input`` (or of each matrix of a batch), through its SVD.

    Args:
        rcond: singular values below ``rcond`` times the largest count as zero.
    """ + example(">>> torch.pinverse(torch.tensor([[2., 0.], [0., 0.]]))",
                  "tensor([[0.5000, 0.0000],", "        [0.0000, 0.0000]])"))
declare("matrix_power", _with_out(matrix_power), "int n", inplace=False,
    doc="""The square matrix ``input`` (or each of a batch) raised to the integer power ``n``:
    the identity for 0, powers of the inverse for negative ``n``.

    Args:
        n: the exponent.
    """ + example(">>> torch.matrix_power(torch.tensor([[1., 2.], [3., 4.]]), 2)",
                  "tensor([[ 7., 10.],", "        [15., 22.]])"))
declare("matrix_exp", matrix_exp, "", inplace=False, out=False,
    doc="""The matrix exponential of the square matrix ``input`` (or of each of a batch).""" + example(
    ">>> torch.matrix_exp(torch.zeros(2, 2))", "tensor([[1., 0.],", "        [0., 1.]])"))
declare("cross", _with_out(legacy_cross), "Tensor other, int? dim=None", inplace=False,
    doc="""The cross product of ``input`` and ``other`` along a dimension of size 3.

    Args:
        other: the second operand, broadcast against ``input``.
        dim: the dimension holding the vectors; None takes the first dimension of size 3.
    """ + example(">>> torch.cross(torch.tensor([1., 0., 0.]), torch.tensor([0., 1., 0.]), dim=0)",
                  "tensor([0., 0., 1.])"))
declare("cholesky_solve", _with_out(cholesky_solve), "Tensor input2, bool upper=False", inplace=False,
    doc="""Solves ``A X = input`` for X given the Cholesky factor ``input2`` of the symmetric
    positive-definite matrix A (``A = L L^T`` with ``upper=False``).

    Args:
        input: the right-hand sides B (n x k, or a batch).
        input2: the triangular Cholesky factor of A.
        upper: whether ``input2`` is upper triangular (``A = U^T U``).
    """ + example(
        ">>> L = torch.tensor([[2., 0.], [1., 1.]])", ">>> torch.cholesky_solve(torch.tensor([[4.], [3.]]), L)",
                  "tensor([[0.5000],", "        [1.0000]])"))
declare("cholesky_inverse", _with_out(cholesky_inverse), "bool upper=False", inplace=False,
    doc="""The inverse of a symmetric positive-definite matrix A given its Cholesky factor ``input``.

    Args:
        input: the triangular Cholesky factor of A.
        upper: whether ``input`` is upper triangular (``A = U^T U``).
    """ + example(">>> torch.cholesky_inverse(torch.tensor([[2., 0.], [1., 1.]]))",
                  "tensor([[ 0.5000, -0.5000],", "        [-0.5000,  1.0000]])"))


class LinalgMixin:
    """The linear-algebra methods that return tuples or need a positive-definite input."""

    def slogdet(self):
        """The sign and the logarithm of the absolute value of the determinant of ``self`` (a square
        matrix or a batch).

        Returns:
            (Tensor, Tensor): the named tuple ``(sign, logabsdet)``.
        """
        return legacy_slogdet(self)

    def svd(self, some=True, compute_uv=True):
        """The singular value decomposition ``self = U @ diag(S) @ V.mT`` (older interface of
        :func:`tensorlib.linalg.svd`, which returns ``Vh`` rather than V).

        Args:
            some (bool): the reduced decomposition; False gives square U and V. Default: ``True``.
            compute_uv (bool): compute U and V (else they are zero-filled). Default: ``True``.

        Returns:
            (Tensor, Tensor, Tensor): the named tuple ``(U, S, V)``.
        """
        return legacy_svd(self, some, compute_uv)

    def lu(self, pivot=True, get_infos=False):
        """The packed LU factorisation of ``self`` with partial pivoting (older interface of
        :func:`tensorlib.linalg.lu_factor`).

        Args:
            pivot (bool): must be True on the CPU. Default: ``True``.
            get_infos (bool): also return LAPACK's status per matrix. Default: ``False``.

        Returns:
            tuple: ``(LU, pivots)``, and ``infos`` when ``get_infos``.
        """
        return legacy_lu(self, pivot, get_infos)

    def lu_solve(self, LU_data, LU_pivots):
        """Solves ``A X = self`` for A given by :meth:`Tensor.lu`'s factors (deprecated in PyTorch for
        :func:`tensorlib.linalg.lu_solve`).

        Args:
            LU_data (Tensor): the packed factors.
            LU_pivots (Tensor): the 1-based row swaps.

        Returns:
            Tensor: the solution X.
        """
        return legacy_lu_solve(self, LU_data, LU_pivots)

    def qr(self, some=True):
        """The QR decomposition of ``self`` (deprecated in PyTorch for :func:`tensorlib.linalg.qr`).

        Args:
            some (bool): the reduced decomposition; False gives a square Q. Default: ``True``.

        Returns:
            (Tensor, Tensor): the named tuple ``(Q, R)``.
        """
        return legacy_qr(self, some)

    def triangular_solve(self, A, upper=True, transpose=False, unitriangular=False):
        """Solves ``A X = self`` for a triangular ``A`` (deprecated in PyTorch for
        :func:`tensorlib.linalg.solve_triangular`).

        Args:
            A (Tensor): the triangular coefficients (the other triangle is ignored).
            upper (bool): whether A is upper triangular. Default: ``True``.
            transpose (bool): solve with A's transpose. Default: ``False``.
            unitriangular (bool): take A's diagonal as ones. Default: ``False``.

        Returns:
            (Tensor, Tensor): the named tuple ``(solution, cloned_coefficient)``.
        """
        return triangular_solve(self, A, upper, transpose, unitriangular)

    # ---- adjoints and conjugates: real dtypes only, so the conjugation is the identity -----------
    @property
    def mH(self):
        """The conjugate transpose of the last two dimensions (the transpose, for real dtypes); a view."""
        if self.dim() < 2:
            raise RuntimeError(f"tensor.mH is only supported on matrices or batches of matrices. Got {self.dim()}-D "
                               "tensor.")
        return self.transpose(-2, -1)

    @property
    def H(self):
        """The conjugate transpose of a matrix (the transpose, for real dtypes); a view."""
        if self.dim() != 2:
            raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.dim()}-D tensor."
                               + (" For batches of matrices, consider using tensor.mH" if self.dim() > 2 else ""))
        return self.transpose(0, 1)

    def adjoint(self):
        """The conjugate transpose of the last two dimensions (the transpose, for real dtypes); a view.

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).adjoint()
            tensor([[1, 3],
                    [2, 4]])
        """
        if self.dim() < 2:
            raise RuntimeError(f"tensor.adjoint() is only supported on matrices or batches of matrices. Got "
                               f"{self.dim()}-D tensor.")
        return self.transpose(-2, -1)

    def conj(self):
        """The complex conjugate: the tensor itself for real dtypes."""
        return self

    def resolve_conj(self):
        """The tensor with a pending conjugation applied: itself for real dtypes."""
        return self

    def conj_physical(self):
        """The complex conjugate, materialised: the tensor itself for real dtypes."""
        return self

    def is_conj(self):
        """Whether a conjugation is pending: never for real dtypes."""
        return False

    def cholesky(self, upper=False):
        """The Cholesky factor of ``self``, a symmetric positive-definite matrix or a batch
        (deprecated in PyTorch for :func:`tensorlib.linalg.cholesky`).

        Args:
            upper (bool): return the upper factor U (``self = U^T U``) instead of L. Default: ``False``.

        Returns:
            Tensor: the triangular factors.
        """
        return legacy_cholesky(self, upper)


METHOD_FUNCTIONS = ("slogdet", "svd", "cholesky", "lu", "lu_solve", "qr", "triangular_solve", "adjoint", "conj",
                    "resolve_conj", "conj_physical", "is_conj", "is_complex")

"""The small matrix helpers MultivariateNormal needs, composed of differentiable
tensor ops (so gradients come from autograd): the Cholesky factor, the solve of
a lower-triangular system, the diagonal.  Each loops over the matrix size, not
over elements: every step is a batched tensor op."""
from .. import _creation
from .._functional import stack
from ..autograd.grad_mode import no_grad


def diagonal(matrix):
    """The diagonals of the square matrices ``matrix`` (..., n, n) as (..., n)."""
    n = matrix.shape[-1]
    return (matrix * _creation.eye(n, dtype=matrix.dtype, device=matrix.device)).sum(-1)


def cholesky(matrix):
    """The lower Cholesky factors L (L @ L.mT == matrix) of the symmetric positive-definite
    matrices ``matrix`` (..., n, n); NaN where a matrix is not positive definite."""
    n = matrix.shape[-1]
    rows = _creation.arange(n, device=matrix.device)
    columns = []
    for j in range(n):
        remainder = matrix[..., :, j]
        if columns:
            done = stack(columns, -1)  # (..., n, j)
            remainder = remainder - (done * done[..., j:j + 1, :]).sum(-1)
        pivot = remainder[..., j:j + 1].sqrt()
        # rows above the diagonal are zero; the division there is discarded
        columns.append((remainder / pivot) * (rows >= j).to(matrix.dtype))
    return stack(columns, -1)


def cholesky_succeeds(matrix):
    """Whether each matrix of ``matrix`` (..., n, n) has a Cholesky factor (is positive definite)."""
    with no_grad():
        return (diagonal(cholesky(matrix)) > 0).all(-1)


def solve_lower(lower, rhs):
    """X with ``lower @ X == rhs`` for lower-triangular ``lower`` (..., n, n) and ``rhs`` (..., n, k)."""
    n = lower.shape[-1]
    solved = []
    for i in range(n):
        row = rhs[..., i, :]
        if solved:
            row = row - (lower[..., i, :i].unsqueeze(-1) * stack(solved, -2)).sum(-2)
        solved.append(row / lower[..., i, i:i + 1])
    return stack(solved, -2)


def inverse_lower(lower):
    """The inverses of the lower-triangular matrices ``lower`` (..., n, n)."""
    n = lower.shape[-1]
    identity = _creation.eye(n, dtype=lower.dtype, device=lower.device)
    return solve_lower(lower, identity.expand(lower.shape))

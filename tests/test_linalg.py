"""torch.linalg and the old names (torch.det, inverse, svd...): values against
NumPy on contiguous, transposed, sliced, batched, broadcast and empty inputs,
float64 gradcheck/gradgradcheck, result tuples, and errors with PyTorch's
messages."""
import numpy as np
import pytest

import tensorlib as torch
import tensorlib.linalg as L
from tensorlib.autograd import gradcheck, gradgradcheck

F64 = torch.float64


def _matrix(shape, seed=0, layout="contiguous"):
    """A float64 tensor of ``shape`` in ``layout`` (its NumPy values too)."""
    values = np.random.default_rng(seed).standard_normal(shape)
    if layout == "transposed":
        t = torch.tensor(np.ascontiguousarray(np.swapaxes(values, -1, -2))).transpose(-1, -2)
    elif layout == "sliced":
        wide = np.zeros(shape[:-1] + (2 * shape[-1],))
        wide[..., ::2] = values
        t = torch.tensor(wide)[..., ::2]
    else:
        t = torch.tensor(values)
    return t, values


def _spd(values):
    """A symmetric positive-definite matrix (batch) from any square ``values``."""
    return values @ np.swapaxes(values, -1, -2) + values.shape[-1] * np.eye(values.shape[-1])


def _close(ours, expected, tol=1e-10):
    np.testing.assert_allclose(ours.detach().numpy(), expected, rtol=tol, atol=tol)


LAYOUTS = ("contiguous", "transposed", "sliced")
SHAPES = ((3, 3), (2, 4, 4), (0, 3, 3))


# ---- values ------------------------------------------------------------------------------------
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", SHAPES)
def test_inverse_determinants_and_solve_match_numpy(layout, shape):
    a, values = _matrix(shape, 1, layout)
    _close(L.inv(a), np.linalg.inv(values))
    _close(torch.inverse(a), np.linalg.inv(values))
    _close(L.det(a), np.linalg.det(values))
    _close(a.det(), np.linalg.det(values))
    sign, logabs = np.linalg.slogdet(values)
    result = L.slogdet(a)
    _close(result.sign, sign)
    _close(result.logabsdet, logabs)
    b, b_values = _matrix(shape[:-1] + (2,), 2, layout)
    _close(L.solve(a, b), np.linalg.solve(values, b_values))
    _close(L.solve_ex(a, b).result, np.linalg.solve(values, b_values))
    inverse, info = L.inv_ex(a)
    assert info.dtype is torch.int32 and info.shape == shape[:-2] and not info.any()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", SHAPES)
def test_factorisations_reconstruct_their_input(layout, shape):
    a, values = _matrix(shape, 3, layout)
    q, r = L.qr(a)
    _close(q @ r, values)
    _close(r, np.triu(r.numpy()))
    spd = torch.tensor(_spd(values))
    lower = L.cholesky(spd)
    _close(lower @ lower.mT, _spd(values))
    _close(L.cholesky(spd, upper=True), np.swapaxes(lower.numpy(), -1, -2))
    w, v = L.eigh(spd)
    _close(w, np.linalg.eigvalsh(_spd(values)))
    _close(v @ torch.diag_embed(w) @ v.mT, _spd(values))
    _close(L.eigvalsh(spd, UPLO="U"), np.linalg.eigvalsh(_spd(values), UPLO="U"))
    u, s, vh = L.svd(a, full_matrices=False)
    _close(s, np.linalg.svd(values, compute_uv=False))
    _close(u @ torch.diag_embed(s) @ vh, values)
    _close(L.svdvals(a), np.linalg.svd(values, compute_uv=False))


@pytest.mark.parametrize("shape", ((4, 3), (3, 4), (2, 5, 3)))
def test_rectangular_matrices_match_numpy(shape):
    a, values = _matrix(shape, 4, "transposed")
    _close(L.pinv(a), np.linalg.pinv(values))
    _close(torch.pinverse(a), np.linalg.pinv(values))
    assert L.matrix_rank(a).tolist() == np.linalg.matrix_rank(values).tolist()
    u, s, vh = L.svd(a)
    assert u.shape[-1] == shape[-2] and vh.shape[-2] == shape[-1]
    m, n = shape[-2:]
    _close((u[..., :, :min(m, n)] * s.unsqueeze(-2)) @ vh[..., :min(m, n), :], values)
    q, r = L.qr(a, mode="complete")
    assert q.shape[-2:] == (m, m) and r.shape[-2:] == (m, n)
    _close(q @ r, values)
    q, r = L.qr(a, mode="r")
    assert q.shape == (0,)
    uu, ss, v = torch.svd(a)
    _close(v, np.swapaxes(L.svd(a, full_matrices=False).Vh.numpy(), -1, -2))


def test_lstsq_gives_the_least_squares_solution_and_drivers_fill_what_pytorch_fills():
    a, values = _matrix((5, 3), 5)
    b, b_values = _matrix((5, 2), 6)
    expected, residuals, rank, singular = np.linalg.lstsq(values, b_values, rcond=None)
    result = L.lstsq(a, b)
    _close(result.solution, expected)
    assert result.residuals.shape == (0,) and int(result.rank) == 3 and result.singular_values.shape == (0,)
    gelsd = L.lstsq(a, b, driver="gelsd")
    _close(gelsd.residuals, residuals)
    _close(gelsd.singular_values, singular)
    gels = L.lstsq(a, b, driver="gels")
    assert gels.rank.shape == (0,) and gels.rank.dtype is torch.int64
    _close(L.lstsq(a, b[:, 0]).solution, expected[:, 0])


def test_solve_triangular_on_each_side():
    a, values = _matrix((2, 3, 3), 7, "transposed")
    b, b_values = _matrix((2, 3, 4), 8)
    upper = np.triu(values) + 3 * np.eye(3)
    a = torch.tensor(upper)
    _close(L.solve_triangular(a, b, upper=True), np.linalg.solve(upper, b_values))
    right, right_values = _matrix((2, 4, 3), 9)
    _close(L.solve_triangular(a.mT, right, upper=False, left=False),
           np.swapaxes(np.linalg.solve(upper, np.swapaxes(right_values, -1, -2)), -1, -2))
    unit = np.triu(values, 1) + np.eye(3)
    _close(L.solve_triangular(torch.tensor(values), b, upper=True, unitriangular=True), np.linalg.solve(unit, b_values))
    singular = L.solve_triangular(torch.zeros(3, 3), torch.ones(3, 1), upper=True)
    assert np.isinf(singular.numpy()).any() or np.isnan(singular.numpy()).any()


def test_solve_takes_vectors_and_broadcasts_batches():
    a, values = _matrix((2, 3, 3), 10)
    v, v_values = _matrix((3,), 11)
    _close(L.solve(a, v), np.linalg.solve(values, v_values[None, :, None])[..., 0])
    batch_vectors, bv = _matrix((2, 3), 12)
    _close(L.solve(a, batch_vectors), np.linalg.solve(values, bv[..., None])[..., 0])
    b, b_values = _matrix((4, 1, 3, 2), 13)
    assert L.solve(a, b).shape == (4, 2, 3, 2)
    _close(L.solve(a, b.mT.mT, left=True), np.linalg.solve(values, b_values))
    _close(L.solve(a, b.mT, left=False), np.swapaxes(np.linalg.solve(np.swapaxes(values, -1, -2), b_values), -1, -2))


def test_powers_products_and_exponential():
    a, values = _matrix((2, 3, 3), 14)
    for n in (0, 1, 2, 5, -1, -3):
        _close(L.matrix_power(a, n), np.linalg.matrix_power(values, n), 1e-8)
    _close(a.matrix_power(2), values @ values)
    vectors, vv = _matrix((4, 3), 15)
    other, ov = _matrix((4, 3), 16)
    _close(L.cross(vectors, other), np.cross(vv, ov))
    _close(torch.cross(vectors.mT, other.mT, dim=0), np.cross(vv, ov).T)
    _close(L.vecdot(vectors, other), (vv * ov).sum(-1))
    x, xv = _matrix((3,), 17)
    m1, m1v = _matrix((3, 5), 18)
    m2, m2v = _matrix((5, 2), 19)
    _close(L.multi_dot([x, m1, m2]), xv @ m1v @ m2v)
    _close(L.matrix_exp(torch.zeros(2, 2)), np.eye(2))
    diagonal = torch.tensor([[1.0, 0.0], [0.0, -2.0]], dtype=F64)
    _close(L.matrix_exp(diagonal), np.diag(np.exp([1.0, -2.0])))
    nilpotent = torch.tensor([[0.0, 3.0], [0.0, 0.0]], dtype=F64)
    _close(torch.matrix_exp(nilpotent), np.array([[1.0, 3.0], [0.0, 1.0]]))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_norms_match_numpy(layout):
    a, values = _matrix((2, 3, 4), 20, layout)
    for ord in ("fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf):
        _close(L.matrix_norm(a, ord), np.linalg.norm(values, ord, axis=(-2, -1)))
        _close(L.matrix_norm(a, ord, dim=(0, 2), keepdim=True),
               np.linalg.norm(values, ord, axis=(0, 2), keepdims=True))
    for ord in (2, 1, 3.5, np.inf, -np.inf, 0):
        _close(L.vector_norm(a, ord, dim=-1), np.linalg.norm(values, ord, axis=-1))
    _close(L.norm(a), np.linalg.norm(values.reshape(-1)))
    _close(L.norm(a[0], "nuc"), np.linalg.norm(values[0], "nuc"))
    _close(L.norm(a[0, 0], 3), np.linalg.norm(values[0, 0], 3))
    _close(L.norm(a, 2, dim=(1, 2)), np.linalg.norm(values, 2, axis=(1, 2)))
    assert L.vector_norm(a.float(), dtype=F64).dtype is F64


def test_diagonal_is_a_view_of_the_last_two_dims():
    a, values = _matrix((2, 3, 4), 21)
    d = L.diagonal(a, offset=1)
    _close(d, np.diagonal(values, 1, -2, -1))
    d.zero_()
    assert float(a[0, 0, 1]) == 0


def test_result_tuples_print_with_pytorch_names():
    eye = torch.eye(2, dtype=F64)
    assert repr(L.slogdet(eye)).startswith("torch.return_types.linalg_slogdet(\nsign=")
    assert type(torch.slogdet(eye)).__name__ == "slogdet"
    assert L.svd(eye)._fields == ("U", "S", "Vh") and torch.svd(eye)._fields == ("U", "S", "V")
    assert L.eigh(eye)._fields == ("eigenvalues", "eigenvectors")
    assert L.qr(eye)._fields == ("Q", "R")
    assert L.inv_ex(eye)._fields == ("inverse", "info")
    assert L.cholesky_ex(eye)._fields == ("L", "info")
    assert L.solve_ex(eye, eye)._fields == ("result", "info")
    assert L.lstsq(eye, eye)._fields == ("solution", "residuals", "rank", "singular_values")


# ---- gradients ------------------------------------------------------------------------------------------
def _sym(a):
    return a @ a.mT + 3 * torch.eye(a.shape[-1], dtype=F64)


_A = _matrix((2, 3, 3), 30, "transposed")[0]
_TALL = _matrix((4, 2), 31)[0]
_B = _matrix((3, 2), 32)[0]
_V = _matrix((3,), 33)[0]
GRADIENTS = {
    "inv": (L.inv, (_A,)),
    "det": (L.det, (_A,)),
    "det of a singular matrix": (lambda a: L.det(a * torch.tensor([1.0, 1.0, 0.0], dtype=F64)), (_A,)),
    "slogdet": (lambda a: L.slogdet(a).logabsdet, (_A,)),
    "logdet": (lambda a: torch.logdet(_sym(a)), (_A,)),
    "solve": (L.solve, (_A, _B)),
    "solve a vector": (L.solve, (_A, _V)),
    "solve on the right": (lambda a, b: L.solve(a, b.mT, left=False), (_A, _B)),
    "solve_triangular": (lambda a, b: L.solve_triangular(a + 3 * torch.eye(3, dtype=F64), b, upper=True), (_A, _B)),
    "solve_triangular unit right": (lambda a, b: L.solve_triangular(a, b.mT, upper=False, left=False,
                                                                     unitriangular=True), (_A, _B)),
    "cholesky": (lambda a: L.cholesky(_sym(a)), (_A,)),
    "cholesky upper": (lambda a: L.cholesky(_sym(a), upper=True), (_A,)),
    "qr": (L.qr, (_A,)),
    "qr tall": (L.qr, (_TALL,)),
    "qr wide": (L.qr, (_TALL.mT,)),
    "eigh": (lambda a: L.eigh(_sym(a)), (_A,)),
    "eigvalsh": (lambda a: L.eigvalsh(_sym(a)), (_A,)),
    "svd full_matrices": (lambda a: (lambda u, s, vh: (s, u[..., :2].abs(), vh.abs()))(*L.svd(a)), (_TALL,)),
    "pinv": (L.pinv, (_TALL,)),
    "pinv wide": (L.pinv, (_TALL.mT,)),
    "matrix_power": (lambda a: L.matrix_power(a, 3), (_A,)),
    "matrix_power negative": (lambda a: L.matrix_power(a, -2), (_A,)),
    "cross": (L.cross, (_A, _A.flip(-1))),
    "multi_dot": (lambda v, a, b: L.multi_dot([v, a, b]), (_V, _A[0], _B)),
    "matrix_exp": (L.matrix_exp, (_A,)),
    "matrix_norm 2": (lambda a: L.matrix_norm(a, 2), (_A,)),
    "matrix_norm 1": (lambda a: L.matrix_norm(a, 1), (_A,)),
    "matrix_norm nuc": (lambda a: L.matrix_norm(a, "nuc"), (_A,)),
    "vecdot": (L.vecdot, (_A, _A.mT)),
    "cholesky_solve": (lambda b, f: torch.cholesky_solve(b, f.tril() + 3 * torch.eye(3, dtype=F64)), (_B, _A[0])),
    "cholesky_solve upper": (lambda b, f: torch.cholesky_solve(b, f.triu() + 3 * torch.eye(3, dtype=F64), upper=True),
                             (_B, _A[0])),
    "cholesky_inverse": (lambda f: torch.cholesky_inverse(f.tril() + 3 * torch.eye(3, dtype=F64)), (_A,)),
    "cond": (L.cond, (_A,)),
    "cond 1": (lambda a: L.cond(a, 1), (_A,)),
    "tensorinv": (lambda a: L.tensorinv(a.reshape(3, 1, 3), ind=1), (_A[0],)),
    "triangular_solve": (lambda b, a: torch.triangular_solve(b, a + 3 * torch.eye(3, dtype=F64), transpose=True)[0],
                         (_B, _A[0])),
    "vander": (lambda v: L.vander(v, N=4), (_V,)),
    "torch.vander": (torch.vander, (_V,)),
    "lu_factor": (lambda a: L.lu_factor(a).LU, (_A,)),
    "lu tall": (lambda a: L.lu(a)[1:], (_TALL,)),
    "lu wide": (lambda a: L.lu(a)[1:], (_TALL.mT,)),
    "lu_unpack": (lambda a: torch.lu_unpack(*L.lu_factor(a))[1:], (_TALL,)),
    "lu_solve": (lambda a, b: L.lu_solve(*L.lu_factor(a), b), (_A, _B)),
    "lu_solve adjoint right": (lambda a, b: L.lu_solve(*L.lu_factor(a), b.mT, left=False, adjoint=True), (_A, _B)),
}


@pytest.mark.parametrize("name", sorted(GRADIENTS))
def test_gradcheck_and_gradgradcheck(name):
    fn, inputs = GRADIENTS[name]
    inputs = tuple(t.detach().clone().requires_grad_() for t in inputs)
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_lstsq_gradcheck():
    a = _TALL.detach().clone().requires_grad_()
    b = _matrix((4, 2), 34)[0].requires_grad_()
    assert gradcheck(lambda x, y: L.lstsq(x, y).solution, (a, b))


def test_qr_refuses_a_derivative_it_has_not():
    a = _TALL.detach().clone().requires_grad_()
    with pytest.raises(RuntimeError, match="not computed when mode='r'"):
        L.qr(a, mode="r").R.sum().backward()
    with pytest.raises(RuntimeError, match="not differentiable when mode='complete' and nrows > ncols"):
        L.qr(a, mode="complete").Q.sum().backward()


# ---- errors ---------------------------------------------------------------------------------------------
def _raises(cls, message, fn):
    with pytest.raises(cls) as caught:
        fn()
    assert str(caught.value) == message


def test_singular_and_not_positive_definite_matrices_raise_linalg_errors():
    singular = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
    _raises(L.LinAlgError, "linalg.inv: The diagonal element 2 is zero, the inversion could not be completed "
                           "because the input matrix is singular.", lambda: L.inv(singular))
    _raises(L.LinAlgError, "linalg.inv: (Batch element 1): The diagonal element 1 is zero, the inversion could "
                           "not be completed because the input matrix is singular.",
            lambda: L.inv(torch.stack([torch.eye(2), torch.zeros(2, 2)])))
    assert int(L.inv_ex(torch.zeros(3, 3)).info) == 1
    _raises(L.LinAlgError, "torch.linalg.solve: The solver failed because the input matrix is singular.",
            lambda: L.solve(torch.zeros(3, 3), torch.zeros(3)))
    _raises(L.LinAlgError, "linalg.cholesky: The factorization could not be completed because the input is not "
                           "positive-definite (the leading minor of order 2 is not positive-definite).",
            lambda: L.cholesky(torch.diag(torch.tensor([1.0, -1.0, 1.0]))))
    assert int(L.cholesky_ex(-torch.eye(2)).info) == 1
    assert issubclass(L.LinAlgError, RuntimeError)


def test_shapes_and_dtypes_are_refused_with_pytorchs_messages():
    _raises(RuntimeError, "linalg.inv: A must be batches of square matrices, but they are 3 by 4 matrices",
            lambda: L.inv(torch.zeros(3, 4)))
    _raises(RuntimeError, "linalg.inv: The input tensor A must have at least 2 dimensions.",
            lambda: L.inv(torch.zeros(3)))
    _raises(RuntimeError, "linalg.inv: Expected a floating point or complex tensor as input. Got Long",
            lambda: torch.inverse(torch.zeros(3, 3, dtype=torch.int64)))
    _raises(RuntimeError, "linalg.inv: Low precision dtypes not supported. Got Half",
            lambda: L.inv(torch.zeros(3, 3, dtype=torch.float16)))
    _raises(NotImplementedError, "\"linalg_eigh_cpu\" not implemented for 'Long'",
            lambda: L.eigh(torch.zeros(3, 3, dtype=torch.int64)))
    _raises(RuntimeError, "linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x1)",
            lambda: L.solve(torch.eye(3), torch.zeros(4)))
    _raises(RuntimeError, "linalg.solve: Expected A and B to have the same dtype, but found A of type Float and B "
                          "of type Double instead", lambda: L.solve(torch.eye(3), torch.zeros(3, 3, dtype=F64)))
    _raises(RuntimeError, "Expected UPLO argument to be 'L' or 'U', but got X", lambda: L.eigh(torch.eye(2), UPLO="X"))
    _raises(RuntimeError, "qr received unrecognized mode 'x' but expected one of 'reduced' (default), 'r', or "
                          "'complete'", lambda: L.qr(torch.eye(2), mode="x"))
    _raises(RuntimeError, "linalg.cross: inputs dimension -1 must have length 3. Got 2 and 2",
            lambda: L.cross(torch.zeros(3, 2), torch.zeros(3, 2)))
    _raises(RuntimeError, "multi_dot(): expected at least 2 tensors but got 1", lambda: L.multi_dot([torch.eye(2)]))
    _raises(RuntimeError, "multi_dot(): tensors 0 and 1 with shapes [3, 2] and [3, 4] cannot be multiplied",
            lambda: L.multi_dot([torch.zeros(3, 2), torch.zeros(3, 4)]))
    _raises(RuntimeError, "torch.linalg.lstsq: input.size(-2) should match other.size(-2)",
            lambda: L.lstsq(torch.zeros(3, 2), torch.zeros(4, 2)))
    _raises(RuntimeError, "linalg.solve_triangular: The input tensor B must have at least 2 dimensions.",
            lambda: L.solve_triangular(torch.zeros(3, 3), torch.zeros(3), upper=True))
    _raises(RuntimeError, "linalg.matrix_norm: Order 3 not supported.", lambda: L.matrix_norm(torch.zeros(3, 3), 3))
    _raises(RuntimeError, "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.",
            lambda: L.norm(torch.zeros(3, 3, 3), ord=2))
    _raises(RuntimeError, "linalg.matrix_norm: dim must be a 2-tuple. Got 0",
            lambda: L.norm(torch.zeros(3, 3), ord="fro", dim=0))
    _raises(RuntimeError, "linalg.pinv(Float{[3]}): expected a tensor with 2 or more dimensions of float, double, "
                          "cfloat or cdouble types", lambda: L.pinv(torch.zeros(3)))
    _raises(TypeError, "linalg_vector_norm(): argument 'ord' must be Number, not str",
            lambda: L.vector_norm(torch.zeros(3), "fro"))


def test_errors_leave_the_input_unchanged():
    singular = torch.zeros(2, 2)
    with pytest.raises(L.LinAlgError):
        L.inv(singular)
    assert singular.tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_deprecated_qr_and_triangular_solve():
    a, values = _matrix((4, 3), 80)
    with pytest.warns(UserWarning, match="torch.qr is deprecated in favor of torch.linalg.qr"):
        q, r = torch.qr(a, some=False)
    assert q.shape == (4, 4) and r.shape == (4, 3)
    _close(q @ r, values)
    upper = np.triu(values[:3]) + 3 * np.eye(3)
    b, b_values = _matrix((3, 2), 81)
    with pytest.warns(UserWarning, match="torch.triangular_solve is deprecated"):
        solution, coefficient = torch.triangular_solve(b, torch.tensor(upper))
    _close(solution, np.linalg.solve(upper, b_values))
    _close(coefficient, upper)


def test_deprecated_names_warn_as_pytorch_does():
    spd = torch.tensor(_spd(np.eye(2)))
    with pytest.warns(UserWarning, match="torch.cholesky is deprecated in favor of torch.linalg.cholesky"):
        _close(torch.cholesky(spd), np.linalg.cholesky(_spd(np.eye(2))))
    with pytest.warns(UserWarning, match="Using torch.cross without specifying the dim arg is deprecated"):
        torch.cross(torch.zeros(3, 4), torch.zeros(3, 4))


def test_the_cuda_stand_in_runs_the_backend_decompositions():
    from tensorlib.backends import cuda as cuda_backend
    a, values = _matrix((2, 3, 3), 40)
    with cuda_backend.use_stand_in():
        moved = a.cuda()
        _close(L.inv(moved).cpu(), np.linalg.inv(values))
        _close(L.svdvals(moved).cpu(), np.linalg.svd(values, compute_uv=False))
        _close(L.eigvalsh(moved @ moved.mT).cpu(), np.linalg.eigvalsh(values @ np.swapaxes(values, -1, -2)))
        p, lower, upper = L.lu(moved)
        _close((p @ lower @ upper).cpu(), values)
        with pytest.raises(L.LinAlgError):
            L.inv(torch.zeros(2, 2).cuda())


def test_functions_take_out_and_refuse_what_is_not_a_tensor():
    out = torch.empty(0, dtype=F64)
    assert L.inv(torch.eye(2, dtype=F64), out=out) is out and out.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    factors = (torch.empty(0), torch.empty(0), torch.empty(0))
    result = L.svd(torch.eye(2), out=factors)
    assert result.S is factors[1] and factors[1].tolist() == [1.0, 1.0]
    _raises(TypeError, "linalg_inv(): argument 'A' (position 1) must be Tensor, not list", lambda: L.inv([1.0]))
    _raises(TypeError, "linalg_cholesky(): argument 'input' (position 1) must be Tensor, not int",
            lambda: L.cholesky(3))
    _raises(TypeError, "linalg_matrix_exp() got an unexpected keyword argument 'out'",
            lambda: L.matrix_exp(torch.eye(2), out=torch.empty(0)))


def test_cholesky_solve_inverse_cond_and_tensor_equations_match_numpy():
    a, values = _matrix((2, 3, 3), 50, "transposed")
    factor = np.linalg.cholesky(_spd(values))
    b, b_values = _matrix((2, 3, 2), 51)
    _close(torch.cholesky_solve(b, torch.tensor(factor)), np.linalg.solve(_spd(values), b_values))
    _close(torch.cholesky_solve(b, torch.tensor(np.swapaxes(factor, -1, -2)), upper=True),
           np.linalg.solve(_spd(values), b_values))
    _close(torch.tensor(factor).cholesky_inverse(), np.linalg.inv(_spd(values)))
    for p in (None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf):
        _close(L.cond(a, p), np.linalg.cond(values, p), 1e-8)
    assert float(L.cond(torch.tensor([[1.0, 0.0], [0.0, 0.0]]), 1)) == np.inf
    t, t_values = _matrix((4, 2, 2), 52)
    _close(L.tensorinv(t, ind=1), np.linalg.tensorinv(t_values, ind=1))
    s, s_values = _matrix((2, 3, 6), 53)
    rhs, rhs_values = _matrix((2, 3), 54)
    _close(L.tensorsolve(s, rhs), np.linalg.tensorsolve(s_values, rhs_values))
    _close(L.tensorsolve(s.movedim(2, 0), rhs, dims=(0,)), np.linalg.tensorsolve(s_values, rhs_values))


def test_triangle_indices_and_diagflat():
    assert torch.tril_indices(3, 4, -1).tolist() == [list(i) for i in np.tril_indices(3, -1, 4)]
    assert torch.triu_indices(3, 4, 1).tolist() == [list(i) for i in np.triu_indices(3, 1, 4)]
    assert torch.tril_indices(3, 3, dtype=torch.int32).dtype is torch.int32
    assert torch.triu_indices(0, 0).shape == (2, 0)
    _raises(NotImplementedError, "\"tril_indices\" not implemented for 'Float'",
            lambda: torch.tril_indices(3, 3, dtype=torch.float32))
    _raises(RuntimeError, "row must be non-negative, got-1", lambda: torch.tril_indices(-1, 3))
    x, values = _matrix((2, 2), 55)
    _close(torch.diagflat(x, 1), np.diagflat(values, 1))


@pytest.mark.parametrize("shape", ((3, 3), (2, 5, 3), (3, 5), (0, 3, 3)))
def test_lu_reconstructs_its_input_and_solves(shape):
    a, values = _matrix(shape, 60, "transposed")
    p, lower, upper = L.lu(a)
    _close(p @ lower @ upper, values)
    _close(lower, np.tril(lower.numpy()))
    _close(upper, np.triu(upper.numpy()))
    packed, pivots = L.lu_factor(a)
    assert pivots.dtype is torch.int32 and pivots.shape == shape[:-2] + (min(shape[-2:]),)
    unpacked = torch.lu_unpack(packed, pivots)
    for ours, theirs in zip(unpacked, (p, lower, upper)):
        _close(ours, theirs.numpy())
    if shape[-1] == shape[-2]:
        b, b_values = _matrix(shape[:-1] + (2,), 61)
        _close(L.lu_solve(packed, pivots, b), np.linalg.solve(values, b_values))
        _close(L.lu_solve(packed, pivots, b, adjoint=True), np.linalg.solve(np.swapaxes(values, -1, -2), b_values))
        _close(torch.lu_solve(b, *a.lu()), np.linalg.solve(values, b_values))


def test_lu_errors():
    info = L.lu_factor_ex(torch.tensor([[1.0, 2.0], [2.0, 4.0]])).info
    assert int(info) == 2
    _raises(RuntimeError, "torch.linalg.lu_factor: U[2,2] is zero and using it on lu_solve would result in a "
                          "division by zero. If you still want to perform the factorization, consider calling "
                          "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)",
            lambda: L.lu_factor(torch.tensor([[1.0, 2.0], [2.0, 4.0]])))
    _raises(RuntimeError, "linalg.lu_factor: LU without pivoting is not implemented on the CPU",
            lambda: L.lu(torch.eye(2), pivot=False))
    _raises(NotImplementedError, "\"lu_cpu\" not implemented for 'Long'",
            lambda: L.lu_factor(torch.zeros(2, 2, dtype=torch.int64)))


def test_vandermonde_matrices_match_numpy():
    x, values = _matrix((4,), 70)
    _close(torch.vander(x), np.vander(values))
    _close(torch.vander(x, N=3, increasing=True), np.vander(values, 3, increasing=True))
    _close(L.vander(x), np.vander(values, increasing=True))
    assert torch.vander(torch.tensor([True, False])).dtype is torch.int64
    _raises(RuntimeError, "x must be a one-dimensional tensor.", lambda: torch.vander(torch.ones(2, 2)))
    _raises(RuntimeError, "N must be greater than 1.", lambda: L.vander(x, N=1))


def test_adjoints_and_conjugates_of_real_tensors():
    a, values = _matrix((2, 3, 4), 90, "sliced")
    _close(a.mH, np.swapaxes(values, -1, -2))
    _close(torch.adjoint(a), np.swapaxes(values, -1, -2))
    _close(a[0].H, values[0].T)
    assert a.conj() is a and torch.resolve_conj(a) is a and a.conj_physical() is a
    assert not torch.is_conj(a) and not torch.is_complex(a)
    _raises(RuntimeError, "tensor.H is only supported on matrices (2-D tensors). Got 3-D tensor. For batches of "
                          "matrices, consider using tensor.mH", lambda: a.H)
    _raises(RuntimeError, "tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.",
            lambda: a[0, 0].mH)

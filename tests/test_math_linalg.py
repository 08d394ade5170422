"""matmul and its 1-D/2-D/batched dispatch, mm, mv, dot, bmm, outer, addmm:
values against NumPy, dtype rules (float16 and exact integer products) and
PyTorch's error messages."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensorlib as torch
from test_math_elementwise import check, layouts, sample


def t(array):
    return torch.from_numpy(np.ascontiguousarray(array))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "int8", "uint8", "int16"])
def test_mm_layouts(dtype):
    a = sample(dtype, (3, 4), 1)
    b = sample(dtype, (4, 5), 2)
    for (_, ta, na), (_, tb, nb) in zip(layouts(a), layouts(b)[::-1]):
        with np.errstate(all="ignore"):
            ref = np.matmul(na, nb)
        exact = dtype not in ("float32", "float64")
        check(torch.mm(ta, tb), ref, dtype, exact=exact, rtol=1e-5, atol=1e-5)
        check(ta @ tb, ref, dtype, exact=exact, rtol=1e-5, atol=1e-5)
        check(ta.matmul(tb), ref, dtype, exact=exact, rtol=1e-5, atol=1e-5)


def test_integer_matmul_exact_and_wrapping():
    big = torch.tensor([[2 ** 62]])
    assert (big @ torch.tensor([[4]])).tolist() == [[0]]
    a = np.arange(6, dtype=np.int8).reshape(2, 3)
    b = (np.arange(6, dtype=np.int8).reshape(3, 2) * 40).astype(np.int8)
    with np.errstate(all="ignore"):
        check(t(a) @ t(b), np.matmul(a, b), "int8")
    x = np.array([[3037000499, 1], [1, 1]], dtype=np.int64)
    with np.errstate(all="ignore"):
        check(t(x) @ t(x), np.matmul(x, x), "int64")


def test_float16_matmul_accumulates_in_float32():
    a = np.full((1, 4096), 0.1, dtype=np.float16)
    b = np.ones((4096, 1), dtype=np.float16)
    r = t(a) @ t(b)
    assert r.dtype is torch.float16
    want = np.float16(np.matmul(a.astype(np.float32), b.astype(np.float32)))
    np.testing.assert_allclose(r.numpy().astype(np.float32), want.astype(np.float32), rtol=1e-3)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.lists(st.integers(1, 3), max_size=2),
       st.lists(st.integers(1, 3), max_size=2), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))
def test_matmul_dispatch_property(da, db, batch_a, batch_b, n, k, p):
    rng = np.random.default_rng(n * 100 + k * 10 + p)
    shape_a = {1: (k,), 2: (n, k)}.get(da, tuple(batch_a[:da - 2]) + (n, k))
    shape_b = {1: (k,), 2: (k, p)}.get(db, tuple(batch_b[:db - 2]) + (k, p))
    a = rng.standard_normal(shape_a)
    b = rng.standard_normal(shape_b)
    try:
        ref = np.matmul(a, b)
    except ValueError:
        with pytest.raises(RuntimeError):
            t(a) @ t(b)
        return
    r = t(a) @ t(b)
    assert tuple(r.shape) == ref.shape
    np.testing.assert_allclose(r.numpy(), ref, rtol=1e-10, atol=1e-10)


def test_matmul_shapes():
    A = torch.arange(6.0).view(2, 3)
    v3 = torch.tensor([1.0, 2, 3])
    v2 = torch.tensor([1.0, -1])
    b3 = torch.arange(30.0).view(5, 2, 3)
    assert (v3 @ v3).shape == () and (v3 @ v3).item() == 14.0
    check(A @ v3, A.numpy() @ v3.numpy(), "float32")
    check(v2 @ A, v2.numpy() @ A.numpy(), "float32")
    check(b3 @ v3, b3.numpy() @ v3.numpy(), "float32")
    check(v2 @ b3, v2.numpy() @ b3.numpy(), "float32")
    check(b3 @ A.t(), b3.numpy() @ A.numpy().T, "float32")
    assert tuple((torch.ones(4, 1, 2, 3) @ torch.ones(5, 3, 2)).shape) == (4, 5, 2, 2)
    assert (torch.ones(0, 3) @ torch.ones(3, 2)).shape == (0, 2)
    assert (torch.ones(2, 0) @ torch.ones(0, 2)).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    check(torch.mv(A, v3), A.numpy() @ v3.numpy(), "float32")
    check(torch.dot(v3, v3), 14.0, "float32")
    check(torch.dot(torch.tensor([1, 2]), torch.tensor([3, 4])), 11, "int64")
    check(torch.bmm(b3, b3.transpose(1, 2)), b3.numpy() @ b3.numpy().transpose(0, 2, 1), "float32")
    check(torch.outer(v2, v3), np.outer(v2.numpy(), v3.numpy()), "float32")
    check(torch.outer(torch.tensor([1, 2]), v3), np.outer([1, 2], v3.numpy()), "float32")


def test_addmm():
    A = torch.arange(6.0).view(2, 3)
    ref = A.numpy() @ A.numpy().T
    check(torch.addmm(torch.ones(2, 2), A, A.t()), ref + 1, "float32")
    check(torch.addmm(torch.ones(2), A, A.t(), beta=0.5, alpha=2), 2 * ref + 0.5, "float32")
    nan = torch.full((2, 2), float("nan"))
    check(torch.addmm(nan, A, A.t(), beta=0), ref, "float32")
    i = torch.arange(6).view(2, 3)
    check(torch.addmm(torch.ones(2, 2, dtype=torch.long), i, i.t(), alpha=0.5), np.ones((2, 2)), "int64")
    check(torch.ones(2, 2).addmm(A, A.t()), ref + 1, "float32")


@pytest.mark.parametrize("expr, msg", [
    (lambda: torch.ones(2, 3) @ torch.ones(2, 3), "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    (lambda: torch.mm(torch.ones(2, 3), torch.ones(3)), "mat2 must be a matrix"),
    (lambda: torch.mm(torch.ones(3), torch.ones(3, 2)), "self must be a matrix"),
    (lambda: torch.ones(2, 3) @ torch.ones(2), "size mismatch, got input (2), mat (2x3), vec (2)"),
    (lambda: torch.ones(3) @ torch.ones(2, 3), "mat1 and mat2 shapes cannot be multiplied (1x3 and 2x3)"),
    (lambda: torch.ones(3) @ torch.ones(2), "inconsistent tensor size, expected tensor [3] and src [2] to have the "
                                            "same number of elements, but got 3 and 2 elements respectively"),
    (lambda: torch.dot(torch.ones(3), torch.ones(2, 3)), "1D tensors expected, but got 1D and 2D tensors"),
    (lambda: torch.dot(torch.ones(3), torch.ones(3, dtype=torch.long)),
     "dot : expected both vectors to have same dtype, but found Float and Long"),
    (lambda: torch.mv(torch.ones(3), torch.ones(3)), "vector + matrix @ vector expected, got 1, 1, 1"),
    (lambda: torch.mv(torch.ones(2, 3), torch.ones(3, dtype=torch.long)),
     "addmv input tensors must have the same dtype, but got Long, Float, and Long"),
    (lambda: torch.bmm(torch.ones(5, 2, 3), torch.ones(5, 2, 3)),
     "Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 2]."),
    (lambda: torch.bmm(torch.ones(2, 3), torch.ones(2, 3)), "batch1 must be a 3D tensor"),
    (lambda: torch.bmm(torch.ones(1, 2, 3, dtype=torch.long), torch.ones(1, 3, 2)),
     "expected scalar type Long but found Float"),
    (lambda: torch.ones(2, 3) @ torch.ones(5, 4, 2),
     "Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4]."),
    (lambda: torch.ones(5, 2, 3) @ torch.ones(4, 2), "mat1 and mat2 shapes cannot be multiplied (10x3 and 4x2)"),
    (lambda: torch.ones(4, 2, 2, 3) @ torch.ones(5, 3, 2),
     "The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1"),
    (lambda: torch.ones(()) @ torch.ones(3), "both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
    (lambda: torch.ones(2, 3) @ torch.ones(3, 2, dtype=torch.long),
     "expected m1 and m2 to have the same dtype, but got: float != long int"),
    (lambda: torch.mm(torch.ones(2, 2, dtype=torch.int32), torch.ones(2, 2, dtype=torch.int16)),
     "expected m1 and m2 to have the same dtype, but got: int != short int"),
    (lambda: torch.addmm(torch.ones(3), torch.ones(2, 3), torch.ones(3, 2)),
     "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 1.  Target "
     "sizes: [2, 2].  Tensor sizes: [3]"),
    (lambda: torch.addmm(torch.ones(2, 2, dtype=torch.long), torch.ones(2, 3), torch.ones(3, 2)),
     "self and mat2 must have the same dtype, but got Long and Float"),
    (lambda: torch.outer(torch.ones(2, 2), torch.ones(2)), "outer: Expected 1-D argument self, but got 2-D"),
    (lambda: torch.mm(torch.ones(2, 3), torch.ones(3, 2), out=torch.empty(2, 2, dtype=torch.float64)),
     "Expected out tensor to have dtype float, but got double instead"),
])
def test_linalg_errors(expr, msg):
    with pytest.raises(RuntimeError) as info:
        expr()
    assert str(info.value) == msg


def test_bool_matmul_not_implemented():
    b = torch.ones(2, 3, dtype=torch.bool)
    with pytest.raises(NotImplementedError, match="^\"addmm_impl_cpu_\" not implemented for 'Bool'$"):
        b @ b.t()
    with pytest.raises(NotImplementedError, match="^\"dot\" not implemented for 'Bool'$"):
        torch.dot(b[0], b[0])


def test_linalg_out():
    A = torch.arange(6.0).view(2, 3)
    out = torch.empty(2, 2)
    assert torch.mm(A, A.t(), out=out) is out and out.tolist() == (A @ A.t()).tolist()
    out = torch.empty(0)
    assert torch.matmul(A, A.t(), out=out) is out and tuple(out.shape) == (2, 2)
    out = torch.empty(5, 2, 2)
    b3 = torch.ones(5, 2, 3)
    assert torch.matmul(b3, A.t(), out=out) is out and out.tolist() == (b3 @ A.t()).tolist()

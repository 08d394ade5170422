"""torch.einsum, tensordot, kron, cdist, block_diag, trace, diagonal,
diag_embed, broadcast_shapes/broadcast_tensors, meshgrid and cartesian_prod:
values against NumPy on contiguous, transposed, sliced, expanded and empty
inputs, float64 gradcheck, and PyTorch's errors."""
import numpy as np
import pytest

import tensorlib as torch
from tensorlib.autograd import gradcheck, gradgradcheck


def _tensor(shape, seed, layout="contiguous"):
    values = np.random.default_rng(seed).standard_normal(shape)
    if layout == "transposed" and len(shape) >= 2:
        return torch.tensor(np.ascontiguousarray(np.swapaxes(values, -1, -2))).transpose(-1, -2), values
    if layout == "sliced" and shape:
        wide = np.zeros(shape[:-1] + (2 * shape[-1],))
        wide[..., ::2] = values
        return torch.tensor(wide)[..., ::2], values
    if layout == "expanded" and shape:
        row = values[..., :1, :] if len(shape) >= 2 else values[:1]
        values = np.broadcast_to(row, shape)
        return torch.tensor(np.ascontiguousarray(row)).expand(*shape), values
    return torch.tensor(values), values


EQUATIONS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("...j,jk->...k", [(5, 2, 3), (3, 4)]), ("...j,...jk->...k", [(5, 1, 3), (2, 3, 4)]), ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]), ("iij->ji", [(3, 3, 2)]), ("i,i", [(3,), (3,)]), ("i,j", [(3,), (2,)]),
    ("Ab,bC", [(2, 3), (3, 4)]), ("ij->", [(2, 3)]), ("i,i->", [(3,), (1,)]), ("i...i->...", [(3, 2, 3)]),
    ("ij->j...", [(2, 3)]), ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]), ("ij,ij->ij", [(2, 3), (2, 3)]),
    ("bhqd,bhkd->bhqk", [(2, 3, 4, 5), (2, 3, 6, 5)]), ("i,i,i->", [(3,), (3,), (3,)]),
    ("ijk,ikl->ijl", [(1, 3, 4), (5, 4, 2)]), ("ij,kj->ik", [(2, 3), (4, 1)]), ("ii,ij->j", [(3, 3), (3, 2)]),
    ("i,j->ij", [(0,), (3,)]), ("ij,jk", [(2, 0), (0, 4)]), ("", [()]), (",->", [(), ()]), ("i,->i", [(3,), ()]),
    ("ij ,jk -> ik", [(2, 3), (3, 4)]),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced", "expanded"])
@pytest.mark.parametrize("equation, shapes", EQUATIONS)
def test_einsum_matches_numpy(equation, shapes, layout):
    pairs = [_tensor(shape, i, layout if 0 not in shape else "contiguous") for i, shape in enumerate(shapes)]
    result = torch.einsum(equation, *[t for t, _ in pairs])
    expected = np.einsum(equation.replace(" ", ""), *[v for _, v in pairs])
    assert result.shape == expected.shape
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-12, atol=1e-12)


def test_einsum_takes_a_list_and_the_sublist_form():
    a, av = _tensor((2, 3), 0)
    b, bv = _tensor((3, 4), 1)
    np.testing.assert_allclose(torch.einsum("ij,jk", [a, b]).numpy(), av @ bv)
    np.testing.assert_allclose(torch.einsum(a, [0, 1], b, [1, 2], [0, 2]).numpy(), av @ bv)
    np.testing.assert_allclose(torch.einsum(a, [Ellipsis, 1], b, [1, 2]).numpy(), av @ bv)
    assert torch.einsum("ij,jk->ik", torch.ones(2, 3, dtype=torch.int64), torch.ones(3, 4, dtype=torch.int64)).dtype \
        is torch.int64


def test_einsum_gradients():
    a = _tensor((2, 3), 0)[0].requires_grad_()
    b = _tensor((3, 3), 1)[0].requires_grad_()
    v = _tensor((3,), 2)[0].requires_grad_()
    assert gradcheck(lambda x, y: torch.einsum("ij,jk,kk->ik", x, y, y), (a, b))
    assert gradcheck(lambda x, y: torch.einsum("i,j->ij", x, y), (v, v))
    assert gradcheck(lambda x: torch.einsum("ii->i", x), (b,))
    assert gradgradcheck(lambda x, y: torch.einsum("ij,jk->ik", x, y), (a, b))


@pytest.mark.parametrize("equation, operands, message", [
    ("ij,jk->ik", [(2, 3)], "einsum(): fewer operands were provided than specified in the equation"),
    ("ij,jk->ik", [(2, 3), (3, 4), (2, 3)], "einsum(): more operands were provided than specified in the equation"),
    ("ijk,jk->ik", [(2, 3), (3, 4)], "einsum(): the number of subscripts in the equation (3) does not match the "
                                     "number of dimensions (2) for operand 0 and no ellipsis was given"),
    ("ij,jk->iz", [(2, 3), (3, 4)], "einsum(): output subscript z does not appear in the equation for any input "
                                    "operand"),
    ("ij,jk->ii", [(2, 3), (3, 4)], "einsum(): output subscript i appears more than once in the output"),
    ("ij,kk->ij", [(2, 3), (3, 4)], "einsum(): subscript k is repeated for operand 1 but the sizes don't match, "
                                    "4 != 3"),
    ("ij,ij->ij", [(2, 3), (3, 4)], "einsum(): subscript i has size 3 for operand 1 which does not broadcast with "
                                    "previously seen size 2"),
    ("i1,jk->ij", [(2, 3), (3, 4)], "einsum(): invalid subscript given at index 1 in the equation string, "
                                    "subscripts must be in [a-zA-Z]"),
    ("ij,jk->i.k", [(2, 3), (3, 4)], "einsum(): found '.' for output that is not part of any ellipsis (...)"),
    ("i.j", [(2, 3)], "einsum(): found '.' for operand 0 that is not part of any ellipsis"),
    ("ijk...->", [(2, 3)], "einsum(): the number of subscripts in the equation (3) is more than the number of "
                           "dimensions (2) for operand 0"),
])
def test_einsum_errors(equation, operands, message):
    with pytest.raises(RuntimeError) as caught:
        torch.einsum(equation, *[torch.zeros(shape) for shape in operands])
    assert str(caught.value) == message


def test_einsum_argument_errors():
    with pytest.raises(ValueError, match="must specify the equation string and at least one operand"):
        torch.einsum()
    with pytest.raises(TypeError, match="argument 'equation' \\(position 1\\) must be str, not int"):
        torch.einsum(3, torch.zeros(2))
    with pytest.raises(RuntimeError, match="expected scalar type Float but found Double"):
        torch.einsum("ij,jk", torch.zeros(2, 3), torch.zeros(3, 4, dtype=torch.float64))


# ---- tensordot / kron / cdist / block_diag ----------------------------------------------------------
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced", "expanded"])
def test_tensordot_kron_and_cdist_match_numpy(layout):
    a, av = _tensor((2, 3, 4), 0, layout)
    b, bv = _tensor((3, 4, 5), 1, layout)
    np.testing.assert_allclose(torch.tensordot(a, b).numpy(), np.tensordot(av, bv), rtol=1e-12)
    np.testing.assert_allclose(torch.tensordot(a, b, ([1], [0])).numpy(), np.tensordot(av, bv, ([1], [0])), rtol=1e-12)
    np.testing.assert_allclose(torch.tensordot(a, b, 0).numpy(), np.tensordot(av, bv, 0), rtol=1e-12)
    np.testing.assert_allclose(torch.kron(a, b).numpy(), np.kron(av, bv), rtol=1e-12)
    x1, x1v = _tensor((2, 5, 3), 2, layout)
    x2, x2v = _tensor((4, 3), 3, layout)
    diff = np.abs(x1v[..., :, None, :] - x2v[None, None, :, :])
    for p, expected in ((2.0, np.sqrt((diff ** 2).sum(-1))), (1.0, diff.sum(-1)), (0.0, (diff != 0).sum(-1)),
                        (np.inf, diff.max(-1)), (3.0, (diff ** 3).sum(-1) ** (1 / 3))):
        np.testing.assert_allclose(torch.cdist(x1, x2, p=p).numpy(), expected, rtol=1e-10)


def test_block_diag_places_the_blocks():
    a, av = _tensor((2, 3), 0, "transposed")
    v, vv = _tensor((2,), 1)
    result = torch.block_diag(a, v, torch.tensor(5.0, dtype=torch.float64))
    expected = np.zeros((4, 6))
    expected[:2, :3], expected[2, 3:5], expected[3, 5] = av, vv, 5.0
    np.testing.assert_allclose(result.numpy(), expected)
    assert torch.block_diag().shape == (1, 0)
    assert torch.block_diag(torch.ones(2, dtype=torch.int64), torch.ones(1, 2)).dtype is torch.float32
    with pytest.raises(RuntimeError, match="Input tensors must have 2 or fewer dimensions. Input 1 has 3 dimensions"):
        torch.block_diag(a, torch.zeros(1, 1, 1))


def test_products_gradcheck():
    a = _tensor((2, 3), 0)[0].requires_grad_()
    b = _tensor((3, 2), 1)[0].requires_grad_()
    x1 = _tensor((2, 4, 3), 2)[0].requires_grad_()
    x2 = _tensor((5, 3), 3)[0].requires_grad_()
    assert gradcheck(lambda u, w: torch.tensordot(u, w, 1), (a, b))
    assert gradcheck(torch.kron, (a, b))
    assert gradcheck(lambda u, w: torch.block_diag(u, w, torch.tensor(2.0)), (a, b))
    for p in (1.0, 2.0, 3.0, float("inf")):
        assert gradcheck(lambda u, w: torch.cdist(u, w, p=p), (x1, x2))
    assert torch.cdist(x1, x2).grad_fn.name() == "CdistBackward0"
    assert torch.block_diag(a, b).grad_fn.name() == "BlockDiagBackward0"


def test_products_errors():
    a, b = torch.zeros(2, 3), torch.zeros(3, 4)
    for dims, message in ((2, "contracted dimensions need to match, but first has size 2 in dim -2 and second has "
                              "size 3 in dim 0"), (-1, "tensordot expects dims >= 0, but got dims=-1"),
                          (([1, 0], [0]), "both dimension lists should have same length")):
        with pytest.raises(RuntimeError) as caught:
            torch.tensordot(a, b, dims)
        assert str(caught.value) == message
    with pytest.raises(RuntimeError, match="cdist only supports at least 2D tensors, X1 got: 1D"):
        torch.cdist(torch.zeros(3), b)
    with pytest.raises(RuntimeError, match="X1 and X2 must have the same number of columns. X1: 3 X2: 4"):
        torch.cdist(a, b)
    with pytest.raises(RuntimeError, match="cdist only supports non-negative p values"):
        torch.cdist(a, a, p=-1)


# ---- diagonals ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced", "expanded"])
def test_diagonal_trace_and_diag_embed_match_numpy(layout):
    a, av = _tensor((3, 4, 5), 0, layout)
    for offset, d1, d2 in ((0, 0, 1), (1, -1, 0), (-2, 1, 2), (9, 0, 2)):
        np.testing.assert_allclose(a.diagonal(offset, d1, d2).numpy(), np.diagonal(av, offset, d1, d2))
    np.testing.assert_allclose(torch.trace(a[0]).numpy(), np.trace(av[0]))
    embedded = torch.diag_embed(a, 1, 0, 2)
    assert embedded.shape == (6, 3, 6, 4)
    np.testing.assert_allclose(embedded.diagonal(1, 0, 2).numpy(), av)
    assert float(embedded.abs().sum()) == pytest.approx(float(np.abs(av).sum()))


def test_diagonals_gradcheck_and_errors():
    a = _tensor((3, 4), 0)[0].requires_grad_()
    assert gradcheck(lambda x: x.diagonal(1), (a,))
    assert gradcheck(torch.trace, (a,))
    assert gradgradcheck(lambda x: torch.diag_embed(x, -1, 0, 2), (a,))
    assert a.diagonal().grad_fn.name() == "DiagonalBackward0"
    assert torch.trace(a).grad_fn.name() == "TraceBackward0"
    assert torch.diag_embed(a).grad_fn.name() == "DiagEmbedBackward0"
    with pytest.raises(RuntimeError, match="diagonal dimensions cannot be identical 0, 0"):
        a.diagonal(0, 0, 0)
    with pytest.raises(RuntimeError, match="trace: expected a matrix, but got tensor with dim 1"):
        torch.trace(torch.zeros(3))
    with pytest.raises(NotImplementedError, match="\"trace\" not implemented for 'Bool'"):
        torch.trace(torch.zeros(2, 2, dtype=torch.bool))
    assert torch.trace(torch.ones(2, 2, dtype=torch.int32)).dtype is torch.int64


# ---- broadcasting and grids -------------------------------------------------------------------------
def test_broadcast_shapes_and_tensors():
    assert torch.broadcast_shapes((2, 1), (3,), 1) == torch.Size([2, 3])
    assert torch.broadcast_shapes() == torch.Size([])
    with pytest.raises(RuntimeError) as caught:
        torch.broadcast_shapes((2, 3, 4), (5, 4))
    assert str(caught.value) == ("Attempting to broadcast a dimension of length 5 at -2! Mismatching argument at "
                                 "index 1 had (5, 4); but expected shape should be broadcastable to [2, 3, 4]")
    with pytest.raises(ValueError, match="Attempting to broadcast a dimension with negative length!"):
        torch.broadcast_shapes((-1,), (3,))
    a, b = torch.broadcast_tensors(torch.ones(2, 1), torch.arange(3.0))
    assert a.shape == b.shape == (2, 3) and b.tolist() == [[0.0, 1.0, 2.0]] * 2
    assert [t.shape for t in torch.broadcast_tensors([torch.ones(2, 1), torch.ones(3)])] == [(2, 3), (2, 3)]
    with pytest.raises(RuntimeError, match="The size of tensor a \\(2\\) must match the size of tensor b \\(3\\)"):
        torch.broadcast_tensors(torch.ones(2, 1), torch.ones(3, 4))


def test_meshgrid_and_cartesian_prod_match_numpy():
    x, y, z = torch.arange(2.0), torch.arange(3.0), torch.arange(4.0)
    for indexing in ("ij", "xy"):
        for ours, expected in zip(torch.meshgrid(x, y, z, indexing=indexing),
                                  np.meshgrid(x.numpy(), y.numpy(), z.numpy(), indexing=indexing)):
            np.testing.assert_allclose(ours.numpy(), expected)
    with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
        grids = torch.meshgrid([x, y])
    assert grids[0].shape == (2, 3)
    assert torch.meshgrid(torch.tensor(2.0), y, indexing="ij")[0].shape == (1, 3)
    np.testing.assert_allclose(torch.cartesian_prod(x, y).numpy(),
                               np.stack([g.reshape(-1) for g in np.meshgrid(x.numpy(), y.numpy(), indexing="ij")], 1))
    assert torch.cartesian_prod(x) is x
    with pytest.raises(RuntimeError, match='indexing must be one of "xy" or "ij", but received: x'):
        torch.meshgrid(x, y, indexing="x")
    with pytest.raises(RuntimeError, match="meshgrid expects all tensors to have the same dtype"):
        torch.meshgrid(x, torch.arange(3), indexing="ij")
    with pytest.raises(RuntimeError, match="Expect a 1D vector, but got shape \\[2, 2\\]"):
        torch.cartesian_prod(torch.ones(2, 2))
    a = torch.arange(3.0, dtype=torch.float64).requires_grad_()
    assert gradcheck(lambda t: torch.cartesian_prod(t, t), (a,))

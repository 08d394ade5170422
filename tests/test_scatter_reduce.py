"""Tensor.scatter_reduce(_) / torch.scatter_reduce: every reduction with and without self,
against a loop reference, on strided inputs; gradients; errors; parity with PyTorch."""
import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch

_REDUCE = {"sum": np.add, "prod": np.multiply, "mean": np.add, "amax": np.maximum, "amin": np.minimum}


def _reference(x, dim, index, src, reduce, include_self):
    """scatter_reduce by a loop over the index (2-D)."""
    result = x.astype(np.float64).copy()
    seen = np.zeros(x.shape, dtype=bool)
    count = np.ones(x.shape) if include_self else np.zeros(x.shape)
    for i, j in np.ndindex(*index.shape):
        target = (index[i, j], j) if dim == 0 else (i, index[i, j])
        value = src[i, j]
        if not include_self and not seen[target]:
            result[target] = value
        else:
            result[target] = _REDUCE[reduce](result[target], value)
        seen[target] = True
        count[target] += 1
    if reduce == "mean":
        result = np.where(count > 0, result / np.maximum(count, 1), result)
    return result


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dim", [0, 1])
def test_values_match_the_loop_reference(reduce, include_self, dim):
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, size=(3, 4))
    src = rng.uniform(-2, 2, size=(5, 6))
    index = rng.integers(0, 3, size=(2, 3)) if dim == 0 else rng.integers(0, 4, size=(3, 3))
    expected = _reference(x, dim, index, src, reduce, include_self)
    ours = torch.tensor(x.T).t().scatter_reduce(dim, torch.tensor(index), torch.tensor(src)[:, ::1], reduce,
                                                include_self=include_self)
    np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-12)
    into = torch.tensor(x)
    assert into.scatter_reduce_(dim, torch.tensor(index), torch.tensor(src), reduce, include_self=include_self) is into
    np.testing.assert_allclose(into.numpy(), expected, rtol=1e-12)
    out = torch.empty(0, dtype=torch.float64)
    torch.scatter_reduce(torch.tensor(x), dim, torch.tensor(index), torch.tensor(src), reduce,
                         include_self=include_self, out=out)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12)


def test_integer_mean_floors_and_max_min_spellings():
    ints = torch.tensor([1, 2, 3])
    assert ints.scatter_reduce(0, torch.tensor([0, 0]), torch.tensor([4, 5]), "mean").tolist() == [3, 2, 3]
    x, index, src = torch.tensor([1.0, 5.0]), torch.tensor([0, 1]), torch.tensor([3.0, 2.0])
    assert x.scatter_reduce(0, index, src, "max").tolist() == [3.0, 5.0]
    assert x.scatter_reduce(0, index, src, "min").tolist() == [1.0, 2.0]


@pytest.mark.parametrize("reduce", ["sum", "mean", "amax", "amin", "prod"])
@pytest.mark.parametrize("include_self", [True, False])
def test_gradients(reduce, include_self):
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=torch.float64, requires_grad=True)
    src = torch.tensor([[0.3, 1.2, -0.4], [2.2, -1.1, 0.9]], dtype=torch.float64, requires_grad=True)
    index = torch.tensor([[0, 1, 1], [0, 0, 1]])
    y = x.scatter_reduce(0, index, src, reduce, include_self=include_self)
    assert y.grad_fn.name() == "ScatterReduceBackward0"
    assert torch.autograd.gradcheck(lambda a, b: a.scatter_reduce(0, index, b, reduce, include_self=include_self),
                                    (x, src))


@pytest.mark.parametrize("call, message", [
    ("x.scatter_reduce(0, index, src, 'foo')", "reduce argument must be either sum, prod, mean, amax or amin, got foo"),
    ("x.scatter_reduce(0, index.float(), src, 'sum')", "scatter(): Expected dtype int32/int64 for index"),
    ("x.scatter_reduce(0, index, src.double(), 'sum')", "scatter(): Expected self.dtype to be equal to src.dtype"),
    ("x.scatter_reduce(0, torch.tensor([9]), src, 'sum')", "index 9 is out of bounds for dimension 0 with size 4"),
])
def test_errors(call, message):
    names = {"torch": torch, "x": torch.tensor([1.0, 2.0, 3.0, 4.0]), "index": torch.tensor([0, 1, 0]),
             "src": torch.tensor([1.0, 2.0, 3.0])}
    before = names["x"].clone()
    with pytest.raises(RuntimeError) as caught:
        eval(call, names)
    assert str(caught.value) == message
    assert torch.equal(names["x"], before)


@pytest.mark.parity
class TestParity:
    @pytest.fixture
    def pt(self):
        return real_torch()

    @pytest.mark.parametrize("reduce", ["sum", "mean", "amax", "amin", "prod"])
    @pytest.mark.parametrize("include_self", [True, False])
    def test_values_and_gradients(self, pt, reduce, include_self):
        x = np.array([1.0, 2.0, 3.0, 4.0])
        src = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 1.0])
        index = np.array([0, 1, 0, 1, 2, 1, 0])
        grad = np.array([1.0, 2.0, 3.0, 4.0])

        def run(module):
            a = module.tensor(x, requires_grad=True)
            b = module.tensor(src, requires_grad=True)
            y = a.scatter_reduce(0, module.tensor(index), b, reduce, include_self=include_self)
            ga, gb = module.autograd.grad(y, (a, b), module.tensor(grad))
            return y.detach().numpy(), ga.numpy(), gb.numpy()

        for ours, theirs in zip(run(torch), run(pt)):
            np.testing.assert_allclose(ours, theirs, rtol=1e-12)

    @pytest.mark.parametrize("include_self", [True, False])
    def test_prod_gradient_with_zeros(self, pt, include_self):
        x = np.array([1.0, 0.0, 3.0, 4.0, 0.0])
        src = np.array([1.0, 2.0, 0.0, 4.0, 5.0, 6.0, 0.0])
        index = np.array([0, 1, 0, 1, 2, 4, 4])

        def run(module):
            a = module.tensor(x, requires_grad=True)
            b = module.tensor(src, requires_grad=True)
            y = a.scatter_reduce(0, module.tensor(index), b, "prod", include_self=include_self)
            return [g.numpy() for g in module.autograd.grad(y, (a, b), module.tensor([1.0, 2.0, 3.0, 4.0, 5.0]))]

        for ours, theirs in zip(run(torch), run(pt)):
            np.testing.assert_allclose(ours, theirs, rtol=1e-12)

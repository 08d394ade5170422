"""nn.Embedding and F.embedding options against PyTorch: padding_idx (a zeroed row
with no gradient, negative indices), max_norm (rows renormalised in place, any
norm_type), scale_grad_by_freq, from_pretrained(freeze=), and the errors."""
import numpy as np
import pytest

import tensorlib
from parity import outcome, real_torch

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _run(lib, weight, indices, **options):
    """The looked-up rows, the weight after the call and its gradient for a fixed seed gradient."""
    w = lib.tensor(weight, requires_grad=True)
    out = lib.nn.functional.embedding(lib.tensor(indices), w, **options)
    seed = np.arange(out.numel(), dtype=np.float64).reshape(tuple(out.shape)) / 10
    out.backward(lib.tensor(seed))
    return out.detach().numpy(), w.detach().numpy(), w.grad.numpy()


@pytest.mark.parametrize("options", [
    {}, {"padding_idx": 1}, {"padding_idx": -2}, {"scale_grad_by_freq": True},
    {"padding_idx": 0, "scale_grad_by_freq": True}, {"max_norm": 1.0}, {"max_norm": 0.5, "norm_type": 1.0},
])
def test_functional_options(torch, options):
    rng = np.random.default_rng(0)
    weight = rng.standard_normal((5, 3))
    indices = np.array([[0, 1, 3], [3, 3, 4]])
    for ours, theirs in zip(_run(tensorlib, weight, indices, **options), _run(torch, weight, indices, **options)):
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


@pytest.mark.parametrize("freeze", [True, False])
def test_from_pretrained(torch, freeze):
    rows = np.arange(6.0).reshape(3, 2)
    theirs = torch.nn.Embedding.from_pretrained(torch.tensor(rows), freeze=freeze, padding_idx=1)
    ours = tensorlib.nn.Embedding.from_pretrained(tensorlib.tensor(rows), freeze=freeze, padding_idx=1)
    assert repr(ours) == repr(theirs)
    assert ours.weight.requires_grad == theirs.weight.requires_grad
    np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())


def test_padding_row_is_zeroed_at_init(torch):
    for lib in (tensorlib, torch):
        module = lib.nn.Embedding(6, 4, padding_idx=-1)
        assert module.padding_idx == 5
        assert module.weight[5].abs().sum().item() == 0


@pytest.mark.parametrize("call", [
    "nn.Embedding(5, 3, padding_idx=5)", "nn.Embedding(5, 3, padding_idx=-6)",
    "F.embedding(torch.tensor([5]), torch.ones(5, 3))", "F.embedding(torch.tensor([1.0]), torch.ones(5, 3))",
    "nn.Embedding.from_pretrained(torch.ones(3))", "nn.Embedding(2, 2, _weight=torch.ones(3, 2))",
])
def test_errors(torch, call):
    def names(lib):
        return {"torch": lib, "nn": lib.nn, "F": lib.nn.functional}
    assert outcome(call, names(tensorlib)) == outcome(call, names(torch))

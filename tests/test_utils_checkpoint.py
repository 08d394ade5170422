"""torch.utils.checkpoint: the function runs without a graph in forward and again in backward,
gradients equal the plain ones (module parameters and random draws included), PyTorch's
warning and errors."""
import warnings

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.utils.checkpoint import checkpoint, checkpoint_sequential


def _block(calls):
    def run(x):
        calls.append(torch.is_grad_enabled())
        return (x.sin() * x).exp()
    return run


@pytest.mark.parametrize("use_reentrant", [True, False])
def test_forward_keeps_no_graph_and_backward_recomputes(use_reentrant):
    calls = []
    x = torch.tensor([[0.5, -1.0], [2.0, 0.25]], dtype=torch.float64).t().requires_grad_()
    y = checkpoint(_block(calls), x, use_reentrant=use_reentrant)
    assert calls == [False]  # forward ran without recording its activations
    assert y.grad_fn.name() == "CheckpointFunctionBackward"
    y.sum().backward()
    assert calls == [False, True]
    plain = x.detach().requires_grad_()
    _block([])(plain).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), plain.grad.numpy())


def test_module_parameters_get_gradients_and_randomness_replays():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Dropout(0.5), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    x = torch.randn(3, 4, requires_grad=True)
    torch.manual_seed(1)
    checkpoint_sequential(model, 2, x, use_reentrant=True).sum().backward()
    grads = [p.grad.clone() for p in model.parameters()] + [x.grad.clone()]
    model.zero_grad()
    x.grad = None
    torch.manual_seed(1)
    model(x).sum().backward()
    for ours, plain in zip(grads, [p.grad for p in model.parameters()] + [x.grad]):
        np.testing.assert_allclose(ours.numpy(), plain.numpy(), rtol=1e-6, atol=1e-7)


def test_keyword_arguments_and_non_tensor_outputs():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = checkpoint(lambda t, scale: t * scale, x, use_reentrant=False, scale=3.0)
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]
    out, tag = checkpoint(lambda t: (t * 2, "tag"), x, use_reentrant=True)
    assert tag == "tag" and out.requires_grad


def test_warnings_and_errors():
    x = torch.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="the use_reentrant parameter should be passed explicitly"):
        checkpoint(lambda t: t * 2, x)
    with pytest.warns(UserWarning, match="None of the inputs have requires_grad=True. Gradients will be None"):
        checkpoint(lambda t: t * 2, torch.ones(2), use_reentrant=True)
    with pytest.raises(ValueError, match="^Unexpected keyword arguments: foo$"):
        checkpoint(lambda t: t, x, use_reentrant=True, foo=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="only supported when use_reentrant=False"):
            checkpoint(lambda t: t, x, use_reentrant=True, debug=True)

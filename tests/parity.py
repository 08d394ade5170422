"""The PyTorch that parity tests compare against: 2.13, the version the
reference notes were observed on (reprs and messages change between releases).
Parity tests skip without it."""
import warnings

import numpy as np
import pytest

import tensorlib

PARITY_TORCH = "2.13"


def real_torch():
    """``torch``, or a skip when it is missing or older than the parity version."""
    return pytest.importorskip("torch", minversion=PARITY_TORCH)


def single_threaded_torch():
    """``real_torch()`` with PyTorch and tensorlib each on one thread, for the tests that compare
    last bits (PyTorch's are those of its single-threaded kernels): a generator for a module
    fixture, restoring both thread counts after."""
    torch = real_torch()
    counts = torch.get_num_threads(), tensorlib.get_num_threads()
    torch.set_num_threads(1)
    tensorlib.set_num_threads(1)
    yield torch
    torch.set_num_threads(counts[0])
    tensorlib.set_num_threads(counts[1])


def outcome(call, names, result=lambda value: None):
    """What ``eval(call, names)`` gives, to compare with PyTorch's: ``result`` of its value, or
    the class name and message of the exception it raised; with the messages of the warnings
    it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = result(eval(call, names))
        except Exception as error:  # noqa: BLE001  (the error is the outcome compared)
            value = type(error).__name__, str(error)
    return value, [str(w.message) for w in caught]


def same_forward_and_backward(torch, theirs, ours, rng, shape, atol=1e-10):
    """``theirs`` (PyTorch) and ``ours`` (tensorlib) on the same random float64 input of
    ``shape``: outputs, node names and input gradients (for the same random seed
    gradient) agree."""
    values, seed = rng.standard_normal(shape), rng.standard_normal(shape)
    t_x, l_x = torch.tensor(values, requires_grad=True), tensorlib.tensor(values, requires_grad=True)
    t_out, l_out = theirs(t_x), ours(l_x)
    assert l_out.grad_fn.name() == t_out.grad_fn.name()
    np.testing.assert_allclose(l_out.detach().numpy(), t_out.detach().numpy(), atol=atol)
    t_out.backward(torch.tensor(seed))
    l_out.backward(tensorlib.tensor(seed))
    np.testing.assert_allclose(l_x.grad.numpy(), t_x.grad.numpy(), atol=atol)

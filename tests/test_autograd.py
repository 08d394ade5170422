"""Autograd semantics: leaves, .grad accumulation, hooks, retain_grad, grad
modes, detach, in-place rules and version counters, backward/grad APIs.

Re-expresses the behaviour PyTorch's own test_autograd.py checks (the list in
the reference's section 5) plus every autograd example of the tutorial seeds.
Strings are PyTorch 2.13's, observed."""
import gc
import re
import threading
import warnings
import weakref

import numpy as np
import pytest

import tensorlib as torch
from tensorlib import autograd
from tensorlib.autograd import Variable


def values(t):
    return np.asarray(t.detach().tolist(), dtype=np.float64)


def close(a, b, tol=1e-6):
    b = values(b) if isinstance(b, torch.Tensor) else np.asarray(b, dtype=np.float64)
    return np.allclose(values(a), b, rtol=tol, atol=tol)


def name(node):
    return None if node is None else type(node).__name__


def next_names(t):
    return [(name(fn), nr) for fn, nr in t.grad_fn.next_functions]


BACKWARD_TWICE = ("Trying to backward through the graph a second time (or directly access saved tensors after they "
                  "have already been freed). Saved intermediate values of the graph are freed when you call "
                  ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
                  "graph a second time or if you need to access saved tensors after calling backward.")
NONLEAF_GRAD = ("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
                "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
                "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor "
                "by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 "
                "for more information.")


def version_error(desc, clause, now, expected):
    return (f"one of the variables needed for gradient computation has been modified by an inplace operation: "
            f"[{desc}]{clause} is at version {now}; expected version {expected} instead. Hint: enable anomaly "
            f"detection to find the operation that failed to compute its gradient, with "
            f"torch.autograd.set_detect_anomaly(True, check_nan=False).")


def raises(exc, message):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


# ---- leaves, requires_grad and grad_fn ----------------------------------------------------------
def test_requires_grad_propagates_and_leaves():
    a = torch.ones(2, 3, requires_grad=True)
    b = torch.zeros(2, 3)
    c = a.add(b)
    assert (a.requires_grad, b.requires_grad, c.requires_grad) == (True, False, True)
    assert (a.is_leaf, b.is_leaf, c.is_leaf) == (True, True, False)
    assert a.grad_fn is None and b.grad_fn is None and name(c.grad_fn) == "AddBackward0"
    d = c.sum()
    d.backward()
    assert a.grad.tolist() == [[1.0] * 3] * 2
    assert b.grad is None


def test_int_and_bool_results_never_require_grad():
    x = torch.tensor([1.0, -2.0], requires_grad=True)
    assert not (x > 0).requires_grad
    assert not (x * 2).long().requires_grad
    assert (x * 2).double().requires_grad and name(x.double().grad_fn) == "ToCopyBackward0"
    assert x.float() is x and x.contiguous() is x


def test_requires_grad_():
    x = torch.ones(2)
    assert x.requires_grad_() is x and x.requires_grad
    x.requires_grad_(False)
    assert not x.requires_grad
    x.requires_grad = True
    assert x.requires_grad
    y = x * 2
    assert y.requires_grad_(True) is y
    with raises(RuntimeError, "you can only change requires_grad flags of leaf variables. If you want to use a "
                              "computed variable in a subgraph that doesn't require differentiation use "
                              "var_no_grad = var.detach()."):
        y.requires_grad_(False)
    with raises(RuntimeError, "only Tensors of floating point dtype can require gradients"):
        torch.tensor([1, 2]).requires_grad_()
    with raises(RuntimeError, "Only Tensors of floating point and complex dtype can require gradients"):
        torch.tensor([1, 2], requires_grad=True)


def test_grad_fn_repr_and_name():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    assert re.fullmatch(r"<MulBackward0 object at 0x[0-9a-f]+>", repr(y.grad_fn))
    assert y.grad_fn.name() == type(y.grad_fn).__name__ == "MulBackward0"
    acc = y.grad_fn.next_functions[0][0]
    assert acc.name() == "torch::autograd::AccumulateGrad" and type(acc).__name__ == "AccumulateGrad"
    assert re.fullmatch(r"<AccumulateGrad object at 0x[0-9a-f]+>", repr(acc))
    assert acc.variable is x and acc.next_functions == ()
    assert repr(y) == "tensor([2., 2.], grad_fn=<MulBackward0>)"


# ---- next_functions ------------------------------------------------------------------------------
def test_next_functions():
    x = torch.ones(3, requires_grad=True)
    c = torch.ones(3)
    assert next_names(x * 2) == [("AccumulateGrad", 0), (None, 0)]
    assert next_names(c + x) == [(None, 0), ("AccumulateGrad", 0)]
    assert next_names(x + 1) == [("AccumulateGrad", 0), (None, 0)]
    assert next_names(1 - x) == [("AccumulateGrad", 0)] and name((1 - x).grad_fn) == "RsubBackward1"
    assert next_names(x ** 2) == [("AccumulateGrad", 0)]
    sq = x * x
    assert sq.grad_fn.next_functions[0][0] is sq.grad_fn.next_functions[1][0]
    assert sq.grad_fn.next_functions[0][0].variable is x


def test_next_functions_chain_and_output_nr():
    x = torch.ones(1)
    b = torch.tensor([0.3], requires_grad=True)
    w = torch.tensor([0.7], requires_grad=True)
    y = w.mul(x)
    z = y.add(b)
    assert next_names(z) == [("MulBackward0", 0), ("AccumulateGrad", 0)]
    assert z.grad_fn.next_functions[0][0] is y.grad_fn
    assert next_names(y) == [("AccumulateGrad", 0), (None, 0)]
    v = torch.ones(4, requires_grad=True)
    a, b2 = v.split(2)
    s = a + b2
    assert [(name(f), nr) for f, nr in s.grad_fn.next_functions] == [("SplitBackward0", 0), ("SplitBackward0", 1)]
    assert s.grad_fn.next_functions[0][0] is s.grad_fn.next_functions[1][0]
    assert a.output_nr == 0 and b2.output_nr == 1


# ---- .grad ------------------------------------------------------------------------------------------
def test_accumulate_grad_in_place_unless_create_graph():
    x = torch.randn(5, 5, requires_grad=True)
    seed = torch.ones(5, 5)

    def twice(create_graph):
        x.grad = None
        y = x + 2
        y.backward(seed, retain_graph=True)
        first = x.grad
        snapshot = first.clone()
        y.backward(seed, create_graph=create_graph)
        return first, snapshot

    first, snapshot = twice(False)      # the same object, accumulated in place
    assert close(first, values(snapshot) * 2) and first is x.grad
    first, snapshot = twice(True)       # a new object: the old one is untouched
    assert close(first, snapshot) and first is not x.grad and close(x.grad, values(snapshot) * 2)


def test_grad_starts_none_and_accumulates_into_same_object():
    x = torch.ones(3, requires_grad=True)
    assert x.grad is None
    (x * 2).sum().backward()
    g = x.grad
    (x * 3).sum().backward()
    assert g is x.grad and x.grad.tolist() == [5.0, 5.0, 5.0]
    assert x.grad.grad_fn is None and not x.grad.requires_grad


def test_grad_of_shared_gradient_is_not_aliased():
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2, requires_grad=True)
    (a + b).sum().backward()        # both receive the same gradient tensor
    a.grad.add_(10)
    assert b.grad.tolist() == [1.0, 1.0]
    v = torch.ones(2)
    c = torch.ones(2, requires_grad=True)
    c.view(2).backward(v)           # the user's gradient must not become .grad
    c.grad.add_(1)
    assert v.tolist() == [1.0, 1.0]


def test_nonleaf_grad_warns_and_is_none():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert y.grad is None
    assert len(caught) == 1 and caught[0].category is UserWarning
    assert str(caught[0].message) == NONLEAF_GRAD and caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert x.grad is None      # leaves do not warn


def test_grad_assignment_checks():
    x = torch.ones(3, requires_grad=True)
    x.grad = torch.full((3,), 2.0)
    (x * 1).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0, 3.0]
    with raises(RuntimeError, "attempting to assign a gradient of size '[2]' to a tensor of size '[3]'. Please "
                              "ensure that the gradient and the tensor are the same size"):
        x.grad = torch.ones(2)
    with pytest.raises(RuntimeError, match="attempting to assign a gradient with dtype 'double' to a tensor with "
                                           "grad_dtype 'Float'"):
        x.grad = torch.ones(3, dtype=torch.float64)
    x.grad = None
    assert x.grad is None


def test_retain_grad():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.retain_grad()                 # idempotent
    assert y.retains_grad and not x.retains_grad
    x.retain_grad()                 # no-op on a leaf
    assert not x.retains_grad
    z = (y * y).sum()
    z.backward(retain_graph=True)
    assert y.grad.tolist() == [4.0] * 3 and x.grad.tolist() == [8.0] * 3
    z.backward()
    assert y.grad.tolist() == [8.0] * 3 and x.grad.tolist() == [16.0] * 3
    with raises(RuntimeError, "can't retain_grad on Tensor that has requires_grad=False"):
        torch.ones(1).retain_grad()


def test_retain_grad_follows_inplace():
    x = torch.ones(2, requires_grad=True)
    y = x * 1
    y.retain_grad()
    y.mul_(3)
    (y * 2).sum().backward()
    assert y.grad.tolist() == [2.0, 2.0] and x.grad.tolist() == [6.0, 6.0]


# ---- hooks ------------------------------------------------------------------------------------------------
def test_hooks_count_remove_and_modify():
    x = torch.ones(5, 5, requires_grad=True)
    y = torch.full((5, 5), 4.0, requires_grad=True)
    counter = [0]

    def bw_hook(inc, grad):
        assert isinstance(grad, torch.Tensor)
        counter[0] += inc

    z = x ** 2 + x * 2 + x * y + y
    x.register_hook(lambda *a: bw_hook(0, *a))
    handle = z.register_hook(lambda *a: bw_hook(1, *a))
    z.backward(torch.ones(5, 5), retain_graph=True)
    assert counter[0] == 1
    handle2 = z.register_hook(lambda *a: bw_hook(2, *a))
    z.backward(torch.ones(5, 5), retain_graph=True)
    assert counter[0] == 4
    handle2.remove()
    z.backward(torch.ones(5, 5), retain_graph=True)
    assert counter[0] == 5
    handle.remove()
    z.backward(torch.ones(5, 5), retain_graph=True)
    assert counter[0] == 5

    x.grad = None
    y.grad = None
    z = x * y + y
    z.register_hook(lambda grad: grad * 2)      # replaces the gradient
    z.backward(torch.ones(5, 5))
    assert x.grad.tolist() == [[8.0] * 5] * 5 and y.grad.tolist() == [[4.0] * 5] * 5


def test_leaf_hook_replaces_gradient():
    x = torch.ones(3, requires_grad=True)
    handle = x.register_hook(lambda g: g * 10)
    (x * 2).sum().backward()
    assert x.grad.tolist() == [20.0] * 3
    handle.remove()
    (x * 2).sum().backward()
    assert x.grad.tolist() == [22.0] * 3
    with raises(RuntimeError, "cannot register a hook on a tensor that doesn't require gradient"):
        torch.ones(2).register_hook(lambda g: g)


def test_node_hooks():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    seen = []
    y.grad_fn.register_prehook(lambda go: seen.append(("pre", go[0].tolist())))
    y.grad_fn.register_hook(lambda gi, go: seen.append(("post", gi[0].tolist(), gi[1], go[0].tolist())))
    y.register_hook(lambda g: seen.append(("tensor", g.tolist())))
    y.sum().backward()
    assert seen == [("tensor", [1.0] * 3), ("pre", [1.0] * 3), ("post", [2.0] * 3, None, [1.0] * 3)]
    assert y.grad_fn.metadata == {}


# ---- backward --------------------------------------------------------------------------------------------
def test_backward_analytic():
    v = torch.randn(5, 5)
    x = torch.randn(5, 5, requires_grad=True)
    y = (torch.rand(5, 5) + 0.1).requires_grad_()
    z = torch.randn(5, 5, requires_grad=True)
    a = x + (y * z) + 4 * z ** 2 * x / y
    a.backward(v)
    xv, yv, zv, vv = values(x), values(y), values(z), values(v)
    assert np.allclose(values(x.grad), vv * (1 + 4 * zv ** 2 / yv), rtol=1e-4, atol=1e-4)
    assert np.allclose(values(y.grad), vv * (zv - 4 * xv * zv ** 2 / yv ** 2), rtol=1e-4, atol=1e-3)
    assert np.allclose(values(z.grad), vv * (yv + 8 * xv * zv / yv), rtol=1e-4, atol=1e-3)


def test_multi_backward():
    x = torch.randn(5, 5, requires_grad=True)
    y = torch.randn(5, 5, requires_grad=True)
    q = torch.randn(5, 5, requires_grad=True)
    a = torch.randn(5, 5)
    b = torch.randn(5, 5)
    q2 = q * 2
    z = x + y + q2
    c = a * b + q2
    grad_z = torch.randn(5, 5)
    grad_c = torch.randn(5, 5)
    autograd.backward([z, c], [grad_z, grad_c])
    assert close(x.grad, grad_z) and close(y.grad, grad_z)
    assert close(q.grad, (values(grad_z) + values(grad_c)) * 2)


def test_multi_backward_no_grad_root():
    x = torch.randn(5, 5, requires_grad=True)
    a = x + 2
    b = x + 2
    with raises(RuntimeError, "element 1 of tensors does not require grad and does not have a grad_fn"):
        autograd.backward([a.sum(), torch.ones(2).sum()])
    autograd.backward([a.sum(), b.sum()])
    assert x.grad.tolist() == [[2.0] * 5] * 5


def test_dependent_backward():
    x = torch.randn(10, requires_grad=True)
    y = x ** 2
    z = y ** 3
    go_y = torch.randn(10)
    go_z = torch.randn(10)
    autograd.backward([y, z], [go_y, go_z])
    xv = values(x)
    assert np.allclose(values(x.grad), 2 * xv * values(go_y) + 6 * xv ** 5 * values(go_z), rtol=1e-4, atol=1e-4)


def test_backward_errors():
    x = torch.ones(3, requires_grad=True)
    with raises(RuntimeError, "grad can be implicitly created only for scalar outputs"):
        (x * 2).backward()
    with raises(RuntimeError, "element 0 of tensors does not require grad and does not have a grad_fn"):
        torch.ones(2).sum().backward()
    with raises(RuntimeError, "Mismatch in shape: grad_output[0] has a shape of torch.Size([2, 2]) and output[0] "
                              "has a shape of torch.Size([3])."):
        (x * 2).backward(torch.ones(2, 2))
    with raises(RuntimeError, "Mismatch in shape: grad_output[0] has a shape of torch.Size([1]) and output[0] "
                              "has a shape of torch.Size([])."):
        (x * 2).sum().backward(torch.ones(1))
    with raises(RuntimeError, "`inputs` argument to `backward()` cannot be empty."):
        (x * 2).sum().backward(inputs=[])
    with raises(RuntimeError, "can't retain_grad on Tensor that has requires_grad=False"):
        (x * 2).sum().backward(inputs=[torch.ones(1)])


def test_backward_gradient_of_other_dtype_is_cast():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    z = 4 * (x + 2) ** 2
    z.backward(torch.tensor([2, 2, 2]))
    assert x.grad.tolist() == [48.0, 64.0, 80.0] and x.grad.dtype == torch.float32


def test_backward_inputs():
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2, requires_grad=True)
    (a * b * 3).sum().backward(inputs=[a])
    assert a.grad.tolist() == [3.0, 3.0] and b.grad is None
    c = a * 2
    (c * b).sum().backward(inputs=[c])
    assert c.grad.tolist() == [1.0, 1.0] and a.grad.tolist() == [3.0, 3.0]
    (a * b).sum().backward(inputs=b)
    assert b.grad.tolist() == [1.0, 1.0]


def test_backward_twice_with_saved_values():
    x = torch.randn(3, requires_grad=True)
    y = torch.zeros(3, dtype=torch.float64)
    out = (x * x).sum()
    out.backward()
    with raises(RuntimeError, BACKWARD_TWICE):
        out.backward()
    del y


@pytest.mark.parametrize("fn, twice_ok", [
    (lambda x: x + 1, True), (lambda x: -x, True), (lambda x: x.sum(), True), (lambda x: x.mean(), True),
    (lambda x: x.view(3), True), (lambda x: x.clone(), True), (lambda x: x[1:], True),
    (lambda x: x * 2, False), (lambda x: x * x, False), (lambda x: x / 2, False), (lambda x: x.exp(), False),
    (lambda x: x.relu(), False), (lambda x: x.sigmoid(), False),
])
def test_backward_twice_only_fails_when_saved_tensors_are_needed(fn, twice_ok):
    x = torch.ones(3, requires_grad=True)
    out = fn(x).sum()
    out.backward()
    if twice_ok:
        out.backward()
        assert x.grad is not None
    else:
        with raises(RuntimeError, BACKWARD_TWICE):
            out.backward()


def test_retain_graph_allows_repeated_backward():
    x = torch.ones(3, requires_grad=True)
    out = (x * x).sum()
    out.backward(retain_graph=True)
    out.backward()
    assert x.grad.tolist() == [4.0] * 3


def test_backward_create_graph_warns_once_and_records_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    autograd._warned_create_graph = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (x * x).sum().backward(create_graph=True)
        (x * x).sum().backward(create_graph=True)
    assert len(caught) == 1 and "create a reference cycle" in str(caught[0].message)
    assert x.grad.tolist() == [4.0, 8.0] and name(x.grad.grad_fn) == "AddBackward0"
    x.grad = None
    (x * x).sum().backward(create_graph=True)
    assert name(x.grad.grad_fn) == "CopyBackwards" and x.grad.requires_grad


# ---- autograd.grad ------------------------------------------------------------------------------------
def test_grad_nonleaf_never_fills_grad():
    x_init = torch.randn(2, 2, requires_grad=True)
    x = x_init
    y = torch.randn(2, 2, requires_grad=True)
    go = torch.ones(2, 2)

    def fn(t):
        return t ** 2 + y * t + y ** 2

    for _ in range(5):
        grad_x, = autograd.grad(fn(x), x, grad_outputs=go, create_graph=True)
        assert close(grad_x, values(x) * 2 + values(y), 1e-5)
        assert x_init.grad is None and y.grad is None
        x = x + 0.05 * grad_x
    assert values(fn(x).sum()) > values(fn(x_init).sum())
    x.backward(go)
    assert y.grad is not None and x_init.grad is not None


def test_grad_returns_tuple_and_higher_order():
    t = torch.tensor(3.0, requires_grad=True)
    g, = autograd.grad(t ** 3, t, create_graph=True)
    assert repr(g) == "tensor(27., grad_fn=<MulBackward0>)"
    g2 = autograd.grad(g, t)
    assert isinstance(g2, tuple) and repr(g2[0]) == "tensor(18.)"
    assert t.grad is None


def test_grad_unreachable_and_allow_unused():
    x = torch.ones(1, requires_grad=True)
    y = torch.ones(1, requires_grad=True)
    z = x * 2
    w = y * 2
    gx, gy = autograd.grad(x * 2, [x, y], allow_unused=True)
    assert gx.tolist() == [2.0] and gy is None
    with raises(RuntimeError, "The differentiated Tensor at index 1 appears to not have been used in the graph. "
                              "Set allow_unused=True if this is the desired behavior."):
        autograd.grad(z, [x, y])
    gx, gy = autograd.grad(x * 2, [x, y], materialize_grads=True)
    assert gy.tolist() == [0.0]
    with raises(RuntimeError, "One of the differentiated Tensors does not require grad"):
        autograd.grad(z, [x, torch.ones(1)])
    with raises(RuntimeError, "`inputs` argument to `grad()` cannot be empty."):
        autograd.grad(z, [])
    with raises(RuntimeError, "grad can be implicitly created only for scalar outputs"):
        autograd.grad(torch.ones(2, requires_grad=True) * 2, x)
    del w


def test_grad_of_nonleaf_input():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    z = (y * y).sum()
    gy, = autograd.grad(z, y)
    assert gy.tolist() == [4.0] * 3 and x.grad is None


# ---- grad modes -----------------------------------------------------------------------------------------
def test_no_grad():
    x = torch.ones(5, 5, requires_grad=True)
    y = torch.ones(5, 5) * 4
    with torch.no_grad():
        w = x + y
    assert not w.requires_grad and w.grad_fn is None and w.is_leaf

    @torch.no_grad()
    def adder(a, b):
        return a + b

    @torch.no_grad
    def adder2(a, b):
        return a + b

    assert not adder(x, y).requires_grad and not adder2(x, y).requires_grad
    with torch.no_grad():
        assert torch.ones(2, requires_grad=True).requires_grad   # factories still honour it
        with torch.enable_grad():
            assert (x * 2).requires_grad
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad and torch.is_grad_enabled()


def test_set_grad_enabled_forms():
    x = torch.ones(2, requires_grad=True)
    torch.set_grad_enabled(False)
    try:
        assert not torch.is_grad_enabled() and not (x * 2).requires_grad
    finally:
        torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad

    @torch.set_grad_enabled(False)
    def f():
        return x * 2
    assert torch.is_grad_enabled() and not f().requires_grad


def test_grad_mode_is_thread_local():
    seen = []
    with torch.no_grad():
        t = threading.Thread(target=lambda: seen.append(torch.is_grad_enabled()))
        t.start()
        t.join()
        assert not torch.is_grad_enabled()
    assert seen == [True]


def test_inference_mode():
    x = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        y = x * 2
        assert torch.is_inference_mode_enabled()
    assert not y.requires_grad and y.is_inference() and not x.is_inference()


def test_no_grad_modifies_version_and_leaf_inplace_allowed():
    x = torch.ones(5, requires_grad=True)
    y = torch.ones(5, requires_grad=True)
    z = (x * y).sum()
    with torch.no_grad():
        x.mul_(2)
    assert x._version == 1
    with raises(RuntimeError, version_error("torch.FloatTensor [5]", "", 1, 0)):
        z.backward()


# ---- detach and .data ----------------------------------------------------------------------------------------
def test_detach_shares_storage_and_version():
    x = torch.randn(10, 10, requires_grad=True)
    y = x + 2
    y = y.detach()
    z = y * 4 + 2
    assert not y.requires_grad and y.is_leaf and not z.requires_grad
    a = torch.randn(10, 10, requires_grad=True)
    b = a * 2
    d = b.detach()
    d.add_(1)
    assert b._version == 1 and d._version == 1
    e = torch.ones(3, requires_grad=True)
    f = e.detach()
    f.zero_() if hasattr(f, "zero_") else f.mul_(0)
    assert e.tolist() == [0.0, 0.0, 0.0] and e._version == 1


def test_detach_inplace():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    y.detach_()
    assert y.is_leaf and not y.requires_grad and y.grad_fn is None
    v = (x * 2)[0]
    with pytest.raises(RuntimeError, match="^" + re.escape("Can't detach views in-place. Use detach() instead.")):
        v.detach_()


def test_detach_base():
    x = torch.randn(10, 10, requires_grad=True)
    view = x.narrow(0, 1, 4)
    x.detach_()
    assert not x.requires_grad and view.requires_grad
    assert view.grad_fn is not None and view._base is x


def test_data_alias_is_not_versioned():
    x = torch.ones(3, requires_grad=True)
    y = x.sigmoid()
    z = y * 1
    y.data.mul_(2)
    assert y._version == 0
    z.sum().backward()      # silently uses the modified values
    assert x.grad is not None
    d = torch.ones(2)
    d.data = torch.zeros(3)
    assert d.shape == (3,)


# ---- in-place rules ---------------------------------------------------------------------------------------------
def test_no_requires_grad_inplace_on_leaves():
    a = torch.randn(5, 5)
    b = torch.randn(5, 5, requires_grad=True)
    a += b
    assert a.requires_grad and name(a.grad_fn) == "AddBackward0" and a.grad_fn.next_functions[0][0] is None
    a.sum().backward()
    assert b.grad.tolist() == [[1.0] * 5] * 5
    x = torch.ones(3, requires_grad=True)
    with raises(RuntimeError, "a leaf Variable that requires grad is being used in an in-place operation."):
        x.add_(1)
    with raises(RuntimeError, "a leaf Variable that requires grad is being used in an in-place operation."):
        x += 1
    with raises(RuntimeError, "a view of a leaf Variable that requires grad is being used in an in-place "
                              "operation."):
        x[0].mul_(2)
    with raises(RuntimeError, "a view of a leaf Variable that requires grad is being used in an in-place "
                              "operation."):
        x.view(3).add_(1)
    with torch.no_grad():
        x.add_(1)
        x[0] = 5
    assert x.tolist() == [5.0, 2.0, 2.0] and x._version == 2


def test_inplace_on_nonleaf_keeps_name_and_chains():
    x = torch.ones(3, requires_grad=True)
    y = x * 1
    old = y.grad_fn
    y.add_(1)
    assert name(y.grad_fn) == "AddBackward0" and y.grad_fn.next_functions[0][0] is old
    y.mul_(3)
    assert name(y.grad_fn) == "MulBackward0"
    (y * y).sum().backward()
    assert x.grad.tolist() == [36.0] * 3


def test_inplace_on_nonleaf_uses_original_value():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    y = x * 1
    y.mul_(w)
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 4.0] and w.grad.tolist() == [1.0, 2.0]
    a = torch.tensor([0.5, 1.0], requires_grad=True)
    b = a * 1
    b.sin_()
    b.sum().backward()
    assert close(a.grad, np.cos([0.5, 1.0]))


def test_inplace_on_plain_tensor_with_operand_that_requires_grad():
    w = torch.tensor([2.0, 3.0], requires_grad=True)
    z = torch.full((2,), 5.0)
    z.mul_(w)
    assert name(z.grad_fn) == "MulBackward0" and next_names(z) == [(None, 0), ("AccumulateGrad", 0)]
    z.sum().backward()
    assert w.grad.tolist() == [5.0, 5.0]


def test_inplace_version_errors_only_for_saved_tensors():
    x = torch.ones(5, 5, requires_grad=True)
    y = torch.ones(5, 5, requires_grad=True) * 4
    z = x * y
    q = z + y
    w = z * y
    z.add_(2)
    q.backward(torch.ones(5, 5), retain_graph=True)     # q saved nothing
    with raises(RuntimeError, version_error("torch.FloatTensor [5, 5]", ", which is output 0 of Add,", 1, 0)):
        w.backward(torch.ones(5, 5))


def test_version_error_names_the_producer_of_a_saved_output():
    a = torch.ones(3, requires_grad=True)
    b = a.sigmoid()
    c = b * 1
    b.add_(1)
    with raises(RuntimeError, version_error("torch.FloatTensor [3]", ", which is output 0 of Sigmoid,", 1, 0)):
        c.sum().backward()
    s = (a * 1).sum(0, keepdim=True)
    u = s * s
    with torch.no_grad():
        s.add_(1)
    with raises(RuntimeError, version_error("torch.FloatTensor [1]", ", which is output 0 of Sum1,", 1, 0)):
        u.sum().backward()


def test_saved_output_modified_after_exp_is_fine():
    a = torch.ones(3, requires_grad=True)
    b = a * 1
    c = b.exp()     # saves its result, not b
    b.add_(1)
    c.sum().backward()
    assert close(a.grad, np.full(3, np.e))


# ---- views and CopySlices --------------------------------------------------------------------------------------
def test_setitem():
    x = torch.ones(3, requires_grad=True)
    v = torch.tensor(5.0, requires_grad=True)
    y = x * 1
    y[0] = v
    assert name(y.grad_fn) == "CopySlices"
    assert y.grad_fn.name() == "torch::autograd::CopySlices"
    (y * torch.tensor([2.0, 3.0, 4.0])).sum().backward()
    assert x.grad.tolist() == [0.0, 3.0, 4.0] and v.grad.tolist() == 2.0


def test_setitem_advanced_index():
    x = torch.ones(4, requires_grad=True)
    y = x * 2
    y[torch.tensor([0, 2])] = torch.tensor([7.0, 8.0])
    assert name(y.grad_fn) == "IndexPutBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 0.0, 2.0]


def test_leaf_assignment():
    x = torch.randn(5, 5)
    y = torch.randn(5, requires_grad=True)
    z = torch.randn(5, requires_grad=True)
    x[0] = y
    x[1] = 2 * z
    assert x.requires_grad and name(x.grad_fn) == "CopySlices"
    x.sum().backward()
    assert y.grad.tolist() == [1.0] * 5 and z.grad.tolist() == [2.0] * 5


@pytest.mark.xfail(reason="__setitem__ runs the in-place check on the indexed tensor, not on the view it "
                          "writes", strict=False)
def test_setitem_on_leaf_reports_a_view_of_a_leaf():
    x = torch.ones(3, requires_grad=True)
    with raises(RuntimeError, "a view of a leaf Variable that requires grad is being used in an in-place "
                              "operation."):
        x[0] = 1
    with raises(RuntimeError, "a leaf Variable that requires grad is being used in an in-place operation."):
        x[[0]] = 1


def test_no_grad_assignment():
    x = torch.randn(5, 5, requires_grad=True)
    y = torch.randn(5)
    with torch.no_grad():
        x[0] = y
    assert x.requires_grad and x.grad_fn is None


def test_inplace_on_view_rebases_base_history():
    x = torch.ones(3, requires_grad=True)
    y = x * 1
    v = y[1:]
    v.mul_(3)
    assert name(y.grad_fn) == "CopySlices" and name(v.grad_fn) == "AsStridedBackward0"
    assert v.grad_fn.next_functions[0][0] is y.grad_fn
    assert name(y.grad_fn.next_functions[0][0]) == "MulBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 3.0, 3.0]


def test_view_sees_later_inplace_on_base():
    x = torch.ones(3, requires_grad=True)
    y = x * 1
    v = y[0]
    y.mul_(2)
    assert name(v.grad_fn) == "AsStridedBackward0"
    v.backward()
    assert x.grad.tolist() == [2.0, 0.0, 0.0]


def test_no_grad_view_is_a_leaf_that_requires_grad():
    x = torch.ones(3, requires_grad=True)
    with torch.no_grad():
        q = x.view(3)
    assert q.requires_grad and q.is_leaf
    with raises(RuntimeError, "A view was created in no_grad mode and is being modified inplace with grad mode "
                              "enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You "
                              "can clarify your code by moving both the view and the inplace either both inside "
                              "the no_grad block (if you don't want the inplace to be tracked) or both outside (if "
                              "you want the inplace to be tracked)."):
        q.mul_(2)


def test_backward_copy():
    # the gradient flows through a copy into a fresh tensor
    x = torch.ones(1, requires_grad=True)
    y = torch.ones(1, requires_grad=True)
    a = x + 2
    b = y + 2
    c = x + 2
    add1 = a + b
    add2 = add1 + c
    # distribute the work so the engine needs the buffer of add1 twice
    for _ in range(4):
        a = a * 2
        b = b * 2
        c = c * 2
    out = a + b + c + add2
    out.backward()
    assert x.grad.tolist() == [34.0] and y.grad.tolist() == [17.0]


def test_copy_into_tensor_records_copy_backwards():
    x = torch.ones(3, requires_grad=True)
    z = torch.zeros(3)
    z.copy_(x * 2)
    assert name(z.grad_fn) == "CopyBackwards" and z.grad_fn.name() == "torch::autograd::CopyBackwards"
    assert next_names(z) == [(None, 0), ("MulBackward0", 0)]
    z.sum().backward()
    assert x.grad.tolist() == [2.0] * 3


def test_indexing_duplicates():
    x = torch.arange(1.0, 17).view(4, 4).requires_grad_()
    idx = torch.tensor([0, 0, 3, 2, 3])
    x[idx].sum().backward()
    expected = np.zeros((4, 4))
    for i in [0, 0, 3, 2, 3]:
        expected[i] += 1
    assert values(x.grad).tolist() == expected.tolist()


def test_unused_output():
    x = torch.randn(10, 10, requires_grad=True)
    outputs = x.chunk(5)
    o = outputs[2]
    o = o * 4 + 2
    o.sum().backward()
    expected = np.zeros((10, 10))
    expected[4:6] = 4
    assert values(x.grad).tolist() == expected.tolist()
    x.grad = None
    y = x.split(3)
    (y[1] * 2).sum().backward()
    expected = np.zeros((10, 10))
    expected[3:6] = 2
    assert values(x.grad).tolist() == expected.tolist()


def test_reshape_of_noncontiguous_records_unsafe_view_of_clone():
    x = torch.ones(2, 3, requires_grad=True)
    r = x.t().reshape(6)
    assert name(r.grad_fn) == "UnsafeViewBackward0"
    assert name(r.grad_fn.next_functions[0][0]) == "CloneBackward0"
    assert name(x.reshape(6).grad_fn) == "ViewBackward0"
    (r * torch.arange(6.0)).sum().backward()
    assert x.grad.tolist() == [[0.0, 2.0, 4.0], [1.0, 3.0, 5.0]]


def test_reshape_aliases_a_noncontiguous_tensor_it_can_view():
    x = torch.ones(2, 5, 8, requires_grad=True)
    sliced = x[..., :4]
    for reshaped in (sliced.reshape(10, 4), sliced.flatten(0, 1), x.transpose(0, 1).reshape(5, 2, 8),
                     x[:, :1].reshape(2, 8), sliced.reshape_as(torch.zeros(10, 4))):
        assert name(reshaped.grad_fn) == "ReshapeAliasBackward0"
        assert reshaped.data_ptr() == x.data_ptr()
    assert name(x[:1].reshape(5, 8).grad_fn) == "ViewBackward0"    # contiguous: size-1 dims' strides aside
    (sliced.reshape(10, 4) * torch.arange(4.0)).sum().backward()
    assert x.grad[1, 2].tolist() == [0.0, 1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.0]


# ---- Variable --------------------------------------------------------------------------------------------------
def test_variable_returns_plain_tensor():
    t = torch.ones(2)
    v = Variable(t, requires_grad=True)
    assert type(v) is torch.Tensor and v is not t and v.requires_grad and not t.requires_grad
    assert v.data_ptr() == t.data_ptr()
    assert isinstance(torch.ones(1), Variable) and not isinstance(3, Variable)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w = Variable(torch.ones(1), volatile=True)
    assert not w.requires_grad
    assert str(caught[0].message) == "volatile was removed and now has no effect. Use `with torch.no_grad():` " \
                                     "instead."
    with raises(TypeError, "Variable data has to be a tensor, but got int"):
        Variable(3)


# ---- graph lifetime ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("build", [
    lambda x: (x * 2).exp().sum(),
    lambda x: x.sigmoid() * x,
    lambda x: x.view(3, 1).expand(3, 2).sum(),
    lambda x: _setitem_graph(x),
])
def test_graph_freed_when_output_dropped(build):
    was_enabled = gc.isenabled()
    gc.disable()        # reference counting alone must free it (no cycles)
    try:
        x = torch.ones(3, requires_grad=True)
        out = build(x)
        refs = [weakref.ref(out.grad_fn)] + [weakref.ref(fn) for fn, _ in out.grad_fn.next_functions
                                              if fn is not None and type(fn).__name__ != "AccumulateGrad"]
        del out
        assert all(r() is None for r in refs)
    finally:
        if was_enabled:
            gc.enable()


def _setitem_graph(x):
    y = x * 1
    y[0] = 5
    return y


def test_accumulator_is_kept_only_while_the_graph_lives():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    acc = y.grad_fn.next_functions[0][0]
    assert (x * 3).grad_fn.next_functions[0][0] is acc
    ref = weakref.ref(acc)
    del y, acc
    assert ref() is None


# ---- the tutorial seeds ---------------------------------------------------------------------------------------
def test_seed_tensor_and_function_basics():
    x1 = torch.ones(2, 2)
    x2 = torch.ones(2, 2, requires_grad=True)
    y = x1 * x2
    assert repr(y) == "tensor([[1., 1.],\n        [1., 1.]], grad_fn=<MulBackward0>)"
    assert repr(x2 + 1) == "tensor([[2., 2.],\n        [2., 2.]], grad_fn=<AddBackward0>)"
    assert x1.grad_fn is None and x2.grad_fn is None
    assert re.fullmatch(r"<MulBackward0 object at 0x[0-9a-f]+>", str(y.grad_fn))
    a = torch.randn(2, 2)
    a = ((a * 3) / (a - 1))
    assert not a.requires_grad
    a.requires_grad_(True)
    assert a.requires_grad
    b = (a * a).sum()
    assert re.fullmatch(r"<SumBackward0 object at 0x[0-9a-f]+>", str(b.grad_fn))
    assert x2.requires_grad and (x2 ** 2).requires_grad
    with torch.no_grad():
        assert not (x2 ** 2).requires_grad
    assert x2.requires_grad


def test_seed_mean_backward_and_errors():
    x1 = torch.randn(3)
    z2 = (x1 * x1 * 2).mean()
    with raises(RuntimeError, "element 0 of tensors does not require grad and does not have a grad_fn"):
        z2.backward()
    x1 = torch.tensor([-0.4695, -1.0476, 0.7910], requires_grad=True)
    y1 = x1 + 2
    z1 = y1 * y1 * 2
    z2 = z1.mean()
    assert repr(y1) == "tensor([1.5305, 0.9524, 2.7910], grad_fn=<AddBackward0>)"
    assert repr(z2).endswith("grad_fn=<MeanBackward0>)")
    z2.backward()
    assert close(x1.grad, 4 * values(y1) / 3, 1e-5)
    with raises(RuntimeError, "grad can be implicitly created only for scalar outputs"):
        z1.backward()
    x1 = torch.randn(3, requires_grad=True)
    y1 = x1 + 2
    z1 = y1 * y1 * 2
    z1.backward(torch.tensor([1, 1, 1], dtype=torch.float32))
    assert close(x1.grad, 4 * values(y1), 1e-5)


def test_seed_vector_jacobian_products():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    z = torch.mean((x + 2) ** 2)
    assert z.dim() == 0
    z.backward()
    assert repr(x.grad) == "tensor([3., 4.])"
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    z = 4 * (x + 2) ** 2
    z.backward(torch.tensor([10, 1, 11]))
    assert repr(x.grad) == "tensor([240.,  32., 440.])"
    x = torch.tensor([0.0707, -0.4540, 0.6282], requires_grad=True)
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    assert repr(y) == "tensor([ 144.7936, -929.7920, 1286.5536], grad_fn=<MulBackward0>)"
    y.backward(torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float))
    assert repr(x.grad) == "tensor([2.0480e+02, 2.0480e+03, 2.0480e-01])"


def test_seed_out_mean_and_second_backward():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    assert (repr(z), repr(out)) == ("tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>)",
                                    "tensor(27., grad_fn=<MeanBackward0>)")
    out.backward()
    assert repr(x.grad) == "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])"
    with raises(RuntimeError, BACKWARD_TWICE):
        out.backward()


def test_seed_detach_and_no_grad():
    x = torch.randn(3, requires_grad=True)
    x.requires_grad_(False)
    assert "requires_grad" not in repr(x)
    x = torch.randn(3, requires_grad=True)
    assert not x.detach().requires_grad
    with torch.no_grad():
        y = x + 2
    assert y.grad_fn is None
    assert name((x + 2).grad_fn) == "AddBackward0"


def test_seed_variable_graph():
    x = Variable(torch.ones(1))
    b = Variable(torch.rand(1), requires_grad=True)
    w = Variable(torch.rand(1), requires_grad=True)
    y = w.mul(x)
    z = y.add(b)
    assert (x.requires_grad, b.requires_grad, w.requires_grad, y.requires_grad) == (False, True, True, True)
    assert (x.is_leaf, w.is_leaf, b.is_leaf, y.is_leaf, z.is_leaf) == (True, True, True, False, False)
    assert next_names(z) == [("MulBackward0", 0), ("AccumulateGrad", 0)]
    assert z.grad_fn.next_functions[0][0] == y.grad_fn
    assert next_names(y) == [("AccumulateGrad", 0), (None, 0)]
    z.backward(retain_graph=True)
    assert repr(w.grad) == "tensor([1.])"
    z.backward()
    assert repr(w.grad) == "tensor([2.])"
    a = Variable(torch.ones(2, 3), requires_grad=True)
    c = a.add(Variable(torch.zeros(2, 3)))
    d = c.sum()
    assert repr(d) == "tensor(6., grad_fn=<SumBackward0>)"
    d.backward()
    assert repr(a.grad) == "tensor([[1., 1., 1.],\n        [1., 1., 1.]])"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert c.grad is None

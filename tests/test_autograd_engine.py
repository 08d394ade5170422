"""The engine and the extension points: deep graphs, node execution order and
dependency counting, higher-order gradients, custom Functions, and the
recording overhead."""
import re
import sys
import threading
import time

import numpy as np
import pytest

import tensorlib as torch
from tensorlib import autograd
from tensorlib.autograd import Function, gradcheck, gradgradcheck


def values(t):
    return np.asarray(t.detach().tolist(), dtype=np.float64)


# ---- the engine ---------------------------------------------------------------------------------------------
def test_long_chain_has_no_recursion_limit():
    x = torch.ones(1, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 0.0
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)          # the engine must not recurse at all
    try:
        y.backward(torch.ones(1))
    finally:
        sys.setrecursionlimit(limit)
    assert x.grad.tolist() == [1.0]
    del y                               # freeing the chain must not overflow either


def test_each_node_runs_once_with_summed_gradients():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    calls = []
    y.grad_fn.register_prehook(lambda go: calls.append(go[0].tolist()))
    z = y * 3 + y * 4 + y.exp() * 0
    z.sum().backward()
    assert calls == [[7.0, 7.0, 7.0]]
    assert x.grad.tolist() == [14.0] * 3


def test_diamond_and_shared_leaves():
    a = torch.tensor([2.0], requires_grad=True)
    b = a * a
    c = b * a + b
    d = c * b
    d.backward()
    # d = (a^3 + a^2) * a^2 = a^5 + a^4  ->  5a^4 + 4a^3
    assert a.grad.tolist() == [5 * 16 + 4 * 8]


def test_accumulate_grad_runs_before_the_rest_of_the_graph():
    x = torch.ones(2, requires_grad=True)
    seen = []
    y = x * 2
    x.register_hook(lambda g: seen.append("leaf"))
    y.grad_fn.register_prehook(lambda go: seen.append("mul"))
    (y + x).sum().backward()
    assert seen.count("leaf") == 1 and seen.count("mul") == 1


def test_backward_from_a_leaf():
    x = torch.ones(2, requires_grad=True)
    x.backward(torch.tensor([3.0, 4.0]))
    assert x.grad.tolist() == [3.0, 4.0]


def test_mixed_dtypes_cast_gradients_to_each_input():
    a = torch.ones(2, dtype=torch.float32, requires_grad=True)
    b = torch.ones(2, dtype=torch.float64, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.dtype == torch.float32 and b.grad.dtype == torch.float64


def test_broadcast_gradients_are_reduced():
    a = torch.ones(3, 1, requires_grad=True)
    b = torch.ones(1, 4, requires_grad=True)
    c = torch.ones(4, requires_grad=True)
    (a * b + c).sum().backward()
    assert a.grad.tolist() == [[4.0]] * 3 and b.grad.tolist() == [[3.0] * 4] and c.grad.tolist() == [3.0] * 4


def test_sum_to_size():
    t = torch.ones(2, 3)
    assert t.sum_to_size(3).tolist() == [2.0] * 3
    assert t.sum_to_size(1, 3).tolist() == [[2.0] * 3]
    assert t.sum_to_size((2, 1)).tolist() == [[3.0], [3.0]]
    with pytest.raises(RuntimeError, match=re.escape("size {[2]} is not expandable to size {[3]}.")):
        torch.ones(3).sum_to_size(2)


def test_reentrant_backward_inside_backward():
    class Inner(Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * 1

        @staticmethod
        def backward(ctx, g):
            a, = ctx.saved_tensors
            with torch.enable_grad():
                t = a.detach().requires_grad_()
                (t ** 2).sum().backward()
            return g * t.grad

    x = torch.tensor([1.0, 3.0], requires_grad=True)
    Inner.apply(x).sum().backward()
    assert x.grad.tolist() == [2.0, 6.0]


def test_threads_run_backward_independently():
    errors = []

    def work(k):
        try:
            for _ in range(20):
                x = torch.full((3,), float(k), requires_grad=True)
                (x * x).sum().backward()
                assert x.grad.tolist() == [2.0 * k] * 3
        except Exception as exc:   # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(1, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ---- higher order ---------------------------------------------------------------------------------------------
def test_second_and_third_derivatives():
    x = torch.tensor([0.5, 1.5], requires_grad=True)
    y = (x ** 4).sum()
    g1, = autograd.grad(y, x, create_graph=True)
    g2, = autograd.grad(g1.sum(), x, create_graph=True)
    g3, = autograd.grad(g2.sum(), x)
    xv = np.array([0.5, 1.5])
    assert np.allclose(values(g1), 4 * xv ** 3) and np.allclose(values(g2), 12 * xv ** 2)
    assert np.allclose(values(g3), 24 * xv)


def test_double_backward_through_saved_outputs():
    x = torch.tensor([0.3, -0.7], requires_grad=True)
    y = x.sigmoid()
    g, = autograd.grad(y.sum(), x, create_graph=True)
    gg, = autograd.grad(g.sum(), x)
    s = 1 / (1 + np.exp(-np.array([0.3, -0.7])))
    assert np.allclose(values(gg), s * (1 - s) * (1 - 2 * s), atol=1e-6)


def test_gradgradcheck_composite():
    x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(4, 2, dtype=torch.float64, requires_grad=True)
    assert gradgradcheck(lambda a, b: (a.mm(b).tanh() * a.sum(1, keepdim=True)).exp(), (x, w))


# ---- custom Functions ----------------------------------------------------------------------------------------------
class MyExp(Function):
    @staticmethod
    def forward(ctx, a):
        result = a.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result


def test_custom_function_basics():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    y = MyExp.apply(x)
    assert repr(y) == "tensor([1.0000, 2.7183], grad_fn=<MyExpBackward>)"
    assert type(y.grad_fn).__name__ == "MyExpBackward" == y.grad_fn.name()
    assert re.fullmatch(r"<torch\.autograd\.function\.MyExpBackward object at 0x[0-9a-f]+>", repr(y.grad_fn))
    assert [type(f).__name__ for f, _ in y.grad_fn.next_functions] == ["AccumulateGrad"]
    y.sum().backward()
    assert np.allclose(values(x.grad), [1.0, np.e])
    with pytest.raises(RuntimeError, match="^Trying to backward through the graph a second time"):
        y.sum().backward()
    assert gradcheck(MyExp.apply, (torch.randn(4, dtype=torch.float64, requires_grad=True),))
    assert gradgradcheck(MyExp.apply, (torch.randn(4, dtype=torch.float64, requires_grad=True),))


def test_custom_function_saved_output_makes_no_cycle():
    import gc
    import weakref
    enabled = gc.isenabled()
    gc.disable()
    try:
        x = torch.ones(2, requires_grad=True)
        y = MyExp.apply(x)
        ref = weakref.ref(y.grad_fn)
        del y
        assert ref() is None
    finally:
        if enabled:
            gc.enable()


def test_custom_function_ctx_features():
    seen = {}

    class Scale(Function):
        @staticmethod
        def forward(ctx, a, k, flag=None):
            seen["needs"] = ctx.needs_input_grad
            ctx.k = k
            return a * k, a.argmax()

        @staticmethod
        def backward(ctx, g, g_idx):
            seen["g_idx"] = g_idx.tolist()
            return g * ctx.k, None, None

    x = torch.tensor([1.0, 3.0, 2.0], requires_grad=True)
    y, idx = Scale.apply(x, 2.0, None)
    assert seen["needs"] == (True, False, False)
    assert not idx.requires_grad and y.requires_grad
    assert [type(f).__name__ for f, _ in y.grad_fn.next_functions] == ["AccumulateGrad"]
    y.sum().backward()
    assert x.grad.tolist() == [2.0] * 3 and seen["g_idx"] == 0


def test_custom_function_wrong_gradient_count_and_shape():
    class TooMany(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2, g

    class BadShape(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g[:2]

    class TrailingNone(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2, None, None

    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=re.escape("function TooManyBackward returned an incorrect number of "
                                                     "gradients (expected 1, got 2)")):
        TooMany.apply(x).sum().backward()
    with pytest.raises(RuntimeError, match=re.escape("Function BadShapeBackward returned an invalid gradient at "
                                                     "index 0 - got [2] but expected shape compatible with [3]")):
        BadShape.apply(x).sum().backward()
    TrailingNone.apply(x).sum().backward()
    assert x.grad.tolist() == [2.0] * 3


def test_custom_function_identity_dirty_and_non_differentiable():
    class Identity(Function):
        @staticmethod
        def forward(ctx, a):
            return a

        @staticmethod
        def backward(ctx, g):
            return g

    class Double_(Function):
        @staticmethod
        def forward(ctx, a):
            a.mul_(2)
            ctx.mark_dirty(a)
            return a

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class Pair(Function):
        @staticmethod
        def forward(ctx, a):
            b, c = a * 2, a * 3
            ctx.mark_non_differentiable(c)
            return b, c

        @staticmethod
        def backward(ctx, gb, gc):
            assert gc.tolist() == [0.0, 0.0]        # materialized
            return gb * 2

    x = torch.ones(2, requires_grad=True)
    y = Identity.apply(x)
    assert y is not x and y._base is x and type(y.grad_fn).__name__ == "IdentityBackward"
    z = x * 1
    w = Double_.apply(z)
    assert w is z and type(z.grad_fn).__name__ == "Double_Backward"
    w.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    b, c = Pair.apply(x)
    assert not c.requires_grad
    b.sum().backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_custom_function_without_grad_inputs_records_nothing():
    y = MyExp.apply(torch.ones(2))
    assert y.grad_fn is None and not y.requires_grad
    with torch.no_grad():
        assert not MyExp.apply(torch.ones(2, requires_grad=True)).requires_grad


def test_once_differentiable():
    class Square(Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * a

        @staticmethod
        @autograd.function.once_differentiable
        def backward(ctx, g):
            a, = ctx.saved_tensors
            return 2 * a * g

    x = torch.tensor([3.0], requires_grad=True)
    g, = autograd.grad(Square.apply(x), x, create_graph=True)
    assert g.tolist() == [6.0] and not g.requires_grad


# ---- overhead ----------------------------------------------------------------------------------------------------
def test_recording_overhead_is_small():
    x = torch.ones(3, requires_grad=True)
    c = torch.ones(3)

    def best(fn, n=300):
        fn()
        result = 1e9
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(n):
                fn()
            result = min(result, (time.perf_counter() - t) / n)
        return result

    with torch.no_grad():
        plain = best(lambda: (x * x + 2).sum())
    recorded = best(lambda: (x * x + 2).sum())
    full = best(lambda: (x * x + 2).sum().backward())
    # three ops are recorded for at most a few microseconds each; backward costs a handful of ops
    assert recorded < plain * 2.5 + 30e-6
    assert full < recorded * 6 + 100e-6
    del c


def test_grad_with_batched_grad_outputs_gives_one_vjp_per_row():
    import tensorlib
    x = tensorlib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    jacobian, = tensorlib.autograd.grad(x * x, x, tensorlib.eye(3), is_grads_batched=True)
    assert jacobian.tolist() == [[2.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 6.0]]


# ---- final callbacks (Variable._execution_engine.queue_callback) ------------------------------------------------
def test_final_callbacks_run_after_every_gradient_is_accumulated():
    queue = autograd.Variable._execution_engine.queue_callback
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(3, requires_grad=True)
    seen = []

    def first_leaf_done(t):
        if not seen:
            queue(lambda: seen.append(("final", a.grad.tolist(), b.grad.tolist(), torch.is_grad_enabled())))
            queue(lambda: queue(lambda: seen.append("queued by a callback")))
        seen.append("leaf")

    a.register_post_accumulate_grad_hook(first_leaf_done)
    b.register_post_accumulate_grad_hook(first_leaf_done)
    ((a * 2).sum() + (b * 3).sum()).backward()
    assert seen == ["leaf", "leaf", ("final", [2.0, 2.0], [3.0, 3.0, 3.0], False), "queued by a callback"]
    seen.clear()
    (a * 2).sum().backward()        # the callbacks of a finished pass never run again
    assert seen == ["leaf", ("final", [4.0, 4.0], [3.0, 3.0, 3.0], False), "queued by a callback"]


def test_final_callbacks_belong_to_the_innermost_pass_and_need_one():
    queue = autograd.Variable._execution_engine.queue_callback
    with pytest.raises(RuntimeError, match="^Final callbacks can only be installed during backward pass.$"):
        queue(lambda: None)
    outer = torch.ones(1, requires_grad=True)
    order = []

    def inner_pass(t):
        queue(lambda: order.append("outer done"))
        inner = torch.ones(1, requires_grad=True)
        inner.register_post_accumulate_grad_hook(lambda t: queue(lambda: order.append("inner done")))
        with torch.enable_grad():
            (inner * 2).sum().backward()
        order.append("inner returned")

    outer.register_post_accumulate_grad_hook(inner_pass)
    (outer * 2).sum().backward()
    assert order == ["inner done", "inner returned", "outer done"]
    with pytest.raises(RuntimeError, match="during backward pass"):
        queue(lambda: None)

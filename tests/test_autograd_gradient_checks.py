"""What the engine accepts from a custom Function's backward and from gradient
hooks (tensor hooks, node pre/post hooks, post-accumulate-grad hooks): PyTorch
2.13's casts, reductions and exact errors for a gradient of the wrong dtype,
shape or device, a non-tensor, or the wrong number of values.  The expected
outcomes are hard-coded from torch; ``test_parity`` also runs every scenario
in a live torch."""
import functools

import numpy as np
import pytest

import tensorlib
from parity import real_torch
from tensorlib.backends import cuda as cuda_backend


def _custom(lib, backward, extra=()):
    """``2 * x`` through a custom Function whose backward returns ``backward(g)``;
    ``extra`` forward arguments follow ``x``.  Returns x.grad."""
    class Twice(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, *rest):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return backward(lib, g)

    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    Twice.apply(x, *[e(lib) if callable(e) else e for e in extra]).sum().backward()
    return x.grad


def _tensor_hook(lib, hook, leaf=True):
    """``hook`` on x (``leaf``) or on ``y = 2 * x``, then ``(3 * y).sum().backward()``."""
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    (x if leaf else y).register_hook(hook)
    (y * 3).sum().backward()
    return x.grad


def _node_hook(lib, hook, kind, op=lambda x: x.exp()):
    """A pre hook (``kind`` "pre") or post hook ("post") on the node of ``op(x)``."""
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = op(x)
    if kind == "pre":
        y.grad_fn.register_prehook(lambda grads: hook(lib, grads))
    else:
        y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: hook(lib, grad_inputs))
    y.sum().backward()
    return x.grad


def _post_accumulate(lib, hook):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    x.register_post_accumulate_grad_hook(lambda p: hook(lib, p))
    (x * 2).sum().backward()
    return x.grad


def _unbind_hook(lib, hook):
    """A hook on an output of unbind that receives no gradient (the other one does)."""
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    a, b = x.unbind(0)
    seen = []
    a.register_hook(lambda g: (seen.append(g), hook(lib, g))[1])
    (b * 2).backward()
    return seen, x.grad


def _named_hook(g):
    return g[:2]


def _first(g, count):
    return g[:count]


_MISSING = "can't replace a None gradient with a non-None value"
_FLOAT64 = "hook '<lambda>' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)"
_SIZE = "hook '<lambda>' has changed the size of value"

# (id, scenario(lib), expected): expected is the x.grad values (a list; None for no
# gradient) or (exception class, exact message)
SCENARIOS = [
    # ---- custom Function.backward
    ("fn_float64", lambda lib: _custom(lib, lambda lib, g: g.double()), [1.0, 1.0, 1.0]),
    ("fn_int64", lambda lib: _custom(lib, lambda lib, g: g.long()), [1.0, 1.0, 1.0]),
    ("fn_bool", lambda lib: _custom(lib, lambda lib, g: g > 0), [1.0, 1.0, 1.0]),
    ("fn_none", lambda lib: _custom(lib, lambda lib, g: None), None),
    ("fn_python_int", lambda lib: _custom(lib, lambda lib, g: 1),
     (RuntimeError, "expected Variable or None (got int)")),
    ("fn_python_float", lambda lib: _custom(lib, lambda lib, g: 1.5),
     (RuntimeError, "expected Variable or None (got float)")),
    ("fn_list", lambda lib: _custom(lib, lambda lib, g: [g]),
     (RuntimeError, "expected Variable or None (got list)")),
    ("fn_numpy", lambda lib: _custom(lib, lambda lib, g: np.ones(3, np.float32)),
     (RuntimeError, "expected Variable or None (got numpy.ndarray)")),
    ("fn_wrong_shape", lambda lib: _custom(lib, lambda lib, g: g[:2]),
     (RuntimeError, "Function TwiceBackward returned an invalid gradient at index 0 - got [2] but expected "
                    "shape compatible with [3]")),
    ("fn_scalar_shape", lambda lib: _custom(lib, lambda lib, g: g.sum()),
     (RuntimeError, "Function TwiceBackward returned an invalid gradient at index 0 - got [] but expected "
                    "shape compatible with [3]")),
    ("fn_broadcast_shape_is_summed", lambda lib: _custom(lib, lambda lib, g: g.expand(2, 3)), [2.0, 2.0, 2.0]),
    ("fn_too_many", lambda lib: _custom(lib, lambda lib, g: (g, g)),
     (RuntimeError, "function TwiceBackward returned an incorrect number of gradients (expected 1, got 2)")),
    ("fn_extra_nones", lambda lib: _custom(lib, lambda lib, g: (g, None, None)), [1.0, 1.0, 1.0]),
    ("fn_too_few", lambda lib: _custom(lib, lambda lib, g: (g,), extra=(lambda lib: lib.ones(1),)),
     (RuntimeError, "function TwiceBackward returned an incorrect number of gradients (expected 2, got 1)")),
    ("fn_empty_tuple", lambda lib: _custom(lib, lambda lib, g: ()),
     (RuntimeError, "function TwiceBackward returned an incorrect number of gradients (expected 1, got 0)")),
    ("fn_grad_for_int_argument", lambda lib: _custom(lib, lambda lib, g: (g, g), extra=(3,)),
     (RuntimeError, "function TwiceBackward returned a gradient different than None at position 2, but the "
                    "corresponding forward input was not a Variable")),
    ("fn_grad_for_tensor_without_grad", lambda lib: _custom(lib, lambda lib, g: (g, lib.ones(5)),
                                                            extra=(lambda lib: lib.ones(1),)), [1.0, 1.0, 1.0]),
    # ---- tensor hooks (register_hook)
    ("hook_float64", lambda lib: _tensor_hook(lib, lambda g: g.double()), (RuntimeError, _FLOAT64)),
    ("hook_int64", lambda lib: _tensor_hook(lib, lambda g: g.long()),
     (RuntimeError, "hook '<lambda>' has changed the type of value (was torch.FloatTensor got torch.LongTensor)")),
    ("hook_python_int", lambda lib: _tensor_hook(lib, lambda g: 1),
     (TypeError, "expected Variable, but hook returned 'int'")),
    ("hook_list", lambda lib: _tensor_hook(lib, lambda g: [g]),
     (TypeError, "expected Variable, but hook returned 'list'")),
    ("hook_shape", lambda lib: _tensor_hook(lib, lambda g: g[:2]), (RuntimeError, _SIZE)),
    ("hook_broadcastable_shape", lambda lib: _tensor_hook(lib, lambda g: g.expand(2, 3)),
     (RuntimeError, _SIZE)),
    ("hook_scaled", lambda lib: _tensor_hook(lib, lambda g: g * 10), [60.0, 60.0, 60.0]),
    ("nonleaf_hook_float64", lambda lib: _tensor_hook(lib, lambda g: g.double(), leaf=False),
     (RuntimeError, _FLOAT64)),
    ("nonleaf_hook_tuple", lambda lib: _tensor_hook(lib, lambda g: (g,), leaf=False),
     (TypeError, "expected Variable, but hook returned 'tuple'")),
    ("nonleaf_hook_shape", lambda lib: _tensor_hook(lib, lambda g: g.sum(), leaf=False),
     (RuntimeError, _SIZE)),
    ("hook_named_function", lambda lib: _tensor_hook(lib, _named_hook),
     (RuntimeError, "hook '_named_hook' has changed the size of value")),
    ("hook_without_name", lambda lib: _tensor_hook(lib, functools.partial(_first, count=1)),
     (RuntimeError, "hook '<unknown>' has changed the size of value")),
    ("hook_sees_missing_gradient", lambda lib: _unbind_hook(lib, lambda lib, g: None)[0], [None]),
    ("hook_fills_missing_gradient", lambda lib: _unbind_hook(lib, lambda lib, g: lib.ones(())),
     (RuntimeError, _MISSING)),
    # ---- node pre hooks (register_prehook)
    ("prehook_float64", lambda lib: _node_hook(lib, lambda lib, gs: (gs[0].double(),), "pre"),
     (RuntimeError, _FLOAT64)),
    ("prehook_shape", lambda lib: _node_hook(lib, lambda lib, gs: (gs[0][:2],), "pre"), (RuntimeError, _SIZE)),
    ("prehook_tensor", lambda lib: _node_hook(lib, lambda lib, gs: gs[0], "pre"),
     (TypeError, "expected tuple, but hook returned 'Tensor'")),
    ("prehook_list", lambda lib: _node_hook(lib, lambda lib, gs: list(gs), "pre"),
     (TypeError, "expected tuple, but hook returned 'list'")),
    ("prehook_int_in_tuple", lambda lib: _node_hook(lib, lambda lib, gs: (1,), "pre"),
     (TypeError, "expected Variable, but hook returned 'int'")),
    ("prehook_too_many", lambda lib: _node_hook(lib, lambda lib, gs: gs + gs, "pre"),
     (RuntimeError, "hook '<lambda>' has returned an incorrect number of values (got 2, but expected 1)")),
    ("prehook_too_few", lambda lib: _node_hook(lib, lambda lib, gs: (), "pre"),
     (RuntimeError, "hook '<lambda>' has returned an incorrect number of values (got 0, but expected 1)")),
    ("prehook_drops_gradient", lambda lib: _node_hook(lib, lambda lib, gs: (None,), "pre"), None),
    # ---- node post hooks (register_hook on grad_fn)
    ("posthook_float64", lambda lib: _node_hook(lib, lambda lib, gi: (gi[0].double(),), "post"),
     (RuntimeError, _FLOAT64)),
    ("posthook_shape", lambda lib: _node_hook(lib, lambda lib, gi: (gi[0].sum(),), "post"), (RuntimeError, _SIZE)),
    ("posthook_int", lambda lib: _node_hook(lib, lambda lib, gi: 1, "post"),
     (TypeError, "expected tuple, but hook returned 'int'")),
    ("posthook_int_in_tuple", lambda lib: _node_hook(lib, lambda lib, gi: (1,), "post"),
     (TypeError, "expected Variable, but hook returned 'int'")),
    ("posthook_drops_gradient", lambda lib: _node_hook(lib, lambda lib, gi: (None,), "post"), None),
    ("posthook_scaled", lambda lib: _node_hook(lib, lambda lib, gi: (gi[0] * 0,), "post"), [0.0, 0.0, 0.0]),
    # x * 2: the scalar operand has an edge of its own, whose gradient is None
    ("posthook_counts_every_edge", lambda lib: _node_hook(lib, lambda lib, gi: (gi[0],), "post", lambda x: x * 2),
     (RuntimeError, "hook '<lambda>' has returned an incorrect number of values (got 1, but expected 2)")),
    ("posthook_fills_missing_gradient",
     lambda lib: _node_hook(lib, lambda lib, gi: (gi[0], gi[0]), "post", lambda x: x * 2), (RuntimeError, _MISSING)),
    # ---- post-accumulate-grad hooks must return None
    ("post_accumulate_tensor", lambda lib: _post_accumulate(lib, lambda lib, p: p * 2),
     (RuntimeError, "Tensor post accumulate grad hooks should return None.")),
    ("post_accumulate_int", lambda lib: _post_accumulate(lib, lambda lib, p: 1),
     (TypeError, "expected Variable, but hook returned 'int'")),
    ("post_accumulate_none", lambda lib: _post_accumulate(lib, lambda lib, p: None), [2.0, 2.0]),
]


def _outcome(scenario, lib):
    """The scenario's x.grad as a list (or None), or (exception class, message)."""
    try:
        grad = scenario(lib)
    except (RuntimeError, TypeError) as e:
        return type(e), str(e)
    if isinstance(grad, list):
        return grad
    return None if grad is None else grad.tolist()


@pytest.mark.parametrize("name, scenario, expected", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_outcome(name, scenario, expected):
    assert _outcome(scenario, tensorlib) == expected


@pytest.mark.parity
@pytest.mark.parametrize("name, scenario", [s[:2] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_parity(name, scenario):
    torch = real_torch()
    assert _outcome(scenario, tensorlib) == _outcome(scenario, torch)


def test_failed_backward_leaves_the_inputs_unchanged():
    x = tensorlib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.register_hook(lambda g: g.double())
    with pytest.raises(RuntimeError, match="changed the type"):
        (x * 2).sum().backward()
    assert x.grad is None and x.tolist() == [1.0, 2.0, 3.0]


def test_node_posthook_runs_when_no_gradient_reaches_the_node():
    class Nothing(tensorlib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return None

    x = tensorlib.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    calls = []
    y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: calls.append((grad_inputs, grad_outputs)))
    Nothing.apply(y).sum().backward()
    assert calls == [((None, None), (None,))]


def test_accumulate_grad_posthook_gets_no_grad_inputs():
    x = tensorlib.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.grad_fn.next_functions[0][0].register_hook(lambda grad_inputs, grad_outputs: (grad_outputs[0],))
    with pytest.raises(RuntimeError, match=r"^hook '<lambda>' has returned an incorrect number of values "
                                           r"\(got 1, but expected 0\)$"):
        y.sum().backward()


# ---- devices (the CUDA stand-in; torch messages observed with its meta device and CUDA type names)
@pytest.fixture
def stand_in():
    with cuda_backend.use_stand_in():
        yield


def _custom_on(device, backward, shape=(3,)):
    class Twice(tensorlib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return backward(g)

    x = tensorlib.ones(shape, device=device, requires_grad=True)
    Twice.apply(x).sum().backward()
    return x.grad


@pytest.mark.parametrize("device, move, got", [("cpu", "cuda", "cuda:0"), ("cuda", "cpu", "cpu")])
def test_custom_backward_on_the_wrong_device(stand_in, device, move, got):
    expected = "cuda:0" if device == "cuda" else "cpu"
    with pytest.raises(RuntimeError) as info:
        _custom_on(device, lambda g: g.to(move))
    assert str(info.value) == (f"Function TwiceBackward returned an invalid gradient at index 0 - expected device "
                               f"{expected} but got {got}")


def test_custom_backward_0d_gradient_is_moved_to_the_input_device(stand_in):
    grad = _custom_on("cpu", lambda g: g.cuda(), shape=())
    assert grad.device == tensorlib.device("cpu") and grad.item() == 1.0


@pytest.mark.parametrize("device, move, was, got", [
    ("cpu", "cuda", "torch.FloatTensor", "torch.cuda.FloatTensor"),
    ("cuda", "cpu", "torch.cuda.FloatTensor", "torch.FloatTensor"),
])
def test_hook_changing_the_device(stand_in, device, move, was, got):
    x = tensorlib.ones(3, device=device, requires_grad=True)
    x.register_hook(lambda g: g.to(move))
    with pytest.raises(RuntimeError) as info:
        (x * 2).sum().backward()
    assert str(info.value) == f"hook '<lambda>' has changed the type of value (was {was} got {got})"


def test_copies_across_devices_send_the_gradient_back(stand_in):
    x = tensorlib.ones(3, requires_grad=True)
    (x.cuda() * 2).sum().backward()
    assert x.grad.device == tensorlib.device("cpu") and x.grad.tolist() == [2.0, 2.0, 2.0]
    w = tensorlib.ones(3, requires_grad=True)
    z = tensorlib.zeros(3, device="cuda")
    z.copy_(w)
    (z * 3).sum().backward()
    assert w.grad.device == tensorlib.device("cpu") and w.grad.tolist() == [3.0, 3.0, 3.0]

"""The fused recurrent layers (one MkldnnRnnLayerBackward0 node per LSTM/GRU layer
and direction, nn/modules/_recurrent_layer.py) against the composed path of
per-step tensor ops (the fast paths off): outputs, final states and every
gradient for one and two layers, bidirectional, batch_first, packed input,
given or zero initial states, float32 and float64; gradcheck and gradgradcheck
in float64 (the second through the composed formulas); the compiled step kernels
against their array-expression twins; the node's edges, saved-tensor errors and
what still runs composed (projections, RNN); the same on the CUDA stand-in."""
import numpy as np
import pytest

import tensorlib as torch
import tensorlib.nn as nn
import tensorlib.nn.modules._recurrent_layer as recurrent_layer
import tensorlib.nn.utils.rnn as rnn_utils
from tensorlib import _recurrent
from tensorlib.autograd import gradcheck, gradgradcheck
from tensorlib.backends._recurrent_runs import ComposedCells
from parity import real_torch
from test_matmul_threads import threads  # noqa: F401 (a fixture)
from test_nn_parity import _copy_weights

CONFIGS = [
    {},
    {"num_layers": 2, "bidirectional": True},
    {"batch_first": True},
    {"num_layers": 2, "bias": False},
]
LENGTHS = [4, 6, 2]


@pytest.fixture(autouse=True)
def fused_layers(monkeypatch):
    """The fused path on, also where the suite runs with TENSORLIB_FAST_PATHS=0."""
    monkeypatch.setattr(recurrent_layer, "FAST_PATHS", True)


def _run(name, kwargs, dtype, packed, given, fused, monkeypatch, device="cpu"):
    """The layer's outputs and the gradients of a weighted sum of them (input,
    initial states, parameters), as NumPy arrays, and the output's grad_fn name."""
    monkeypatch.setattr(recurrent_layer, "FAST_PATHS", fused)
    rng = np.random.default_rng(0)
    torch.manual_seed(0)
    layer = getattr(nn, name)(3, 5, **kwargs).to(device=device, dtype=dtype)
    batch_first = kwargs.get("batch_first", False)
    x = torch.tensor(rng.standard_normal((3, 6, 3) if batch_first else (6, 3, 3)), dtype=dtype, device=device,
                     requires_grad=True)
    source = rnn_utils.pack_padded_sequence(x, LENGTHS, batch_first, enforce_sorted=False) if packed else x
    directions = 2 if layer.bidirectional else 1
    states = [torch.tensor(rng.standard_normal((layer.num_layers * directions, 3, 5)), dtype=dtype, device=device,
                           requires_grad=True) for _ in range(2 if name == "LSTM" else 1)]
    args = ([tuple(states)] if name == "LSTM" else states) if given else []
    output, hidden = layer(source, *args)
    output = output.data if packed else output
    hidden = hidden if isinstance(hidden, tuple) else (hidden,)
    weights = torch.tensor(np.cos(np.arange(output.numel())).reshape(tuple(output.shape)), dtype=dtype,
                           device=device)
    loss = (output * weights).sum()
    for k, h in enumerate(hidden):
        loss = loss + (h * (k + 2)).sum()
    loss.backward()
    results = [output, *hidden, x.grad] + ([s.grad for s in states] if given else [])
    results += [p.grad for p in layer.parameters()]
    return [r.detach().cpu().numpy() for r in results], type(output.grad_fn).__name__


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
@pytest.mark.parametrize("kwargs", CONFIGS)
@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("given", [False, True])
@pytest.mark.parametrize("dtype, atol", [(torch.float64, 1e-12), (torch.float32, 1e-5)])
def test_fused_matches_composed(monkeypatch, name, kwargs, packed, given, dtype, atol):
    fused, fused_node = _run(name, kwargs, dtype, packed, given, True, monkeypatch)
    composed, composed_node = _run(name, kwargs, dtype, packed, given, False, monkeypatch)
    assert len(fused) == len(composed)
    for a, b in zip(fused, composed):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=0, atol=atol)
    if kwargs.get("batch_first") and not packed:
        assert fused_node == composed_node == "TransposeBackward0"
    elif kwargs.get("bidirectional"):
        assert fused_node == composed_node == "CatBackward0"
    else:
        assert fused_node == "MkldnnRnnLayerBackward0"


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_fused_matches_composed_on_the_cuda_stand_in(monkeypatch, name):
    from tensorlib.backends import cuda
    with cuda.use_stand_in():
        device = _run(name, CONFIGS[1], torch.float64, True, True, True, monkeypatch, device="cuda")[0]
    host = _run(name, CONFIGS[1], torch.float64, True, True, False, monkeypatch)[0]
    for a, b in zip(device, host):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def _gradcheck_layer(layer, x, states, double):
    layer = layer.double()
    params = tuple(layer.parameters())
    count = len(states)

    def run(x, *rest):
        given = rest[:count]
        output, hidden = layer(x, tuple(given) if count == 2 else given[0])
        output = output.data if isinstance(output, rnn_utils.PackedSequence) else output
        return (output,) + (hidden if isinstance(hidden, tuple) else (hidden,))

    assert gradcheck(run, (x,) + tuple(states) + params)
    if double:
        assert gradgradcheck(run, (x,) + tuple(states) + params)


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
@pytest.mark.parametrize("kwargs", [{}, {"bidirectional": True, "bias": False}, {"num_layers": 2,
                                                                                  "batch_first": True}])
def test_gradcheck(name, kwargs):
    torch.manual_seed(0)
    layer = getattr(nn, name)(2, 3, **kwargs)
    batch_first = kwargs.get("batch_first", False)
    x = torch.randn((2, 4, 2) if batch_first else (4, 2, 2), dtype=torch.float64, requires_grad=True)
    directions = 2 if layer.bidirectional else 1
    states = [torch.randn(layer.num_layers * directions, 2, 3, dtype=torch.float64, requires_grad=True)
              for _ in range(2 if name == "LSTM" else 1)]
    _gradcheck_layer(layer, x, states, double=not kwargs)


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_gradcheck_packed(name):
    torch.manual_seed(0)
    layer = getattr(nn, name)(2, 3, bidirectional=True).double()
    data = torch.randn(4, 3, 2, dtype=torch.float64, requires_grad=True)
    states = [torch.randn(2, 3, 3, dtype=torch.float64, requires_grad=True) for _ in range(2 if name == "LSTM" else 1)]
    count = len(states)

    def run(data, *rest):
        packed = rnn_utils.pack_padded_sequence(data, [4, 1, 3], enforce_sorted=False)
        output, hidden = layer(packed, tuple(rest[:count]) if count == 2 else rest[0])
        return (output.data,) + (hidden if isinstance(hidden, tuple) else (hidden,))

    assert gradcheck(run, (data,) + tuple(states) + tuple(layer.parameters()))
    assert gradgradcheck(run, (data,) + tuple(states))


def test_lstm_node_and_its_edges():
    layer = nn.LSTM(3, 4)
    x = torch.randn(5, 2, 3, requires_grad=True)
    output, (h, c) = layer(x)
    node = output.grad_fn
    assert node.name() == "MkldnnRnnLayerBackward0"
    assert [type(f).__name__ if f is not None else None for f, _ in node.next_functions] == \
           ["AccumulateGrad"] * 5 + [None, None]
    assert h.grad_fn.name() == c.grad_fn.name() == "StackBackward0"
    assert h.grad_fn.next_functions == ((node, 1),) and c.grad_fn.next_functions == ((node, 2),)
    assert output.grad_fn.next_functions[1][0].variable is layer.weight_ih_l0


def test_gru_node_has_one_state_edge():
    layer = nn.GRU(3, 4, bias=False)
    output, _ = layer(torch.randn(5, 2, 3), torch.randn(1, 2, 4, requires_grad=True))
    edges = output.grad_fn.next_functions
    assert output.grad_fn.name() == "MkldnnRnnLayerBackward0" and len(edges) == 6
    assert [f is not None for f, _ in edges] == [False, True, True, False, False, True]


def test_no_grad_and_inference_record_nothing():
    layer = nn.LSTM(3, 4)
    with torch.no_grad():
        output, (h, c) = layer(torch.randn(5, 2, 3))
    assert output.grad_fn is None and not output.requires_grad and h.grad_fn is None
    with torch.inference_mode():
        output, _ = layer(torch.randn(5, 2, 3))
    assert output.is_inference()


def test_gradient_of_the_output_alone_and_of_the_cell_alone():
    torch.manual_seed(0)
    layer = nn.LSTM(3, 4).double()
    x = torch.randn(5, 2, 3, dtype=torch.float64, requires_grad=True)
    output, (h, c) = layer(x)
    (grad_c,) = torch.autograd.grad(c.sum(), x, retain_graph=True)
    (grad_out,) = torch.autograd.grad(output.sum(), x)
    assert grad_c.shape == grad_out.shape == x.shape
    assert float(grad_c[-1].abs().sum()) > 0 and not np.allclose(grad_c.numpy(), grad_out.numpy())


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_retained_graph_gives_the_same_gradients_twice(name):
    layer = getattr(nn, name)(3, 4, bidirectional=True).double()
    x = torch.randn(5, 2, 3, dtype=torch.float64, requires_grad=True)
    output, _ = layer(x)
    loss = (output * output).sum()
    first = torch.autograd.grad(loss, [x, layer.weight_hh_l0], retain_graph=True)
    second = torch.autograd.grad(loss, [x, layer.weight_hh_l0])
    for a, b in zip(first, second):
        assert np.array_equal(a.numpy(), b.numpy())


def test_modified_output_and_second_backward_raise():
    layer = nn.LSTM(3, 4)
    x = torch.randn(5, 2, 3, requires_grad=True)
    output, _ = layer(x)
    output.mul_(2)
    with pytest.raises(RuntimeError, match=r"\[torch.FloatTensor \[5, 2, 4\]\], which is output 0 of MkldnnRnnLayer, "
                                           r"is at version 1; expected version 0 instead"):
        output.sum().backward()
    output, _ = layer(x)
    loss = output.sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        loss.backward()


@pytest.mark.parametrize("build", ["nn.LSTM(3, 4, proj_size=2)", "nn.RNN(3, 4)", "nn.RNN(3, 4, nonlinearity='relu')"])
def test_projections_and_elman_layers_stay_composed(build):
    layer = eval(build)
    output, _ = layer(torch.randn(5, 2, 3))
    assert output.grad_fn.name() == "StackBackward0"


def test_autocast_regions_compose():
    layer = nn.LSTM(3, 4)
    with torch.autocast("cpu", dtype=torch.float16):
        output, _ = layer(torch.randn(5, 2, 3))
    assert output.grad_fn.name() == "StackBackward0"


def test_fast_paths_off_composes():
    import subprocess
    import sys
    code = ("import tensorlib as t; o, _ = t.nn.LSTM(3, 4)(t.randn(5, 2, 3)); print(o.grad_fn.name())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**__import__("os").environ, "TENSORLIB_FAST_PATHS": "0"})
    assert result.stdout.strip() == "StackBackward0"


# ---- the compiled step kernels against their array expressions ------------------------------------------------
def _kernel_arrays(rng, dtype, rows, hidden, scale):
    return {
        "pre": (rng.standard_normal((rows, 4 * hidden)) * scale).astype(dtype),
        "state": rng.standard_normal((rows, hidden)).astype(dtype),
        "grad": rng.standard_normal((rows, hidden)).astype(dtype),
        "gru_in": (rng.standard_normal((rows, 3 * hidden)) * scale).astype(dtype),
        "gru_hidden": (rng.standard_normal((rows, 3 * hidden)) * scale).astype(dtype),
        "bias": rng.standard_normal(3 * hidden).astype(dtype),
    }


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-14), (np.float32, 3e-6)])
@pytest.mark.parametrize("rows, hidden, scale", [(1, 1, 1.0), (3, 7, 4.0), (16, 64, 1.0), (2, 33, 60.0)])
def test_step_kernels_match_their_array_expressions(dtype, rtol, rows, hidden, scale):
    rng = np.random.default_rng(rows * hidden)
    a = _kernel_arrays(rng, dtype, rows, hidden, scale)
    composed = ComposedCells(lambda: np)
    results = []
    for cells in (_recurrent, composed):
        with np.errstate(all="ignore"):
            results.append(_run_step_kernels(cells, a, dtype, rows, hidden))
    for mine, theirs in zip(*results):
        assert mine.dtype == dtype
        np.testing.assert_allclose(mine, theirs, rtol=rtol, atol=rtol)


def _run_step_kernels(cells, a, dtype, rows, hidden):
    """Every step kernel of ``cells`` once on the arrays ``a``; their results."""
    gates, cell, out = a["pre"].copy(), np.empty_like(a["state"]), np.empty_like(a["state"])
    assert cells.lstm_forward(gates, a["state"], cell, out)
    grad_cell, grad_gates = a["grad"].copy(), np.empty_like(gates)
    assert cells.lstm_backward(gates, a["state"], cell, a["grad"] * 0.5, grad_cell, grad_gates)
    hidden_out, saved = np.empty_like(a["state"]), np.empty((rows, 4 * hidden), dtype)
    assert cells.gru_forward(a["gru_in"], a["gru_hidden"], a["bias"], a["state"], hidden_out, saved)
    grads = [np.empty_like(a["gru_in"]), np.empty_like(a["gru_in"]), np.empty_like(a["state"])]
    assert cells.gru_backward(saved, a["state"], a["grad"], *grads)
    return [gates, cell, out, grad_cell, grad_gates, hidden_out, saved] + grads


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_step_kernel_activations_at_the_extremes(dtype):
    values = np.array([np.nan, np.inf, -np.inf, 1e30, -1e30, 100.0, -100.0, 0.0, -0.0, 1e-30], dtype)
    gates = np.tile(values, 4)[None, :]
    hidden = len(values)
    cell, out = np.empty((1, hidden), dtype), np.empty((1, hidden), dtype)
    assert _recurrent.lstm_forward(gates, np.zeros((1, hidden), dtype), cell, out)
    with np.errstate(all="ignore"):
        sigmoid = 1 / (1 + np.exp(-values.astype(np.float64)))
        tanh = np.tanh(values.astype(np.float64))
    np.testing.assert_allclose(gates[0, :hidden], sigmoid.astype(dtype), rtol=1e-6, atol=1e-30)
    np.testing.assert_allclose(gates[0, 2 * hidden:3 * hidden], tanh.astype(dtype), rtol=1e-6, atol=1e-30)
    assert np.signbit(gates[0, 2 * hidden + 8])   # tanh(-0) is -0


@pytest.mark.parametrize("arrays", ["dtype", "layout", "shape"])
def test_step_kernels_decline_what_they_do_not_take(arrays):
    gates, state = np.zeros((2, 8)), np.zeros((2, 2))
    cell, out = np.empty((2, 2)), np.empty((2, 2))
    if arrays == "dtype":
        state = state.astype(np.float32)
    elif arrays == "layout":
        gates = np.zeros((8, 2)).T
    else:
        gates = np.zeros((2, 6))
    assert _recurrent.lstm_forward(gates, state, cell, out) is False


# ---- against PyTorch ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    return real_torch()


class TestAgainstPyTorch:
    """The fused layers beside PyTorch's (weights copied): the bench's character model
    with an LSTM and a GRU, the node's edges and the in-place error."""
    pytestmark = pytest.mark.parity

    @pytest.mark.parametrize("name", ["LSTM", "GRU"])
    def test_bench_model_step(self, real, name):
        """The bench's character model (embedding, two layers of 64, batch-first, context 32,
        batch 16, a linear head, cross-entropy) in float32: loss and every gradient."""
        models = [lib.nn.ModuleDict({"embed": lib.nn.Embedding(65, 64),
                                     "rnn": getattr(lib.nn, name)(64, 64, num_layers=2, batch_first=True),
                                     "head": lib.nn.Linear(64, 65)}) for lib in (real, torch)]
        _copy_weights(*models)
        idx = np.random.default_rng(5).integers(0, 65, size=(16, 33))
        losses, grads = [], []
        for lib, model in zip((real, torch), models):
            x, y = lib.tensor(idx[:, :-1]), lib.tensor(idx[:, 1:])
            logits = model["head"](model["rnn"](model["embed"](x))[0])
            loss = lib.nn.functional.cross_entropy(logits.reshape(-1, 65), y.reshape(-1))
            loss.backward()
            losses.append(loss.item())
            grads.append([p.grad.numpy() for p in model.parameters()])
        assert abs(losses[0] - losses[1]) < 1e-6
        for a, b in zip(*grads):
            np.testing.assert_allclose(b, a, rtol=0, atol=1e-6)

    def test_lstm_node_as_pytorch_records_it(self, real):
        t_out, (t_h, t_c) = real.nn.LSTM(3, 4)(real.randn(5, 2, 3, requires_grad=True))
        l_out, (l_h, l_c) = nn.LSTM(3, 4)(torch.randn(5, 2, 3, requires_grad=True))
        for a, b in ((t_out, l_out), (t_h, l_h), (t_c, l_c)):
            assert b.grad_fn.name() == a.grad_fn.name()
        assert [(type(f).__name__ if f is not None else None, n) for f, n in l_out.grad_fn.next_functions] == \
               [(type(f).__name__ if f is not None else None, n) for f, n in t_out.grad_fn.next_functions]
        assert [n for _, n in l_h.grad_fn.next_functions + l_c.grad_fn.next_functions] == \
               [n for _, n in t_h.grad_fn.next_functions + t_c.grad_fn.next_functions]

    def test_in_place_error_as_pytorch(self, real):
        messages = []
        for lib in (real, torch):
            output, _ = lib.nn.LSTM(3, 4)(lib.randn(5, 2, 3, requires_grad=True))
            output.add_(1)
            with pytest.raises(RuntimeError) as error:
                output.sum().backward()
            messages.append(str(error.value))
        assert messages[0] == messages[1]


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
@pytest.mark.parametrize("kwargs", [{"num_layers": 2, "bidirectional": True}, {"batch_first": True, "bias": False}])
@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("dtype, atol", [(torch.float64, 1e-12), (torch.float32, 1e-5)])
def test_whole_run_loops_match_the_step_by_step_runs(monkeypatch, name, kwargs, packed, dtype, atol):
    """A run goes whole to the compiled loops where MKL is bound; the step-by-step run
    of the same kernels gives the same values."""
    from tensorlib.backends import backend_for
    whole = _run(name, kwargs, dtype, packed, True, True, monkeypatch)[0]
    monkeypatch.setattr(backend_for(torch.device("cpu")).recurrent, "_whole_runs", None)
    steps = _run(name, kwargs, dtype, packed, True, True, monkeypatch)[0]
    for a, b in zip(whole, steps):
        np.testing.assert_allclose(a, b, rtol=0, atol=atol)


def test_whole_run_loops_decline_what_they_do_not_take():
    from tensorlib.backends import backend_for
    bound = backend_for(torch.device("cpu")).recurrent._whole_runs._ready()   # with MKL: its gemm bound
    sizes, offsets = np.array([2, 2], np.int64), np.array([0, 2], np.int64)
    gates, state, weight = np.zeros((4, 8)), np.zeros((2, 2)), np.zeros((8, 2))
    output, cells = np.empty((4, 2)), np.empty((4, 2))
    assert _recurrent.lstm_run_forward(sizes, offsets, False, gates, state, state, weight, output, cells) is bound
    declined = [
        (np.array([2, 3], np.int64), offsets, gates),        # sizes growing
        (sizes, np.array([0, 1], np.int64), gates),           # offsets not following the sizes
        (sizes.astype(np.int32), offsets, gates),             # not int64
        (sizes, offsets, gates.astype(np.float32)),           # dtypes differ
        (sizes, offsets, np.zeros((3, 8))),                   # rows not the steps'
    ]
    for step_sizes, step_offsets, step_gates in declined:
        assert _recurrent.lstm_run_forward(step_sizes, step_offsets, False, step_gates, state, state, weight, output,
                                           cells) is False



def _trained_layer(name, dtype, batch, hidden, kwargs, packed):
    """A layer's outputs, final states and every gradient after two backward passes."""
    rng = np.random.default_rng(batch + hidden)
    torch.manual_seed(0)
    layer = getattr(nn, name)(hidden, hidden, **kwargs).to(dtype=dtype)
    shape = (batch, 7, hidden) if kwargs.get("batch_first") else (7, batch, hidden)
    x = torch.tensor(rng.standard_normal(shape), dtype=dtype, requires_grad=True)
    lengths = sorted(rng.integers(1, 8, batch).tolist(), reverse=True)
    results = []
    for _ in range(2):
        output, final = layer(rnn_utils.pack_padded_sequence(x, lengths) if packed else x)
        output = output.data if packed else output
        final = final if isinstance(final, tuple) else (final,)
        loss = (output * output).sum() + sum((state * 3).sum() for state in final)
        loss.backward()
        results += [output] + list(final)
    return [r.detach().numpy().tobytes() for r in results + [x.grad] + [p.grad for p in layer.parameters()]]


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("batch, hidden, kwargs, packed", [
    (16, 64, {"num_layers": 2}, False), (24, 20, {"bidirectional": True}, False),
    (40, 33, {"batch_first": True}, False), (16, 256, {}, False), (17, 64, {}, True)])
def test_sliced_runs_keep_single_threaded_bits(threads, name, dtype, batch, hidden, kwargs, packed):  # noqa: F811
    """With several threads a padded run of 16 sequences or more goes in slices of the batch,
    one per thread (a packed one stays whole): the bits are those of one thread."""
    one = threads(1, lambda: _trained_layer(name, dtype, batch, hidden, kwargs, packed))
    for n in (2, 3):
        assert threads(n, lambda: _trained_layer(name, dtype, batch, hidden, kwargs, packed)) == one


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("batch, hidden, kwargs, packed", [(16, 64, {}, False), (17, 64, {}, True)])
def test_packed_weights_keep_the_bits_of_a_gemm_a_step(monkeypatch, threads, name, dtype,  # noqa: F811
                                                       batch, hidden, kwargs, packed):
    """A large forward run packs its recurrent weights once (MKL's packed products): the bits
    are those of the step-by-step run, one gemm a step."""
    from tensorlib.backends import backend_for
    whole = threads(1, lambda: _trained_layer(name, dtype, batch, hidden, kwargs, packed))
    monkeypatch.setattr(backend_for(torch.device("cpu")).recurrent, "_whole_runs", None)
    assert threads(1, lambda: _trained_layer(name, dtype, batch, hidden, kwargs, packed)) == whole

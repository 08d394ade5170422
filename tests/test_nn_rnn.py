"""Recurrent layers and nn.utils without PyTorch: gradcheck in float64 (input,
initial state and every parameter), the cells against NumPy formulas, packed
runs against per-sequence runs, padding and packing against NumPy, parameter
names, initialisation, reprs, errors, and gradient clipping."""
import math

import numpy as np
import pytest

import tensorlib as torch
import tensorlib.nn as nn
import tensorlib.nn.utils.rnn as rnn_utils
from tensorlib.autograd import gradcheck, gradgradcheck
from tensorlib.nn.utils import (clip_grad_norm, clip_grad_norm_, clip_grad_value_, get_total_norm,
                                parameters_to_vector, vector_to_parameters)

D = torch.float64


@pytest.fixture(autouse=True)
def seeded():
    torch.manual_seed(0)


def _x(*shape):
    return torch.randn(*shape, dtype=D).requires_grad_()


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def _np(t):
    return t.detach().numpy()


def _params(module):
    return {name: _np(p) for name, p in module.named_parameters()}


# ---- gradcheck ----------------------------------------------------------------------------------------------
def _gradcheck_module(module, inputs, double=False):
    """gradcheck (and optionally gradgradcheck) of the module's outputs, all of
    them flattened, with respect to the float inputs and every parameter."""
    module = module.double()
    params = tuple(module.parameters())
    n = len(inputs)

    def run(*args):
        x, hx = args[0], args[1:n]
        output, hidden = module(x, *(hx if len(hx) != 2 else (tuple(hx),)))
        hidden = hidden if isinstance(hidden, tuple) else (hidden,)
        return (output,) + hidden

    assert gradcheck(run, tuple(inputs) + params)
    if double:
        assert gradgradcheck(run, tuple(inputs) + params)


@pytest.mark.parametrize("build", [
    "nn.LSTM(3, 4)",
    "nn.LSTM(2, 3, num_layers=2, bidirectional=True)",
    "nn.LSTM(2, 3, proj_size=2, batch_first=True)",
    "nn.GRU(3, 4)",
    "nn.GRU(2, 3, num_layers=2, bidirectional=True, bias=False)",
    "nn.RNN(3, 4, nonlinearity='relu')",
    "nn.RNN(2, 3, num_layers=2, bidirectional=True)",
])
def test_gradcheck_layers(build):
    module = eval(build)
    directions = 2 if module.bidirectional else 1
    real = module.proj_size or module.hidden_size
    x = _x(2, 3, module.input_size)
    inputs = [x, _x(module.num_layers * directions, 2 if module.batch_first else 3, real)]
    if isinstance(module, nn.LSTM):
        inputs.append(_x(module.num_layers * directions, 2 if module.batch_first else 3, module.hidden_size))
    _gradcheck_module(module, inputs)


def test_gradgradcheck_lstm_and_gru():
    _gradcheck_module(nn.LSTM(2, 2), [_x(2, 2, 2), _x(1, 2, 2), _x(1, 2, 2)], double=True)
    _gradcheck_module(nn.GRU(2, 2), [_x(2, 2, 2), _x(1, 2, 2)], double=True)


def test_gradcheck_packed_input():
    lstm = nn.LSTM(2, 3, bidirectional=True).double()
    params = tuple(lstm.parameters())

    def run(x, *weights):
        packed = rnn_utils.pack_padded_sequence(x, [2, 4, 1], enforce_sorted=False)
        output, (h, c) = lstm(packed)
        return output.data, h, c

    assert gradcheck(run, (_x(4, 3, 2),) + params)


@pytest.mark.parametrize("build, state", [
    ("nn.RNNCell(3, 4)", 1), ("nn.RNNCell(3, 4, nonlinearity='relu', bias=False)", 1),
    ("nn.GRUCell(3, 4)", 1), ("nn.LSTMCell(3, 4)", 2),
])
def test_gradcheck_cells(build, state):
    cell = eval(build).double()
    params = tuple(cell.parameters())

    def run(x, *rest):
        hx = rest[:state]
        return cell(x, hx[0] if state == 1 else tuple(hx))

    assert gradcheck(run, (_x(2, 3),) + tuple(_x(2, 4) for _ in range(state)) + params)


# ---- values ----------------------------------------------------------------------------------------------------
def test_cells_match_numpy_formulas():
    x, h, c = np.random.default_rng(1).standard_normal((3, 2, 4))
    x = x[:, :3]
    rnn = nn.RNNCell(3, 4).double()
    p = _params(rnn)
    expected = np.tanh(x @ p["weight_ih"].T + p["bias_ih"] + h @ p["weight_hh"].T + p["bias_hh"])
    np.testing.assert_allclose(_np(rnn(torch.tensor(x), torch.tensor(h))), expected, atol=1e-12)

    lstm = nn.LSTMCell(3, 4).double()
    p = _params(lstm)
    gates = x @ p["weight_ih"].T + p["bias_ih"] + h @ p["weight_hh"].T + p["bias_hh"]
    i, f, g, o = np.split(gates, 4, axis=1)
    c_new = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    h_new, c_out = lstm(torch.tensor(x), (torch.tensor(h), torch.tensor(c)))
    np.testing.assert_allclose(_np(c_out), c_new, atol=1e-12)
    np.testing.assert_allclose(_np(h_new), _sigmoid(o) * np.tanh(c_new), atol=1e-12)

    gru = nn.GRUCell(3, 4).double()
    p = _params(gru)
    xr, xz, xn = np.split(x @ p["weight_ih"].T + p["bias_ih"], 3, axis=1)
    hr, hz, hn = np.split(h @ p["weight_hh"].T + p["bias_hh"], 3, axis=1)
    r, z = _sigmoid(xr + hr), _sigmoid(xz + hz)
    n = np.tanh(xn + r * hn)
    np.testing.assert_allclose(_np(gru(torch.tensor(x), torch.tensor(h))), (1 - z) * n + z * h, atol=1e-12)


def test_layer_is_the_cell_stepped_over_time():
    lstm = nn.LSTM(3, 4).double()
    cell = nn.LSTMCell(3, 4).double()
    cell.load_state_dict({k[:-3]: v for k, v in lstm.state_dict().items()})
    x = torch.randn(5, 2, 3, dtype=D)
    output, (h_n, c_n) = lstm(x)
    state = None
    for t in range(5):
        state = cell(x[t], state)
        np.testing.assert_allclose(_np(output[t]), _np(state[0]), atol=1e-12)
    np.testing.assert_allclose(_np(h_n[0]), _np(state[0]), atol=1e-12)
    np.testing.assert_allclose(_np(c_n[0]), _np(state[1]), atol=1e-12)


@pytest.mark.parametrize("build", ["nn.RNN(3, 4, 2, bidirectional=True)", "nn.GRU(3, 4, bidirectional=True)",
                                   "nn.LSTM(3, 4, 2, bidirectional=True, proj_size=2)"])
def test_packed_run_equals_each_sequence_alone(build):
    module = eval(build).double()
    lengths = [3, 5, 1, 4]
    sequences = [torch.randn(n, 3, dtype=D) for n in lengths]
    output, hidden = module(rnn_utils.pack_sequence(sequences, enforce_sorted=False))
    padded, got_lengths = rnn_utils.pad_packed_sequence(output)
    assert got_lengths.tolist() == lengths
    hidden = hidden if isinstance(hidden, tuple) else (hidden,)
    for b, seq in enumerate(sequences):
        alone, alone_hidden = module(seq)
        alone_hidden = alone_hidden if isinstance(alone_hidden, tuple) else (alone_hidden,)
        np.testing.assert_allclose(_np(padded[:lengths[b], b]), _np(alone), atol=1e-12)
        assert np.all(_np(padded[lengths[b]:, b]) == 0)
        for whole, single in zip(hidden, alone_hidden):
            np.testing.assert_allclose(_np(whole[:, b]), _np(single), atol=1e-12)


def test_unbatched_batch_first_and_non_contiguous_inputs_agree():
    gru = nn.GRU(3, 4, num_layers=2).double()
    x = torch.randn(5, 2, 3, dtype=D)
    output, h_n = gru(x)
    alone, alone_h = gru(x[:, 1])
    np.testing.assert_allclose(_np(alone), _np(output[:, 1]), atol=1e-12)
    np.testing.assert_allclose(_np(alone_h), _np(h_n[:, 1]), atol=1e-12)
    transposed = torch.randn(2, 5, 3, dtype=D).transpose(0, 1)
    np.testing.assert_allclose(_np(gru(transposed)[0]), _np(gru(transposed.contiguous())[0]), atol=1e-12)
    gru_bf = nn.GRU(3, 4, num_layers=2, batch_first=True).double()
    gru_bf.load_state_dict(gru.state_dict())
    output_bf, h_bf = gru_bf(x.transpose(0, 1))
    np.testing.assert_allclose(_np(output_bf.transpose(0, 1)), _np(output), atol=1e-12)
    np.testing.assert_allclose(_np(h_bf), _np(h_n), atol=1e-12)
    sliced = torch.randn(10, 2, 6, dtype=D)[::2, :, ::2]
    np.testing.assert_allclose(_np(gru(sliced)[0]), _np(gru(sliced.contiguous())[0]), atol=1e-12)
    empty_batch, h_empty = gru(torch.randn(5, 0, 3, dtype=D))
    assert tuple(empty_batch.shape) == (5, 0, 4) and tuple(h_empty.shape) == (2, 0, 4)


def test_dropout_between_layers_only_while_training():
    rnn = nn.RNN(3, 4, num_layers=2, dropout=1.0).double()
    x = torch.randn(5, 2, 3, dtype=D)
    zero_input = nn.RNN(4, 4).double()
    zero_input.load_state_dict({k[:-1] + "0": v for k, v in rnn.state_dict().items() if k.endswith("l1")})
    output, _ = rnn(x)          # the second layer sees only zeros
    np.testing.assert_allclose(_np(output), _np(zero_input(torch.zeros(5, 2, 4, dtype=D))[0]), atol=1e-12)
    rnn.eval()
    assert not np.allclose(_np(rnn(x)[0]), _np(output))


# ---- parameters, initialisation, reprs --------------------------------------------------------------------------
def test_parameter_names_shapes_and_initialisation():
    lstm = nn.LSTM(3, 8, num_layers=2, bidirectional=True, proj_size=2)
    shapes = {name: tuple(p.shape) for name, p in lstm.named_parameters()}
    assert shapes["weight_ih_l0"] == (32, 3) and shapes["weight_hh_l0"] == (32, 2)
    assert shapes["weight_hr_l0_reverse"] == (2, 8) and shapes["weight_ih_l1"] == (32, 4)
    assert list(shapes)[:6] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                                "weight_ih_l0_reverse"]
    assert len(lstm.all_weights) == 4 and lstm.all_weights[1][0] is lstm.weight_ih_l0_reverse
    bound = 1 / math.sqrt(8)
    for p in lstm.parameters():
        assert float(p.detach().abs().max()) <= bound
    assert float(nn.GRUCell(3, 100).weight_hh.detach().abs().max()) > 0.09
    assert [n for n, _ in nn.GRU(2, 3, bias=False).named_parameters()] == ["weight_ih_l0", "weight_hh_l0"]
    assert nn.LSTMCell(2, 3, bias=False).bias_ih is None


@pytest.mark.parametrize("build, text", [
    ("nn.RNN(3, 4)", "RNN(3, 4)"),
    ("nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.5, bidirectional=True)",
     "RNN(3, 4, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)"),
    ("nn.LSTM(3, 4, proj_size=2)", "LSTM(3, 4, proj_size=2)"),
    ("nn.GRU(3, 4, num_layers=2)", "GRU(3, 4, num_layers=2)"),
    ("nn.RNNCell(3, 4, nonlinearity='relu')", "RNNCell(3, 4, nonlinearity=relu)"),
    ("nn.LSTMCell(3, 4, bias=False)", "LSTMCell(3, 4, bias=False)"),
    ("nn.GRUCell(3, 4)", "GRUCell(3, 4)"),
])
def test_reprs(build, text):
    assert repr(eval(build)) == text


# ---- errors ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, message", [
    ("nn.RNN(3, 4)(torch.randn(5))", ValueError, "RNN: Expected input to be 2D or 3D, got 1D tensor instead"),
    ("nn.GRU(3, 4)(torch.randn(2, 3, 4, 5))", ValueError, "GRU: Expected input to be 2D or 3D, got 4D tensor instead"),
    ("nn.RNN(3, 4)(torch.randn(5, 2, 4))", RuntimeError, "input.size(-1) must be equal to input_size. Expected 3, got 4"),
    ("nn.RNN(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 3, 4))", RuntimeError,
     "Expected hidden size (1, 2, 4), got [1, 3, 4]"),
    ("nn.RNN(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 4))", RuntimeError,
     "For batched 3-D input, hx should also be 3-D but got 2-D tensor"),
    ("nn.RNN(3, 4)(torch.randn(5, 3), torch.randn(1, 2, 4))", RuntimeError,
     "For unbatched 2-D input, hx should also be 2-D but got 3-D tensor"),
    ("nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(1, 2, 5)))", RuntimeError,
     "Expected hidden[1] size (1, 2, 4), got [1, 2, 5]"),
    ("nn.LSTM(3, 4, proj_size=2)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(1, 2, 4)))", RuntimeError,
     "Expected hidden[0] size (1, 2, 2), got [1, 2, 4]"),
    ("nn.LSTM(3, 4)(torch.randn(5, 3), (torch.randn(1, 2, 4), torch.randn(2, 4)))", RuntimeError,
     "For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 2-D) tensors"),
    ("nn.RNN(3, 4)(torch.randn(5, 2, 3, dtype=torch.float64))", ValueError,
     "RNN input dtype (torch.float64) does not match weight dtype (torch.float32). Convert input: "
     "input.to(torch.float32), or convert model: model.to(torch.float64)"),
    ("nn.GRU(3, 4)(torch.randn(0, 2, 3))", RuntimeError, "Expected sequence length to be larger than 0 in RNN"),
    ("nn.RNN(3, 4, nonlinearity='foo')", ValueError, "Unknown nonlinearity 'foo'. Select from 'tanh' or 'relu'."),
    ("nn.RNN(3, 4, dropout=2)", ValueError,
     "dropout should be a number in range [0, 1] representing the probability of an element being zeroed"),
    ("nn.RNN(3, 4, num_layers=0)", ValueError, "num_layers must be greater than zero"),
    ("nn.RNN(3, 0)", ValueError, "hidden_size must be greater than zero"),
    ("nn.RNN(3, 4.5)", TypeError, "hidden_size should be of type int, got: float"),
    ("nn.LSTM(3.5, 4)", TypeError, "input_size should be of type int, got: float"),
    ("nn.RNN(3, 4, proj_size=2)", ValueError, "proj_size argument is only supported for LSTM, not RNN or GRU"),
    ("nn.LSTM(3, 4, proj_size=4)", ValueError, "proj_size has to be smaller than hidden_size"),
    ("nn.LSTM(3, 4, proj_size=-1)", ValueError, "proj_size should be a positive integer or zero to disable projections"),
    ("nn.GRU(3, 4, foo=3)", TypeError, "RNNBase.__init__() got an unexpected keyword argument 'foo'"),
    ("nn.RNNCell(3, 4)(torch.randn(2, 2, 3))", ValueError, "RNNCell: Expected input to be 1D or 2D, got 3D instead"),
    ("nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(2, 2, 4))", ValueError,
     "RNNCell: Expected hidden to be 1D or 2D, got 3D instead"),
    ("nn.GRUCell(3, 4)(torch.randn(2, 5))", RuntimeError, "input has inconsistent input_size: got 5 expected 3"),
    ("nn.GRUCell(3, 4)(torch.randn(2, 3), torch.randn(3, 4))", RuntimeError,
     "Input batch size 2 doesn't match hidden0 batch size 3"),
    ("nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(2, 5))", RuntimeError,
     "hidden0 has inconsistent hidden_size: got 5, expected 4"),
    ("nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.randn(2, 4), torch.randn(2, 5)))", RuntimeError,
     "hidden1 has inconsistent hidden_size: got 5, expected 4"),
    ("nn.LSTMCell(3, 4)(torch.randn(2, 3), torch.randn(2, 4))", TypeError,
     "lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor"),
    ("nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.randn(2, 2, 4), torch.randn(2, 4)))", ValueError,
     "LSTMCell: Expected hx[0] to be 1D or 2D, got 3D instead"),
    ("nn.RNNCell(3, 4, nonlinearity='foo')(torch.randn(2, 3))", RuntimeError, "Unknown nonlinearity: foo"),
    ("rnn_utils.pad_sequence([])", RuntimeError, "received an empty list of sequences"),
    ("rnn_utils.pad_sequence([torch.ones(2)], padding_side='middle')", RuntimeError,
     "Expected padding_side to be one of left or right, but got middle."),
    ("rnn_utils.pack_padded_sequence(torch.zeros(5, 3), [3, 5, 1])", RuntimeError,
     "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass "
     "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not "
     "need ONNX exportability."),
    ("rnn_utils.pack_padded_sequence(torch.zeros(5, 3), [5, 3, 0])", RuntimeError,
     "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0"),
    ("rnn_utils.pack_padded_sequence(torch.zeros(5, 3), [5, 3])", RuntimeError,
     "Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)"),
    ("rnn_utils.pack_padded_sequence(torch.zeros(5, 3), torch.tensor(3))", RuntimeError,
     "'lengths' argument should be a 1D CPU int64 tensor, but got 0D cpu Long tensor"),
    ("rnn_utils.pad_packed_sequence(rnn_utils.pack_sequence([torch.ones(5)]), total_length=3)", ValueError,
     "Expected total_length to be at least the length of the longest sequence in input, but got total_length=3 "
     "and max sequence length being 5"),
    ("rnn_utils.PackedSequence(torch.ones(3))", AssertionError, "Expected data to be a list or tuple of length 2"),
    ("vector_to_parameters([1.0], [torch.ones(2)])", TypeError, "expected torch.Tensor, but got: list"),
])
def test_errors(call, error, message):
    with pytest.raises(error) as info:
        eval(call)
    # Python 3.9 names a method without its class in an argument error
    assert str(info.value) in (message, message.replace("RNNBase.", ""))


def test_dropout_with_one_layer_warns():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1, but got dropout=0.5 "
                                         "and num_layers=1"):
        nn.GRU(3, 4, dropout=0.5)


# ---- nn.utils.rnn ----------------------------------------------------------------------------------------------
def test_pad_sequence_matches_numpy():
    sequences = [np.arange(n * 2, dtype=np.float32).reshape(n, 2) for n in (3, 5, 1)]
    tensors = [torch.tensor(s) for s in sequences]
    for batch_first in (False, True):
        for side in ("right", "left"):
            expected = np.full((3, 5, 2), -1.0, dtype=np.float32)
            for b, s in enumerate(sequences):
                if side == "right":
                    expected[b, :len(s)] = s
                else:
                    expected[b, 5 - len(s):] = s
            got = rnn_utils.pad_sequence(tensors, batch_first=batch_first, padding_value=-1, padding_side=side)
            np.testing.assert_array_equal(_np(got), expected if batch_first else expected.transpose(1, 0, 2))
    stacked = torch.ones(2, 3)
    assert tuple(rnn_utils.pad_sequence(stacked).shape) == (3, 2)


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("enforce_sorted", [False, True])
def test_pack_and_unpack_round_trip(batch_first, enforce_sorted):
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    sequences = [torch.randn(n, 2) for n in lengths]
    padded = rnn_utils.pad_sequence(sequences, batch_first=batch_first)
    packed = rnn_utils.pack_padded_sequence(padded, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
    assert packed.batch_sizes.tolist() == [4, 3, 3, 1, 1]
    assert packed.batch_sizes.dtype == torch.int64
    longest_first = sorted(range(4), key=lambda b: -lengths[b])
    expected = np.concatenate([np.stack([_np(sequences[b][t]) for b in longest_first if lengths[b] > t])
                               for t in range(5)])
    np.testing.assert_array_equal(_np(packed.data), expected)
    again, got_lengths = rnn_utils.pad_packed_sequence(packed, batch_first=batch_first, total_length=7)
    assert got_lengths.tolist() == lengths
    np.testing.assert_array_equal(_np(again.narrow(1 if batch_first else 0, 0, 5)), _np(padded))
    assert np.all(_np(again.narrow(1 if batch_first else 0, 5, 2)) == 0)
    for a, b in zip(rnn_utils.unpack_sequence(packed), sequences):
        np.testing.assert_array_equal(_np(a), _np(b))
    for a, b in zip(rnn_utils.unpad_sequence(padded, torch.tensor(lengths), batch_first=batch_first), sequences):
        np.testing.assert_array_equal(_np(a), _np(b))


def test_pack_padded_sequence_gradient_reaches_only_the_data():
    x = torch.randn(4, 3, 2, dtype=D, requires_grad=True)
    packed = rnn_utils.pack_padded_sequence(x, torch.tensor([2, 4, 1]), enforce_sorted=False)
    assert type(packed.data.grad_fn).__name__ == "PackPaddedSequenceBackward0"
    packed.data.sum().backward()
    mask = np.zeros((4, 3, 1))
    for b, n in enumerate([2, 4, 1]):
        mask[:n, b] = 1
    np.testing.assert_array_equal(_np(x.grad), np.broadcast_to(mask, (4, 3, 2)))
    assert gradcheck(lambda t: rnn_utils.pack_padded_sequence(t, [4, 2, 1]).data, (_x(4, 3, 2),))
    assert gradcheck(lambda t: rnn_utils.pad_packed_sequence(rnn_utils.PackedSequence(
        t, torch.tensor([3, 2, 1])), padding_value=1.5)[0], (_x(6, 2),))


def test_packed_sequence_is_a_named_tuple_with_conversions():
    packed = rnn_utils.pack_sequence([torch.ones(2, 3), torch.ones(3, 3)], enforce_sorted=False)
    assert packed._fields == ("data", "batch_sizes", "sorted_indices", "unsorted_indices")
    assert isinstance(packed, tuple) and not packed.is_cuda
    assert packed.double().data.dtype == torch.float64
    assert packed.to(torch.float64).sorted_indices.tolist() == [1, 0]
    assert packed.to(torch.float32) is packed
    assert rnn_utils.invert_permutation(torch.tensor([2, 0, 1])).tolist() == [1, 2, 0]
    legacy = rnn_utils.PackedSequence((torch.ones(3), torch.tensor([2, 1])))
    assert legacy.batch_sizes.tolist() == [2, 1] and legacy.unsorted_indices is None
    assert repr(legacy) == ("PackedSequence(data=tensor([1., 1., 1.]), batch_sizes=tensor([2, 1]), "
                            "sorted_indices=None, unsorted_indices=None)")


# ---- nn.utils: clipping and vectors --------------------------------------------------------------------------
def _with_grads(*grads):
    params = []
    for g in grads:
        p = nn.Parameter(torch.zeros(len(g)))
        p.grad = torch.tensor(g)
        params.append(p)
    return params


@pytest.mark.parametrize("norm_type", [2.0, 1, 3, float("inf"), "inf"])
def test_clip_grad_norm_scales_to_max_norm(norm_type):
    grads = ([3.0, -4.0], [1.0, 2.0, -2.0])
    params = _with_grads(*grads)
    p = float(norm_type)
    norms = [np.linalg.norm(np.array(g), p) for g in grads]
    total = np.linalg.norm(np.array(norms), p)
    got = clip_grad_norm_(params, 1.0, norm_type=norm_type)
    assert got.dim() == 0 and math.isclose(float(got), total, rel_tol=1e-6)
    for param, g in zip(params, grads):
        np.testing.assert_allclose(_np(param.grad), np.array(g) / (total + 1e-6), rtol=1e-6)
    params = _with_grads(*grads)
    clip_grad_norm_(params, 100.0)
    np.testing.assert_array_equal(_np(params[0].grad), np.array(grads[0], dtype=np.float32))


def test_clip_grad_norm_edges():
    assert float(clip_grad_norm_([], 1.0)) == 0.0
    assert float(clip_grad_norm_(nn.Parameter(torch.ones(2)), 1.0)) == 0.0
    bad = _with_grads([1.0, float("nan")])
    with pytest.raises(RuntimeError, match="The total norm of order 2.0 for gradients from `parameters` is "
                                           "non-finite, so it cannot be clipped"):
        clip_grad_norm_(bad, 1.0, error_if_nonfinite=True)
    assert np.isnan(float(get_total_norm([torch.tensor([1.0, float("nan")])])))
    with pytest.warns(FutureWarning, match="`torch.nn.utils.clip_grad_norm` is now deprecated"):
        assert float(clip_grad_norm(_with_grads([3.0, 4.0]), 10.0)) == 5.0


def test_clip_grad_value():
    params = _with_grads([3.0, -4.0, 0.5])
    assert clip_grad_value_(params, 1.0) is None
    np.testing.assert_array_equal(_np(params[0].grad), np.array([1.0, -1.0, 0.5], dtype=np.float32))


def test_parameters_to_vector_and_back():
    linear = nn.Linear(3, 2)
    vector = parameters_to_vector(linear.parameters())
    np.testing.assert_array_equal(_np(vector), np.concatenate([_np(linear.weight).ravel(), _np(linear.bias)]))
    vector_to_parameters(torch.arange(8.0), linear.parameters())
    np.testing.assert_array_equal(_np(linear.weight), np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(_np(linear.bias), [6.0, 7.0])
    assert isinstance(linear.weight, nn.Parameter)


# ---- the CUDA path (NumPy standing in for CuPy) -------------------------------------------------------------
def test_packed_lstm_on_the_cuda_stand_in_matches_cpu():
    from tensorlib.backends import cuda as cuda_backend
    with cuda_backend.use_stand_in():
        lstm = nn.LSTM(3, 4, 2, bidirectional=True)
        x = torch.randn(5, 3, 3)
        with torch.no_grad():
            expected, (expected_h, _) = lstm(rnn_utils.pack_padded_sequence(x, [2, 5, 3], enforce_sorted=False))
        lstm.cuda()
        packed = rnn_utils.pack_padded_sequence(x.cuda(), [2, 5, 3], enforce_sorted=False)
        assert packed.data.is_cuda and packed.sorted_indices.is_cuda and not packed.batch_sizes.is_cuda
        output, (h_n, _) = lstm(packed)
        np.testing.assert_allclose(_np(output.data.cpu()), _np(expected.data), atol=1e-6)
        np.testing.assert_allclose(_np(h_n.cpu()), _np(expected_h), atol=1e-6)
        padded, lengths = rnn_utils.pad_packed_sequence(output, batch_first=True)
        assert padded.is_cuda and lengths.tolist() == [2, 5, 3]
        padded.sum().backward()
        assert clip_grad_norm_(lstm.parameters(), 0.5).is_cuda
        assert lstm.weight_ih_l0.grad.is_cuda
        assert nn.GRUCell(3, 4).cuda()(x[0].cuda()).is_cuda


def test_vector_to_parameters_error_changes_no_parameter():
    first, second = nn.Parameter(torch.zeros(2)), nn.Parameter(torch.zeros(3))
    with pytest.raises(RuntimeError, match=r"shape '\[3\]' is invalid for input of size 1"):
        vector_to_parameters(torch.ones(3), [first, second])
    assert first.tolist() == [0.0, 0.0]

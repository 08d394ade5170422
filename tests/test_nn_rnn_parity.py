"""Recurrent layers and nn.utils against a live PyTorch: with the weights
copied through the state_dict, the same outputs, final states and gradients
(input, initial state, every parameter) for padded and packed input; the
packing functions' results; errors and reprs; and a character-level LSTM
trained side by side giving the same losses step after step."""
import numpy as np
import pytest

import tensorlib
import tensorlib.nn as lnn
import tensorlib.nn.utils.rnn as lrnn
from parity import real_torch
from test_nn_parity import _copy_weights

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _close(a, b, atol):
    a, b = a.detach().numpy(), b.detach().numpy()
    assert a.shape == b.shape
    np.testing.assert_allclose(b, a, atol=atol, rtol=0)


def _states(hidden):
    return hidden if isinstance(hidden, tuple) else (hidden,)


LAYERS = [
    ("RNN", {}),
    ("RNN", {"nonlinearity": "relu", "num_layers": 2, "bidirectional": True}),
    ("LSTM", {}),
    ("LSTM", {"num_layers": 2, "bidirectional": True}),
    ("LSTM", {"proj_size": 2, "num_layers": 2, "bidirectional": True, "batch_first": True}),
    ("GRU", {"num_layers": 3, "batch_first": True, "bias": False}),
    ("GRU", {"bidirectional": True}),
]


@pytest.mark.parametrize("name, kwargs", LAYERS)
@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("given_state", [False, True])
@pytest.mark.parametrize("dtype, atol", [("float64", 1e-6), ("float32", 1e-5)])
def test_layer_matches_pytorch(torch, name, kwargs, packed, given_state, dtype, atol):
    rng = np.random.default_rng(0)
    theirs = getattr(torch.nn, name)(3, 4, **kwargs).to(getattr(torch, dtype))
    ours = getattr(lnn, name)(3, 4, **kwargs).to(getattr(tensorlib, dtype))
    _copy_weights(theirs, ours)
    directions = 2 if theirs.bidirectional else 1
    x = rng.standard_normal((3, 5, 3) if theirs.batch_first else (5, 3, 3)).astype(dtype)
    t_x, l_x = torch.tensor(x, requires_grad=True), tensorlib.tensor(x, requires_grad=True)
    t_in, l_in = t_x, l_x
    if packed:
        lengths = [3, 5, 2]
        t_in = torch.nn.utils.rnn.pack_padded_sequence(t_x, lengths, theirs.batch_first, enforce_sorted=False)
        l_in = lrnn.pack_padded_sequence(l_x, lengths, ours.batch_first, enforce_sorted=False)
    t_states, l_states = [], []
    if given_state:
        sizes = [theirs.proj_size or 4] + ([4] if name == "LSTM" else [])
        for size in sizes:
            h = rng.standard_normal((theirs.num_layers * directions, 3, size)).astype(dtype)
            t_states.append(torch.tensor(h, requires_grad=True))
            l_states.append(tensorlib.tensor(h, requires_grad=True))
    t_args = [] if not given_state else [tuple(t_states) if name == "LSTM" else t_states[0]]
    l_args = [] if not given_state else [tuple(l_states) if name == "LSTM" else l_states[0]]
    t_out, t_hidden = theirs(t_in, *t_args)
    l_out, l_hidden = ours(l_in, *l_args)
    if packed:
        assert type(l_out) is lrnn.PackedSequence
        assert l_out.batch_sizes.tolist() == t_out.batch_sizes.tolist()
        assert l_out.sorted_indices.tolist() == t_out.sorted_indices.tolist()
        t_out, l_out = t_out.data, l_out.data
    _close(t_out, l_out, atol)
    for a, b in zip(_states(t_hidden), _states(l_hidden)):
        _close(a, b, atol)
        assert type(b.grad_fn).__name__ == type(a.grad_fn).__name__
    seeds = [rng.standard_normal(tuple(t.shape)).astype(dtype) for t in (t_out,) + _states(t_hidden)]
    t_loss = sum((t * torch.tensor(s)).sum() for t, s in zip((t_out,) + _states(t_hidden), seeds))
    l_loss = sum((t * tensorlib.tensor(s)).sum() for t, s in zip((l_out,) + _states(l_hidden), seeds))
    t_loss.backward()
    l_loss.backward()
    _close(t_x.grad, l_x.grad, atol)
    for a, b in zip(t_states, l_states):
        _close(a.grad, b.grad, atol)
    t_params, l_params = dict(theirs.named_parameters()), dict(ours.named_parameters())
    assert list(t_params) == list(l_params)
    for key in t_params:
        _close(t_params[key].grad, l_params[key].grad, atol)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_unbatched_input_matches_pytorch(torch, name):
    rng = np.random.default_rng(0)
    theirs = getattr(torch.nn, name)(3, 4, num_layers=2).double()
    ours = getattr(lnn, name)(3, 4, num_layers=2).double()
    _copy_weights(theirs, ours)
    x = rng.standard_normal((5, 3))
    t_out, t_hidden = theirs(torch.tensor(x))
    l_out, l_hidden = ours(tensorlib.tensor(x))
    _close(t_out, l_out, 1e-10)
    for a, b in zip(_states(t_hidden), _states(l_hidden)):
        _close(a, b, 1e-10)


@pytest.mark.parametrize("name, kwargs", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu", "bias": False}),
                                          ("LSTMCell", {}), ("GRUCell", {})])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_matches_pytorch(torch, name, kwargs, batched):
    rng = np.random.default_rng(0)
    theirs = getattr(torch.nn, name)(3, 4, **kwargs).double()
    ours = getattr(lnn, name)(3, 4, **kwargs).double()
    _copy_weights(theirs, ours)
    shape = (2,) if batched else ()
    x = rng.standard_normal(shape + (3,))
    states = [rng.standard_normal(shape + (4,)) for _ in range(2 if name == "LSTMCell" else 1)]
    t_x, l_x = torch.tensor(x, requires_grad=True), tensorlib.tensor(x, requires_grad=True)
    t_h = [torch.tensor(h, requires_grad=True) for h in states]
    l_h = [tensorlib.tensor(h, requires_grad=True) for h in states]
    t_out = _states(theirs(t_x, tuple(t_h) if name == "LSTMCell" else t_h[0]))
    l_out = _states(ours(l_x, tuple(l_h) if name == "LSTMCell" else l_h[0]))
    for a, b in zip(t_out, l_out):
        _close(a, b, 1e-10)
        assert type(b.grad_fn).__name__ == type(a.grad_fn).__name__
    sum(t.sum() for t in t_out).backward()
    sum(t.sum() for t in l_out).backward()
    for a, b in zip([t_x] + t_h, [l_x] + l_h):
        _close(a.grad, b.grad, 1e-10)
    for (key, a), b in zip(theirs.named_parameters(), ours.parameters()):
        _close(a.grad, b.grad, 1e-10)


CALLS = [
    "nn.RNN(3, 4)(torch.randn(5))",
    "nn.LSTM(3, 4)(torch.randn(5, 2, 4))",
    "nn.GRU(3, 4, 2)(torch.randn(5, 2, 3), torch.randn(1, 2, 4))",
    "nn.RNN(3, 4)(torch.randn(5, 3), torch.randn(1, 3))",
    "nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 3, 4), torch.randn(1, 2, 4)))",
    "nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(2, 4)))",
    "nn.LSTM(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 2, 4))",
    "nn.GRU(3, 4)(torch.randn(5, 2, 3).long())",
    "nn.LSTM(3, 4)(torch.randn(0, 3))",
    "nn.RNN(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 2, 4).double())",
    "nn.RNN(3, 4, batch_first=True)(torch.randn(2, 5, 3), torch.randn(1, 5, 4))",
    "nn.RNN(3, 4, 1, 'sigmoid')",
    "nn.RNN(3, 4, dropout=-0.1)",
    "nn.RNN(3, 4, dropout=True)",
    "nn.RNN(3, 4, dropout='x')",
    "nn.GRU(0, 4)",
    "nn.LSTM(3, 4, num_layers=0)",
    "nn.GRU(3, 4, proj_size=1)",
    "nn.GRU(3, 4, nonlinearity='relu')",
    "nn.RNNCell(3, 4)(torch.randn(3), torch.randn(2, 4))",
    "nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(4))",
    "nn.LSTMCell(3, 4)(torch.randn(2, 5))",
    "nn.LSTMCell(3, 4)(torch.randn(3), (torch.randn(4),))",
    "nn.GRUCell(3, 4)(torch.randn(2, 2, 3))",
    "nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(2, 4).double())",
    "rnn_utils.pad_sequence([torch.ones(3), torch.ones(2, 2)])",
    "rnn_utils.pad_sequence([torch.ones(2, 3), torch.ones(4, 2)])",
    "rnn_utils.pad_sequence(5)",
    "rnn_utils.pack_padded_sequence(torch.zeros(5, 3), [5, 3, 1, 1])",
    "rnn_utils.pack_padded_sequence(torch.zeros(5, 3), torch.tensor([[5, 3, 1]]))",
    "rnn_utils.pack_padded_sequence(torch.zeros(5), [5])",
    "rnn_utils.unpad_sequence(torch.zeros(5, 3), [5, 3, 1])",
    "nn.utils.vector_to_parameters(torch.ones(1), [torch.ones(2)])",
]


@pytest.mark.parametrize("call", CALLS)
def test_errors_match_pytorch(torch, call):
    def outcome(library, nn, rnn_utils):
        try:
            eval(call, {"torch": library, "nn": nn, "rnn_utils": rnn_utils})
        except Exception as error:  # noqa: BLE001 -- the error is what is compared
            return type(error).__name__, str(error)
        return None

    expected = outcome(torch, torch.nn, torch.nn.utils.rnn)
    assert expected is not None
    assert outcome(tensorlib, lnn, lrnn) == expected


@pytest.mark.parametrize("build", [
    "nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.5, bidirectional=True)",
    "nn.LSTM(3, 4, proj_size=2, num_layers=3)", "nn.GRU(3, 4, bidirectional=True)",
    "nn.RNNCell(3, 4, nonlinearity='relu', bias=False)", "nn.LSTMCell(3, 4)", "nn.GRUCell(3, 4, bias=False)",
])
def test_reprs_and_names_match_pytorch(torch, build):
    theirs, ours = eval(build, {"nn": torch.nn}), eval(build, {"nn": lnn})
    assert repr(ours) == repr(theirs)
    assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == \
           [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]


def test_packing_matches_pytorch(torch):
    rng = np.random.default_rng(0)
    lengths = [3, 5, 1, 3]
    arrays = [rng.standard_normal((n, 2)) for n in lengths]
    t_seqs = [torch.tensor(a, requires_grad=True) for a in arrays]
    l_seqs = [tensorlib.tensor(a, requires_grad=True) for a in arrays]
    for batch_first in (False, True):
        for side in ("right", "left"):
            t_padded = torch.nn.utils.rnn.pad_sequence(t_seqs, batch_first, 0.5, side)
            l_padded = lrnn.pad_sequence(l_seqs, batch_first, 0.5, side)
            _close(t_padded, l_padded, 0)
            assert type(l_padded.grad_fn).__name__ == t_padded.grad_fn.name().split("::")[-1]
    t_packed = torch.nn.utils.rnn.pack_sequence(t_seqs, enforce_sorted=False)
    l_packed = lrnn.pack_sequence(l_seqs, enforce_sorted=False)
    _close(t_packed.data, l_packed.data, 0)
    for field in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        assert getattr(l_packed, field).tolist() == getattr(t_packed, field).tolist()
    assert type(l_packed.data.grad_fn).__name__ == t_packed.data.grad_fn.name()
    t_sorted, l_sorted = (torch.nn.utils.rnn.pack_sequence(t_seqs[1:3]), lrnn.pack_sequence(l_seqs[1:3]))
    assert type(lrnn.pad_packed_sequence(l_sorted)[0].grad_fn).__name__ == \
           torch.nn.utils.rnn.pad_packed_sequence(t_sorted)[0].grad_fn.name().split("::")[-1]
    t_padded, t_lengths = torch.nn.utils.rnn.pad_packed_sequence(t_packed, True, -1.0, 6)
    l_padded, l_lengths = lrnn.pad_packed_sequence(l_packed, True, -1.0, 6)
    _close(t_padded, l_padded, 0)
    assert l_lengths.tolist() == t_lengths.tolist() and l_lengths.dtype == tensorlib.int64
    weights = rng.standard_normal(tuple(t_padded.shape))
    (t_padded * torch.tensor(weights)).sum().backward()
    (l_padded * tensorlib.tensor(weights)).sum().backward()
    for a, b in zip(t_seqs, l_seqs):
        _close(a.grad, b.grad, 1e-12)
    assert repr(lrnn.pack_sequence([tensorlib.arange(3.0), tensorlib.arange(2.0)])) == \
           repr(torch.nn.utils.rnn.pack_sequence([torch.arange(3.0), torch.arange(2.0)]))


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 0.5, float("inf")])
def test_clip_grad_norm_matches_pytorch(torch, norm_type):
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal(s).astype(np.float32) for s in [(3, 4), (4,), (2, 2, 2)]]
    t_params = [torch.zeros(g.shape, requires_grad=True) for g in grads]
    l_params = [tensorlib.zeros(g.shape, requires_grad=True) for g in grads]
    for t, l, g in zip(t_params, l_params, grads):
        t.grad, l.grad = torch.tensor(g), tensorlib.tensor(g)
    _close(torch.nn.utils.clip_grad_norm_(t_params, 0.7, norm_type),
           lnn.utils.clip_grad_norm_(l_params, 0.7, norm_type), 1e-5)
    for t, l in zip(t_params, l_params):
        _close(t.grad, l.grad, 1e-6)
    torch.nn.utils.clip_grad_value_(t_params, 0.1)
    lnn.utils.clip_grad_value_(l_params, 0.1)
    for t, l in zip(t_params, l_params):
        _close(t.grad, l.grad, 0)
    _close(torch.nn.utils.parameters_to_vector(t_params), lnn.utils.parameters_to_vector(l_params), 0)


def _char_model(nn, vocabulary):
    class CharModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocabulary, 8)
            self.lstm = nn.LSTM(8, 16, num_layers=2, batch_first=True)
            self.head = nn.Linear(16, vocabulary)

        def forward(self, x, state=None):
            output, state = self.lstm(self.embed(x), state)
            return self.head(output), state

    return CharModel()


def test_char_lstm_training_matches_pytorch(torch):
    """A two-layer character LSTM on a short text, trained side by side with the
    same weights, batches and optimiser (Adam, gradients clipped): the losses
    agree step after step."""
    text = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. " * 4
    chars = sorted(set(text))
    codes = np.array([chars.index(c) for c in text], dtype=np.int64)
    torch.manual_seed(0)
    theirs = _char_model(torch.nn, len(chars))
    ours = _char_model(lnn, len(chars))
    _copy_weights(theirs, ours)
    t_opt = torch.optim.Adam(theirs.parameters(), lr=0.01)
    l_opt = tensorlib.optim.Adam(ours.parameters(), lr=0.01)
    t_loss_fn, l_loss_fn = torch.nn.CrossEntropyLoss(), lnn.CrossEntropyLoss()
    rng = np.random.default_rng(0)
    for _ in range(30):
        starts = rng.integers(0, len(codes) - 21, size=4)
        batch = np.stack([codes[s:s + 21] for s in starts])
        inputs, targets = batch[:, :-1], batch[:, 1:]
        t_logits, _ = theirs(torch.tensor(inputs))
        l_logits, _ = ours(tensorlib.tensor(inputs))
        t_loss = t_loss_fn(t_logits.reshape(-1, len(chars)), torch.tensor(targets).reshape(-1))
        l_loss = l_loss_fn(l_logits.reshape(-1, len(chars)), tensorlib.tensor(targets).reshape(-1))
        assert abs(l_loss.item() - t_loss.item()) < 1e-5, (l_loss.item(), t_loss.item())
        t_opt.zero_grad()
        l_opt.zero_grad()
        t_loss.backward()
        l_loss.backward()
        torch.nn.utils.clip_grad_norm_(theirs.parameters(), 1.0)
        lnn.utils.clip_grad_norm_(ours.parameters(), 1.0)
        t_opt.step()
        l_opt.step()
    assert t_loss.item() < np.log(len(chars))


def _sequence_classifier(nn):
    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(3, 8, bidirectional=True, batch_first=True)
            self.head = nn.Linear(16, 2)

        def forward(self, padded, lengths, utils):
            packed = utils.pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
            _, h_n = self.gru(packed)
            return self.head(h_n.transpose(0, 1).reshape(padded.shape[0], 16))

    return Classifier()


def test_packed_gru_classifier_training_matches_pytorch(torch):
    """Variable-length sequences packed, a bidirectional GRU's final states
    classified, SGD with momentum and clipped gradient values: the losses agree."""
    rng = np.random.default_rng(1)
    theirs, ours = _sequence_classifier(torch.nn), _sequence_classifier(lnn)
    _copy_weights(theirs, ours)
    t_opt = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9)
    l_opt = tensorlib.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9)
    for _ in range(20):
        lengths = rng.integers(1, 7, size=5)
        padded = rng.standard_normal((5, 6, 3)).astype(np.float32)
        labels = (padded[np.arange(5), lengths - 1, 0] > 0).astype(np.int64)
        t_loss = torch.nn.functional.cross_entropy(
            theirs(torch.tensor(padded), torch.tensor(lengths), torch.nn.utils.rnn), torch.tensor(labels))
        l_loss = lnn.functional.cross_entropy(
            ours(tensorlib.tensor(padded), tensorlib.tensor(lengths), lrnn), tensorlib.tensor(labels))
        assert abs(l_loss.item() - t_loss.item()) < 1e-5, (l_loss.item(), t_loss.item())
        t_opt.zero_grad()
        l_opt.zero_grad()
        t_loss.backward()
        l_loss.backward()
        torch.nn.utils.clip_grad_value_(theirs.parameters(), 0.5)
        lnn.utils.clip_grad_value_(ours.parameters(), 0.5)
        t_opt.step()
        l_opt.step()

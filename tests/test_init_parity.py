"""What is built on random draws, against a live PyTorch: with both libraries seeded alike,
every ``nn.init`` function, every layer's default initialisation, the dropout masks and
data loading's shuffles, splits and worker seeds give PyTorch's raw bits (or indices), and
leave the generator at the same point (the next draw agrees).  PyTorch runs on one thread,
the path it takes on this machine."""
import math
import random

import numpy as np
import pytest

import tensorlib
from parity import single_threaded_torch

pytestmark = pytest.mark.parity

SEEDS = (0, 7, 123456789)
DTYPES = ("float32", "float64")


torch = pytest.fixture(scope="module", name="torch")(single_threaded_torch)


def _bits(tensor):
    array = np.ascontiguousarray(tensor.detach().numpy())
    return array.view(f"u{array.itemsize}") if array.dtype.kind == "f" else array


def _same_bits(theirs, ours):
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert str(ours.dtype) == str(theirs.dtype)
    np.testing.assert_array_equal(_bits(ours), _bits(theirs))


def _run_seeded(torch, seed, make):
    """``make(lib)`` in PyTorch and in tensorlib, each seeded with ``seed`` first: their
    results, and a check that the default generators were left at the same point (the same
    number and kind of draws), to call after comparing the results."""
    results, next_draws = [], []
    for lib in (torch, tensorlib):
        lib.manual_seed(seed)
        results.append(make(lib))
        next_draws.append(lib.rand(3, dtype=lib.float64))
    return results[0], results[1], lambda: _same_bits(*next_draws)


def _dtype(lib, name):
    return getattr(lib, name)


# ==================================================================== nn.init
INIT_CALLS = {
    "uniform_": lambda init, w: init.uniform_(w, -1.5, 2.0),
    "normal_": lambda init, w: init.normal_(w, 0.5, 2.0),
    "trunc_normal_": lambda init, w: init.trunc_normal_(w),
    "trunc_normal_ shifted": lambda init, w: init.trunc_normal_(w, 0.5, 2.0, -1.0, 3.0),
    "trunc_normal_ narrow": lambda init, w: init.trunc_normal_(w, 0.0, 1.0, 1.0, 3.0),
    "trunc_normal_ far": lambda init, w: init.trunc_normal_(w, 0.0, 0.5, 1.0, 1.2),
    "xavier_uniform_": lambda init, w: init.xavier_uniform_(w, gain=init.calculate_gain("relu")),
    "xavier_normal_": lambda init, w: init.xavier_normal_(w, gain=0.7),
    "kaiming_uniform_": lambda init, w: init.kaiming_uniform_(w, a=math.sqrt(5)),
    "kaiming_uniform_ fan_out": lambda init, w: init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu"),
    "kaiming_normal_": lambda init, w: init.kaiming_normal_(w),
    "kaiming_normal_ leaky": lambda init, w: init.kaiming_normal_(w, a=0.2, mode="fan_out"),
    "constant_": lambda init, w: init.constant_(w, 0.3),
    "ones_": lambda init, w: init.ones_(w),
    "zeros_": lambda init, w: init.zeros_(w),
}
SHAPES = ((1, 1), (3, 5), (4, 6), (8, 4, 3), (64, 50), (100, 100))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", INIT_CALLS)
def test_init_functions_give_pytorch_bits(torch, name, shape, dtype, seed):
    theirs, ours, same_next = _run_seeded(torch, seed, lambda lib: INIT_CALLS[name](
        lib.nn.init, lib.empty(shape, dtype=_dtype(lib, dtype))))
    _same_bits(theirs, ours)
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["uniform_", "normal_", "trunc_normal_", "trunc_normal_ narrow", "xavier_normal_",
                                  "kaiming_uniform_"])
def test_init_functions_draw_from_the_generator_given(torch, name, dtype, seed):
    def make(lib):
        generator = lib.Generator().manual_seed(seed + 1)
        weight = lib.empty(20, 30, dtype=_dtype(lib, dtype))
        call = INIT_CALLS[name]
        call(_with_generator(lib.nn.init, generator), weight)
        return weight
    theirs, ours, same_next = _run_seeded(torch, seed, make)
    _same_bits(theirs, ours)
    same_next()


class _with_generator:
    """``init`` whose functions are called with ``generator=`` (the rest passed through)."""

    def __init__(self, init, generator):
        self._init, self._generator = init, generator

    def __getattr__(self, name):
        function = getattr(self._init, name)
        if name == "calculate_gain":
            return function
        return lambda *args, **kwargs: function(*args, generator=self._generator, **kwargs)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape, sparsity", [((3, 5), 0.4), ((20, 30), 0.1), ((50, 8), 0.5)], ids=str)
def test_sparse_gives_pytorch_bits(torch, shape, sparsity, dtype, seed):
    theirs, ours, same_next = _run_seeded(torch, seed, lambda lib: lib.nn.init.sparse_(
        lib.empty(shape, dtype=_dtype(lib, dtype)), sparsity, std=0.05))
    _same_bits(theirs, ours)
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
def test_sparse_draws_its_rows_from_the_default_generator(torch, seed):
    def make(lib):
        return lib.nn.init.sparse_(lib.empty(6, 7), 0.5, generator=lib.Generator().manual_seed(3))
    theirs, ours, same_next = _run_seeded(torch, seed, make)
    _same_bits(theirs, ours)
    same_next()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("call", ["eye_(lib.empty(3, 5, dtype=dt))", "eye_(lib.empty(6, 2, dtype=dt))",
                                  "dirac_(lib.empty(4, 2, 3, dtype=dt))",
                                  "dirac_(lib.empty(6, 3, 3, 3, dtype=dt), groups=2)",
                                  "dirac_(lib.empty(4, 4, 1, 3, 2, dtype=dt), groups=4)"])
def test_deterministic_fills_give_pytorch_values(torch, call, dtype):
    def make(lib):
        return eval("lib.nn.init." + call, {"lib": lib, "dt": _dtype(lib, dtype)})
    theirs, ours, same_next = _run_seeded(torch, 0, make)
    _same_bits(theirs, ours)
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (6, 2, 2), (20, 30), (40, 7)], ids=str)
def test_orthogonal_draws_pytorch_sample(torch, shape, dtype, seed):
    """The normal sample and the draws are PyTorch's; the QR factorisation is LAPACK's of
    NumPy, not MKL's, so Q agrees to rounding only."""
    theirs, ours, same_next = _run_seeded(torch, seed, lambda lib: lib.nn.init.orthogonal_(
        lib.empty(shape, dtype=_dtype(lib, dtype)), gain=1.5))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-5 if dtype == "float32" else 1e-12, rtol=0)
    same_next()


@pytest.mark.parametrize("nonlinearity, param", [
    ("linear", None), ("conv1d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None),
    ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 3), ("selu", None),
    ("identity", None), ("leaky_relu", True), ("leaky_relu", "0.1"), ("softmax", None)])
def test_calculate_gain_gives_pytorch_values_and_errors(torch, nonlinearity, param):
    outcomes = []
    for lib in (torch, tensorlib):
        try:
            outcomes.append(lib.nn.init.calculate_gain(nonlinearity, param))
        except ValueError as error:
            outcomes.append(str(error))
    assert outcomes[1] == outcomes[0] and type(outcomes[1]) is type(outcomes[0])


# ==================================================================== layers
LAYERS = {
    "Linear": lambda nn, dt: nn.Linear(20, 30, dtype=dt),
    "Linear small": lambda nn, dt: nn.Linear(3, 2, dtype=dt),
    "Linear no bias": lambda nn, dt: nn.Linear(7, 5, bias=False, dtype=dt),
    "Bilinear": lambda nn, dt: nn.Bilinear(3, 4, 5, dtype=dt),
    "Conv1d": lambda nn, dt: nn.Conv1d(4, 6, 3, dtype=dt),
    "Conv2d": lambda nn, dt: nn.Conv2d(4, 6, 3, groups=2, dtype=dt),
    "Conv3d": lambda nn, dt: nn.Conv3d(2, 4, (1, 2, 3), dtype=dt),
    "ConvTranspose1d": lambda nn, dt: nn.ConvTranspose1d(4, 6, 3, groups=2, dtype=dt),
    "ConvTranspose2d": lambda nn, dt: nn.ConvTranspose2d(3, 5, 2, dtype=dt),
    "ConvTranspose3d": lambda nn, dt: nn.ConvTranspose3d(2, 3, 2, bias=False, dtype=dt),
    "Embedding": lambda nn, dt: nn.Embedding(10, 4, padding_idx=2, dtype=dt),
    "Embedding small": lambda nn, dt: nn.Embedding(3, 2, dtype=dt),
    "RNN": lambda nn, dt: nn.RNN(3, 5, 2, dtype=dt),
    "LSTM": lambda nn, dt: nn.LSTM(3, 4, 2, bidirectional=True, dtype=dt),
    "LSTM proj": lambda nn, dt: nn.LSTM(3, 4, proj_size=2, dtype=dt),
    "GRU": lambda nn, dt: nn.GRU(3, 5, bias=False, dtype=dt),
    "RNNCell": lambda nn, dt: nn.RNNCell(3, 4, dtype=dt),
    "LSTMCell": lambda nn, dt: nn.LSTMCell(3, 4, dtype=dt),
    "GRUCell": lambda nn, dt: nn.GRUCell(3, 4, dtype=dt),
    "MultiheadAttention": lambda nn, dt: nn.MultiheadAttention(8, 2, dtype=dt),
    "MultiheadAttention kdim": lambda nn, dt: nn.MultiheadAttention(4, 2, kdim=3, vdim=5, add_bias_kv=True, dtype=dt),
    "MultiheadAttention no bias": lambda nn, dt: nn.MultiheadAttention(6, 3, bias=False, add_zero_attn=True,
                                                                       dtype=dt),
    "LSTM proj layers": lambda nn, dt: nn.LSTM(3, 5, 2, proj_size=2, bidirectional=True, batch_first=True,
                                               dtype=dt),
    "RNN relu no bias": lambda nn, dt: nn.RNN(4, 3, 3, nonlinearity="relu", bias=False, dtype=dt),
    "TransformerEncoderLayer": lambda nn, dt: nn.TransformerEncoderLayer(8, 2, 16, dtype=dt),
    "TransformerDecoderLayer": lambda nn, dt: nn.TransformerDecoderLayer(8, 2, 16, batch_first=True, dtype=dt),
    "TransformerEncoder": lambda nn, dt: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dtype=dt), 2,
                                                               enable_nested_tensor=False),
    "Transformer": lambda nn, dt: nn.Transformer(8, 2, 1, 1, 16, dtype=dt),
    "Transformer layers": lambda nn, dt: nn.Transformer(4, 1, 2, 3, 8, bias=False, norm_first=True,
                                                        batch_first=True, dtype=dt),
    "TransformerDecoder": lambda nn, dt: nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, dtype=dt), 2),
    "BatchNorm2d": lambda nn, dt: nn.BatchNorm2d(3, dtype=dt),
    "LayerNorm": lambda nn, dt: nn.LayerNorm(5, dtype=dt),
    "GroupNorm": lambda nn, dt: nn.GroupNorm(2, 4, dtype=dt),
    "BatchNorm1d": lambda nn, dt: nn.BatchNorm1d(20, dtype=dt),
    "InstanceNorm1d affine": lambda nn, dt: nn.InstanceNorm1d(3, affine=True, dtype=dt),
    "RMSNorm": lambda nn, dt: nn.RMSNorm(4, dtype=dt),
    "PReLU": lambda nn, dt: nn.PReLU(3, init=0.1, dtype=dt),
    "Sequential MLP": lambda nn, dt: nn.Sequential(nn.Linear(4, 16, dtype=dt), nn.ReLU(), nn.Linear(16, 1, dtype=dt)),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", LAYERS)
def test_layers_initialise_with_pytorch_bits(torch, name, dtype, seed):
    theirs, ours, same_next = _run_seeded(torch, seed,
                                          lambda lib: LAYERS[name](lib.nn, _dtype(lib, dtype)).state_dict())
    assert list(ours) == list(theirs)
    for key in theirs:
        _same_bits(theirs[key], ours[key])
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
def test_reset_parameters_draws_again_as_pytorch(torch, seed):
    def make(lib):
        layers = [lib.nn.Linear(6, 20), lib.nn.Conv2d(2, 3, 3), lib.nn.LSTM(3, 4), lib.nn.Embedding(5, 4)]
        for layer in layers:
            layer.reset_parameters()
        return [tensor for layer in layers for tensor in layer.state_dict().values()]
    theirs, ours, same_next = _run_seeded(torch, seed, make)
    for their_tensor, our_tensor in zip(theirs, ours, strict=True):
        _same_bits(their_tensor, our_tensor)
    same_next()


# ==================================================================== dropout
def _input(lib, values, dtype):
    return lib.tensor(values, dtype=_dtype(lib, dtype))


DROPOUTS = {
    "dropout": ("dropout(x, 0.2)", (3, 5)),
    "dropout half": ("dropout(x, 0.5)", (7, 33)),
    "dropout large": ("dropout(x, 0.3)", (64, 70)),
    "dropout 10^4": ("dropout(x, 0.1)", (100, 100)),
    "dropout one": ("dropout(x, 0.5)", (1,)),
    "dropout inplace": ("dropout(x, 0.4, inplace=True)", (4, 8)),
    "dropout p=1": ("dropout(x, 1.0)", (4, 8)),
    "dropout transposed": ("dropout(x.t(), 0.3)", (6, 20)),
    "dropout sliced": ("dropout(x[:, ::2], 0.3)", (6, 20)),
    "dropout permuted": ("dropout(x.permute(2, 0, 1), 0.3)", (4, 6, 5)),
    "dropout expanded": ("dropout(x[:, :1].expand(4, 6, 5), 0.3)", (4, 6, 5)),
    "dropout transposed inplace": ("dropout(x.t(), 0.6, inplace=True)", (5, 18)),
    "alpha_dropout": ("alpha_dropout(x, 0.2, True)", (5, 9)),
    "alpha_dropout inplace": ("alpha_dropout(x, 0.3, True, inplace=True)", (3, 4)),
    "feature_alpha_dropout": ("feature_alpha_dropout(x, 0.4, True)", (6, 5, 4)),
    "dropout1d": ("dropout1d(x, 0.3)", (4, 6, 5)),
    "dropout1d unbatched": ("dropout1d(x, 0.3)", (20, 5)),
    "dropout2d": ("dropout2d(x, 0.25)", (4, 6, 3, 3)),
    "dropout2d inplace": ("dropout2d(x, 0.25, inplace=True)", (2, 3, 2, 2)),
    "dropout3d": ("dropout3d(x, 0.5)", (3, 6, 2, 2, 2)),
    "dropout3d unbatched": ("dropout3d(x, 0.5)", (20, 2, 1, 2)),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", DROPOUTS)
def test_dropout_masks_give_pytorch_bits(torch, name, dtype, seed):
    call, shape = DROPOUTS[name]
    values = np.random.default_rng(seed).standard_normal(shape)
    theirs, ours, same_next = _run_seeded(torch, seed, lambda lib: eval("lib.nn.functional." + call,
                                                             {"lib": lib, "x": _input(lib, values, dtype)}))
    _same_bits(theirs, ours)
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("layer, shape", [("Dropout(0.1)", (40, 3)), ("Dropout1d(0.5)", (3, 8, 2)),
                                          ("Dropout2d(0.5)", (3, 8, 2, 2)), ("Dropout3d(0.2)", (2, 9, 1, 1, 2)),
                                          ("AlphaDropout(0.3)", (5, 7)), ("FeatureAlphaDropout(0.3)", (5, 7, 2))])
def test_dropout_layers_give_pytorch_bits_while_training(torch, layer, shape, seed):
    values = np.random.default_rng(seed).standard_normal(shape)

    def make(lib):
        module = eval("lib.nn." + layer, {"lib": lib})
        x = _input(lib, values, "float32")
        training = module(x)
        module.eval()
        assert module(x) is x   # no draw when evaluating
        return training
    theirs, ours, same_next = _run_seeded(torch, seed, make)
    _same_bits(theirs, ours)
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("options", [{}, {"tau": 0.5}, {"hard": True, "dim": 0}], ids=str)
def test_gumbel_softmax_draws_pytorch_noise(torch, options, dtype, seed):
    """The Gumbel noise is PyTorch's (its exponential_ draws, then log); the softmax agrees to
    rounding, the hard one-hot exactly."""
    values = np.random.default_rng(seed).standard_normal((4, 20))
    theirs, ours, same_next = _run_seeded(torch, seed, lambda lib: lib.nn.functional.gumbel_softmax(
        _input(lib, values, dtype), **options))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-6 if dtype == "float32" else 1e-15, rtol=0)
    np.testing.assert_array_equal(ours.numpy().argmax(-1), theirs.numpy().argmax(-1))
    same_next()


def _zeros_and_values(theirs, ours, atol):
    """The same zeros (the dropped elements), and values to rounding (matrix products may
    sum in another order than PyTorch's MKL)."""
    theirs, ours = theirs.detach().numpy(), ours.detach().numpy()
    np.testing.assert_array_equal(ours == 0, theirs == 0)
    np.testing.assert_allclose(ours, theirs, atol=atol, rtol=0)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("options", [{}, {"is_causal": True}, {"scale": 0.3}], ids=str)
def test_scaled_dot_product_attention_drops_pytorch_weights(torch, options, dtype, seed):
    rng = np.random.default_rng(seed)
    query, key = rng.standard_normal((2, 3, 5, 6)), rng.standard_normal((2, 3, 6, 6))

    def make(lib):
        value = lib.eye(6, dtype=_dtype(lib, dtype)).expand(2, 3, 6, 6)   # the output is the weights
        return lib.nn.functional.scaled_dot_product_attention(_input(lib, query, dtype), _input(lib, key, dtype),
                                                              value, dropout_p=0.4, **options)
    theirs, ours, same_next = _run_seeded(torch, seed, make)
    _zeros_and_values(theirs, ours, 1e-6)
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("batch_first", [False, True])
def test_multihead_attention_drops_pytorch_weights(torch, batch_first, seed):
    values = np.random.default_rng(seed).standard_normal((2, 5, 8) if batch_first else (5, 2, 8))

    def make(lib):
        attention = lib.nn.MultiheadAttention(8, 2, dropout=0.3, batch_first=batch_first, dtype=lib.float64)
        x = _input(lib, values, "float64")
        output, weights = attention(x, x, x, average_attn_weights=False)
        return output, weights
    (their_output, their_weights), (our_output, our_weights), same_next = _run_seeded(torch, seed, make)
    _zeros_and_values(their_weights, our_weights, 1e-12)
    np.testing.assert_allclose(our_output.detach().numpy(), their_output.detach().numpy(), atol=1e-12)
    same_next()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("layer", [
    "RNN(3, 4, 3, dropout=0.5)", "LSTM(3, 4, 2, dropout=0.3, bidirectional=True)",
    "GRU(3, 4, 2, dropout=0.4, batch_first=True)",
    "TransformerEncoderLayer(8, 2, 16, dropout=0.3)",
    "TransformerDecoderLayer(8, 2, 16, dropout=0.3, batch_first=True, norm_first=True)"])
def test_layers_drop_as_pytorch_while_training(torch, layer, seed):
    rng = np.random.default_rng(seed)
    features = 8 if layer.startswith("Transformer") else 3
    values, memory = rng.standard_normal((2, 5, features)), rng.standard_normal((2, 4, 8))

    def make(lib):
        module = eval("lib.nn." + layer, {"lib": lib}).double()
        x = _input(lib, values, "float64")
        output = module(x, _input(lib, memory, "float64")) if "Decoder" in layer else module(x)
        return output[0] if isinstance(output, tuple) else output
    theirs, ours, same_next = _run_seeded(torch, seed, make)
    _zeros_and_values(theirs, ours, 1e-10)
    same_next()


# ==================================================================== data loading
def _indices(lib, build):
    return [int(i) if not isinstance(i, list) else [int(j) for j in i] for i in build(lib.utils.data, lib)]


DATA_CASES = {
    "RandomSampler": lambda data, lib: list(data.RandomSampler(range(10))),
    "RandomSampler large": lambda data, lib: list(data.RandomSampler(range(1000))),
    "RandomSampler num_samples": lambda data, lib: list(data.RandomSampler(range(10), num_samples=25)),
    "RandomSampler replacement": lambda data, lib: list(data.RandomSampler(range(10), replacement=True,
                                                                           num_samples=70)),
    "RandomSampler generator": lambda data, lib: list(data.RandomSampler(
        range(17), num_samples=40, generator=lib.Generator().manual_seed(5))),
    "RandomSampler replacement generator": lambda data, lib: list(data.RandomSampler(
        range(300), replacement=True, generator=lib.Generator().manual_seed(5))),
    "SubsetRandomSampler": lambda data, lib: list(data.SubsetRandomSampler([3, 9, 4, 1, 7])),
    "SubsetRandomSampler generator": lambda data, lib: list(data.SubsetRandomSampler(
        list(range(100, 140)), generator=lib.Generator().manual_seed(1))),
    "WeightedRandomSampler": lambda data, lib: list(data.WeightedRandomSampler([0.1, 0.5, 0.4, 2.0], 50)),
    "WeightedRandomSampler one": lambda data, lib: list(data.WeightedRandomSampler([0.1, 0.5, 0.4], 1)),
    "WeightedRandomSampler no replacement": lambda data, lib: list(data.WeightedRandomSampler(
        [0.1, 0.5, 0.4, 2.0, 1.0, 0.3], 4, replacement=False, generator=lib.Generator().manual_seed(2))),
    "random_split lengths": lambda data, lib: [list(s) for s in data.random_split(range(10), [3, 7])],
    "random_split fractions": lambda data, lib: [list(s) for s in data.random_split(range(31), [0.3, 0.3, 0.4])],
    "random_split generator": lambda data, lib: [list(s) for s in data.random_split(
        range(20), [0.5, 0.5], generator=lib.Generator().manual_seed(9))],
    "DataLoader shuffle": lambda data, lib: [b.tolist() for _ in range(3)
                                             for b in data.DataLoader(range(10), batch_size=4, shuffle=True)],
    "DataLoader generator": lambda data, lib: [b.tolist() for b in data.DataLoader(
        range(20), batch_size=6, shuffle=True, generator=lib.Generator().manual_seed(4))],
    "DataLoader sequential": lambda data, lib: [b.tolist() for b in data.DataLoader(range(5), batch_size=2)],
    "DataLoader sampler": lambda data, lib: [b.tolist() for b in data.DataLoader(
        range(12), batch_size=5, sampler=data.RandomSampler(range(12), replacement=True))],
    "DistributedSampler": lambda data, lib: _epochs(data.DistributedSampler(range(11), num_replicas=3, rank=1,
                                                                            seed=5)),
}


def _epochs(sampler):
    orders = []
    for epoch in range(3):
        sampler.set_epoch(epoch)
        orders.append(list(sampler))
    return orders


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", DATA_CASES)
def test_data_loading_draws_pytorch_indices(torch, name, seed):
    theirs, ours, same_next = _run_seeded(torch, seed, lambda lib: DATA_CASES[name](lib.utils.data, lib))
    assert ours == theirs
    same_next()


class _SeedsDataset:
    """Items telling what a worker's seeds are: the default generator's initial seed, the
    worker's info seed, the seed its ``worker_init_fn`` saw, and a draw of each generator."""

    def __init__(self, lib):
        self.lib = lib

    def __len__(self):
        return 4

    def __getitem__(self, index):
        lib = self.lib
        info = lib.utils.data.get_worker_info()
        return (index, lib.initial_seed(), info.seed, info.id, _INIT_SEEN.get(info.id), lib.rand(1).item(),
                float(np.random.random_sample()), random.random())


_INIT_SEEN = {}   # filled in each worker process by _record_init


def _record_init(lib, worker_id):
    _INIT_SEEN[worker_id] = lib.initial_seed()


class _InitRecorder:
    def __init__(self, lib):
        self.lib = lib

    def __call__(self, worker_id):
        _record_init(self.lib, worker_id)


@pytest.mark.parametrize("seed", (0, 123456789))
def test_workers_are_seeded_as_pytorch_seeds_them(torch, seed):
    def make(lib):
        loader = lib.utils.data.DataLoader(_SeedsDataset(lib), batch_size=None, num_workers=2, shuffle=True,
                                           worker_init_fn=_InitRecorder(lib))
        return [tuple(item) for item in loader]
    theirs, ours, same_next = _run_seeded(torch, seed, make)
    assert ours == theirs
    same_next()

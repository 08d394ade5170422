"""The random draws above the samplers, without PyTorch: dropout's masks and variants
(channels, alpha, layouts, errors), nn.init's samplers (trunc_normal_'s two paths,
orthogonal_, sparse_, aliases, gains) and data loading's seeds (the base seed a loader
draws, what workers are seeded with, persistent workers drawing none)."""
import math
import warnings

import numpy as np
import pytest

import tensorlib
import tensorlib.nn.functional as F
from tensorlib.nn import init
from tensorlib.utils.data import DataLoader, get_worker_info


# ==================================================================== dropout
@pytest.mark.parametrize("dtype", [tensorlib.float32, tensorlib.float64])
def test_dropout_zeroes_and_scales(dtype):
    x = tensorlib.ones(40, 50, dtype=dtype)
    out = F.dropout(x, 0.25).numpy()
    kept = out != 0
    assert np.all(out[kept] == np.array(1, out.dtype) / np.array(0.75, out.dtype))
    assert 0.65 < kept.mean() < 0.85
    assert np.all(x.numpy() == 1)


def test_dropout_special_probabilities_and_modes():
    x = tensorlib.randn(3, 4)
    assert F.dropout(x, 0.0) is x and F.dropout(x, 0.5, training=False) is x
    assert F.alpha_dropout(x, 0.5) is x   # alpha dropout's training defaults to False
    assert np.all(F.dropout(x, 1.0).numpy() == 0)
    assert F.dropout(x, 1.0).grad_fn is None
    y = x.clone().requires_grad_()
    assert F.dropout(y, 0.3).grad_fn.name() == "MulBackward0"
    assert F.alpha_dropout(y, 0.3, True).grad_fn.name() == "AddBackward0"
    z = x.clone()
    assert F.dropout(z, 0.5, inplace=True) is z


def test_dropout_mask_follows_the_memory_layout():
    """The noise is laid out as the input is, and drawn in memory order: a transposed input
    drops the transpose of what its contiguous original drops."""
    x = tensorlib.arange(1.0, 25.0).reshape(4, 6)
    tensorlib.manual_seed(3)
    of_transposed = F.dropout(x.t(), 0.5)
    tensorlib.manual_seed(3)
    transposed = F.dropout(x, 0.5).t()
    assert np.array_equal(of_transposed.numpy(), transposed.numpy())


@pytest.mark.parametrize("function, shape, spatial_dims", [
    (F.dropout1d, (3, 5, 7), 1), (F.dropout1d, (5, 7), 1), (F.dropout2d, (3, 5, 2, 4), 2),
    (F.dropout3d, (3, 5, 2, 2, 2), 3), (F.dropout3d, (5, 2, 2, 2), 3)])
def test_channel_dropout_drops_whole_channels(function, shape, spatial_dims):
    tensorlib.manual_seed(0)
    out = function(tensorlib.ones(*shape), 0.5).numpy()
    assert out.shape == shape
    channels = out.reshape(-1, int(np.prod(shape[-spatial_dims:])))
    assert np.all((channels == 0).all(axis=1) | (channels == 2).all(axis=1))


def test_alpha_dropout_keeps_mean_and_variance():
    tensorlib.manual_seed(1)
    x = tensorlib.randn(200, 200)
    out = F.alpha_dropout(x, 0.3, True).numpy()
    assert abs(out.mean()) < 0.03 and abs(out.std() - 1) < 0.03
    dropped = out[np.isclose(out, out.min())]
    assert dropped.size > 0


def test_feature_alpha_dropout_sets_whole_channels():
    tensorlib.manual_seed(2)
    out = F.feature_alpha_dropout(tensorlib.zeros(6, 8, 5), 0.5, True).numpy()
    assert np.all(out.max(axis=2) == out.min(axis=2))


def test_dropout_errors_and_warnings():
    x = tensorlib.randn(4)
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        F.dropout(x, 1.5)
    with pytest.raises(RuntimeError, match="Feature dropout requires at least 2 dimensions in the input"):
        F.feature_alpha_dropout(x, 0.5, True)
    with pytest.raises(RuntimeError, match="dropout1d: Expected 2D or 3D input, but received a 1D input"):
        F.dropout1d(x)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        F.dropout(tensorlib.arange(4), 0.5)
    with pytest.warns(UserWarning, match="dropout2d: Received a 3D input to dropout2d"):
        F.dropout2d(tensorlib.ones(2, 3, 4))
    with pytest.warns(UserWarning, match="dropout3d: Received a 3-D input to dropout3d, which is deprecated"):
        F.dropout3d(tensorlib.ones(2, 3, 4))


def test_dropout_layers():
    for name in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
        layer = getattr(tensorlib.nn, name)(0.2)
        assert repr(layer) == f"{name}(p=0.2, inplace=False)"
        x = tensorlib.ones(2, 3, 4) if name in ("Dropout1d", "Dropout2d") else tensorlib.ones(2, 3, 2, 2, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # dropout2d's 3-d input
            assert layer.eval()(x) is x
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got -0.1"):
        tensorlib.nn.Dropout2d(-0.1)


# ==================================================================== nn.init
@pytest.mark.parametrize("mean, std, a, b", [(0.0, 1.0, -2.0, 2.0), (0.5, 2.0, -1.0, 3.0), (0.0, 1.0, 1.0, 3.0),
                                             (0.0, 0.5, 1.0, 1.2)])
@pytest.mark.parametrize("dtype", [tensorlib.float32, tensorlib.float64])
def test_trunc_normal_stays_in_bounds_and_repeats_under_a_seed(mean, std, a, b, dtype):
    tensorlib.manual_seed(5)
    first = init.trunc_normal_(tensorlib.empty(50, 40, dtype=dtype), mean, std, a, b).numpy()
    assert first.min() >= a and first.max() <= b and np.unique(first).size > 1000
    tensorlib.manual_seed(5)
    again = init.trunc_normal_(tensorlib.empty(50, 40, dtype=dtype), mean, std, a, b).numpy()
    assert np.array_equal(first, again)


def test_trunc_normal_warns_when_mean_is_far():
    with pytest.warns(UserWarning, match="mean is more than 2 std from"):
        init.trunc_normal_(tensorlib.empty(3), mean=10.0)


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 2, 3), (10, 10)])
def test_orthogonal_gives_orthonormal_rows_or_columns(shape):
    w = init.orthogonal_(tensorlib.empty(*shape, dtype=tensorlib.float64), gain=2.0).numpy().reshape(shape[0], -1)
    small = min(w.shape)
    gram = w @ w.T if w.shape[0] == small else w.T @ w
    np.testing.assert_allclose(gram, 4 * np.eye(small), atol=1e-12)


def test_sparse_zeroes_rows_of_each_column():
    w = init.sparse_(tensorlib.empty(10, 7), 0.25).numpy()
    assert np.all((w == 0).sum(axis=0) == math.ceil(0.25 * 10))


def test_sparse_takes_rows_from_the_default_generator():
    """PyTorch 2.13 draws sparse_'s values from ``generator`` and its rows from the default one."""
    def draw(default_seed):
        tensorlib.manual_seed(default_seed)
        return init.sparse_(tensorlib.empty(8, 6), 0.5, generator=tensorlib.Generator().manual_seed(1)).numpy()
    first, second = draw(0), draw(1)
    kept_in_both = (first != 0) & (second != 0)
    assert np.array_equal(first[kept_in_both], second[kept_in_both])
    assert not np.array_equal(first == 0, second == 0)


def test_calculate_gain_table_and_errors():
    assert init.calculate_gain("conv_transpose2d") == 1 and init.calculate_gain("tanh") == 5.0 / 3
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2.0 / 1.04)
    with pytest.raises(ValueError, match="Unsupported nonlinearity identity"):
        init.calculate_gain("identity")
    with pytest.raises(ValueError, match="negative_slope True not a valid number"):
        init.calculate_gain("leaky_relu", True)


def test_deprecated_aliases_warn_and_fill():
    with pytest.warns(FutureWarning, match=r"`nn.init.xavier_uniform` is now deprecated in favor of "
                                           r"`nn.init.xavier_uniform_`."):
        w = init.xavier_uniform(tensorlib.zeros(3, 4))
    assert np.all(w.numpy() != 0)
    with pytest.warns(FutureWarning):
        assert np.all(init.constant(tensorlib.zeros(2), 3.0).numpy() == 3)


def test_kaiming_on_zero_elements_warns():
    for function in (init.kaiming_uniform_, init.kaiming_normal_):
        for shape in ((0, 3), (3, 0)):   # (3, 0) has no fan in: nothing is computed
            empty = tensorlib.empty(shape)
            with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
                assert function(empty) is empty


# ==================================================================== data loading seeds
class _Seeds:
    def __len__(self):
        return 2

    def __getitem__(self, index):
        info = get_worker_info()
        return tensorlib.initial_seed(), info.seed, info.id, float(np.random.random_sample())


def test_workers_are_seeded_from_the_base_seed_the_loader_draws():
    tensorlib.manual_seed(11)
    base_seed = int(tensorlib.empty((), dtype=tensorlib.int64).random_().item())
    tensorlib.manual_seed(11)
    for initial_seed, seed, worker_id, numpy_draw in DataLoader(_Seeds(), batch_size=None, num_workers=2):
        assert initial_seed == seed == base_seed + worker_id
        expected = np.random.RandomState(np.random.SeedSequence([worker_id, base_seed]).generate_state(4))
        assert numpy_draw == expected.random_sample()


def test_persistent_workers_draw_no_new_base_seed():
    loader = DataLoader(_Seeds(), batch_size=None, num_workers=1, persistent_workers=True)
    first = [item[0] for item in loader]
    state = tensorlib.get_rng_state()
    second = [item[0] for item in loader]
    assert np.array_equal(tensorlib.get_rng_state().numpy(), state.numpy())
    assert first == second


def test_every_new_loader_iterator_draws_one_seed():
    loader = DataLoader(range(4), batch_size=2)
    tensorlib.manual_seed(4)
    list(loader)
    after_one_pass = tensorlib.rand(1).item()
    tensorlib.manual_seed(4)
    tensorlib.empty((), dtype=tensorlib.int64).random_()
    assert tensorlib.rand(1).item() == after_one_pass
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(loader)

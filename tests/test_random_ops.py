"""Random sampling ops: the in-place samplers, bernoulli, poisson, multinomial and
torch.normal.  Their values come from the generator, so they are checked by
statistics of large samples with fixed seeds, by reproducibility, by layouts and
dtypes, by their zero gradients and node names, and by their errors."""
import math

import numpy as np
import pytest

import tensorlib as torch

N = 200_000


def _sample(fill, dtype=torch.float64, n=N):
    torch.manual_seed(0)
    return fill(torch.empty(n, dtype=dtype)).numpy().astype(np.float64)


# ---- statistics ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fill, mean, var", [
    (lambda t: t.uniform_(), 0.5, 1 / 12),
    (lambda t: t.uniform_(-2, 4), 1.0, 3.0),
    (lambda t: t.normal_(), 0.0, 1.0),
    (lambda t: t.normal_(3, 0.5), 3.0, 0.25),
    (lambda t: t.exponential_(), 1.0, 1.0),
    (lambda t: t.exponential_(4), 0.25, 1 / 16),
    (lambda t: t.geometric_(0.3), 1 / 0.3, 0.7 / 0.09),
    (lambda t: t.log_normal_(0.0, 0.5), math.exp(0.125), (math.exp(0.25) - 1) * math.exp(0.25)),
    (lambda t: t.bernoulli_(), 0.5, 0.25),
    (lambda t: t.bernoulli_(0.2), 0.2, 0.16),
    (lambda t: t.random_(10), 4.5, 99 / 12),
    (lambda t: t.random_(-3, 3), -0.5, 35 / 12),
    (lambda t: torch.poisson(torch.full(t.shape, 3.5, dtype=t.dtype)), 3.5, 3.5),
    (lambda t: torch.bernoulli(torch.full(t.shape, 0.7, dtype=t.dtype)), 0.7, 0.21),
    (lambda t: torch.normal(torch.full(t.shape, 2.0, dtype=t.dtype), 3.0), 2.0, 9.0),
    (lambda t: torch.normal(-1.0, torch.full(t.shape, 0.5, dtype=t.dtype)), -1.0, 0.25),
    (lambda t: torch.normal(torch.ones(t.shape, dtype=t.dtype), torch.full(t.shape, 2.0, dtype=t.dtype)), 1.0, 4.0),
    (lambda t: torch.normal(5.0, 2.0, t.shape, dtype=t.dtype), 5.0, 4.0),
])
def test_samples_have_the_distributions_moments(fill, mean, var):
    values = _sample(fill)
    assert abs(values.mean() - mean) < 5 * math.sqrt(var / N)
    assert abs(values.var() / var - 1) < 0.03


@pytest.mark.parametrize("rate", [0.0, 0.4, 9.5, 10.0, 60.0, 2e4])
def test_poisson_counts_follow_the_probability_mass_function(rate):
    counts = torch.Generator().manual_seed(1).poisson(np.full(N, rate))
    assert (counts == np.round(counts)).all() and counts.min() >= 0
    assert abs(counts.mean() - rate) <= 5 * math.sqrt(rate / N) + 1e-12
    if 0 < rate < 100:
        ks = np.arange(int(3 * rate) + 3)
        pmf = np.exp(-rate + ks * math.log(rate) - np.array([math.lgamma(k + 1) for k in ks]))
        observed = np.bincount(counts.astype(int), minlength=ks.size)[:ks.size] / N
        assert (np.abs(observed - pmf) <= 5 * np.sqrt(pmf / N) + 1e-4).all()


@pytest.mark.parametrize("concentration", [0.05, 0.5, 1.0, 3.0, 150.0])
def test_gamma_samples_have_the_gamma_moments(concentration):
    samples = torch.Generator().manual_seed(2).gamma(np.full(N, concentration))
    assert samples.min() >= 0
    assert abs(samples.mean() - concentration) <= 5 * math.sqrt(concentration / N)
    assert abs(samples.var() / concentration - 1) < 0.05


@pytest.mark.parametrize("count, prob", [(0, 0.3), (5, 0.3), (16, 0.5), (17, 0.2), (120, 0.9), (1e6, 0.3),
                                         (50, 0.0), (50, 1.0)])
def test_binomial_samples_have_the_binomial_moments(count, prob):
    samples = torch.Generator().manual_seed(3).binomial(np.full(N, float(count)), prob)
    assert (samples == np.round(samples)).all() and 0 <= samples.min() and samples.max() <= count
    mean, var = count * prob, count * prob * (1 - prob)
    assert abs(samples.mean() - mean) <= 5 * math.sqrt(var / N) + 1e-12
    assert abs(samples.var() - var) <= 0.03 * var + 1e-12


def test_gamma_of_zero_is_zero_and_of_an_invalid_concentration_nan():
    samples = torch.Generator().gamma(np.array([0.0, -1.0, np.nan]))
    assert samples[0] == 0 and np.isnan(samples[1:]).all()


def test_cauchy_quartiles_are_the_median_plus_minus_sigma():
    values = _sample(lambda t: t.cauchy_(1.0, 2.0))
    q1, q2, q3 = np.quantile(values, [0.25, 0.5, 0.75])
    assert abs(q2 - 1) < 0.03 and abs(q1 + 1) < 0.05 and abs(q3 - 3) < 0.05


@pytest.mark.parametrize("dtype, top", [(torch.float32, 2 ** 24), (torch.float64, 2 ** 53), (torch.float16, 2 ** 11),
                                        (torch.int64, 2 ** 63 - 1), (torch.int32, 2 ** 31 - 1),
                                        (torch.int16, 2 ** 15 - 1), (torch.int8, 127), (torch.uint8, 255),
                                        (torch.bool, 1)])
def test_random_draws_from_zero_to_the_top_of_the_dtype(dtype, top):
    torch.manual_seed(0)
    values = torch.empty(20_000, dtype=dtype).random_().numpy().astype(np.float64)
    assert values.min() >= 0 and values.max() <= top
    assert values.max() > top * 0.99 and values.mean() == pytest.approx(top / 2, rel=0.05)


def test_random_from_with_no_upper_bound_goes_to_the_top_of_the_dtype():
    values = torch.empty(10_000, dtype=torch.int8).random_(-100, None).numpy()
    assert values.min() == -100 and values.max() == 127
    values = torch.empty(10_000, dtype=torch.int8).random_(to=3).numpy()
    assert set(values.tolist()) == {0, 1, 2}


def test_multinomial_with_replacement_follows_the_weights():
    torch.manual_seed(0)
    weights = torch.tensor([[1.0, 0.0, 3.0, 6.0], [0.0, 5.0, 5.0, 0.0]])
    draws = torch.multinomial(weights, 50_000, replacement=True)
    assert draws.shape == (2, 50_000) and draws.dtype is torch.int64
    for row in range(2):
        counts = np.bincount(draws[row].numpy(), minlength=4) / 50_000
        np.testing.assert_allclose(counts, weights[row].numpy() / weights[row].numpy().sum(), atol=0.01)


def test_multinomial_without_replacement_draws_distinct_categories_weighted_first():
    torch.manual_seed(0)
    weights = torch.tensor([1.0, 2.0, 0.0, 7.0]).expand(20_000, 4)
    draws = weights.multinomial(3).numpy()
    assert all(len(set(row)) == 3 for row in draws[:500])
    assert not (draws == 2).any()  # a zero weight is drawn only once every other category is taken
    first = np.bincount(draws[:, 0], minlength=4) / 20_000
    np.testing.assert_allclose(first, [0.1, 0.2, 0.0, 0.7], atol=0.015)
    full = torch.multinomial(torch.tensor([0.0, 0.0, 1.0]), 3).tolist()
    assert full[0] == 2 and sorted(full) == [0, 1, 2]


# ---- generators, layouts and dtypes ------------------------------------------------------------------
SAMPLERS = [
    lambda t, g: t.uniform_(-1, 1, generator=g), lambda t, g: t.normal_(1, 2, generator=g),
    lambda t, g: t.exponential_(2, generator=g), lambda t, g: t.geometric_(0.5, generator=g),
    lambda t, g: t.log_normal_(generator=g), lambda t, g: t.cauchy_(generator=g),
    lambda t, g: t.bernoulli_(0.3, generator=g), lambda t, g: t.random_(7, generator=g),
    lambda t, g: t.bernoulli_(torch.full(t.shape, 0.4, dtype=t.dtype), generator=g),
]


@pytest.mark.parametrize("fill", SAMPLERS)
def test_a_seeded_generator_gives_the_same_samples_and_leaves_the_default_alone(fill):
    torch.manual_seed(5)
    state = torch.get_rng_state()
    first = fill(torch.empty(3, 4, dtype=torch.float64), torch.Generator().manual_seed(1))
    again = fill(torch.empty(3, 4, dtype=torch.float64), torch.Generator().manual_seed(1))
    assert torch.equal(first, again)
    assert torch.equal(torch.get_rng_state(), state)
    other = fill(torch.empty(3, 4, dtype=torch.float64), torch.Generator().manual_seed(2))
    assert not torch.equal(first, other) or fill is SAMPLERS[6]


@pytest.mark.parametrize("fill", SAMPLERS)
def test_the_default_generator_is_reseeded_by_manual_seed(fill):
    torch.manual_seed(3)
    first = fill(torch.empty(5, dtype=torch.float64), None)
    torch.manual_seed(3)
    assert torch.equal(first, fill(torch.empty(5, dtype=torch.float64), None))


@pytest.mark.parametrize("fill", SAMPLERS)
@pytest.mark.parametrize("layout", ["transposed", "sliced", "0-d", "empty"])
def test_in_place_samplers_fill_exactly_the_viewed_elements(fill, layout):
    base = torch.full((6, 8), -123.0, dtype=torch.float64)
    view = {"transposed": base.t(), "sliced": base[::2, 1::3], "0-d": base[1, 1], "empty": base[:0]}[layout]
    result = fill(view, None)
    assert result is view
    touched = np.zeros((6, 8), bool)
    touched[{"transposed": np.s_[:, :], "sliced": np.s_[::2, 1::3], "0-d": np.s_[1, 1],
             "empty": np.s_[:0]}[layout]] = True
    assert (base.numpy()[~touched] == -123.0).all()
    assert (base.numpy()[touched] != -123.0).all()


@pytest.mark.parametrize("dtype", [torch.float16, torch.float32, torch.float64])
def test_continuous_samplers_keep_the_float_dtype(dtype):
    t = torch.empty(1000, dtype=dtype)
    for fill in (lambda: t.uniform_(2, 3), lambda: t.normal_(), lambda: t.exponential_(), lambda: t.cauchy_(),
                 lambda: t.log_normal_()):
        assert fill().dtype is dtype
    assert 2 <= t.uniform_(2, 3).min().item() and t.max().item() <= 3
    assert torch.normal(torch.zeros(3, dtype=dtype), 1.0).dtype is dtype
    assert torch.normal(0.0, 1.0, (2,), dtype=dtype).dtype is dtype


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.uint8])
def test_discrete_samplers_fill_integer_tensors(dtype):
    torch.manual_seed(0)
    assert set(torch.empty(1000, dtype=dtype).bernoulli_(0.5).tolist()) == {0, 1}
    assert torch.empty(1000, dtype=dtype).geometric_(0.5).min().item() == 1
    assert set(torch.empty(1000, dtype=dtype).random_(2, 5).tolist()) == {2, 3, 4}


def test_normal_shapes_broadcast_and_out():
    assert torch.normal(torch.zeros(3), torch.ones(2, 3)).shape == (2, 3)
    assert torch.normal(torch.zeros(2, 1), 2.0).shape == (2, 1)
    assert torch.normal(0.5, torch.ones(4)).shape == (4,)
    assert torch.normal(0.0, 1.0, size=(2, 3)).shape == (2, 3)
    assert torch.normal(torch.zeros(0), torch.ones(0)).shape == (0,)
    out = torch.empty(0, dtype=torch.float64)
    assert torch.normal(0.0, 1.0, (5,), out=out) is out and out.shape == (5,)
    out = torch.empty(0)
    assert torch.normal(torch.zeros(2), torch.ones(2), out=out) is out and out.shape == (2,)
    assert torch.normal(0.0, 1.0, (2,), requires_grad=True).requires_grad
    assert torch.normal(torch.zeros(3, dtype=torch.float64), torch.ones(3)).dtype is torch.float64


def test_multinomial_shapes_and_out():
    assert torch.multinomial(torch.ones(0, 3), 2).shape == (0, 2)
    assert torch.multinomial(torch.ones(4, 3).t(), 2).shape == (3, 2)
    out = torch.empty(0, dtype=torch.int64)
    assert torch.multinomial(torch.ones(5), 3, out=out) is out and out.shape == (3,)


# ---- autograd -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fill, node", [
    (lambda t: t.uniform_(), "UniformBackward0"), (lambda t: t.normal_(), "NormalBackward0"),
    (lambda t: t.exponential_(), "ExponentialBackward0"), (lambda t: t.geometric_(0.5), "GeometricBackward0"),
    (lambda t: t.log_normal_(), "LogNormalBackward0"), (lambda t: t.cauchy_(), "CauchyBackward0"),
    (lambda t: t.bernoulli_(0.5), "BernoulliBackward2"),
    (lambda t: t.bernoulli_(torch.rand(3, dtype=torch.float64)), "BernoulliBackward1"),
    (lambda t: t.random_(), "RandomBackward2"), (lambda t: t.random_(5), "RandomBackward1"),
    (lambda t: t.random_(2, 5), "RandomBackward0"), (lambda t: t.random_(to=5), "RandomBackward1"),
    (lambda t: torch.bernoulli(t.sigmoid()), "BernoulliBackward0"),
    (lambda t: t.sigmoid().bernoulli(), "BernoulliBackward0"), (lambda t: torch.poisson(t.exp()), "PoissonBackward0"),
    (lambda t: torch.normal(t, 1.0), "NormalBackward1"), (lambda t: torch.normal(1.0, t.exp()), "NormalBackward2"),
    (lambda t: torch.normal(t, t.exp()), "NormalBackward3"),
])
def test_samplers_record_their_node_with_a_zero_gradient(fill, node):
    x = torch.randn(3, dtype=torch.float64, requires_grad=True)
    result = fill(x * 1)
    assert result.grad_fn.name() == node
    result.sum().backward()
    assert torch.equal(x.grad, torch.zeros(3, dtype=torch.float64))


def test_an_in_place_sampler_refuses_a_leaf_that_requires_grad_and_leaves_it_unchanged():
    x = torch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        x.uniform_()
    assert torch.equal(x.detach(), torch.zeros(3))
    assert torch.multinomial(torch.ones(3, requires_grad=True), 2).grad_fn is None


def test_nn_init_fills_with_the_samplers():
    torch.manual_seed(0)
    w = torch.empty(300, 400)
    torch.nn.init.uniform_(w, -2, 2)
    assert -2 <= w.min().item() and w.max().item() <= 2
    torch.nn.init.normal_(w, 1.0, 0.5)
    assert abs(w.mean().item() - 1) < 0.01 and abs(w.std().item() - 0.5) < 0.01
    torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    bound = 1 / math.sqrt(400)
    assert w.abs().max().item() <= bound
    assert abs(torch.nn.init.trunc_normal_(w).std().item() - 0.88) < 0.02


def test_like_factories_take_a_generator_and_the_bounds_as_pytorch():
    x = torch.zeros(2, 3, dtype=torch.float64)
    assert torch.rand_like(x).shape == (2, 3) and torch.randn_like(x).dtype is torch.float64
    assert set(torch.randint_like(x, 3).flatten().tolist()) <= {0.0, 1.0, 2.0}
    assert set(torch.randint_like(x, high=3).flatten().tolist()) <= {0.0, 1.0, 2.0}
    assert set(torch.randint_like(x, low=5, high=7).flatten().tolist()) <= {5.0, 6.0}
    for like in (lambda g: torch.rand_like(x, generator=g), lambda g: torch.randn_like(x, generator=g),
                 lambda g: torch.randint_like(x, 100, generator=g)):
        assert torch.equal(like(torch.Generator().manual_seed(7)), like(torch.Generator().manual_seed(7)))


# ---- errors (TestParity compares their classes and messages with PyTorch's) ---------------------------
ERRORS = [
    lambda m: m.ones(3).uniform_(2, 1), lambda m: m.ones(3, dtype=m.long).uniform_(),
    lambda m: m.ones(3).uniform_(0, float("inf")), lambda m: m.ones(3).uniform_(-3e38, 3e38),
    lambda m: m.ones(3).normal_(0, -1), lambda m: m.ones(3).normal_(0, float("nan")),
    lambda m: m.ones(3, dtype=m.long).normal_(),
    lambda m: m.ones(3).exponential_(-1), lambda m: m.ones(3).exponential_(0),
    lambda m: m.ones(3, dtype=m.long).exponential_(),
    lambda m: m.ones(3).geometric_(2), lambda m: m.ones(3).geometric_(0),
    lambda m: m.ones(3, dtype=m.bool).geometric_(0.5),
    lambda m: m.ones(3).log_normal_(1, -1), lambda m: m.ones(3).log_normal_(1, 0),
    lambda m: m.ones(3, dtype=m.long).log_normal_(),
    lambda m: m.ones(3, dtype=m.long).cauchy_(), lambda m: m.ones(3).cauchy_(0, -1),
    lambda m: m.ones(3).bernoulli_(2), lambda m: m.ones(3).bernoulli_(m.tensor([2.0, 0, 0])),
    lambda m: m.ones(3).bernoulli_(m.tensor([0.5, 0.5])), lambda m: m.ones(3).bernoulli_(m.tensor([1, 0, 1])),
    lambda m: m.bernoulli(m.tensor([2.0, 0, 0])), lambda m: m.bernoulli(m.ones(3, dtype=m.long)),
    lambda m: m.bernoulli(m.ones(3), 2.0),
    lambda m: m.ones(3, dtype=m.long).random_(5, 3), lambda m: m.ones(3, dtype=m.uint8).random_(-1, 3),
    lambda m: m.ones(3, dtype=m.uint8).random_(0, 300), lambda m: m.ones(3, dtype=m.uint8).random_(300),
    lambda m: m.ones(3).random_("a"), lambda m: m.ones(3, dtype=m.uint8).random_(-1, None),
    lambda m: m.ones(3, dtype=m.int8).random_(200, None), lambda m: m.ones(3).random_(2 ** 30, None),
    lambda m: m.ones(3, dtype=m.float16).random_(70000), lambda m: m.ones(3).random_(from_=2),
    lambda m: m.ones(3).random_(2, 5, 7), lambda m: m.ones(3).random_(to=None), lambda m: m.ones(3).random_(2.5),
    lambda m: m.ones(3, dtype=m.bool).random_(0, 3),
    lambda m: m.poisson(-m.ones(3)), lambda m: m.poisson(m.ones(3, dtype=m.long)),
    lambda m: m.normal(m.ones(3), -m.ones(3)), lambda m: m.normal(m.ones(3), -1.0),
    lambda m: m.normal(0.0, -1.0, (2,)), lambda m: m.normal(m.ones(3), m.ones(4)),
    lambda m: m.normal(m.ones(3, dtype=m.long), m.ones(3)), lambda m: m.normal(m.ones(3, dtype=m.long), 1.0),
    lambda m: m.normal(0.0, 1.0, (2,), dtype=m.long), lambda m: m.normal(0.0, float("nan"), (2,)),
    lambda m: m.normal(0.0, 1.0, 2), lambda m: m.normal(0.0, 1.0), lambda m: m.normal("a", 1.0),
    lambda m: m.multinomial(m.tensor([-1.0, 1]), 1), lambda m: m.multinomial(m.tensor([float("inf"), 1]), 1),
    lambda m: m.multinomial(m.tensor([float("nan"), 1]), 1), lambda m: m.multinomial(m.tensor([0.0, 0]), 1),
    lambda m: m.multinomial(m.tensor([[0.0, 0], [1, 1]]), 1), lambda m: m.multinomial(m.ones(3), 4),
    lambda m: m.multinomial(m.ones(3), 0), lambda m: m.multinomial(m.ones(3), -1),
    lambda m: m.multinomial(m.ones(2, 2, 2), 1), lambda m: m.multinomial(m.tensor(1.0), 1),
    lambda m: m.multinomial(m.ones(3, dtype=m.long), 1), lambda m: m.multinomial(m.ones(0), 1),
    lambda m: m.multinomial(m.ones(0), 1, True), lambda m: m.multinomial(m.tensor([-1.0, 1]), 3),
    lambda m: m.multinomial(m.ones(3), 2, out=m.empty(0, dtype=m.int32)),
    lambda m: m.ones(3).multinomial(1, True, 3), lambda m: m.multinomial(m.ones(3), 1, True, 3),
    lambda m: m.poisson(m.ones(3), None, 3), lambda m: m.ones(3).uniform_(1, 2, 3),
    lambda m: m.ones(3).exponential_("a"), lambda m: m.ones(3).normal_("a"), lambda m: m.ones(3).normal_(0, 1, 2),
    lambda m: m.ones(3).normal_(std="x"), lambda m: m.ones(3).normal_(generator=3),
    lambda m: m.ones(3).exponential_(generator=3), lambda m: m.ones(3).random_(generator=3),
    lambda m: m.ones(3).uniform_(from_=2), lambda m: m.multinomial(m.ones(3), num_samples="x"),
    lambda m: m.rand_like(m.ones(2, dtype=m.long)), lambda m: m.randn(2, dtype=m.long),
    lambda m: m.randn_like(m.ones(2, dtype=m.long)), lambda m: m.randint_like(m.ones(2)),
]


def _outcome(case, module):
    try:
        case(module)
    except Exception as error:  # noqa: BLE001  (the outcome compared is the error itself)
        return type(error).__name__, str(error)
    return "ok", None


@pytest.mark.parametrize("case", ERRORS)
def test_bad_arguments_raise(case):
    assert _outcome(case, torch)[0] != "ok"


@pytest.mark.parity
class TestParity:
    @pytest.fixture
    def pt(self):
        from parity import real_torch
        return real_torch()

    @pytest.mark.parametrize("case", ERRORS)
    def test_errors_match_pytorch(self, pt, case):
        ours, theirs = _outcome(case, torch), _outcome(case, pt)
        assert ours[0] == theirs[0]
        assert ours[1].splitlines()[:1] == theirs[1].splitlines()[:1]

    @pytest.mark.parametrize("make", [
        lambda m: m.multinomial(m.ones(4, 5), 3), lambda m: m.multinomial(m.ones(5), 7, True),
        lambda m: m.normal(m.zeros(3), m.ones(2, 3)), lambda m: m.normal(m.zeros(2, 1), 2.0),
        lambda m: m.normal(1.0, m.ones(4, dtype=m.float64)), lambda m: m.normal(0.0, 1.0, (2, 3)),
        lambda m: m.bernoulli(m.ones(2, 3, dtype=m.float64) / 2), lambda m: m.poisson(m.ones(2, 2)),
        lambda m: m.ones(3, dtype=m.int32).random_(), lambda m: m.ones(3, dtype=m.float16).random_(1, 4),
        lambda m: m.ones(2, dtype=m.int64).bernoulli_(0.5), lambda m: m.ones(2, dtype=m.int16).geometric_(0.5),
        lambda m: m.normal(m.zeros(2, dtype=m.float16), m.ones(2)),
        lambda m: m.normal(m.zeros(2), m.ones(2, dtype=m.int64)),
    ])
    def test_shapes_and_dtypes_match_pytorch(self, pt, make):
        ours, theirs = make(torch), make(pt)
        assert tuple(ours.shape) == tuple(theirs.shape)
        assert str(ours.dtype) == str(theirs.dtype)

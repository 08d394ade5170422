"""PyTorch's random streams, bit for bit: both libraries seeded alike (the default generator and
explicit Generators) draw with every sampler, and the raw bits of the samples and the generator
states are compared; interleaved draws check the stream positions and the cached normal.
Without PyTorch, the known first values of seed 0 and the state's round trips and errors."""
import numpy as np
import pytest
from parity import real_torch

import tensorlib

SIZES = (1, 2, 15, 16, 17, 100, 1000, 10 ** 4)
SEEDS = (0, 1, 2 ** 40 + 3, -7)
FLOATS = ("float32", "float64")


@pytest.fixture(scope="module")
def torch():
    module = real_torch()
    module.set_num_threads(1)
    return module


def _bits(t):
    """A tensor's values as raw bits (bfloat16/float16 widened exactly to float32 first)."""
    if str(t.dtype).endswith(("bfloat16", "float16")):
        t = t.float()
    array = np.ascontiguousarray(t.detach().cpu().numpy())
    return array.view(f"u{array.itemsize}") if array.dtype.kind == "f" else array


def _same_draws(torch, draw, seed=0, generator=False):
    """``draw(module, generator)`` in both libraries after the same seed: identical bits and states."""
    results = []
    for module in (torch, tensorlib):
        module.manual_seed(seed)
        gen = module.Generator().manual_seed(seed + 11) if generator else None
        value = draw(module, gen)
        states = [_bits(module.get_rng_state())] + ([_bits(gen.get_state())] if generator else [])
        results.append((value if isinstance(value, tuple) else (value,), states))
    (theirs, their_states), (ours, our_states) = results
    for a, b in zip(theirs, ours):
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_array_equal(_bits(b), _bits(a))
    for a, b in zip(their_states, our_states):
        np.testing.assert_array_equal(b, a)


def _dtype(module, name):
    return getattr(module, name)


# ---- the generator's state ------------------------------------------------------------------------
@pytest.mark.parity
@pytest.mark.parametrize("seed", SEEDS + (2 ** 64 - 1, 2 ** 32 + 5))
def test_seeded_states_are_pytorchs_bytes(torch, seed):
    torch.manual_seed(seed)
    tensorlib.manual_seed(seed)
    np.testing.assert_array_equal(tensorlib.get_rng_state().numpy(), torch.get_rng_state().numpy())
    assert tensorlib.initial_seed() == torch.initial_seed()


@pytest.mark.parity
def test_a_new_generator_has_pytorchs_default_state(torch):
    np.testing.assert_array_equal(tensorlib.Generator().get_state().numpy(), torch.Generator().get_state().numpy())
    assert tensorlib.Generator().initial_seed() == torch.Generator().initial_seed()


@pytest.mark.parity
def test_pytorchs_state_continues_here_and_ours_there(torch):
    torch.manual_seed(5)
    torch.randn(3, dtype=torch.float64)  # leaves a cached normal
    torch.rand(700)  # past a twist
    tensorlib.set_rng_state(tensorlib.tensor(torch.get_rng_state().numpy()))
    np.testing.assert_array_equal(_bits(tensorlib.randn(5, dtype=tensorlib.float64)),
                                  _bits(torch.randn(5, dtype=torch.float64)))
    torch.set_rng_state(torch.from_numpy(tensorlib.get_rng_state().numpy()))
    np.testing.assert_array_equal(_bits(torch.rand(20)), _bits(tensorlib.rand(20)))


@pytest.mark.parity
def test_state_errors_are_pytorchs(torch):
    state = torch.get_rng_state()
    ours = tensorlib.get_rng_state()
    cases = [(lambda m, s: m.set_rng_state(s[:100])), (lambda m, s: m.set_rng_state(s.float())),
             (lambda m, s: m.set_rng_state(5)), (lambda m, s: m.Generator().set_state(s[:10])),
             (lambda m, s: m.Generator().set_state(s.int())),
             (lambda m, s: m.set_rng_state(m.zeros(2 * 5056, dtype=m.uint8)[::2]))]
    for case in cases:
        with pytest.raises(Exception) as theirs:
            case(torch, state)
        with pytest.raises(type(theirs.value), match=None) as mine:
            case(tensorlib, ours)
        assert str(mine.value) == str(theirs.value)
    bad = state.clone()
    bad[8:12] = 0  # left = 0
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        torch.set_rng_state(bad)
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        tensorlib.set_rng_state(tensorlib.tensor(bad.numpy()))


# ---- the samplers ------------------------------------------------------------------------------------
@pytest.mark.parity
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + ("float16", "bfloat16"))
@pytest.mark.parametrize("generator", [False, True])
def test_rand(torch, size, dtype, generator):
    _same_draws(torch, lambda m, g: m.rand(size, dtype=_dtype(m, dtype), generator=g), generator=generator)


@pytest.mark.parity
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + ("float16", "bfloat16"))
@pytest.mark.parametrize("seed", SEEDS)
def test_randn(torch, size, dtype, seed):
    _same_draws(torch, lambda m, g: m.randn(size, dtype=_dtype(m, dtype)), seed)


@pytest.mark.parity
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", FLOATS)
def test_randn_with_a_generator_and_interleaved_draws(torch, size, dtype):
    def draw(m, g):
        kind = _dtype(m, dtype)
        # odd serial draws leave a cached normal that the next serial draw takes first
        return (m.randn(3, dtype=kind, generator=g), m.randn(size, dtype=kind, generator=g),
                m.rand(size, generator=g), m.randn(1, dtype=m.float64, generator=g),
                m.empty(size, dtype=kind).normal_(0.5, 2.0, generator=g))
    _same_draws(torch, draw, generator=True)


@pytest.mark.parity
@pytest.mark.parametrize("size", (16, 100, 1000))
@pytest.mark.parametrize("dtype", FLOATS)
def test_non_contiguous_normal_takes_the_serial_path(torch, size, dtype):
    def draw(m, g):
        target = m.zeros(size, 3, dtype=_dtype(m, dtype)).t()
        strided = m.zeros(2 * size, dtype=_dtype(m, dtype))[::2]
        return target.normal_(1.0, 3.0), strided.normal_(), m.randn_like(target)
    _same_draws(torch, draw)


@pytest.mark.parity
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + ("float16", "bfloat16"))
def test_uniform_between_bounds(torch, size, dtype):
    _same_draws(torch, lambda m, g: (m.empty(size, dtype=_dtype(m, dtype)).uniform_(-3.3, 2.1),
                                     m.empty(size, 2, dtype=_dtype(m, dtype)).t().uniform_(0.1, 0.7)))


@pytest.mark.parity
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", FLOATS)
def test_normal_forms(torch, size, dtype):
    rng = np.random.default_rng(size)
    mean, std = rng.standard_normal(size), rng.random(size) * 3

    def draw(m, g):
        kind = _dtype(m, dtype)
        means, stds = m.tensor(mean, dtype=kind), m.tensor(std, dtype=kind)
        return (m.normal(means, stds), m.normal(means, 2.5), m.normal(0.7, stds),
                m.normal(0.7, 2.5, (size,), dtype=kind, generator=g), m.rand_like(means), m.randn_like(means))
    _same_draws(torch, draw, generator=True)


INTEGER_DTYPES = ("int64", "int32", "int16", "int8", "uint8")


@pytest.mark.parity
@pytest.mark.parametrize("dtype", INTEGER_DTYPES + FLOATS + ("float16", "bfloat16"))
@pytest.mark.parametrize("size", (1, 17, 1000))
def test_randint_and_random(torch, dtype, size):
    wide = dtype in ("int64", "int32", "float64")

    def draw(m, g):
        kind = _dtype(m, dtype)
        forms = [m.randint(0, 100, (size,), dtype=kind), m.randint(3, (size, 2), dtype=kind, generator=g),
                 m.empty(size, dtype=kind).random_(), m.empty(size, dtype=kind).random_(7),
                 m.empty(size, dtype=kind).random_(2, 9), m.empty(size, 3, dtype=kind).t().random_(1, 90),
                 m.randint_like(m.empty(size, dtype=kind), 4, 50)]
        if wide:  # ranges of 2**28 and more take 64-bit draws
            forms += [m.randint(-5, 2 ** 28 + 5, (size,), dtype=kind), m.empty(size, dtype=kind).random_(5, None)]
        if dtype == "int64":
            forms += [m.randint(-2 ** 40, 2 ** 40, (size,)), m.empty(size, dtype=kind).random_(-2 ** 63, None)]
        return tuple(forms)
    _same_draws(torch, draw)


@pytest.mark.parity
def test_random_of_bool(torch):
    _same_draws(torch, lambda m, g: (m.empty(100, dtype=m.bool).random_(), m.empty(50, dtype=m.bool).random_(0, 2)))


@pytest.mark.parity
@pytest.mark.parametrize("n", (0, 1, 2, 15, 16, 17, 100, 1000, 10 ** 4, 3 * 10 ** 5))
@pytest.mark.parametrize("dtype", ("int64", "int32", "float32", "float64"))
def test_randperm(torch, n, dtype):
    _same_draws(torch, lambda m, g: (m.randperm(n, dtype=_dtype(m, dtype)),
                                     m.randperm(n, dtype=_dtype(m, dtype), generator=g)), generator=True)


@pytest.mark.parity
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", FLOATS)
def test_bernoulli_forms(torch, size, dtype):
    probs = np.random.default_rng(size).random((size, 2))

    def draw(m, g):
        kind = _dtype(m, dtype)
        p = m.tensor(probs, dtype=kind)
        return (m.bernoulli(p), m.bernoulli(p, 0.3), m.bernoulli(p.t()), m.empty(size, 2, dtype=kind).bernoulli_(p),
                m.empty(size, 2, dtype=m.int64).bernoulli_(p.float()), m.empty(size, dtype=kind).bernoulli_(0.7),
                m.empty(size, dtype=kind).bernoulli_(generator=g))
    _same_draws(torch, draw, generator=True)


@pytest.mark.parity
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", FLOATS)
def test_other_in_place_samplers(torch, size, dtype):
    def draw(m, g):
        kind = _dtype(m, dtype)
        return (m.empty(size, dtype=kind).exponential_(), m.empty(size, dtype=kind).exponential_(2.7),
                m.empty(size, dtype=kind).geometric_(0.3), m.empty(size, dtype=kind).log_normal_(),
                m.empty(size, dtype=kind).log_normal_(0.3, 0.7), m.empty(size, dtype=kind).cauchy_(),
                m.empty(size, 2, dtype=kind).t().cauchy_(0.3, 2.5, generator=g))
    _same_draws(torch, draw, generator=True)


@pytest.mark.parity
@pytest.mark.parametrize("shape", ((5,), (17,), (1000,), (3, 7), (20, 100)))
@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("replacement", [False, True])
def test_multinomial(torch, shape, dtype, replacement):
    weights = np.random.default_rng(len(shape)).random(shape) ** 3

    def draw(m, g):
        w = m.tensor(weights, dtype=_dtype(m, dtype))
        return (m.multinomial(w, 1, replacement), m.multinomial(w, 2, replacement),
                m.multinomial(w, min(5, shape[-1]), replacement, generator=g),
                m.multinomial(w, 300 if replacement else shape[-1], replacement),
                m.multinomial(w.t() if len(shape) == 2 else w, 1, replacement))
    _same_draws(torch, draw, generator=True)


# ---- without PyTorch -------------------------------------------------------------------------------
def test_seed_zero_gives_pytorchs_first_values():
    tensorlib.manual_seed(0)
    assert tensorlib.rand(3).numpy().view(np.uint32).tolist() == [0x3EFE1558, 0x3F44AA2F, 0x3DB533A8]
    tensorlib.manual_seed(0)
    assert tensorlib.randperm(5).tolist() == [4, 0, 1, 3, 2]


def test_state_bytes_round_trip_and_restore_the_stream():
    tensorlib.manual_seed(123)
    tensorlib.randn(3, dtype=tensorlib.float64)
    state = tensorlib.get_rng_state()
    assert state.dtype is tensorlib.uint8 and state.shape == (5056,)
    first = tensorlib.randn(20), tensorlib.randn(1, dtype=tensorlib.float64), tensorlib.randint(0, 9, (5,))
    tensorlib.set_rng_state(state)
    np.testing.assert_array_equal(tensorlib.get_rng_state().numpy(), state.numpy())
    again = tensorlib.randn(20), tensorlib.randn(1, dtype=tensorlib.float64), tensorlib.randint(0, 9, (5,))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_a_generator_is_independent_of_the_default_one():
    tensorlib.manual_seed(1)
    expected = tensorlib.rand(4)
    tensorlib.manual_seed(1)
    gen = tensorlib.Generator().manual_seed(99)
    tensorlib.rand(10, generator=gen)
    np.testing.assert_array_equal(tensorlib.rand(4).numpy(), expected.numpy())


def test_seeds_wrap_to_unsigned_64_bits():
    assert tensorlib.manual_seed(-1).initial_seed() == 2 ** 64 - 1
    with pytest.raises(RuntimeError, match="Overflow when unpacking long long"):
        tensorlib.manual_seed(2 ** 64)


def test_state_errors():
    state = tensorlib.get_rng_state()
    with pytest.raises(RuntimeError, match="Expected a CPUGeneratorImplState of size 5056 but found the input RNG "
                                           "state size to be 100"):
        tensorlib.set_rng_state(state[:100])
    with pytest.raises(TypeError, match="RNG state must be a torch.ByteTensor"):
        tensorlib.set_rng_state(state.float())
    with pytest.raises(TypeError, match="expected a torch.ByteTensor, but got int"):
        tensorlib.set_rng_state(5)


@pytest.mark.parity
def test_scalars_empty_tensors_and_seeding_from_a_draw(torch):
    def draw(m, g):
        # DataLoader's and random_split's seeding: an int64 drawn by random_() seeds a new generator
        seed = m.empty((), dtype=m.int64).random_(generator=g)
        shuffled = m.randperm(10, generator=m.Generator().manual_seed(int(seed.item())))
        return (seed, shuffled, m.rand(()), m.randn(()), m.rand(0), m.randn(2, 0, 16), m.randint(0, 5, ()),
                m.randperm(0), m.zeros(4, 5)[:, 1:3].normal_(), m.empty(0).bernoulli_(0.3))
    _same_draws(torch, draw, generator=True)


@pytest.mark.parity
@pytest.mark.parametrize("dtype", ("float16", "bfloat16"))
@pytest.mark.parametrize("replacement", [False, True])
def test_multinomial_of_half_precision_weights(torch, dtype, replacement):
    weights = np.random.default_rng(3).random((4, 50))
    weights[:, ::3] = 0
    _same_draws(torch, lambda m, g: (m.multinomial(m.tensor(weights, dtype=_dtype(m, dtype)), 1, replacement),
                                     m.multinomial(m.tensor(weights, dtype=_dtype(m, dtype)), 5, replacement)))


@pytest.mark.parity
@pytest.mark.filterwarnings("ignore:.*out of bounds")
@pytest.mark.parametrize("dtype", ("float32", "bfloat16", "float64"))
@pytest.mark.parametrize("bounds", [(0, 2 ** 25), (0, 2 ** 25 + 7), (5, 2 ** 25), (2 ** 24 + 1, 2 ** 26), (0, 2 ** 30),
                                    (-2 ** 30, 2 ** 31), (0, 2 ** 40), (-3, 2 ** 12 + 1), (0, 2 ** 9 + 1)])
def test_randint_beyond_a_floating_dtypes_precision(torch, dtype, bounds):
    # PyTorch warns there, moves a bound the dtype cannot hold inwards and rounds each draw
    _same_draws(torch, lambda m, g: m.randint(*bounds, (50,), dtype=_dtype(m, dtype)))


@pytest.mark.parity
@pytest.mark.parametrize("dtype", ("bool", "float16", "int32", "uint8"))
def test_random_from_the_int64_minimum_refuses_what_pytorch_refuses(torch, dtype):
    with pytest.raises(Exception) as theirs:
        torch.empty(3, dtype=_dtype(torch, dtype)).random_(-2 ** 63, None)
    with pytest.raises(type(theirs.value)) as ours:
        tensorlib.empty(3, dtype=_dtype(tensorlib, dtype)).random_(-2 ** 63, None)
    assert str(ours.value) == str(theirs.value)

"""Random sampling ops: the in-place samplers (``uniform_``, ``normal_``,
``exponential_``, ``geometric_``, ``log_normal_``, ``cauchy_``, ``random_``,
``bernoulli_``), ``bernoulli``, ``poisson`` and ``torch.normal``.

Every draw comes from a ``Generator`` (the one given, or the default) as a host
array, is transformed there and copied to the tensor's device.  PyTorch gives
the samplers a backward node of their own name whose gradient is zero; so do
these."""
import math

import numpy as np

from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._creation import PRECISE_INTEGER_DIGITS, check_random_bounds, drawn_in_memory_order, empty
from .._creation_like import zeros_like
from .._scalar_conversion import representable_range
from .._size import size_args
from .._tensor import empty_tensor
from .._type_names import cpp_type_name, not_implemented
from ..backends import backend_for
from ..random import Generator, default_generator, fma64, libm
from ._common import check_inplace, check_out, is_number, resize_out
from ._op_docs import example
from ._registry import Op, declare
from .nodes._formula import formula_node

for _name in ("UniformBackward0", "NormalBackward0", "ExponentialBackward0", "GeometricBackward0",
              "LogNormalBackward0", "CauchyBackward0", "RandomBackward0", "RandomBackward1", "RandomBackward2",
              "BernoulliBackward0", "BernoulliBackward2", "PoissonBackward0", "NormalBackward1",
              "NormalBackward2"):
    formula_node(_name, lambda grad: zeros_like(grad), ("self",))
formula_node("BernoulliBackward1", lambda grad: (zeros_like(grad), None), ("self", "p"))
formula_node("NormalBackward3", lambda grad: (zeros_like(grad), zeros_like(grad)), ("mean", "std"))


def _generator(generator):
    return default_generator if generator is None else generator


def _host_float(dtype):
    """The host dtype samples of ``dtype`` are drawn in (float16 draws float32)."""
    return np.float64 if dtype is D.float64 else np.float32


def _number_text(value):
    """A double as PyTorch's messages print it (``2``, ``0.5``, ``3e+38``)."""
    return f"{float(value):g}"


def _floating(x, kernel):
    if not x._dtype.is_floating_point:
        raise not_implemented(kernel, x._dtype)


def _continuous(x, name):
    if not x._dtype.is_floating_point:
        raise RuntimeError(f"{name} distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {_dtype_word(name, x._dtype)}")


def _dtype_word(name, dtype):
    # PyTorch's exponential_ names the dtype as Torch does, cauchy_ as C++ does
    return dtype.short_name if name == "Exponential" else cpp_type_name(dtype)


def _copy_host(target, host):
    """Copies the host array ``host`` (``target``'s shape) into ``target``, casting."""
    backend = backend_for(target.device)
    backend.copy_into(target._array(), backend.from_host(np.asarray(host, order="C")))
    return target


def _write(x, host, node, inputs=()):
    """Writes the host samples ``host`` (``x``'s shape) into ``x`` and records ``node``."""
    _copy_host(x, host)
    x._version_counter.bump()
    return x._record_inplace(node, inputs)


def _from_host(host, dtype, device):
    """A new tensor of ``dtype`` on ``device`` holding the host samples ``host``."""
    return _copy_host(empty_tensor(host.shape, dtype, device), host)


def _host(t, dtype=np.float64):
    """The tensor ``t``'s values as a host array of ``dtype``."""
    return np.asarray(backend_for(t.device).to_host(t._array()), dtype=dtype)


# ---- in-place samplers of the registry ----------------------------------------------------------
def uniform_(x, low=0.0, high=1.0, generator=None, inplace=True):
    """Fills ``x`` with samples of U[low, high)."""
    _floating(x, "check_uniform_bounds")
    lowest, highest = representable_range(x._dtype)
    for value, name in ((low, "from"), (high, "to")):
        if not lowest <= value <= highest:
            raise RuntimeError(f"{name} is out of bounds for {cpp_type_name(x._dtype)}")
    if low > high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={_number_text(low)} > "
                           f"to={_number_text(high)}")
    if high - low > highest:
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{x._dtype.short_name}>::max(), but "
                           f"found to={_number_text(high)} and from={_number_text(low)} which result in to-from "
                           "to exceed the limit")
    check_inplace(x, x._shape, x._dtype)
    gen = _generator(generator)
    host = drawn_in_memory_order(x, lambda shape: gen.uniform_between(shape, x._dtype.numpy, low, high))
    return _write(x, host, "UniformBackward0")


def exponential_(x, lambd=1.0, generator=None, inplace=True):
    """Fills ``x`` with samples of the exponential distribution of rate ``lambd``."""
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_number_text(lambd)}")
    _continuous(x, "Exponential")
    check_inplace(x, x._shape, x._dtype)
    gen = _generator(generator)
    host = drawn_in_memory_order(x, lambda shape: -1.0 / lambd * libm("log1p", -gen.uniform(shape)))
    return _write(x, host, "ExponentialBackward0")


def geometric_(x, p, generator=None, inplace=True):
    """Fills ``x`` with the number of Bernoulli(p) trials up to the first success (1, 2, ...)."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_number_text(p)}")
    if x._dtype is D.bool:
        raise not_implemented("geometric_cpu", x._dtype)
    check_inplace(x, x._shape, x._dtype)
    gen = _generator(generator)
    host = drawn_in_memory_order(x, lambda shape: np.ceil(libm("log", gen.uniform(shape)) / math.log1p(-p)))
    return _write(x, host, "GeometricBackward0")


def log_normal_(x, mean=1.0, std=2.0, generator=None, inplace=True):
    """Fills ``x`` with exp(N(mean, std**2)) samples."""
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_number_text(std)}")
    _floating(x, "log_normal_cpu")
    check_inplace(x, x._shape, x._dtype)
    gen = _generator(generator)
    host = drawn_in_memory_order(x, lambda shape: libm("exp", gen.normal(shape, mean=mean, std=std, serial=True)))
    return _write(x, host, "LogNormalBackward0")


def cauchy_(x, median=0.0, sigma=1.0, generator=None, inplace=True):
    """Fills ``x`` with samples of the Cauchy distribution (location ``median``, scale ``sigma``)."""
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_number_text(sigma)}")
    _continuous(x, "Cauchy")
    check_inplace(x, x._shape, x._dtype)
    gen = _generator(generator)
    host = drawn_in_memory_order(x, lambda shape: fma64(libm("tan", math.pi * (gen.uniform(shape) - 0.5)), sigma, median))
    return _write(x, host, "CauchyBackward0")


# ---- bernoulli -------------------------------------------------------------------------------------
_P_RANGE = ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be "
            "improved?  If so, please report an enhancement request to PyTorch.)")


def _probabilities(p, kernel):
    """The tensor of probabilities ``p`` as a host float64 array, checked."""
    _floating(p, kernel)
    probs = _host(p)
    if not np.all((probs >= 0) & (probs <= 1)):
        raise RuntimeError(_P_RANGE)
    return probs


def _check_p(p):
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_number_text(p)}")


def bernoulli(x, p=None, generator=None, out=None, inplace=False):
    """Samples of Bernoulli(p): ``bernoulli(input)`` draws with the probabilities ``input``,
    ``bernoulli(input, p)`` with probability ``p`` in ``input``'s shape; ``bernoulli_(p=0.5)``
    fills ``input`` (``p`` a float or a tensor broadcast to it)."""
    gen = _generator(generator)
    if inplace:
        if isinstance(p, TensorBase):
            _floating(p, "bernoulli_tensor_cpu_p_")
            probs = _probabilities(p.expand(x._shape), "bernoulli_tensor_cpu_p_")
            draw_dtype, node, inputs = p._dtype, "BernoulliBackward1", (p,)
        else:
            p = 0.5 if p is None else p
            _check_p(p)
            probs, draw_dtype, node, inputs = p, D.float64, "BernoulliBackward2", ()
        check_inplace(x, x._shape, x._dtype)
        return _write(x, _bernoulli_draws(gen, x, probs, draw_dtype), node, inputs)
    if isinstance(p, TensorBase):
        raise TypeError("bernoulli(): argument 'p' must be float, not Tensor")
    if p is None:
        probs, draw_dtype = _probabilities(x, "bernoulli_tensor_cpu_p_"), x._dtype
    else:
        _check_p(p)
        probs, draw_dtype = p, D.float64
    # PyTorch's result is a new contiguous tensor, filled in its own order
    result = _from_host(_bernoulli_draws(gen, None, probs, draw_dtype, x._shape), x._dtype, x.device)
    if p is None and out is None:
        return x._record_result(result, "BernoulliBackward0", (x,))
    return _to_out(result, out, "bernoulli", (x,))


def _bernoulli_draws(gen, x, probs, draw_dtype, shape=None):
    """Bernoulli samples in ``x``'s shape, drawn in its memory order (``x`` None: a contiguous
    result of ``shape``) as PyTorch draws them: a uniform
    double below ``probs`` when the probabilities are float64 or a number, else a uniform float
    below them in float32.  (PyTorch's MKL path for a number ``p``, taken on Intel processors only,
    is not this; this is the path of the AMD machines it is checked on.)"""
    def fill(draw):
        return draw(shape) if x is None else drawn_in_memory_order(x, draw)
    if draw_dtype is D.float64:
        return fill(gen.uniform) < probs
    return fill(lambda dims: gen.uniform(dims, np.float32)) < np.asarray(probs, np.float32)


def _to_out(result, out, fname, inputs):
    if out is None:
        return result
    check_out(out, fname, inputs)
    resize_out(out, result._shape)
    out.copy_(result)
    return out


# ---- poisson ---------------------------------------------------------------------------------------
def poisson(x, generator=None):
    """Samples of Poisson(rate), one per element of the rates ``x``."""
    _floating(x, "poisson_cpu")
    rates = _host(x)
    if not np.all(rates >= 0):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    # PyTorch's sampler turns an infinite rate into the int64 minimum
    finite = np.isfinite(rates)
    samples = _generator(generator).poisson(np.where(finite, rates, 0.0))
    samples = np.where(finite, samples, float(-2 ** 63))
    return x._record_result(_from_host(samples, x._dtype, x.device), "PoissonBackward0", (x,))


declare("uniform", uniform_, "float from=0, float to=1, *, Generator? generator=None", method=False,
        function=False, out=False, doc="""Fills ``self`` with numbers drawn uniformly from [``from``, ``to``).

    Args:
        from: the lower bound.
        to: the upper bound.
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.empty(3).uniform_(0, 1, generator=g)",
        "tensor([0.4963, 0.7682, 0.0885])"))
declare("exponential", exponential_, "float lambd=1, *, Generator? generator=None", method=False,
        function=False, out=False, doc="""Fills ``self`` with draws from the exponential distribution of rate ``lambd``.

    Args:
        lambd: the rate (the inverse of the mean).
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.empty(3).exponential_(generator=g)",
        "tensor([3.5083, 1.2304, 0.6150])"))
declare("geometric", geometric_, "float p, *, Generator? generator=None", method=False, function=False,
        out=False, doc="""Fills ``self`` with draws from the geometric distribution: the number of trials, each
    succeeding with probability ``p``, up to and including the first success.

    Args:
        p: the probability of success of a trial.
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.empty(3).geometric_(0.5, generator=g)",
        "tensor([1., 1., 2.])"))
declare("log_normal", log_normal_, "float mean=1, float std=2, *, Generator? generator=None", method=False,
        function=False, out=False,
            doc="""Fills ``self`` with draws whose logarithm is normal with mean ``mean`` and standard
    deviation ``std``.

    Args:
        mean: the mean of the logarithm.
        std: the standard deviation of the logarithm.
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.empty(2).log_normal_(0, 1, generator=g)",
        "tensor([4.6692, 0.7457])"))
declare("cauchy", cauchy_, "float median=0, float sigma=1, *, Generator? generator=None", method=False,
        function=False, out=False, doc="""Fills ``self`` with draws from the Cauchy distribution.

    Args:
        median: the location (median) of the distribution.
        sigma: its scale (half the interquartile range).
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.empty(3).cauchy_(generator=g)",
        "tensor([10.5977,  0.7648, -0.1283])"))
declare("bernoulli", bernoulli, "Tensor|float? p=None, *, Generator? generator=None",
    doc="""Draws 0 or 1 for each element: 1 with probability given by the element of ``input``
    (or by ``p`` when given).  The in-place form fills ``self`` with such draws, of probability ``p``
    (0.5 when not given).

    Args:
        p: the probability of a 1, a number or a tensor broadcast to ``input``; None: ``input`` itself.
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.bernoulli(torch.tensor([0., 0.5, 1.]), generator=g)",
        "tensor([0., 0., 1.])"))
declare("poisson", poisson, "Generator? generator=None", method=False, inplace=False, out=False,
    doc="""Draws from the Poisson distribution whose rate is each element of ``input``.

    Args:
        input: the rates (non-negative).
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.poisson(torch.tensor([1., 10.]), generator=g)",
        "tensor([ 2., 15.])"))


# ---- multinomial -----------------------------------------------------------------------------------
def _check_rows_in_turn(weights):
    """PyTorch's checks of sampling with replacement, row by row and in each row element by
    element: an entry below 0 (or NaN), an infinite one, then the row's sum."""
    below = ~(weights >= 0)
    infinite = np.isinf(weights)
    bad_rows = np.flatnonzero((below | infinite).any(axis=1) | ~(weights.sum(axis=1) > 0))
    if not bad_rows.size:
        return
    row = bad_rows[0]
    problems = np.flatnonzero(below[row] | infinite[row])
    if problems.size and below[row, problems[0]]:
        raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
    if problems.size:
        raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)")
    raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


def multinomial(x, num_samples, replacement=False, generator=None, out=None):
    """``num_samples`` category indices per row of the weights ``x`` (1-D or 2-D), drawn with or
    without replacement."""
    if len(x._shape) not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not x._dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {x._dtype.short_name}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = x._shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if isinstance(out, TensorBase) and out._dtype is not D.int64:
        raise RuntimeError(f"multinomial expects Long tensor out, got: {out._dtype.short_name}")
    if categories == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                           "identity.")
    weights = _host(x).reshape(-1, categories)
    if replacement and num_samples > 1:
        _check_rows_in_turn(weights)
    if not np.all(np.isfinite(weights) & (weights >= 0)):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    totals = weights.sum(axis=1)
    if not np.all(totals > 0):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    gen = _generator(generator)
    if replacement and num_samples > 1:
        # per row: the cumulative weights summed and normalised in the input's dtype (the last set to 1),
        # then for each sample a uniform double and the first category whose cumulative weight reaches it
        host = _host(x, _host_float(x._dtype)).reshape(-1, categories)
        cumulative = np.cumsum(host, axis=1, dtype=host.dtype)
        cumulative /= cumulative[:, -1:]
        cumulative[:, -1] = 1
        draws = gen.uniform((host.shape[0], num_samples))
        picks = np.stack([np.searchsorted(row.astype(np.float64), u, side="left")
                          for row, u in zip(cumulative, draws)]) if host.shape[0] else np.empty((0, num_samples))
    else:
        # exponential races: weight / Exp(1) in the input's dtype, the largest first
        host = _host(x, _host_float(x._dtype)).reshape(-1, categories)
        # the races fill a tensor laid out as the weights, in its memory order
        races = -1.0 / 1.0 * libm("log1p", -drawn_in_memory_order(x, gen.uniform)).reshape(host.shape)
        narrow = x._dtype.numpy
        with np.errstate(divide="ignore", invalid="ignore"):
            keys = (host / races.astype(host.dtype).astype(narrow).astype(host.dtype)).astype(narrow)
        picks = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    shape = x._shape[:-1] + (num_samples,)
    return _to_out(_from_host(picks.reshape(shape).astype(np.int64), D.int64, x.device), out, "multinomial", (x,))


declare("multinomial", multinomial, "int num_samples, bool replacement=False, *, Generator? generator=None",
        inplace=False, doc="""Draws ``num_samples`` category indices from the weights in the last dimension of
    ``input`` (one row of draws per row of weights; the weights need not sum to one).

    Args:
        input: non-negative weights, 1-D or 2-D.
        num_samples: how many indices to draw per row.
        replacement: whether an index may be drawn more than once.

    Returns:
        an int64 tensor of indices, ``num_samples`` per row.
    """ + example(
        ">>> g = torch.Generator().manual_seed(0)", ">>> torch.multinomial(torch.tensor([0., 1., 3.]), 2, generator=g)",
        "tensor([2, 1])"))


# ---- the methods and the function that do not fit the registry ------------------------------------
def _random_top(dtype):
    """The largest value ``random_()`` draws for ``dtype`` (floating: the last integer all below it hold)."""
    if dtype.is_floating_point:
        return 2 ** PRECISE_INTEGER_DIGITS[dtype]
    return int(representable_range(dtype)[1])


_RANDOM_OVERLOADS = (" * (*, torch.Generator generator = None)\n"
                     " * (int from, int to, *, torch.Generator generator = None)\n"
                     " * (int to, *, torch.Generator generator = None)\n")


def _random_draws(gen, dtype, low, high, shape):
    """random_'s samples of [low, high) (``high`` None: the dtype's whole range from ``low``; both None:
    random_() without bounds) as an int64 host array, drawn as PyTorch draws them for ``dtype``."""
    if low is None:
        # a 64-bit draw for int64 and float64, else 32-bit; modulo the dtype's top + 1 (bool: the low bit)
        wide = dtype in (D.int64, D.float64)
        return (gen.random_bits(shape, wide) % np.uint64(_random_top(dtype) + 1)).view(np.int64)
    if high is None and low == -2 ** 63 and dtype in (D.int64, D.float64, D.float32, D.bfloat16):
        return gen.random_bits(shape, True).view(np.int64)
    return gen.integers(low, _random_top(dtype) + 1 if high is None else high, shape, dtype)


def _random_bounds(self, args, kwargs):
    """(low, high, node): [low, high) of ``random_(*args, **kwargs)`` (``high`` None: up to the
    dtype's top) and the overload's backward node, with PyTorch's argument errors."""
    if len(args) > 2:
        raise TypeError(f"random_() takes 2 positional arguments but {len(args)} were given")
    names = ("from", "to") if len(args) == 2 or "from" in kwargs else ("to",)
    values = dict(zip(names, args))
    values.update(kwargs)
    if any(k not in names or not (isinstance(v, int) and not isinstance(v, bool)) and
           not (v is None and k == "to" and "from" in values) for k, v in values.items()):
        # PyTorch lists keyword arguments each followed by ", "
        got = ", ".join(type(a).__name__ for a in args) + (", " if args and kwargs else "") + "".join(
            f"{k}={type(v).__name__}, " for k, v in kwargs.items())
        raise TypeError(f"random_() received an invalid combination of arguments - got ({got}), but expected "
                        f"one of:\n{_RANDOM_OVERLOADS}")
    if not values:
        return 0, None, "RandomBackward2"
    if "from" not in values:
        return 0, values["to"], "RandomBackward1"
    return values["from"], values.get("to"), "RandomBackward0"


def _check_random_from(low, dtype):
    """random_(from, None)'s refusal of a ``from`` beyond what ``dtype`` draws (from the int64 minimum:
    PyTorch's full 64-bit kernel, which takes only int64, float64, float32 and bfloat16)."""
    if low == -2 ** 63 and dtype not in (D.int64, D.float64, D.float32, D.bfloat16):
        if dtype in (D.bool, D.float16):
            raise not_implemented("random_full_64_bits_range_kernel_cpu", dtype)
        raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16")
    lowest, highest = representable_range(dtype)
    if not lowest <= low <= highest:
        raise RuntimeError(f"from is out of bounds for {cpp_type_name(dtype)}")
    top = _random_top(dtype)
    if low > top:
        raise RuntimeError("random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to "
                           f"dtype, but got from={low} > to_inc={top}")


def normal_(x, mean=0.0, std=1.0, generator=None, inplace=True):
    """Fills ``x`` with samples of N(mean, std**2)."""
    if not std >= 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_number_text(std)}")
    _floating(x, "normal_kernel_cpu")
    check_inplace(x, x._shape, x._dtype)
    gen = _generator(generator)
    if x.is_contiguous():
        host = gen.normal(x._shape, x._dtype.numpy, mean, std)
    else:
        # PyTorch fills a non-contiguous tensor one element at a time, in memory order
        host = drawn_in_memory_order(x, lambda shape: gen.normal(shape, x._dtype.numpy, mean, std, serial=True))
    return _write(x, host, "NormalBackward0")


# torch.normal (below) owns the name "normal", so normal_ is not declared; an undeclared Op still gives
# its method the registry's argument checks and messages
_NORMAL_IN_PLACE = Op("normal", normal_, "float mean=0, float std=1, *, Generator? generator=None", method=False,
                      inplace=True, function=False, out=False, aliases=(), numbers=False, input_numbers=False,
                      fast_method=None, fast_inplace=None, operators={}, doc="""Fills ``self`` with draws from
    the normal distribution of mean ``mean`` and standard deviation ``std``.

    Args:
        mean: the mean.
        std: the standard deviation (non-negative).
    """ + example(
        ">>> torch.empty(2).normal_(generator=torch.Generator().manual_seed(0))", "tensor([ 1.5410, -0.2934])"))


class SamplingMixin:
    """``Tensor.normal_`` and ``Tensor.random_`` (their names and overloads do not fit the registry)."""
    normal_ = _NORMAL_IN_PLACE.methods()["normal_"]

    def random_(self, *args, generator=None, **kwargs):
        """Fills ``self`` with integers drawn uniformly: ``random_()`` from [0, the largest integer the dtype holds
        exactly], ``random_(to)`` from [0, ``to``), ``random_(from, to)`` from [``from``, ``to``) (``to=None``: up to
        the dtype's top).

        Args:
            from (int): the lowest integer drawn.
            to (int, optional): one above the highest.
            generator (Generator, optional): the generator to draw from.

        Returns:
            Tensor: ``self``.

        Example::

            >>> x = torch.zeros(3, dtype=torch.int64)
            >>> x.random_(0, 10, generator=torch.Generator().manual_seed(0))
            tensor([4, 9, 3])
        """
        if generator is not None and not isinstance(generator, Generator):
            kwargs["generator"] = generator  # reported with the other arguments
        low, high, node = _random_bounds(self, args, kwargs)
        if node == "RandomBackward2":
            low = None
        elif high is None:
            _check_random_from(low, self._dtype)
        else:
            if high <= low:
                raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
            check_random_bounds(low, high, self._dtype)
        check_inplace(self, self._shape, self._dtype)
        gen = _generator(generator)
        return _write(self, drawn_in_memory_order(self, lambda shape: _random_draws(gen, self._dtype, low, high, shape)),
                      node)


_NORMAL_OVERLOADS = (
    " * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, Tensor out = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)\n")


def _normal_overload_error(args):
    got = ", ".join(type(a).__name__ if not isinstance(a, TensorBase) else "Tensor" for a in args)
    return TypeError(f"normal() received an invalid combination of arguments - got ({got}), but expected one "
                     f"of:\n{_NORMAL_OVERLOADS}")


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """Draws from normal distributions of means ``mean`` and standard deviations ``std``: tensors (broadcast against
    each other) or numbers; with two numbers, ``size`` gives the shape.  The gradient with respect to a tensor ``mean``
    or ``std`` is zero, as PyTorch's.

    Args:
        mean (Tensor or float): the means.
        std (Tensor or float): the standard deviations (non-negative). Default: ``1.0``.
        size (tuple of ints, optional): the shape, when both are numbers.
        generator (Generator, optional): the generator to draw from; the default generator when None.
        out (Tensor, optional): the tensor to write the result into.
        dtype, layout, device, pin_memory, requires_grad: as the factories take them, with two numbers.

    Returns:
        Tensor: the draws.

    Example::

        >>> g = torch.Generator().manual_seed(0)
        >>> torch.normal(torch.tensor([0., 10.]), 1., generator=g)
        tensor([1.5410, 9.7066])
    """
    mean_tensor, std_tensor = isinstance(mean, TensorBase), isinstance(std, TensorBase)
    given = [a for a in (mean, std, size) if a is not None]
    if not ((mean_tensor or is_number(mean)) and (std_tensor or is_number(std))) or \
            (generator is not None and not isinstance(generator, Generator)) or \
            ((mean_tensor or std_tensor) and size is not None) or \
            (not (mean_tensor or std_tensor) and not isinstance(size, (tuple, list))):
        raise _normal_overload_error(given)
    gen = _generator(generator)
    if not (mean_tensor or std_tensor):
        if not std >= 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {_number_text(std)}")
        result = empty(size_args(size), dtype=dtype, device=device)
        normal_(result, mean, std, gen)
        result = _to_out(result, out, "normal", ())
        return result.requires_grad_() if requires_grad else result
    if std_tensor:
        if std.numel() and not np.all(_host(std) >= 0):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif not std >= 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_number_text(std)}")
    shape = _layout.broadcast_shapes(mean._shape if mean_tensor else (), std._shape if std_tensor else ())
    result_dtype = mean._dtype if mean_tensor else std._dtype
    if not result_dtype.is_floating_point:
        raise not_implemented("normal_kernel_cpu", result_dtype)
    anchor = mean if mean_tensor else std
    # as PyTorch: a new tensor filled by normal_(0, std) for a number std (else normal_(0, 1) times std),
    # plus mean, each step rounded to the result's dtype
    compute = np.dtype(_host_float(result_dtype))
    if std_tensor:
        host = gen.normal(shape, compute) * _host(std, compute)
    else:
        host = gen.normal(shape, compute, 0.0, std)
    host = host + (_host(mean, compute) if mean_tensor else compute.type(mean))
    host = host.astype(result_dtype.numpy)
    result = _from_host(np.broadcast_to(host, shape), result_dtype, anchor.device)
    if out is not None:
        return _to_out(result, out, "normal", tuple(t for t in (mean, std) if isinstance(t, TensorBase)))
    if mean_tensor and std_tensor:
        return mean._record_result(result, "NormalBackward3", (mean, std))
    if mean_tensor:
        return mean._record_result(result, "NormalBackward1", (mean,))
    return std._record_result(result, "NormalBackward2", (std,))


FUNCTIONS = ("normal",)

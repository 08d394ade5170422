"""Random number generation: a Generator over NumPy's PCG64 and the global default.

Every random draw in tensorlib goes through a Generator's draw methods
(``uniform``, ``normal``, ``integers``, ``permutation``): host arrays that the
callers transform and copy to the tensor's device; its ``gamma``,
``binomial`` and ``poisson`` samplers are built on them.  Keeping the draws in this one place
lets the stream change (for one bit-identical to PyTorch's) without touching
the samplers built on it."""
import contextlib

import numpy as np

from . import _dtype as D
from ._device import CPU, device as _device
from ._tensor import host_tensor


class Generator:
    """A source of random numbers (``torch.Generator``): seeded with ``manual_seed``,
    its state saved and restored with ``get_state``/``set_state``."""

    def __init__(self, device="cpu"):
        self.device = device
        self._seed = 67280421310721
        self.numpy_generator = np.random.Generator(np.random.PCG64(self._seed))

    def manual_seed(self, seed):
        seed = int(seed)
        if seed < -0x8000_0000_0000_0000 or seed > 0xFFFF_FFFF_FFFF_FFFF:
            raise RuntimeError("Overflow when unpacking long long")
        self._seed = seed & 0xFFFF_FFFF_FFFF_FFFF
        self.numpy_generator = np.random.Generator(np.random.PCG64(self._seed))
        return self

    def seed(self):
        self.manual_seed(int.from_bytes(np.random.SeedSequence().generate_state(2, np.uint32).tobytes(), "little"))
        return self._seed

    def initial_seed(self):
        return self._seed

    # ---- the draws -----------------------------------------------------------------------------
    def uniform(self, shape, dtype=np.float64):
        """Samples of U[0, 1) as a host array of ``shape`` in ``dtype`` (float32 or float64)."""
        return self.numpy_generator.random(shape, dtype=dtype)

    def normal(self, shape, dtype=np.float64):
        """Samples of the standard normal as a host array of ``shape`` in ``dtype``."""
        return self.numpy_generator.standard_normal(shape, dtype=dtype)

    def integers(self, low, high, shape):
        """Uniform int64 samples of [low, high) as a host array of ``shape`` (``high`` up to 2**63)."""
        return self.numpy_generator.integers(low, high, size=shape, dtype=np.int64)

    def permutation(self, n):
        """A random permutation of 0..n-1 as an int64 host array."""
        return self.numpy_generator.permutation(n)

    # ---- samplers built on the draws ---------------------------------------------------------
    def gamma(self, concentration):
        """Samples of Gamma(concentration, rate 1), one per element of the float64 host array:
        Marsaglia and Tsang's squeeze method, a concentration below 1 raised by one and its
        sample scaled by U**(1/concentration).  0 gives 0, and NaN or a negative one NaN."""
        alpha = np.asarray(concentration, dtype=np.float64)
        valid = alpha > 0
        raised = np.where(alpha < 1, alpha + 1, alpha)
        d = np.where(valid, raised, 1.0).ravel() - 1 / 3
        c = 1 / np.sqrt(9 * d)
        result = np.empty(alpha.size)
        todo = np.flatnonzero(valid.ravel())
        while todo.size:
            x = self.normal(todo.size)
            v = (1 + c[todo] * x) ** 3
            u = self.uniform(todo.size)
            with np.errstate(invalid="ignore", divide="ignore"):
                accept = (v > 0) & (np.log(u) < 0.5 * x * x + d[todo] * (1 - v + np.log(v)))
            result[todo[accept]] = d[todo[accept]] * v[accept]
            todo = todo[~accept]
        result = result.reshape(alpha.shape)
        with np.errstate(divide="ignore"):
            boost = np.where(alpha < 1, self.uniform(alpha.shape) ** (1 / np.where(valid, alpha, 1.0)), 1.0)
        return np.where(valid, result * boost, np.where(alpha == 0, 0.0, np.nan))

    def binomial(self, counts, probs):
        """Samples of Binomial(count, prob) for the broadcast float64 host arrays ``counts`` (whole,
        not negative) and ``probs`` (in [0, 1]).  While a count is large, the median order statistic
        of its uniforms (a beta draw) settles about half the trials; the rest are Bernoulli draws."""
        counts, probs = np.broadcast_arrays(np.asarray(counts, dtype=np.float64), np.asarray(probs, np.float64))
        shape = counts.shape
        n, p = counts.ravel().copy(), np.clip(probs.ravel(), 0.0, 1.0)
        result = np.zeros(n.size)
        todo = np.flatnonzero(n > _BERNOULLI_TRIALS)
        while todo.size:
            i = np.floor((n[todo] + 1) / 2)
            heads, tails = self.gamma(i), self.gamma(n[todo] + 1 - i)
            x = heads / (heads + tails)
            below = x < p[todo]
            # below p: the i smallest uniforms are successes, the others succeed with (p - x) / (1 - x);
            # else only the i - 1 smallest may, with p / x
            result[todo[below]] += i[below]
            with np.errstate(divide="ignore", invalid="ignore"):
                p[todo] = np.clip(np.where(below, (p[todo] - x) / (1 - x), p[todo] / x), 0.0, 1.0)
            n[todo] = np.where(below, n[todo] - i, i - 1)
            todo = todo[n[todo] > _BERNOULLI_TRIALS]
        for trial in range(int(n.max()) if n.size else 0):
            result += (n > trial) & (self.uniform(n.size) < p)
        return result.reshape(shape)

    def poisson(self, rates):
        """Samples of Poisson(rate), one per element of the float64 host array ``rates`` (finite,
        not negative): the multiplication method below rate 10, else Hormann's transformed
        rejection with squeeze (PTRS)."""
        rates = np.asarray(rates, dtype=np.float64)
        flat = rates.ravel()
        result = np.zeros(flat.size)
        small = np.flatnonzero(flat < 10)
        # multiply uniforms until the product falls below exp(-rate); the count of factors is the sample
        threshold = np.exp(-flat[small])
        product = self.uniform(small.size)
        while small.size:
            going = product > threshold
            small, threshold, product = small[going], threshold[going], product[going]
            result[small] += 1
            product = product * self.uniform(small.size)
        todo = np.flatnonzero(flat >= 10)
        while todo.size:
            lam = flat[todo]
            root = np.sqrt(lam)
            b = 0.931 + 2.53 * root
            a = -0.059 + 0.02483 * b
            inverse_alpha = 1.1239 + 1.1328 / (b - 3.4)
            u = self.uniform(todo.size) - 0.5
            v = self.uniform(todo.size)
            us = 0.5 - np.abs(u)
            k = np.floor((2 * a / us + b) * u + lam + 0.43)
            with np.errstate(invalid="ignore", divide="ignore"):
                bound = np.log(v * inverse_alpha / (a / (us * us) + b))
                exact = bound <= -lam + k * np.log(lam) - _log_factorial(np.maximum(k, 0))
            accept = ((us >= 0.07) & (v <= 0.9277 - 3.6224 / (b - 2))) | (
                (k >= 0) & ~((us < 0.013) & (v > us)) & exact)
            result[todo[accept]] = k[accept]
            todo = todo[~accept]
        return result.reshape(rates.shape)

    def get_state(self):
        state = self.numpy_generator.bit_generator.state
        return host_tensor(np.frombuffer(repr(state).encode(), np.uint8), D.uint8, CPU)

    def set_state(self, state):
        import ast
        self.numpy_generator.bit_generator.state = ast.literal_eval(bytes(state.tolist()).decode())
        return self


# counts up to this are drawn as sums of Bernoulli trials
_BERNOULLI_TRIALS = 16


def _log_factorial(k):
    """log(k!) of the non-negative integral float64 array ``k``: a table below 256, Stirling's
    series above."""
    small = np.minimum(k, 255).astype(np.int64)
    table = _LOG_FACTORIALS[small]
    n = np.maximum(k, 1.0)
    stirling = (n + 0.5) * np.log(n + 1) - (n + 1) + 0.5 * np.log(2 * np.pi) + 1 / (12 * (n + 1)) - 1 / (
        360 * (n + 1) ** 3)
    return np.where(k < 256, table, stirling)


_LOG_FACTORIALS = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, 256, dtype=np.float64)))))

default_generator = Generator()


def manual_seed(seed):
    return default_generator.manual_seed(seed)


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(state):
    default_generator.set_state(state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type=None):
    """A context in which random draws leave the global random state as it was on entry:
    the state is saved and restored on exit (``enabled=False``: nothing is forked).  Every
    device draws from the default generator here, so ``devices`` and ``device_type``
    (validated as a device type) need no state of their own."""
    if device_type is not None:
        _device(device_type)
    if not enabled:
        yield
        return
    state = default_generator.get_state()
    try:
        yield
    finally:
        default_generator.set_state(state)

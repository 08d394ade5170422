"""Random number generation: PyTorch's CPU generator (``torch.Generator``) and the global default.

The stream is PyTorch's, bit for bit: a 32-bit Mersenne Twister (MT19937, NumPy's bit
generator carries its state) seeded by ``init_genrand`` with the low 32 bits of the seed;
64-bit draws join two 32-bit draws, the first in the high half.  Every random draw in
tensorlib goes through a Generator's draw methods (``random32``/``random64``, ``uniform``,
``normal``, ``integers``, ``random_bits``, ``permutation``), which consume the stream as
PyTorch's CPU kernels do and return host arrays that the callers transform and copy to the
tensor's device.  Its ``gamma``, ``binomial`` and ``poisson`` samplers are built on them
(those three do not follow PyTorch's streams)."""
import contextlib
import math

import numpy as np

from . import _dtype as D
from . import _random_kernels as K
from ._C import TensorBase
from ._device import CPU, device as _device
from ._tensor import host_tensor

__all__ = ["Generator", "default_generator", "fork_rng", "get_rng_state", "initial_seed", "manual_seed", "seed",
           "set_rng_state"]

# PyTorch's state bytes: seed (u64), left (i32), seeded (i32), next (u64), 624 words (u64 each), the
# legacy normal fields x, y, rho (f64) and valid (i32, padded), the float normal (f32) and its flag
_STATE_SIZE = 5056
_WORDS = 624
_WORDS_AT = 24
_NORMAL_AT = _WORDS_AT + 8 * _WORDS
_STATE_LAYOUT = np.dtype([("seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"), ("next", "<u8"),
                          ("words", "<u8", (_WORDS,)), ("normal_x", "<f8"), ("normal_y", "<f8"),
                          ("normal_rho", "<f8"), ("normal_valid", "<i4"), ("pad", "<i4"),
                          ("float_normal", "<f4"), ("float_valid", "u1"), ("tail", "u1", (3,))])
_DEFAULT_SEED = 67280421310721
# binary digits of each floating dtype's significand: below 2**digits it holds every integer
PRECISE_INTEGER_DIGITS = {D.float16: 11, D.bfloat16: 8, D.float32: 24, D.float64: 53}
# ranges of at least this many integers are drawn from 64-bit draws (PyTorch's rule, observed)
_WIDE_RANGE = 1 << 28
# randperm of at least this many elements switches to 64-bit draws and the inside-out shuffle
_LARGE_PERMUTATION = (2 ** 32 - 1) // 20
# binary digits of the uniform draws of each floating dtype (float16/bfloat16 draw float32's)
_UNIFORM_MASKS = {np.dtype(np.float32): (0xFFFFFF, 2.0 ** -24), np.dtype(np.float64): (2 ** 53 - 1, 2.0 ** -53)}


class Generator:
    """A source of random numbers: PyTorch's CPU generator (a Mersenne Twister), which draws
    PyTorch's numbers for a seed; its state is saved and restored with ``get_state``/``set_state``
    in PyTorch's byte layout.  The samplers take it as ``generator=``.

    Args:
        device (tensorlib.device or str): the device it serves. Default: ``'cpu'``.

    Example::

        >>> g = torch.Generator().manual_seed(0)
        >>> torch.rand(2, generator=g)
        tensor([0.4963, 0.7682])
    """

    def __init__(self, device="cpu"):
        self.device = device
        self.manual_seed(_DEFAULT_SEED)

    def manual_seed(self, seed):
        """Seeds the stream with ``seed`` (its low 32 bits seed the twister; any 64-bit value,
        negative ones as their two's complement)."""
        seed = int(seed)
        if seed < -0x8000_0000_0000_0000 or seed > 0xFFFF_FFFF_FFFF_FFFF:
            raise RuntimeError("Overflow when unpacking long long")
        self._seed = seed & 0xFFFF_FFFF_FFFF_FFFF
        key = np.random.RandomState(self._seed & 0xFFFF_FFFF).get_state()[1]
        self._bits = np.random.MT19937()
        self._load(key, left=1, next_index=0)
        self._normal_double = None
        self._normal_float = None
        return self

    def _load(self, key, left, next_index):
        """Sets the twister to PyTorch's (state words, left, next): ``left - 1`` words remain
        before the next twist."""
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": np.asarray(key, np.uint32),
                                                                  "pos": _WORDS + 1 - left}}
        # PyTorch reports the ``next`` it was given until the first draw (fresh seeds say 0)
        self._given_next = next_index

    def seed(self):
        """Seeds from the operating system's entropy and returns the seed."""
        self.manual_seed(int.from_bytes(np.random.SeedSequence().generate_state(2, np.uint32).tobytes(), "little"))
        return self._seed

    def initial_seed(self):
        """The seed last given (as an unsigned 64-bit number)."""
        return self._seed

    # ---- the raw stream ------------------------------------------------------------------------
    def random32(self, n):
        """The next ``n`` 32-bit draws, as uint64."""
        self._given_next = None
        return self._bits.random_raw(int(n))

    def random64(self, n):
        """The next ``n`` 64-bit draws (two 32-bit draws each, the first the high half)."""
        pairs = self.random32(2 * int(n)).reshape(-1, 2)
        return (pairs[:, 0] << np.uint64(32)) | pairs[:, 1]

    # ---- the draws -----------------------------------------------------------------------------
    def uniform(self, shape, dtype=np.float64):
        """Samples of U[0, 1) as a host array of ``shape``: float64 from the low 53 bits of 64-bit
        draws, float32 from the low 24 bits of 32-bit draws (what PyTorch's float, half and
        bfloat16 samplers use)."""
        count = _count(shape)
        if np.dtype(dtype) == np.float64:
            out = np.empty(count)
            K.uniform_double(self.random32(2 * count), out)
        else:
            out = np.empty(count, np.float32)
            K.uniform_float(self.random32(count), out)
        return out.reshape(shape)

    def uniform_between(self, shape, dtype, low, high):
        """Samples of U[low, high) in the NumPy ``dtype`` (float16/bfloat16 too) as PyTorch's
        ``uniform_`` computes them: ``u * (high - low) + low`` fused, in float32 for every dtype
        but float64; a float16/bfloat16 sample rounded up to ``high`` becomes ``low``."""
        dtype = np.dtype(dtype)
        if low == 0 and high == 1 and dtype in (np.float32, np.float64):
            return self.uniform(shape, dtype)  # u * 1 + 0 is u
        if dtype == np.float64:
            return fma64(self.uniform(shape), high - low, low)
        low32, high32 = np.float32(low), np.float32(high)
        host = fma32(self.uniform(shape, np.float32), high32 - low32, low32)
        if dtype != np.float32:
            host = host.astype(dtype)
            host[host >= np.asarray(high, dtype)] = np.asarray(low, dtype)
        return host

    def normal(self, shape, dtype=np.float64, mean=0.0, std=1.0, serial=False):
        """Samples of N(mean, std**2) as a host array of ``shape``, drawn as PyTorch's ``normal_``
        draws them for a tensor of ``dtype``: from 16 elements on (unless ``serial``: PyTorch's
        path for non-contiguous tensors) uniforms in blocks of 16 turned into normals (float32
        through PyTorch's AVX2 kernel, which AVX512 machines also run, and float16/bfloat16
        through it in float32; a tail redoes the last 16 with fresh uniforms); else one at a time
        by Box-Muller in double, whose second value waits in the generator for the next draw."""
        dtype = np.dtype(dtype)
        count = _count(shape)
        if serial or count < 16:
            z = fma64(self._serial_normals(count), std, mean)
            # PyTorch narrows a double to float16/bfloat16 through float
            narrowed = z if dtype == np.float64 else z.astype(np.float32)
            return narrowed.astype(dtype, copy=False).reshape(shape)
        blocks = K.normal_blocks64 if dtype == np.float64 else K.normal_blocks32
        host = dtype if dtype == np.float64 else np.dtype(np.float32)
        # float32/float64 draw a uniform for every element, float16/bfloat16 only for the whole blocks
        whole = count if dtype == host else count - count % 16
        data = self.uniform(whole, host)
        blocks(data, host.type(mean), host.type(std))
        if count % 16:
            tail = self.uniform(16, host)
            blocks(tail, host.type(mean), host.type(std))
            data = np.concatenate((data[:count - 16], tail))
        return data.astype(dtype, copy=False).reshape(shape)

    def _serial_normals(self, count):
        """``count`` standard normals of PyTorch's serial sampler (double Box-Muller, the sine
        kept for the next draw)."""
        result = np.empty(count)
        start = 0
        if count and self._normal_double is not None:
            result[0], self._normal_double, start = self._normal_double, None, 1
        pairs = (count - start + 1) // 2
        if pairs:
            values = np.empty(2 * pairs)
            K.box_muller(self.uniform(2 * pairs), values)
            result[start:] = values[:count - start]
            if (count - start) % 2:
                self._normal_double = float(values[-1])
        return result

    def integers(self, low, high, shape, dtype=None):
        """Uniform int64 samples of [low, high) as a host array of ``shape`` (PyTorch's
        ``random_(from, to)``: a draw modulo the range, 64-bit draws from ranges of 2**28 on).
        For a floating tensor ``dtype``, a bound it cannot hold moves inwards as PyTorch moves it."""
        low, high = int(low), int(high)
        if dtype is not None and dtype.is_floating_point:
            low, high = _floating_bounds(low, high, dtype)
        span = high - low
        count = _count(shape)
        raw = self.random64(count) if span >= _WIDE_RANGE else self.random32(count)
        return ((raw % np.uint64(span)).view(np.int64) + np.int64(low)).reshape(shape)

    def random_bits(self, shape, wide):
        """Raw draws of ``shape`` as a host uint64 array: 64-bit draws if ``wide``, else 32-bit."""
        count = _count(shape)
        return (self.random64(count) if wide else self.random32(count)).reshape(shape)

    def permutation(self, n):
        """A random permutation of 0..n-1 as an int64 host array, shuffled as PyTorch's randperm
        shuffles (a forward Fisher-Yates on 32-bit draws; from about 2**28 elements the inside-out
        one on 64-bit draws)."""
        values = np.arange(n, dtype=np.int64)
        if n < _LARGE_PERMUTATION:
            if n > 1:
                K.shuffle_forward(values, self.random32(n - 1))
        else:
            K.shuffle_inside_out(values, self.random64(n))
        return values

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
        """The generator's state as a uint8 tensor of PyTorch's 5056 bytes."""
        state = np.zeros((), _STATE_LAYOUT)
        twister = self._bits.state["state"]
        position = int(twister["pos"])
        state["seed"] = self._seed
        state["left"] = _WORDS + 1 - position
        state["seeded"] = 1
        state["next"] = position if self._given_next is None else self._given_next
        state["words"] = twister["key"]
        if self._normal_double is not None:
            state["normal_y"], state["normal_valid"] = self._normal_double, 1
        if self._normal_float is not None:
            state["float_normal"], state["float_valid"] = self._normal_float, 1
        return host_tensor(np.frombuffer(state.tobytes(), np.uint8).copy(), D.uint8, CPU)

    def set_state(self, new_state):
        """Restores a state that ``get_state`` (here or in PyTorch) returned."""
        if not isinstance(new_state, TensorBase):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state.dtype is not D.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if not new_state.is_contiguous():
            raise RuntimeError("RNG state must be contiguous")
        if new_state.numel() != _STATE_SIZE:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE_SIZE} but found the input RNG "
                               f"state size to be {new_state.numel()}")
        state = np.frombuffer(np.ascontiguousarray(new_state.cpu().numpy()).tobytes(), _STATE_LAYOUT)[0]
        left, next_index = int(state["left"]), int(state["next"])
        if not (state["seeded"] and 1 <= left <= _WORDS and next_index <= _WORDS):
            raise RuntimeError("Invalid mt19937 state")
        self._seed = int(state["seed"])
        self._load(state["words"].astype(np.uint32), left, next_index)
        self._normal_double = float(state["normal_y"]) if state["normal_valid"] else None
        self._normal_float = float(state["float_normal"]) if state["float_valid"] else None
        return self


def fma64(x, scale, shift):
    """``x * scale + shift`` rounded once in float64 (``scale`` and ``shift`` numbers): PyTorch's fused
    double transforms."""
    x = np.asarray(x, np.float64, order="C")
    out = np.empty(x.shape)
    K.fma64(x.reshape(-1), scale, shift, out.reshape(-1))
    return out


def fma32(x, scale, shift):
    """``x * scale + shift`` rounded once in float32 (``scale`` and ``shift`` numbers): PyTorch's fused
    float transforms."""
    x = np.asarray(x, np.float32, order="C")
    out = np.empty(x.shape, np.float32)
    K.fma32(x.reshape(-1), scale, shift, out.reshape(-1))
    return out


def _floating_bounds(low, high, dtype):
    """[low, high) as PyTorch draws it for the floating tensor ``dtype``: where the dtype rounds
    ``low + 1`` below ``low``, ``low`` moves up a step of its binade; where it rounds ``high - 1`` up,
    ``high`` becomes the value below that."""
    kind = dtype.numpy.type
    digits = PRECISE_INTEGER_DIGITS[dtype]

    def rounded(value):
        # PyTorch converts an integer to float16/bfloat16 through float32
        return int(np.float64(value if dtype is D.float64 else kind(np.float32(value))))
    with np.errstate(over="ignore"):
        above_low = rounded(low + 1)
        if above_low < low:
            low = above_low + 2 ** (abs(low + 1).bit_length() - digits)
        below_high = rounded(high - 1)
        if below_high >= high:
            high = below_high - 2 ** (abs(high - 1).bit_length() - digits)
    return low, high


def _count(shape):
    """The number of elements of ``shape`` (a tuple or an int)."""
    return math.prod(shape) if isinstance(shape, tuple) else int(shape)


def libm(name, x):
    """The C library's double ``log``, ``log1p``, ``tan`` or ``exp`` of the array ``x`` (the functions
    PyTorch's samplers call; NumPy's own differ in the last bit)."""
    x = np.asarray(x, np.float64, order="C")
    out = np.empty(x.shape)
    K.libm(name, x.reshape(-1), out.reshape(-1))
    return out


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
    """Seeds the default generator, so that the random draws that follow repeat.

    Args:
        seed (int): the seed.

    Returns:
        Generator: the default generator.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.rand(2)
        tensor([0.4963, 0.7682])
    """
    return default_generator.manual_seed(seed)


def seed():
    """Seeds the default generator from a nondeterministic source and returns the seed (an int)."""
    return default_generator.seed()


def initial_seed():
    """The seed the default generator was last seeded with (an int).

    Example::

        >>> _ = torch.manual_seed(7)
        >>> torch.initial_seed()
        7
    """
    return default_generator.initial_seed()


def get_rng_state():
    """The state of the default generator, a uint8 tensor that :func:`tensorlib.set_rng_state` restores
    (PyTorch's 5056 bytes).

    Example::

        >>> state = torch.get_rng_state()
        >>> a = torch.rand(2)
        >>> torch.set_rng_state(state)
        >>> torch.equal(a, torch.rand(2))
        True
    """
    return default_generator.get_state()


def set_rng_state(state):
    """Restores the default generator's state from :func:`tensorlib.get_rng_state`'s tensor.

    Args:
        state (Tensor): the uint8 state.
    """
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

"""Random number generation: a Generator over NumPy's PCG64 and the global default.

Every random draw in tensorlib goes through a Generator's draw methods
(``uniform``, ``normal``, ``integers``, ``permutation``, ``gamma``,
``poisson``): host arrays that the callers transform and copy to the tensor's
device.  Keeping the draws in this one place lets the stream change (for one
bit-identical to PyTorch's) without touching the samplers built on it."""
import numpy as np

from . import _dtype as D
from ._device import CPU
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

    def gamma(self, concentration):
        """Samples of Gamma(concentration, rate 1), one per element of the float64 host array."""
        return self.numpy_generator.standard_gamma(concentration)

    def poisson(self, rates):
        """Samples of Poisson(rate), one per element of the float64 host array ``rates``."""
        return self.numpy_generator.poisson(rates).astype(np.float64)

    def get_state(self):
        state = self.numpy_generator.bit_generator.state
        return host_tensor(np.frombuffer(repr(state).encode(), np.uint8), D.uint8, CPU)

    def set_state(self, state):
        import ast
        self.numpy_generator.bit_generator.state = ast.literal_eval(bytes(state.tolist()).decode())
        return self


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

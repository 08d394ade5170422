"""Random number generation: a Generator over NumPy's PCG64 and the global default."""
import numpy as np

from . import _dtype as D
from ._device import CPU
from ._tensor import host_tensor


class Generator:
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

"""With the ``mkl`` extra, a large product on several threads gives the
single-threaded bits, for every dtype, layout and ``addmm`` scaling: its gemm is cut
into column blocks of C, one per pool thread, only where the cut keeps the whole
gemm's bits (MKL picks its kernel by the shape it is handed, and on AVX-512 machines
some blocks take another one)."""
import numpy as np
import pytest

import tensorlib
from tensorlib.backends import _mkl_library

pytestmark = pytest.mark.skipif(_mkl_library.library() is None, reason="the mkl extra is not installed")

# (rows, depth, columns): the bench models' products, narrow and odd cuts, and one below the threshold
SHAPES = [(256, 96, 288), (32, 144, 1024), (144, 1024, 32), (512, 64, 65), (65, 512, 64), (47, 300, 333),
          (300, 250, 33), (230, 277, 598), (16, 4096, 17), (40, 40, 40)]


@pytest.fixture
def threads():
    before = tensorlib.get_num_threads()

    def run_with(n, fn):
        tensorlib.set_num_threads(n)
        try:
            return fn()
        finally:
            tensorlib.set_num_threads(before)
    return run_with


def _operand(rng, shape, dtype, transposed):
    if transposed:
        return tensorlib.tensor(rng.standard_normal(shape[::-1]).astype(dtype)).t()
    return tensorlib.tensor(rng.standard_normal(shape).astype(dtype))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("layout", [(False, False), (True, False), (False, True), (True, True)])
def test_products_on_several_threads_keep_single_threaded_bits(threads, dtype, shape, layout):
    rng = np.random.default_rng(sum(shape))
    rows, depth, columns = shape
    a = _operand(rng, (rows, depth), dtype, layout[0])
    b = _operand(rng, (depth, columns), dtype, layout[1])
    bias = tensorlib.tensor(rng.standard_normal((rows, columns)).astype(dtype))
    for product in (lambda: a @ b, lambda: tensorlib.addmm(bias, a, b, beta=1.5, alpha=0.5),
                    lambda: tensorlib.addmm(bias.t().contiguous().t(), a, b)):
        one = threads(1, product).numpy()
        for n in (2, 3):
            assert threads(n, product).numpy().tobytes() == one.tobytes()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_products_of_many_shapes_keep_single_threaded_bits(threads, dtype):
    # shapes drawn where, on an AVX-512 machine, some column blocks take another MKL kernel
    rng = np.random.default_rng(7)
    for _ in range(24):
        rows, depth, columns = (int(v) for v in rng.integers(190, 700, 3))
        layout = rng.integers(0, 2, 2)
        a = _operand(rng, (rows, depth), dtype, layout[0])
        b = _operand(rng, (depth, columns), dtype, layout[1])
        bias = tensorlib.tensor(rng.standard_normal((rows, columns)).astype(dtype))
        for product in (lambda: a @ b, lambda: tensorlib.addmm(bias, a, b, beta=1.5)):
            one = threads(1, product).numpy()
            assert threads(2, product).numpy().tobytes() == one.tobytes(), (rows, depth, columns, layout)

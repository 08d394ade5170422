"""``ReduceOp``: the reductions of ``all_reduce``, ``reduce`` and ``reduce_scatter_tensor``."""
import enum


class ReduceOp(enum.Enum):
    """The reductions of ``all_reduce``, ``reduce`` and ``reduce_scatter_tensor``, with PyTorch's values."""
    SUM = 0
    AVG = 1
    PRODUCT = 2
    MIN = 3
    MAX = 4
    BAND = 5
    BOR = 6
    BXOR = 7
    PREMUL_SUM = 8

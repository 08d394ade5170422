"""``torch.testing``: ``assert_close`` compares results within per-dtype tolerances with
PyTorch's failure messages; ``make_tensor`` makes random test inputs."""
from ._comparison import assert_close
from ._creation import make_tensor

__all__ = ["assert_close", "make_tensor"]

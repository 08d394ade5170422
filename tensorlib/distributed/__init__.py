"""``torch.distributed``: importable with the names programs use at start-up
(``init_process_group``, ``get_rank``, ``all_reduce``...), but tensorlib runs
in one process: ``is_available()`` is False and no process group can be made.

Without a process group every collective and query raises PyTorch's ValueError
("Default process group has not been initialized..."); ``init_process_group``
first checks the env:// rendezvous variables as PyTorch does (RANK, WORLD_SIZE,
MASTER_ADDR, MASTER_PORT; so a program started without torchrun fails as under
PyTorch), then raises RuntimeError: there is no backend to join the group with."""
import enum
import os

__all__ = ["is_available", "is_initialized", "is_torchelastic_launched", "init_process_group",
           "destroy_process_group", "get_rank", "get_world_size", "get_backend", "barrier", "all_reduce", "reduce",
           "broadcast", "all_gather", "new_group", "ReduceOp"]

_NO_GROUP = "Default process group has not been initialized, please make sure to call init_process_group."
_RENDEZVOUS_VARIABLES = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")


class ReduceOp(enum.Enum):
    """The reductions of ``all_reduce`` and ``reduce``."""
    SUM = 0
    AVG = 1
    PRODUCT = 2
    MIN = 3
    MAX = 4
    BAND = 5
    BOR = 6
    BXOR = 7
    PREMUL_SUM = 8


def is_available():
    """False: tensorlib has no distributed backend."""
    return False


def is_initialized():
    """False: no process group exists."""
    return False


def is_torchelastic_launched():
    """Whether this process was started by torchrun (which sets TORCHELASTIC_RUN_ID)."""
    return os.environ.get("TORCHELASTIC_RUN_ID") is not None


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None,
                       group_name="", pg_options=None, device_id=None):
    """Raises: PyTorch's ValueError for a missing env:// rendezvous variable, else RuntimeError (tensorlib
    cannot join a process group)."""
    if init_method is None and store is None:
        given = {"RANK": rank, "WORLD_SIZE": world_size}
        for name in _RENDEZVOUS_VARIABLES:
            if given.get(name, -1) == -1 and name not in os.environ:
                raise ValueError(f"Error initializing torch.distributed using env:// rendezvous: environment "
                                 f"variable {name} expected, but not set")
    raise RuntimeError("torch.distributed is not available in tensorlib (is_available() is False): it runs in "
                       "one process and cannot join a process group")


def destroy_process_group(group=None):
    """Raises PyTorch's AssertionError: there is no process group to destroy."""
    raise AssertionError("Process group cannot be None")


def _no_group(*args, **kwargs):
    raise ValueError(_NO_GROUP)


def get_rank(group=None):
    """Raises PyTorch's ValueError: no process group exists."""
    _no_group()


def get_world_size(group=None):
    """Raises PyTorch's ValueError: no process group exists."""
    _no_group()


def get_backend(group=None):
    """Raises PyTorch's ValueError: no process group exists."""
    _no_group()


def barrier(group=None, async_op=False, device_ids=None):
    """Raises PyTorch's ValueError: no process group exists."""
    _no_group()


def new_group(ranks=None, timeout=None, backend=None, pg_options=None, use_local_synchronization=False,
              group_desc=None, device_id=None):
    """Raises PyTorch's ValueError: no process group exists."""
    _no_group()


def _collective(tensor):
    from .._tensor import Tensor
    if not isinstance(tensor, Tensor):
        raise TypeError(f"Invalid function argument. Expected parameter `tensor` of type torch.Tensor\n"
                        f"             but got {type(tensor)} instead.")
    _no_group()


def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
    """Raises: PyTorch's TypeError for a non-tensor, else its ValueError (no process group exists)."""
    _collective(tensor)


def reduce(tensor, dst=None, op=ReduceOp.SUM, group=None, async_op=False, group_dst=None):
    """Raises PyTorch's ValueError: no process group exists."""
    _no_group()


def broadcast(tensor, src=None, group=None, async_op=False, group_src=None):
    """Raises: PyTorch's TypeError for a non-tensor, else its ValueError (no process group exists)."""
    _collective(tensor)


def all_gather(tensor_list, tensor, group=None, async_op=False):
    """Raises: PyTorch's TypeError for a non-tensor, else its ValueError (no process group exists)."""
    _collective(tensor)

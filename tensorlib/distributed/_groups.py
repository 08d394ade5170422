"""Process groups: the default group ``init_process_group`` makes, the subgroups of
``new_group``, the queries on them, and the backends that carry them."""
import atexit
import importlib.util
import os
import warnings

from ._work import CommThread, Work

NO_GROUP = "Default process group has not been initialized, please make sure to call init_process_group."
_RENDEZVOUS_VARIABLES = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")
_CLASS_NAMES = {"mpi": "ProcessGroupMPI", "gloo": "ProcessGroupGloo", "nccl": "ProcessGroupNCCL"}


def is_available():
    """Whether tensorlib can form process groups: mpi4py is installed (found without starting MPI)."""
    return importlib.util.find_spec("mpi4py") is not None


def _mpi_world(name):
    from ._mpi import ProcessGroupMPI
    return ProcessGroupMPI.world(name)


# backend name -> factory(world): ``world`` is an MPI process group of every process, named as the
# program asked; the factory returns the process group that carries the collectives.
def _nccl_world(world):
    from ._nccl_group import nccl_backend
    return nccl_backend(world)


BACKENDS = {"mpi": lambda world: world, "gloo": lambda world: world, "nccl": _nccl_world}


class Backend(str):
    """A backend's name, lower-cased (``Backend("GLOO") == "gloo"``); the names as ``Backend.GLOO``,
    ``Backend.MPI``, ``Backend.NCCL``."""
    UNDEFINED = "undefined"
    GLOO = "gloo"
    MPI = "mpi"
    NCCL = "nccl"

    def __new__(cls, name):
        return super().__new__(cls, name.lower())


def is_mpi_available():
    """Whether the ``"mpi"`` backend can be used (mpi4py is installed)."""
    return is_available()


def is_gloo_available():
    """Whether ``"gloo"`` can be used: tensorlib carries it over MPI, so as ``is_mpi_available()``."""
    return is_available()


def is_nccl_available():
    """Whether ``"nccl"`` can be used: mpi4py, CuPy with NCCL and a CUDA device are all there."""
    from ..backends._nccl import unavailable_reason
    return is_available() and unavailable_reason() is None


def register_backend(name, factory):
    """Makes ``init_process_group(name)`` carry its collectives on ``factory(world)`` (see BACKENDS)."""
    BACKENDS[name.lower()] = factory


class ProcessGroup:
    """A group of processes: the default group, or one ``new_group`` made."""

    def __init__(self, backend, ranks, backend_name):
        self.backend = backend
        self.ranks = ranks
        self.backend_name = backend_name
        self.class_name = _CLASS_NAMES.get(backend_name, "ProcessGroup")
        self._thread = CommThread(f"tensorlib-{backend_name}-group-{len(ranks)}")

    def rank(self):
        """This process's rank in the group."""
        return self.backend.rank

    def size(self):
        """The number of processes in the group."""
        return self.backend.size

    def name(self):
        """The backend's name."""
        return self.backend_name

    def run(self, operation, outputs, async_op):
        """Runs ``operation()`` after the group's earlier operations: a Work when ``async_op``, else
        None once it is done."""
        work = Work(outputs)
        self._thread.submit(operation, work, async_op)
        return work if async_op else None

    def finish(self):
        """Waits for the queued operations and stops the communication thread."""
        self._thread.close()

    def close(self):
        self.finish()
        self.backend.close()

    def __repr__(self):
        return f"<{type(self).__module__}.ProcessGroup object of {self.backend_name} ranks {self.ranks}>"


class GroupMember:
    """``GroupMember.WORLD`` (the default group, None before init) and the marker ``new_group``
    returns on processes outside the new group."""
    WORLD = None
    NON_GROUP_MEMBER = -100


class WorldAlias:
    """``torch.distributed.group``: ``group.WORLD`` is the default group."""
    WORLD = None


_subgroups = []


def default_group():
    if GroupMember.WORLD is None:
        raise ValueError(NO_GROUP)
    return GroupMember.WORLD


def resolve(group, op_name=None):
    """The ProcessGroup a collective runs on, or None (after PyTorch's warning) outside the group."""
    world = default_group()
    if group is None:
        return world
    if group == GroupMember.NON_GROUP_MEMBER:
        if op_name is not None:
            warnings.warn(f"Running {op_name} on global rank {world.rank()} which does not belong to the given "
                          "group.", stacklevel=3)
        return None
    return group


def is_initialized():
    """Whether the default process group exists."""
    return GroupMember.WORLD is not None


def is_torchelastic_launched():
    """Whether this process was started by a torchrun-style launcher (which sets TORCHELASTIC_RUN_ID)."""
    return os.environ.get("TORCHELASTIC_RUN_ID") is not None


def get_node_local_rank(fallback_rank=None):
    """This process's rank on its machine: LOCAL_RANK (set by the launcher), else ``fallback_rank``."""
    if "LOCAL_RANK" in os.environ:
        return int(os.environ["LOCAL_RANK"])
    if fallback_rank is not None:
        return int(fallback_rank)
    raise RuntimeError("LOCAL_RANK is not in the environment. Consider passing fallback_rank to allow "
                       "`get_node_local_rank` to work, assuming you are not running in a multi-device context and "
                       "want the code to run locally instead.")


def _check_rendezvous(rank, world_size):
    given = {"RANK": rank, "WORLD_SIZE": world_size}
    for name in _RENDEZVOUS_VARIABLES:
        if given.get(name, -1) == -1 and name not in os.environ:
            raise ValueError(f"Error initializing torch.distributed using env:// rendezvous: environment "
                             f"variable {name} expected, but not set")


def _expected(value, variable):
    if value != -1:
        return int(value)
    return int(os.environ[variable]) if variable in os.environ else None


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None,
                       group_name="", pg_options=None, device_id=None):
    """Joins this process to the default group of every process started together.

    Ranks come from MPI: under ``mpiexec`` (or ``python -m tensorlib.distributed.run``) directly; a
    process started alone needs torchrun's env:// variables (RANK, WORLD_SIZE, MASTER_ADDR,
    MASTER_PORT), as under PyTorch, and forms a group of one.  RANK and WORLD_SIZE, where given, must
    agree with MPI's.

    Args:
        backend (str, optional): ``"mpi"`` (the default), ``"gloo"`` (carried over MPI; ``get_backend``
            answers ``"gloo"``) or a registered backend such as ``"nccl"``.
        init_method, timeout, store, group_name, pg_options, device_id: accepted for PyTorch's
            signature; MPI does the rendezvous.
        world_size (int): the expected number of processes (-1: from the environment).
        rank (int): this process's expected rank (-1: from the environment).

    Raises:
        ValueError: the group already exists, a rendezvous variable is missing, or the backend is unknown.
        RuntimeError: mpi4py is not installed, or the ranks disagree with MPI's.
    """
    if GroupMember.WORLD is not None:
        raise ValueError("trying to initialize the default process group twice!")
    from ._mpi import launched_by_mpi  # (numpy only: mpi4py.MPI starts in mpi())
    name = "mpi" if backend is None else str(backend).lower()
    if name not in BACKENDS:
        raise ValueError(f"Invalid backend: '{backend}'")
    if init_method in (None, "env://") and store is None and not launched_by_mpi():
        _check_rendezvous(rank, world_size)
    if not is_available():
        raise RuntimeError("torch.distributed is not available in tensorlib without mpi4py: "
                           "pip install 'tensorlib[distributed]' (mpi4py and MPICH)")
    world = _mpi_world(name)
    expected = (_expected(rank, "RANK"), _expected(world_size, "WORLD_SIZE"))
    for wanted, actual, what in zip(expected, (world.rank, world.size), ("rank", "world size")):
        if wanted is not None and wanted != actual:
            world.close()
            raise RuntimeError(f"init_process_group: the {what} asked for ({wanted}) differs from MPI's ({actual}); "
                               "start the processes with `python -m tensorlib.distributed.run` or `mpiexec`")
    GroupMember.WORLD = WorldAlias.WORLD = ProcessGroup(BACKENDS[name](world), list(range(world.size)), name)
    if not _exit_hook:
        # registered after mpi4py's own (MPI started above), so it runs before MPI finalizes
        atexit.register(_finish_queued_operations)
        _exit_hook.append(True)


_exit_hook = []


def _finish_queued_operations():
    """At exit: lets each group's communication thread finish what was queued (a program need not
    destroy its groups), before MPI finalizes."""
    if GroupMember.WORLD is not None:
        for pg in [*_subgroups, GroupMember.WORLD]:
            pg.finish()


def destroy_process_group(group=None):
    """Ends ``group``, or every group when None (MPI stays initialised: a later
    ``init_process_group`` works again).  Raises PyTorch's AssertionError without a default group."""
    if GroupMember.WORLD is None:
        raise AssertionError("Process group cannot be None")
    if group == GroupMember.NON_GROUP_MEMBER:
        return
    if group is None or group is GroupMember.WORLD:
        for subgroup in _subgroups:
            subgroup.close()
        _subgroups.clear()
        GroupMember.WORLD.close()
        GroupMember.WORLD = WorldAlias.WORLD = None
        return
    _subgroups.remove(group)
    group.close()


def get_rank(group=None):
    """This process's rank in ``group`` (the default group when None); -1 outside it."""
    found = resolve(group)
    return -1 if found is None else found.rank()


def get_world_size(group=None):
    """The number of processes in ``group`` (the default group when None); -1 outside it."""
    found = resolve(group)
    return -1 if found is None else found.size()


def get_backend(group=None):
    """The backend's name as the program asked for it (``"mpi"``, ``"gloo"``, ``"nccl"``)."""
    found = resolve(group)
    if found is None:
        raise ValueError("Invalid process group specified")
    return found.backend_name


def get_process_group_ranks(group):
    """The global ranks of ``group``'s members, in group-rank order."""
    return list(resolve(group).ranks)


def get_group_rank(group, global_rank):
    """The rank in ``group`` of the process with ``global_rank``; ValueError when it is not a member."""
    found = resolve(group)
    if global_rank not in found.ranks:
        raise ValueError(f"Global rank {global_rank} is not part of group {found}")
    return found.ranks.index(global_rank)


def get_global_rank(group, group_rank):
    """The global rank of the process with ``group_rank`` in ``group``."""
    found = resolve(group)
    if not 0 <= group_rank < len(found.ranks):
        raise ValueError(f"Group rank {group_rank} is not part of group {found}")
    return found.ranks[group_rank]


def new_group(ranks=None, timeout=None, backend=None, pg_options=None, use_local_synchronization=False,
              group_desc=None, device_id=None):
    """A group of the processes with global ``ranks`` (every process when None).  Every process of the
    default group calls it, in the same order; the others get ``GroupMember.NON_GROUP_MEMBER``."""
    world = default_group()
    size = world.size()
    members = list(range(size)) if ranks is None else sorted(ranks)
    if len(set(members)) != len(members):
        raise ValueError(f"ranks list must not contain duplicate entries, got {ranks}")
    if len(members) > size:
        raise ValueError("the new group's world size should be less or equal to the world size set by "
                         "init_process_group")
    for rank in members:
        if not 0 <= rank < size:
            raise ValueError(f"Rank {rank} is out of range. Valid ranks are 0 to {size - 1} (world_size={size})")
    made = []
    world.run(lambda: made.append(world.backend.split(members)), [], False)
    if made[0] is None:
        return GroupMember.NON_GROUP_MEMBER
    subgroup = ProcessGroup(made[0], members, world.backend_name if backend is None else str(backend).lower())
    _subgroups.append(subgroup)
    return subgroup

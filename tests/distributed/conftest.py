"""The process group of the distributed tests: made once for the directory from the
launcher's environment (``mpiexec -n N python -m pytest tests/distributed``) or, in a
plain ``pytest`` run, as a group of one (without mpi4py they skip); destroyed after its last test, so the tests
that follow see no group.  Every test passes at any world size: inputs are made from
the rank, expected values computed with NumPy over every rank's inputs."""
import os

import pytest

_ALONE = {"RANK": "0", "WORLD_SIZE": "1", "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "29500"}


@pytest.fixture(scope="package", autouse=True)
def process_group():
    """The default group (``tensorlib.distributed``), for every test of the directory; without mpi4py
    every test skips."""
    pytest.importorskip("mpi4py")
    from tensorlib import distributed as dist
    from tensorlib.distributed._mpi import launched_by_mpi
    added = {} if launched_by_mpi() else {name: value for name, value in _ALONE.items() if name not in os.environ}
    os.environ.update(added)
    try:
        dist.init_process_group("gloo")
    finally:
        for name in added:
            del os.environ[name]
    yield dist.group.WORLD
    dist.destroy_process_group()


@pytest.fixture
def rank():
    from tensorlib import distributed as dist
    return dist.get_rank()


@pytest.fixture
def world_size():
    from tensorlib import distributed as dist
    return dist.get_world_size()

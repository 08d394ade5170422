"""The "nccl" backend's communicator (``tensorlib.backends._nccl``).

Without a GPU its logic runs on the CUDA stand-in with NCCL played by MPI
(``nccl_stand_in``): every collective against NumPy over all ranks' inputs, at any world
size, and PyTorch's errors.  On a machine with CuPy and a CUDA device the same checks
run through CuPy's real NCCL bindings (rank r on device r, when there are enough)."""
import os
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("mpi4py")
from mpi4py import MPI

import tensorlib
from tensorlib.backends import _nccl, cuda
from tensorlib.distributed import ReduceOp, _nccl_group
from tensorlib.distributed._mpi import ProcessGroupMPI

from . import nccl_stand_in

WORLD = MPI.COMM_WORLD
RANK, SIZE = WORLD.rank, WORLD.size
DTYPES = ["float32", "float64", "float16", "int64", "int32", "int8", "uint8", "bool"]  # CUDA has no bfloat16


def values(rank, shape, dtype):
    """Rank ``rank``'s input: small integers (exact in every dtype and under every reduction)."""
    drawn = np.random.default_rng(rank + 100).integers(-3, 4, shape)
    if dtype == "bool":
        return drawn > 0
    if dtype == "uint8":
        drawn = np.abs(drawn)
    return drawn.astype(dtype)


def on_device(host):
    """The CUDA backend array (stand-in or CuPy) of a tensor holding ``host``."""
    return tensorlib.tensor(host, device="cuda")._array()


def everyone(shape, dtype):
    return [values(rank, shape, dtype) for rank in range(SIZE)]


@pytest.fixture(params=["stand-in", "cupy"])
def device(request):
    """(communicator, to_device, to_host): the stand-in's, or CuPy's on a real GPU."""
    if request.param == "stand-in":
        with cuda.use_stand_in():
            runtime = nccl_stand_in.StandInRuntime()
            communicator = _nccl.Communicator(RANK, SIZE, WORLD.bcast(runtime.nccl.get_unique_id()), runtime)
            yield communicator, on_device, np.asarray
            communicator.destroy()
        return
    cupy = pytest.importorskip("cupy")
    if _nccl.unavailable_reason() is not None:
        pytest.skip(f"no NCCL here: {_nccl.unavailable_reason()}")
    if cupy.cuda.runtime.getDeviceCount() < SIZE:  # NCCL wants one device per rank
        pytest.skip(f"{SIZE} ranks, {cupy.cuda.runtime.getDeviceCount()} CUDA devices")
    cupy.cuda.Device(RANK).use()
    runtime = _nccl.CupyRuntime()
    communicator = _nccl.Communicator(RANK, SIZE, WORLD.bcast(runtime.nccl.get_unique_id() if RANK == 0 else None),
                                      runtime)
    yield communicator, on_device, cupy.asnumpy
    communicator.destroy()


def finished(pending):
    pending.wait()
    pending.synchronize()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", ["SUM", "PRODUCT", "MIN", "MAX", "AVG"])
def test_all_reduce(device, dtype, op):
    communicator, to_device, to_host = device
    if dtype == "bool" and op == "AVG":
        pytest.skip("refused, see test_refusals")
    if op == "AVG" and dtype not in ("float32", "float64", "float16"):
        pytest.skip("NCCL's integer average truncates; PyTorch leaves it to NCCL")
    array = to_device(values(RANK, (3, 5), dtype))
    finished(communicator.all_reduce(array, op))
    inputs = np.stack(everyone((3, 5), dtype))
    expected = {"SUM": inputs.sum(0), "PRODUCT": inputs.prod(0), "MIN": inputs.min(0), "MAX": inputs.max(0),
                "AVG": (inputs.astype(np.float64).sum(0) / SIZE).astype(inputs.dtype)}[op]
    if dtype == "bool":
        expected = {"SUM": inputs.any(0), "PRODUCT": inputs.all(0), "MIN": inputs.all(0), "MAX": inputs.any(0)}[op]
    np.testing.assert_array_equal(to_host(array).astype(np.float64), expected.astype(np.float64))


@pytest.mark.parametrize("dtype", ["float32", "int64", "bool", "float16"])
@pytest.mark.parametrize("root", [0, SIZE - 1])
def test_broadcast_and_reduce(device, dtype, root):
    communicator, to_device, to_host = device
    array = to_device(values(RANK, (4, 2), dtype))
    finished(communicator.broadcast(array, root))
    np.testing.assert_array_equal(to_host(array), values(root, (4, 2), dtype))
    array = to_device(values(RANK, (7,), dtype))
    finished(communicator.reduce(array, root, "MAX" if dtype == "bool" else "SUM"))
    if RANK == root:
        inputs = np.stack(everyone((7,), dtype))
        np.testing.assert_array_equal(to_host(array), inputs.any(0) if dtype == "bool" else inputs.sum(0))


@pytest.mark.parametrize("dtype", ["float64", "int32", "bool", "int8"])
def test_all_gather(device, dtype):
    communicator, to_device, to_host = device
    whole = to_device(np.zeros((SIZE * 2, 3), dtype))
    finished(communicator.all_gather_into(whole, to_device(values(RANK, (2, 3), dtype))))
    np.testing.assert_array_equal(to_host(whole), np.concatenate(everyone((2, 3), dtype)))


@pytest.mark.parametrize("dtype", ["float32", "int64", "uint8"])
def test_reduce_scatter(device, dtype):
    communicator, to_device, to_host = device
    output = to_device(np.zeros((3,), dtype))
    finished(communicator.reduce_scatter_into(output, to_device(values(RANK, (SIZE * 3,), dtype)), "SUM"))
    np.testing.assert_array_equal(to_host(output), np.stack(everyone((SIZE * 3,), dtype)).sum(0)[RANK * 3:RANK * 3 + 3])


def counts_between(sender, receiver):
    """How many elements rank ``sender`` sends rank ``receiver`` in the all-to-all below (0 included)."""
    return (sender + 2 * receiver) % 3


@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
def test_all_to_all(device, dtype):
    communicator, to_device, to_host = device
    input_counts = [counts_between(RANK, peer) for peer in range(SIZE)]
    output_counts = [counts_between(peer, RANK) for peer in range(SIZE)]
    mine = values(RANK, (sum(input_counts),), dtype)
    output = to_device(np.zeros(sum(output_counts), dtype))
    finished(communicator.all_to_all(output, to_device(mine), output_counts, input_counts))
    expected = []
    for peer in range(SIZE):
        theirs = values(peer, (sum(counts_between(peer, other) for other in range(SIZE)),), dtype)
        start = sum(counts_between(peer, other) for other in range(RANK))
        expected.append(theirs[start:start + counts_between(peer, RANK)])
    np.testing.assert_array_equal(to_host(output), np.concatenate(expected))


@pytest.mark.skipif(SIZE < 2, reason="a message needs two ranks")
def test_send_and_recv(device):
    """A ring: each rank sends to the next and receives from the previous (even ranks send first)."""
    communicator, to_device, to_host = device
    received = to_device(np.zeros(4, "float64"))
    outgoing = to_device(values(RANK, (4,), "float64"))
    steps = [lambda: communicator.send(outgoing, (RANK + 1) % SIZE),
             lambda: communicator.recv(received, (RANK - 1) % SIZE)]
    for step in steps if RANK % 2 == 0 else steps[::-1]:
        finished(step())
    np.testing.assert_array_equal(to_host(received), values((RANK - 1) % SIZE, (4,), "float64"))


@pytest.mark.parametrize("root", [0, SIZE - 1])
def test_gather_and_scatter(device, root):
    communicator, to_device, to_host = device
    outputs = [to_device(np.zeros((2, 2), "float32")) for _ in range(SIZE)] if RANK == root else []
    finished(communicator.gather(to_device(values(RANK, (2, 2), "float32")), outputs, root))
    for output, expected in zip(outputs, everyone((2, 2), "float32")):
        np.testing.assert_array_equal(to_host(output), expected)
    inputs = [to_device(values(10 + rank, (5,), "int64")) for rank in range(SIZE)] if RANK == root else []
    output = to_device(np.zeros((5,), "int64"))
    finished(communicator.scatter(output, inputs, root))
    np.testing.assert_array_equal(to_host(output), values(10 + RANK, (5,), "int64"))


def test_barrier(device):
    communicator, _, _ = device
    communicator.barrier()
    communicator.barrier()


def test_empty(device):
    communicator, to_device, to_host = device
    array = to_device(np.zeros((0, 3), "float32"))
    finished(communicator.all_reduce(array, "SUM"))
    finished(communicator.all_gather_into(to_device(np.zeros((0,), "int64")), to_device(np.zeros((0,), "int64"))))
    assert to_host(array).shape == (0, 3)
    if isinstance(communicator._runtime, nccl_stand_in.StandInRuntime):
        assert communicator._runtime.nccl.calls == ["NcclCommunicator"]  # no collective reached NCCL


def test_refusals(device):
    """PyTorch's errors: ProcessGroupNCCL's checks of tensors, dtypes and reductions."""
    communicator, to_device, _ = device
    with pytest.raises(ValueError, match="^Tensors must be CUDA and dense$"):
        communicator.all_reduce(np.zeros(3, np.float32), "SUM")
    with pytest.raises(ValueError, match="^Tensors must be contiguous$"):
        communicator.all_reduce(to_device(np.zeros((3, 4), np.float32)).T, "SUM")
    with pytest.raises(TypeError, match="^Input tensor data type is not supported for NCCL process group: Short$"):
        communicator.broadcast(to_device(np.zeros(3, np.int16)), 0)
    for op in ("BAND", "BOR", "BXOR"):
        with pytest.raises(ValueError, match=f"^Cannot use ReduceOp.{op} with NCCL$"):
            communicator.all_reduce(to_device(np.zeros(3, np.int64)), op)
    with pytest.raises(TypeError, match="^Cannot use ReduceOp.AVG with boolean inputs$"):
        communicator.all_reduce(to_device(np.zeros(3, np.bool_)), "AVG")


def test_wire_types():
    """What reaches NCCL: bool as uint8 with SUM turned into MAX, and one communicator, made at
    the first collective."""
    with cuda.use_stand_in():
        runtime = nccl_stand_in.StandInRuntime()
        communicator = _nccl.Communicator(RANK, SIZE, runtime.nccl.get_unique_id(), runtime)
        assert runtime.nccl.calls == []
        finished(communicator.all_reduce(tensorlib.ones(3, dtype=tensorlib.bool, device="cuda")._array(), "SUM"))
        finished(communicator.all_reduce(tensorlib.ones(2, 3, dtype=tensorlib.float64, device="cuda")._array(), "AVG"))
        codes = nccl_stand_in.CODES
        assert runtime.nccl.calls == ["NcclCommunicator",
                                      ("allReduce", 3, codes["NCCL_UINT8"], codes["NCCL_MAX"]),
                                      ("allReduce", 6, codes["NCCL_FLOAT64"], codes["NCCL_AVG"])]
        communicator.destroy()


@pytest.mark.parametrize("id_spelling", ["bytes", "signed", "unsigned"])
def test_process_group(id_spelling):
    """ProcessGroupMPI's interface: arrays of CUDA tensors, flat gather/scatter buffers, ReduceOp,
    split for new_group; rank 0's NCCL id reaches every rank as CuPy spells it."""
    with cuda.use_stand_in():
        host = ProcessGroupMPI(WORLD.Dup(), "nccl")
        group = _nccl_group.ProcessGroupNCCL(host, nccl_stand_in.StandInRuntime(id_spelling))
        assert (group.rank, group.size, group.name, group.host) == (RANK, SIZE, "nccl", host)
        tensor = tensorlib.full((2, 3), float(RANK + 1), device="cuda")
        group.all_reduce(tensor._array(), ReduceOp.MAX)
        assert tensor.tolist() == [[float(SIZE)] * 3] * 2
        whole = tensorlib.zeros(SIZE, 2, device="cuda")
        group.all_gather(whole._array(), tensorlib.full((2,), float(RANK), device="cuda")._array())
        assert whole.tolist() == [[float(r)] * 2 for r in range(SIZE)]
        mine = tensorlib.zeros(2, device="cuda")
        group.reduce_scatter(mine._array(), tensorlib.arange(2.0 * SIZE, device="cuda")._array(), ReduceOp.SUM)
        assert mine.tolist() == [SIZE * (2.0 * RANK), SIZE * (2.0 * RANK + 1)]
        gathered = tensorlib.zeros(SIZE, 1, device="cuda") if RANK == 0 else None
        group.gather(None if gathered is None else gathered._array(),
                     tensorlib.full((1,), RANK + 0.5, device="cuda")._array(), 0)
        if RANK == 0:
            assert gathered.reshape(-1).tolist() == [r + 0.5 for r in range(SIZE)]
        received = tensorlib.zeros(3, device="cuda")
        pieces = tensorlib.arange(3.0 * SIZE, device="cuda") if RANK == 0 else None
        group.scatter(received._array(), None if pieces is None else pieces._array(), 0)
        assert received.tolist() == [3.0 * RANK, 3.0 * RANK + 1, 3.0 * RANK + 2]
        exchanged = tensorlib.zeros(SIZE, device="cuda")
        group.all_to_all(exchanged._array(), tensorlib.full((SIZE,), float(RANK), device="cuda")._array(),
                         [1] * SIZE, [1] * SIZE)
        assert exchanged.tolist() == [float(r) for r in range(SIZE)]
        if SIZE > 1:
            incoming = tensorlib.zeros(2, device="cuda")
            peer = 1 - RANK if RANK < 2 else None
            if peer is not None:
                message = (group.isend(tensorlib.full((2,), 7.0, device="cuda")._array(), peer, 0) if RANK == 0
                           else group.irecv(incoming._array(), peer, 0))
                message.wait()
                assert message.test() and message.source() == peer
                assert incoming.tolist() == ([0.0, 0.0] if RANK == 0 else [7.0, 7.0])
        with pytest.raises(RuntimeError, match="^ProcessGroupNCCL does not support recvAnysource$"):
            group.irecv(tensorlib.zeros(2, device="cuda")._array(), None, 0)
        assert group.host_arrays is False
        group.barrier()
        with pytest.raises(ValueError, match="^Tensors must be CUDA and dense$"):
            group.broadcast(tensorlib.zeros(3)._array(), 0)
        with pytest.raises(ValueError, match="^Tensors must be contiguous$"):
            group.broadcast(tensorlib.zeros(4, 4, device="cuda")[:, 1]._array(), 0)
        assert group.split([]) is None  # (the NCCL stand-in spans COMM_WORLD: a split keeps every rank)
        everyone_again = group.split(list(range(SIZE)))
        ones = tensorlib.ones(2, device="cuda")
        everyone_again.all_reduce(ones._array(), ReduceOp.SUM)
        assert ones.tolist() == [float(SIZE)] * 2 and (everyone_again.rank, everyone_again.size) == (RANK, SIZE)
        everyone_again.close()
        group.close()


def test_without_nccl_pytorchs_error(monkeypatch):
    """A build without NCCL (no CuPy, no device, CuPy without NCCL): PyTorch's warning and error."""
    monkeypatch.setattr(_nccl, "unavailable_reason", lambda: "CUDA is not available")
    warning = "^Attempted to get default timeout for nccl backend, but NCCL support is not compiled$"
    host = ProcessGroupMPI(WORLD.Dup(), "nccl")
    with pytest.warns(UserWarning, match=warning), \
            pytest.raises(RuntimeError, match="^Distributed package doesn't have NCCL built in$"):
        _nccl_group.nccl_backend(host)
    assert host._comm == MPI.COMM_NULL  # the MPI group made for it is freed


def test_availability_says_why():
    reason = _nccl.unavailable_reason()
    with cuda.use_stand_in():
        assert _nccl.unavailable_reason() == "CUDA is not available"  # NumPy has no NCCL
    assert (reason is None) == (cuda.is_available() and pytest.importorskip("cupy").cuda.nccl.available)


_INIT_NCCL = """
import warnings
import tensorlib.distributed as dist
from tensorlib.distributed import _groups, _nccl_group
_groups.register_backend("nccl", _nccl_group.nccl_backend)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        dist.init_process_group("nccl")
    except RuntimeError as error:
        print("RuntimeError:", error)
print([str(warning.message) for warning in caught])
print(dist.is_initialized())
dist.init_process_group("gloo")
print(dist.get_backend(), dist.get_world_size())
dist.destroy_process_group()
"""


@pytest.mark.skipif(RANK != 0, reason="rank 0 starts the process")
def test_init_process_group_without_nccl():
    """``init_process_group("nccl")`` through the registered factory, where CUDA or NCCL is missing:
    PyTorch's warning and RuntimeError, no group left behind (a later init works)."""
    if _nccl.unavailable_reason() is None:
        pytest.skip("NCCL is available here")
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PMI_", "HYDRA_", "MPI_"))}
    env.update(RANK="0", WORLD_SIZE="1", MASTER_ADDR="127.0.0.1", MASTER_PORT="29517", MPIEXEC_TIMEOUT="300",
               PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(tensorlib.__file__))))
    proc = subprocess.run([sys.executable, "-c", _INIT_NCCL], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "RuntimeError: Distributed package doesn't have NCCL built in",
        "['Attempted to get default timeout for nccl backend, but NCCL support is not compiled']",
        "False", "gloo 1"]

"""The device side of the "nccl" process group: NCCL collectives over CUDA arrays,
through CuPy's bindings (``cupy.cuda.nccl``).

``Communicator`` is one process's member of an NCCL communicator.  Its methods take the
backend arrays of tensors (``tensor._array()``) and follow PyTorch's ProcessGroupNCCL:

* every collective is enqueued on the communicator's own stream, after the work already
  queued on the caller's current stream (an event orders them), and returns a
  ``Pending``; ``Pending.wait()`` makes the current stream wait for the collective
  without blocking the host, as PyTorch's ``Work.wait()`` does for CUDA tensors;
* the copies a collective needs around NCCL (a root's own piece of ``gather`` and
  ``scatter``) run on the communicator's stream too;
* the arrays of a collective in flight stay referenced until their stream has passed
  it, so freeing a tensor early never hands its memory to another kernel too soon;
* dtypes map as PyTorch maps them (bool travels as uint8, where a bool SUM is a MAX);
  int16, which NCCL lacks, raises PyTorch's TypeError, and bitwise reductions its
  ValueError.

The CUDA runtime is reached through a ``Runtime`` (``CupyRuntime`` on a GPU), so the
logic above runs in the test suite on the NumPy stand-in with an NCCL stand-in over MPI.
"""
import numpy as np

from .. import _dtype


def unavailable_reason():
    """Why the "nccl" backend cannot run here (None when it can): CuPy, a device, NCCL."""
    from . import cuda
    if not cuda.is_available() or cuda.stand_in_active():
        return "CUDA is not available"
    try:
        from cupy.cuda import nccl
    except ImportError as error:
        return f"CuPy was built without NCCL ({error})"
    return None if getattr(nccl, "available", True) else "CuPy was built without NCCL"


class CupyRuntime:
    """What ``Communicator`` needs of CUDA, from CuPy: streams, events, devices, pointers, and
    ``nccl`` (whose ``get_unique_id()`` one rank calls, handing the id to every other)."""

    def __init__(self):
        import cupy
        from cupy.cuda import nccl
        self.nccl = nccl
        self.xp = cupy
        self._cupy = cupy

    def is_device_array(self, array):
        return isinstance(array, self._cupy.ndarray)

    def device_index(self, array):
        return array.device.id

    def current_device(self):
        return self._cupy.cuda.Device().id

    def on_device(self, index):
        """A context making device ``index`` current."""
        return self._cupy.cuda.Device(index)

    def pointer(self, array):
        return array.data.ptr

    def new_stream(self):
        return self._cupy.cuda.Stream(non_blocking=True)

    def current_stream(self):
        return self._cupy.cuda.get_current_stream()

    def new_event(self):
        return self._cupy.cuda.Event(disable_timing=True)


class Pending:
    """A collective enqueued on a communicator's stream: its end event, the arrays it uses."""

    __slots__ = ("_arrays", "_device", "_done", "_runtime")

    def __init__(self, runtime, device, done, arrays):
        self._runtime = runtime
        self._device = device
        self._done = done
        self._arrays = arrays

    def is_completed(self):
        return self._done.done

    def wait(self):
        """The caller's current stream waits for the collective (the host does not)."""
        with self._runtime.on_device(self._device):
            self._runtime.current_stream().wait_event(self._done)

    def synchronize(self):
        """The host waits for the collective."""
        self._done.synchronize()


class Communicator:
    """This process's member (``rank`` of ``size``) of the NCCL communicator named by ``nccl_id``.

    NCCL binds a communicator to the device current when it is made; it is made on the
    device of the first array collected, as PyTorch makes its communicators on the
    device of the first tensor."""

    def __init__(self, rank, size, nccl_id, runtime=None):
        self.rank = rank
        self.size = size
        self._id = nccl_id
        self._runtime = runtime if runtime is not None else CupyRuntime()
        self._nccl = self._runtime.nccl
        self._comm = None
        self._device = None
        self._stream = None
        self._in_flight = []

    # ---- collectives: each takes backend arrays and returns a Pending ---------------------------
    def all_reduce(self, array, op):
        self._check(array)
        kind, count, nccl_op = self._reduction(array, op)
        ptr = self._runtime.pointer(array)
        return self._enqueue([array], lambda comm, stream: comm.allReduce(ptr, ptr, count, kind, nccl_op, stream))

    def reduce(self, array, root, op):
        self._check(array)
        kind, count, nccl_op = self._reduction(array, op)
        ptr = self._runtime.pointer(array)
        return self._enqueue([array], lambda comm, stream: comm.reduce(ptr, ptr, count, kind, nccl_op, root, stream))

    def broadcast(self, array, root):
        self._check(array)
        kind, count = self._wire_type(array)
        ptr = self._runtime.pointer(array)
        return self._enqueue([array], lambda comm, stream: comm.broadcast(ptr, ptr, count, kind, root, stream))

    def all_gather_into(self, output, array):
        """``output`` holds every rank's ``array`` one after the other (``all_gather_into_tensor``)."""
        self._check(output, array)
        kind, count = self._wire_type(array)
        send, receive = self._runtime.pointer(array), self._runtime.pointer(output)
        return self._enqueue([output, array], lambda comm, stream: comm.allGather(send, receive, count, kind, stream))

    def reduce_scatter_into(self, output, array, op):
        """``output`` receives its rank's block of the reduction of every rank's ``array``
        (``reduce_scatter_tensor``)."""
        self._check(output, array)
        kind, count, nccl_op = self._reduction(output, op)
        send, receive = self._runtime.pointer(array), self._runtime.pointer(output)
        return self._enqueue([output, array],
                             lambda comm, stream: comm.reduceScatter(send, receive, count, kind, nccl_op, stream))

    def all_to_all(self, output, array, output_counts, input_counts):
        """Part r of ``array`` (``input_counts[r]`` elements, in order) goes to rank r; rank r's part
        for this rank lands in part r of ``output`` (``output_counts[r]``): NCCL's sends and receives,
        grouped, as PyTorch's all_to_all."""
        self._check(output, array)
        kind, _ = self._wire_type(array)
        sends, receives = _parts(array, input_counts), _parts(output, output_counts)
        pointer = self._runtime.pointer

        def run(comm, stream):
            self._nccl.groupStart()
            try:
                for peer, (piece, received) in enumerate(zip(sends, receives)):
                    if piece.size:
                        comm.send(pointer(piece), piece.size, kind, peer, stream)
                    if received.size:
                        comm.recv(pointer(received), received.size, kind, peer, stream)
            finally:
                self._nccl.groupEnd()
        return self._enqueue([output, array], run)

    def send(self, array, peer):
        self._check(array)
        kind, count = self._wire_type(array)
        ptr = self._runtime.pointer(array)
        return self._enqueue([array], lambda comm, stream: comm.send(ptr, count, kind, peer, stream))

    def recv(self, array, peer):
        self._check(array)
        kind, count = self._wire_type(array)
        ptr = self._runtime.pointer(array)
        return self._enqueue([array], lambda comm, stream: comm.recv(ptr, count, kind, peer, stream))

    def gather(self, array, outputs, root):
        """Rank ``root``'s ``outputs[r]`` receives rank r's ``array``; other ranks pass no outputs."""
        self._check(array, *outputs)
        kind, count = self._wire_type(array)
        return self._enqueue([array, *outputs],
                             lambda comm, stream: self._rooted(comm, stream, root, array, outputs, kind, count, True))

    def scatter(self, output, inputs, root):
        """Rank r's ``output`` receives rank ``root``'s ``inputs[r]``; other ranks pass no inputs."""
        self._check(output, *inputs)
        kind, count = self._wire_type(output)
        return self._enqueue([output, *inputs],
                             lambda comm, stream: self._rooted(comm, stream, root, output, inputs, kind, count, False))

    def _rooted(self, comm, stream, root, mine, pieces, kind, count, to_root):
        """gather (``to_root``) or scatter by NCCL's sends and receives: a rank exchanges ``mine``
        with the root; the root exchanges every other rank's piece in one NCCL group, and copies
        its own."""
        pointer = self._runtime.pointer
        if self.rank != root:
            (comm.send if to_root else comm.recv)(pointer(mine), count, kind, root, stream)
            return
        self._nccl.groupStart()
        try:
            for peer, piece in enumerate(pieces):
                if peer != root:
                    (comm.recv if to_root else comm.send)(pointer(piece), count, kind, peer, stream)
        finally:
            self._nccl.groupEnd()
        if to_root:
            pieces[root][...] = mine.reshape(pieces[root].shape)
        else:
            mine[...] = pieces[root].reshape(mine.shape)

    def barrier(self):
        """Blocks the host until every rank has reached it (a one-element all-reduce, as PyTorch's)."""
        if self._comm is None:
            self._connect(self._runtime.current_device())
        with self._runtime.on_device(self._device):
            token = self._runtime.xp.zeros(1, np.float32)
        self.all_reduce(token, "SUM").synchronize()

    def destroy(self):
        """Waits for the collectives in flight, then frees NCCL's resources."""
        for pending in self._in_flight:
            pending.synchronize()
        self._in_flight = []
        if self._comm is not None:
            self._comm.destroy()
            self._comm = None

    # ---- the machinery -----------------------------------------------------------------------
    def _check(self, *arrays):
        for array in arrays:
            if not self._runtime.is_device_array(array):
                raise ValueError("Tensors must be CUDA and dense")
            if not array.flags.c_contiguous:
                raise ValueError("Tensors must be contiguous")

    def _wire_type(self, array):
        """(NCCL datatype, element count) of ``array`` on the wire."""
        name = _NCCL_TYPES.get(array.dtype.name)
        if name is None or not hasattr(self._nccl, name):
            raise TypeError(f"Input tensor data type is not supported for NCCL process group: "
                            f"{_dtype.from_numpy(array.dtype).short_name}")
        return getattr(self._nccl, name), array.size

    def _reduction(self, array, op):
        """(NCCL datatype, element count, NCCL reduction) of reducing ``array`` with ``op``
        (a ReduceOp name: "SUM", "AVG", "PRODUCT", "MIN", "MAX"...)."""
        if array.dtype == np.bool_:
            if op == "AVG":
                raise TypeError("Cannot use ReduceOp.AVG with boolean inputs")
            if op == "SUM":  # as PyTorch: bools travel as uint8, where a sum could wrap; a max is their "or"
                op = "MAX"
        kind, count = self._wire_type(array)
        if op in ("BAND", "BOR", "BXOR"):
            raise ValueError(f"Cannot use ReduceOp.{op} with NCCL")
        if op not in _NCCL_OPS or not hasattr(self._nccl, _NCCL_OPS[op]):
            raise ValueError("AVG requires NCCL 2.10+" if op == "AVG" else "Unhandled ReduceOp")
        return kind, count, getattr(self._nccl, _NCCL_OPS[op])

    def _enqueue(self, arrays, run):
        """Runs ``run(communicator, stream pointer)`` on this communicator's stream, after the work
        queued on the current stream; the arrays stay referenced until the stream has passed it."""
        runtime = self._runtime
        if self._comm is None:
            self._connect(runtime.device_index(arrays[0]))
        if all(array.size == 0 for array in arrays):  # (every rank's are): no pointer NCCL could check
            run = _nothing
        self._in_flight = [pending for pending in self._in_flight if not pending.is_completed()]
        # the device is made current for the events too: a communication thread may call
        with runtime.on_device(self._device):
            ready = runtime.new_event()
            ready.record(runtime.current_stream())
            self._stream.wait_event(ready)
            with self._stream:
                run(self._comm, self._stream.ptr)
            done = runtime.new_event()
            done.record(self._stream)
        pending = Pending(runtime, self._device, done, arrays)
        self._in_flight.append(pending)
        return pending

    def _connect(self, device):
        with self._runtime.on_device(device):
            self._comm = self._nccl.NcclCommunicator(self.size, self._id, self.rank)
            self._stream = self._runtime.new_stream()
        self._device = device


def _nothing(comm, stream):
    pass


def _parts(flat, counts):
    """``flat`` cut into consecutive views of ``counts`` elements."""
    offsets = np.cumsum([0, *counts])
    return [flat[int(start):int(end)] for start, end in zip(offsets[:-1], offsets[1:])]


# numpy dtype name -> cupy.cuda.nccl's constant (bool travels as uint8, as PyTorch sends it)
_NCCL_TYPES = {"int8": "NCCL_INT8", "uint8": "NCCL_UINT8", "bool": "NCCL_UINT8", "int32": "NCCL_INT32",
               "int64": "NCCL_INT64", "float16": "NCCL_FLOAT16", "float32": "NCCL_FLOAT32",
               "float64": "NCCL_FLOAT64"}
_NCCL_OPS = {"SUM": "NCCL_SUM", "PRODUCT": "NCCL_PROD", "MIN": "NCCL_MIN", "MAX": "NCCL_MAX", "AVG": "NCCL_AVG"}

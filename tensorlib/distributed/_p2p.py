"""Point-to-point: ``send``, ``recv``, ``isend``, ``irecv``.  Each starts at once, in
the caller's thread (MPI matches messages apart from collectives, so they need no
place in the group's queue), and its Work completes it when waited on."""
import threading

from ._collectives import check_tensor, root_rank
from ._groups import resolve
from ._staging import flat_array
from ._work import Work


class P2PWork(Work):
    """A send or receive in flight: ``is_completed()`` tests it, ``wait()`` completes it (a receive into
    a tensor that is not contiguous is written back then)."""

    def __init__(self, tensor, request, write_back=None):
        super().__init__([tensor])
        self._request = request
        self._write_back = write_back
        self._lock = threading.Lock()

    def _settle(self, done):
        with self._lock:
            if done and not self._future.done():
                if self._write_back is not None:
                    self._write_back()
                self._finish(None)

    def is_completed(self):
        """Whether the message has been sent or received."""
        self._settle(self._future.done() or self._request.test())
        return self._future.done()

    def wait(self, timeout=None):
        """Blocks until the message has been sent (its buffer may be reused) or received; True."""
        if not self._future.done():
            self._request.wait()
            self._settle(True)
        return True

    def source_rank(self):
        """The group rank of a receive's sender (after ``wait()``)."""
        return self._request.source()


def _not_self(pg, group_rank, role):
    if group_rank == pg.rank():
        raise ValueError(f"Invalid {role} rank: {role} rank should not be the same as the rank of the current "
                         "process.")


def isend(tensor, dst=None, group=None, tag=0, group_dst=None):
    """Starts sending ``tensor`` to ``dst`` (a global rank; or ``group_dst``, a rank in ``group``); returns
    a Work (None outside the group).  ``tensor`` must not change until the Work completes."""
    check_tensor(tensor, "tensor")
    pg = resolve(group, "isend")
    if pg is None:
        return None
    target = root_rank(pg, dst, group_dst, "send")
    _not_self(pg, target, "destination")
    flat = flat_array(pg, tensor)[0]
    return P2PWork(tensor, pg.backend.isend(flat, target, tag))


def irecv(tensor, src=None, group=None, tag=0, group_src=None):
    """Starts receiving into ``tensor`` from ``src`` (a global rank, or ``group_src``; any process when
    both are None); returns a Work (None outside the group)."""
    check_tensor(tensor, "tensor")
    pg = resolve(group, "irecv")
    if pg is None:
        return None
    source = None
    if src is not None or group_src is not None:
        source = root_rank(pg, src, group_src, "recv")
        _not_self(pg, source, "source")
    flat, write_back = flat_array(pg, tensor)
    return P2PWork(tensor, pg.backend.irecv(flat, source, tag), write_back)


def send(tensor, dst=None, group=None, tag=0, group_dst=None):
    """Sends ``tensor`` to ``dst`` (a global rank; or ``group_dst``) and returns once it is sent."""
    work = isend(tensor, dst, group, tag, group_dst)
    if work is not None:
        work.wait()


def recv(tensor, src=None, group=None, tag=0, group_src=None):
    """Receives into ``tensor`` from ``src`` (any process when None); returns the sender's global rank
    (-1 outside the group)."""
    work = irecv(tensor, src, group, tag, group_src)
    if work is None:
        return -1
    work.wait()
    pg = resolve(group)
    return pg.ranks[work.source_rank()]

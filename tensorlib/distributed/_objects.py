"""The object collectives: Python objects pickled into byte arrays, moved by the
group's host backend (sizes first, then the bytes padded to the longest)."""
import pickle

import numpy as np

from ._collectives import check_list_on_root, root_rank
from ._groups import resolve


def _host(pg):
    """The process group that moves host (NumPy) arrays for ``pg``: a device backend names one as ``host``."""
    return getattr(pg.backend, "host", pg.backend)


def _payload(obj):
    return np.frombuffer(pickle.dumps(obj), np.uint8)


def _padded(payloads, length):
    rows = np.zeros((len(payloads), length), np.uint8)
    for row, payload in zip(rows, payloads):
        row[:payload.size] = payload
    return rows


def _run(pg, operation):
    pg.run(operation, [], False)


def _sizes_everywhere(pg, payload):
    sizes = np.empty(pg.size(), np.int64)
    _run(pg, lambda: _host(pg).all_gather(sizes, np.array([payload.size], np.int64)))
    return sizes


def _root_of(pg, global_rank, group_rank, op_name):
    return root_rank(pg, 0 if global_rank is None and group_rank is None else global_rank, group_rank, op_name)


def _pickled_from_root(pg, root, is_root, objects, count):
    """The root's ``count`` objects pickled (none elsewhere), and their sizes on every process."""
    payloads = [_payload(obj) for obj in objects] if is_root else []
    sizes = np.array([p.size for p in payloads], np.int64) if is_root else np.empty(count, np.int64)
    _run(pg, lambda: _host(pg).broadcast(sizes, root))
    return payloads, sizes


def broadcast_object_list(object_list, src=None, group=None, device=None, group_src=None):
    """Replaces ``object_list``'s items on every process with the source's (picklable objects).

    Args:
        object_list (list): the objects to send (on the source), or a list of as many items to fill.
        src (int, optional): the source's global rank (default 0; or give ``group_src``).
        group (ProcessGroup, optional): the group (default: every process).
        device: accepted for PyTorch's signature.
    """
    pg = resolve(group, "broadcast_object_list")
    if pg is None:
        return
    root = _root_of(pg, src, group_src, "broadcast")
    is_root = pg.rank() == root
    payloads, sizes = _pickled_from_root(pg, root, is_root, object_list, len(object_list))
    data = np.concatenate(payloads) if payloads else np.empty(int(sizes.sum()), np.uint8)
    _run(pg, lambda: _host(pg).broadcast(data, root))
    if not is_root:
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        for index in range(len(object_list)):
            object_list[index] = pickle.loads(data[offsets[index]:offsets[index + 1]].tobytes())


def all_gather_object(object_list, obj, group=None):
    """Fills ``object_list[r]`` with process ``r``'s ``obj`` (picklable) on every process.

    Args:
        object_list (list): a list of the group's size.
        obj: this process's object.
        group (ProcessGroup, optional): the group (default: every process).
    """
    pg = resolve(group, "all_gather_object")
    if pg is None:
        return
    payload = _payload(obj)
    sizes = _sizes_everywhere(pg, payload)
    rows = np.empty((pg.size(), int(sizes.max())), np.uint8)
    _run(pg, lambda: _host(pg).all_gather(rows.reshape(-1), _padded([payload], rows.shape[1]).reshape(-1)))
    for rank in range(pg.size()):
        object_list[rank] = pickle.loads(rows[rank, :sizes[rank]].tobytes())


def gather_object(obj, object_gather_list=None, dst=None, group=None, group_dst=None):
    """Gathers every process's ``obj`` (picklable) into the destination's ``object_gather_list``.

    Args:
        obj: this process's object.
        object_gather_list (list, optional): on the destination only, a list of the group's size.
        dst (int, optional): the destination's global rank (default 0; or give ``group_dst``).
        group (ProcessGroup, optional): the group (default: every process).
    """
    pg = resolve(group, "gather_object")
    if pg is None:
        return
    root = _root_of(pg, dst, group_dst, "gather")
    is_root = pg.rank() == root
    check_list_on_root(is_root, object_gather_list, "gather_list", "destination")
    payload = _payload(obj)
    sizes = _sizes_everywhere(pg, payload)
    length = int(sizes.max())
    rows = np.empty((pg.size(), length), np.uint8) if is_root else None
    _run(pg, lambda: _host(pg).gather(None if rows is None else rows.reshape(-1),
                                      _padded([payload], length).reshape(-1), root))
    if is_root:
        for rank in range(pg.size()):
            object_gather_list[rank] = pickle.loads(rows[rank, :sizes[rank]].tobytes())


def scatter_object_list(scatter_object_output_list, scatter_object_input_list=None, src=None, group=None,
                        group_src=None):
    """Gives process ``r`` the source's ``scatter_object_input_list[r]`` in ``scatter_object_output_list[0]``.

    Args:
        scatter_object_output_list (list): a list of at least one item; its first is replaced.
        scatter_object_input_list (list, optional): on the source, one picklable object per process.
        src (int, optional): the source's global rank (default 0; or give ``group_src``).
        group (ProcessGroup, optional): the group (default: every process).
    """
    if not isinstance(scatter_object_output_list, list) or len(scatter_object_output_list) < 1:
        raise ValueError("Expected argument scatter_object_output_list to be a list of size at least 1.")
    pg = resolve(group, "scatter_object_list")
    if pg is None:
        return
    root = _root_of(pg, src, group_src, "scatter")
    is_root = pg.rank() == root
    payloads, sizes = _pickled_from_root(pg, root, is_root, scatter_object_input_list, pg.size())
    length = int(sizes.max())
    rows = _padded(payloads, length) if is_root else None
    mine = np.empty(length, np.uint8)
    _run(pg, lambda: _host(pg).scatter(mine, None if rows is None else rows.reshape(-1), root))
    scatter_object_output_list[0] = pickle.loads(mine[:sizes[pg.rank()]].tobytes())

"""What runs inside a DataLoader worker process: ``worker_loop`` (seeding, the
``worker_init_fn``, then fetching batches for the indices the loader sends),
``get_worker_info`` and the messages between worker and loader."""
import os
import queue
import random
import sys
import traceback

import numpy as np

from ...random import manual_seed
from ..._threads import set_num_threads
from ._fetch import make_fetcher

# How often (seconds) an idle worker looks whether the loader is still there.
STATUS_CHECK_INTERVAL = 5.0

_worker_info = None


class WorkerInfo:
    """What a worker knows about itself: ``id`` (0 .. num_workers - 1), ``num_workers``, ``seed`` (the
    base seed plus the id: Python's ``random`` and tensorlib's default generator are seeded with it) and
    ``dataset`` (this worker's copy).  Read-only."""

    def __init__(self, **fields):
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_names", tuple(fields))

    def __setattr__(self, name, value):
        raise RuntimeError(f"Cannot assign attributes to {type(self).__name__} objects")

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)}' for n in self._names)})"


def get_worker_info():
    """In a DataLoader worker process: its ``WorkerInfo``; in the loader's own process: None.  An
    ``IterableDataset`` uses it to shard its samples between the workers."""
    return _worker_info


class ResumeIteration:
    """Sent to a persistent worker at the start of a new pass; it answers with the same object."""


class IterableDatasetStopIteration:
    """A worker's answer once its copy of an iterable dataset is exhausted."""

    def __init__(self, worker_id):
        self.worker_id = worker_id


class _KeyErrorMessage(str):
    """A KeyError's message that prints as itself (a KeyError shows the repr of its argument)."""

    def __repr__(self):
        return self


class ExceptionWrapper:
    """An exception raised in a worker, carried to the loader's process and raised there again with
    the worker's traceback in its message."""

    def __init__(self, where):
        exc_type, exc_value, exc_traceback = sys.exc_info()
        self.exc_type = exc_type
        self.exc_msg = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        self.where = where

    def reraise(self):
        message = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.exc_msg}"
        if self.exc_type is KeyError:
            message = _KeyErrorMessage(message)
        try:
            error = self.exc_type(message)
        except Exception:  # an exception class that takes other arguments
            raise RuntimeError(message) from None
        raise error


def _seed_worker(base_seed, worker_id):
    """Seeds Python's ``random`` and tensorlib's default generator with ``base_seed + worker_id``,
    and NumPy's global generator with the state PyTorch gives it (a SeedSequence of the worker id
    and the base seed)."""
    seed = base_seed + worker_id
    random.seed(seed)
    manual_seed(seed)
    np.random.seed(np.random.SeedSequence([worker_id, base_seed]).generate_state(4))
    return seed


def worker_loop(dataset, is_iterable, index_queue, data_queue, done_event, auto_collation, collate_fn, drop_last,
                base_seed, init_fn, worker_id, num_workers):
    """The body of worker ``worker_id``: answers each ``(task index, sampler output)`` from
    ``index_queue`` with ``(task index, batch)`` (or an ExceptionWrapper) on ``data_queue`` until it
    gets None or the loader goes away."""
    global _worker_info
    try:
        set_num_threads(1)  # the workers share the machine's cores
        seed = _seed_worker(base_seed, worker_id)
        _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
        where = f"in DataLoader worker process {worker_id}"
        init_error = None
        fetcher = None
        try:
            if init_fn is not None:
                init_fn(worker_id)
            fetcher = make_fetcher(dataset, is_iterable, auto_collation, collate_fn, drop_last)
        except Exception:
            init_error = ExceptionWrapper(where)
        exhausted = False
        parent = os.getppid()
        while True:
            try:
                task = index_queue.get(timeout=STATUS_CHECK_INTERVAL)
            except queue.Empty:
                if done_event.is_set() or os.getppid() != parent:
                    break
                continue
            if isinstance(task, ResumeIteration):
                data_queue.put((task, None))
                exhausted = False
                fetcher = make_fetcher(dataset, is_iterable, auto_collation, collate_fn, drop_last)
                continue
            if task is None:
                break
            if done_event.is_set() or exhausted:
                continue
            idx, index = task
            if init_error is not None:
                data, init_error = init_error, None
            else:
                try:
                    data = fetcher.fetch(index)
                except StopIteration:
                    if not is_iterable:
                        data = ExceptionWrapper(where)
                    else:
                        data = IterableDatasetStopIteration(worker_id)
                        exhausted = True
                except Exception:
                    data = ExceptionWrapper(where)
            data_queue.put((idx, data))
    except KeyboardInterrupt:
        pass  # the loader's process handles the interrupt
    if done_event.is_set():
        data_queue.cancel_join_thread()
        data_queue.close()

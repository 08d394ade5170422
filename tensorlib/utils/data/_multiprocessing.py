"""The iterator of a DataLoader with ``num_workers > 0``: worker processes fetch
and collate batches while the loader's process samples the indices, hands them
out round-robin (``prefetch_factor`` batches ahead per worker) and returns the
batches in the sampler's order (or as they arrive, with ``in_order=False``), so
that the batches are those ``num_workers=0`` gives.  Batches cross the process
boundary pickled (tensors pickle with their values).  A worker's exception is
raised again here with its traceback; a dead worker or ``timeout`` seconds
without a batch raise RuntimeError."""
import itertools
import multiprocessing
import os
import queue

from ._worker import ExceptionWrapper, IterableDatasetStopIteration, ResumeIteration, STATUS_CHECK_INTERVAL, \
    worker_loop


class MultiProcessingIter:
    """Iterates over ``loader``'s batches, fetched by ``loader.num_workers`` worker processes."""

    def __init__(self, loader, base_seed):
        assert loader.prefetch_factor > 0, "prefetch_factor must be greater than 0 for MultiProcessingDataLoaderIter"
        self._loader = loader
        self._num_workers = loader.num_workers
        self._prefetch = loader.prefetch_factor * loader.num_workers
        self._timeout = loader.timeout
        self._in_order = loader.in_order
        self._persistent = loader.persistent_workers
        self._is_iterable = loader._iterable
        context = loader.multiprocessing_context
        if context is None:
            context = multiprocessing.get_context()
        elif isinstance(context, str):
            context = multiprocessing.get_context(context)
        self._done_event = context.Event()
        self._data_queue = context.Queue()
        self._index_queues, self._workers = [], []
        self._pid = os.getpid()
        self._shutdown = False
        for worker_id in range(self._num_workers):
            index_queue = context.Queue()
            index_queue.cancel_join_thread()  # never block the loader's exit on an undelivered index
            worker = context.Process(
                target=worker_loop,
                args=(loader.dataset, self._is_iterable, index_queue, self._data_queue, self._done_event,
                      loader._auto_collation, loader.collate_fn, loader.drop_last, base_seed, loader.worker_init_fn,
                      worker_id, self._num_workers),
                daemon=True)
            worker.start()
            self._index_queues.append(index_queue)
            self._workers.append(worker)
        self._reset(first=True)

    def _reset(self, first=False):
        self._sampler_iter = iter(self._loader._index_sampler)
        self._send_idx = 0
        self._rcvd_idx = 0
        self._task_info = {}      # task index -> (worker id,) while outstanding, (worker id, data) once early
        self._outstanding = 0
        self._worker_cycle = itertools.cycle(range(self._num_workers))
        self._active = [True] * self._num_workers
        if not first:  # persistent workers start a new pass once each has answered
            for index_queue in self._index_queues:
                index_queue.put(ResumeIteration())
            answers = 0
            while answers < self._num_workers:
                marker, _ = self._get_data()
                answers += isinstance(marker, ResumeIteration)  # batches of an abandoned pass are dropped
        for _ in range(self._prefetch):
            self._put_index()

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._loader)

    def _put_index(self):
        try:
            index = next(self._sampler_iter)
        except StopIteration:
            return
        for _ in range(self._num_workers):
            worker_id = next(self._worker_cycle)
            if self._active[worker_id]:
                break
        else:
            return
        self._index_queues[worker_id].put((self._send_idx, index))
        self._task_info[self._send_idx] = (worker_id,)
        self._outstanding += 1
        self._send_idx += 1

    def _get_data(self):
        """The next (task index, data) from any worker; RuntimeError after ``timeout`` seconds or when a
        worker died."""
        if self._timeout > 0:
            try:
                return self._data_queue.get(timeout=self._timeout)
            except queue.Empty:
                raise RuntimeError(f"DataLoader timed out after {self._timeout} seconds") from None
        while True:
            try:
                return self._data_queue.get(timeout=STATUS_CHECK_INTERVAL)
            except queue.Empty:
                dead = [w.pid for w, active in zip(self._workers, self._active) if active and not w.is_alive()]
                if dead:
                    self._shutdown_workers()
                    raise RuntimeError(f"DataLoader worker (pid(s) {', '.join(map(str, dead))}) exited "
                                       "unexpectedly") from None

    def __next__(self):
        while True:
            while self._rcvd_idx < self._send_idx:
                info = self._task_info.get(self._rcvd_idx)
                if info is not None and (len(info) == 2 or self._active[info[0]]):
                    break
                self._task_info.pop(self._rcvd_idx, None)  # its worker ended: the task will not be answered
                self._rcvd_idx += 1
            else:
                if not self._persistent:
                    self._shutdown_workers()
                raise StopIteration
            if len(self._task_info[self._rcvd_idx]) == 2:
                data = self._task_info.pop(self._rcvd_idx)[1]
                self._rcvd_idx += 1
                return self._process(data)
            idx, data = self._get_data()
            self._outstanding -= 1
            if isinstance(data, IterableDatasetStopIteration):
                self._active[data.worker_id] = False
                if not self._persistent:
                    self._index_queues[data.worker_id].put(None)
                self._put_index()
                continue
            if idx == self._rcvd_idx:
                del self._task_info[idx]
                self._rcvd_idx += 1
                return self._process(data)
            if not self._in_order:
                del self._task_info[idx]
                return self._process(data)
            self._task_info[idx] += (data,)

    def _process(self, data):
        self._put_index()
        if isinstance(data, ExceptionWrapper):
            data.reraise()
        return data

    def _shutdown_workers(self):
        if self._shutdown or os.getpid() != self._pid:
            return
        self._shutdown = True
        self._done_event.set()
        for index_queue in self._index_queues:
            index_queue.put(None)
        for worker in self._workers:
            worker.join(timeout=STATUS_CHECK_INTERVAL)
            if worker.is_alive():
                worker.terminate()
        for index_queue in self._index_queues:
            index_queue.close()
        self._data_queue.cancel_join_thread()
        self._data_queue.close()

    def __del__(self):
        if hasattr(self, "_shutdown"):  # the constructor got as far as starting workers
            self._shutdown_workers()

"""Work handles, their futures, and the per-group communication thread.

A group's collectives run in the order they were called, on every rank, one at a
time: each group owns a ``CommThread`` that executes the queued operations FIFO.
An ``async_op=True`` call queues its operation and returns a ``Work`` at once, so
the caller keeps computing while the thread communicates (its MPI waits release
the GIL); a synchronous call with nothing queued runs in the caller's thread, which
spares the hand-over."""
import queue
import threading


class Future:
    """``torch.futures.Future``: a value that a collective sets when it completes."""

    def __init__(self):
        self._done = threading.Event()
        self._value = None
        self._error = None
        self._callbacks = []
        self._lock = threading.Lock()

    def done(self):
        """Whether the value (or an error) is set."""
        return self._done.is_set()

    def wait(self):
        """Blocks until the value is set and returns it; raises the operation's error."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value

    def value(self):
        """The value of a completed future (raises the operation's error)."""
        return self.wait()

    def set_result(self, value):
        """Sets the value and runs the callbacks added with ``then``."""
        self._settle(value, None)

    def set_exception(self, error):
        """Completes the future with ``error``: ``wait()`` raises it."""
        self._settle(None, error)

    def _settle(self, value, error):
        with self._lock:
            self._value, self._error = value, error
            self._done.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(self)

    def add_done_callback(self, callback):
        """Runs ``callback(self)`` once the future completes (at once when it already has)."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self)

    def then(self, callback):
        """A new Future holding ``callback(self)`` once this one completes."""
        chained = Future()

        def run(done):
            try:
                chained.set_result(callback(done))
            except Exception as error:  # noqa: BLE001  (the chained future carries it to its waiter)
                chained.set_exception(error)
        self.add_done_callback(run)
        return chained


class Work:
    """The handle of a collective started with ``async_op=True``."""

    def __init__(self, outputs):
        self._future = Future()
        self._outputs = outputs

    def wait(self, timeout=None):
        """Blocks until the collective completes (its outputs hold the result); True. Raises its error."""
        self._future.wait()
        return True

    def is_completed(self):
        """Whether the collective has completed."""
        return self._future.done()

    def is_success(self):
        """Whether the collective completed without an error."""
        return self._future.done() and self._future._error is None

    def exception(self):
        """The error the collective raised, or None."""
        return self._future._error

    def result(self):
        """The collective's output tensors (after ``wait()``)."""
        return self._outputs

    def get_future(self):
        """A Future whose value is the list of output tensors, set when the collective completes."""
        return self._future

    def synchronize(self):
        """Same as ``wait()`` on the host."""
        self.wait()

    def _finish(self, error):
        if error is None:
            self._future.set_result(self._outputs)
        else:
            self._future.set_exception(error)


class CommThread:
    """Runs one group's operations in the order submitted, each to completion."""

    def __init__(self, name):
        self._name = name
        self._queue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pending = 0
        self._thread = None

    def submit(self, operation, work, async_op):
        """Runs ``operation()`` after every operation submitted before it, then completes ``work``.
        A synchronous call returns when it is done (raising its error)."""
        with self._lock:
            inline = not async_op and self._pending == 0
            self._pending += 1
            if not inline and self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()
        if inline:
            self._execute(operation, work)
        else:
            self._queue.put((operation, work))
        if not async_op:
            work.wait()

    def _execute(self, operation, work):
        try:
            operation()
        except BaseException as error:  # noqa: BLE001  (handed to the waiter, who raises it)
            error_seen = error
        else:
            error_seen = None
        with self._lock:
            self._pending -= 1
        work._finish(error_seen)

    def _loop(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            self._execute(*item)

    def close(self):
        """Finishes the queued operations and stops the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

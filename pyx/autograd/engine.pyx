# cython: boundscheck=True, wraparound=True
"""The backward engine: an iterative walk over the graph, compiled (with Python's
indexing semantics) because every backward pass of every model runs its loop.

1. Dependencies: one iterative traversal from the roots counts, for every
   reachable node, how many edges lead into it.
2. With ``inputs`` (``autograd.grad`` or ``backward(inputs=...)``) only the
   nodes on a path to an input run.
3. A ready queue (a heap keyed by creation order, newest first; AccumulateGrad
   first of all) runs each node once, when every gradient for it has arrived
   and been summed in its input buffer.

No recursion anywhere, so graphs of any depth work.  Backward formulas run
under grad mode == ``create_graph`` and are ordinary tensorlib ops, so a graph
of the backward pass is recorded when asked for (higher-order gradients).
"""
from cpython.ref cimport Py_REFCNT

import threading
from heapq import heappop, heappush

from tensorlib._C import TensorBase
from tensorlib._fast_paths import FAST_PATHS
from tensorlib._type_names import c_type_name
from tensorlib.autograd import grad_mode
from tensorlib.autograd.graph import AccumulateGrad, accumulate as _accumulate_into
from tensorlib._tensor import new_result
from tensorlib.backends import backend_for

__all__ = ["queue_callback", "run_backward"]

# per thread, the final-callback lists of the backward passes running on it, innermost last
_passes = threading.local()


def queue_callback(callback):
    """Has ``callback()`` run once the backward pass running now has finished (every
    gradient accumulated), as PyTorch's ``Variable._execution_engine.queue_callback``:
    DistributedDataParallel waits there for its last gradient reductions.  Callbacks
    run in the order queued, and may queue more."""
    running = getattr(_passes, "running", None)
    if not running:
        raise RuntimeError("Final callbacks can only be installed during backward pass.")
    running[-1].append(callback)


def sum_to(grad, shape, non_view=False):
    """``grad`` summed over the broadcast dims so that it has ``shape`` (the
    one place broadcast gradients are reduced; ``Tensor.sum_to_size``).
    ``non_view``: when only leading dims are summed, sum them away instead of
    viewing them off a keepdim sum, so the result owns its storage."""
    gshape = grad._shape
    if gshape == shape:
        return grad
    lead = len(gshape) - len(shape)
    kept = tuple(i + lead for i, s in enumerate(shape) if s == 1 and gshape[i + lead] != 1)
    if FAST_PATHS and non_view and lead and not kept:
        return sum_leading_dims(grad, lead)
    dims = tuple(range(lead)) + kept
    if dims:
        grad = grad.sum(dims, keepdim=True)
    if lead:
        grad = grad.view(shape)
    return grad


def sum_leading_dims(g, lead):
    """``g.sum(tuple(range(lead)))`` without the op layer's dispatch: one backend reduce
    (the kernel ``sum`` runs, so the values are the same)."""
    shape = g._shape[lead:]
    device = g._storage.device
    backend = backend_for(device)
    res, arr = new_result(shape, g._dtype, device, backend)
    backend.reduce("sum", g._array(), tuple(range(lead)), arr.reshape((1,) * lead + shape))
    return res


def expandable(shape, to):
    """Whether ``shape`` can be expanded to ``to``."""
    if len(shape) > len(to):
        return False
    for s, t in zip(reversed(shape), reversed(to)):
        if s != t and s != 1:
            return False
    return True


def _fit(fn, index, g, meta, into_grad=False):
    """Checks a gradient ``fn`` produced for input ``index`` against the
    metadata of the forward tensor: reduces a broadcast gradient, casts the
    dtype and moves a 0-d gradient to the input's device; any other device is
    an error (PyTorch's validate_outputs).  ``into_grad``: it goes on into a leaf's
    ``.grad`` (no create_graph): reduced into a tensor of its own, which
    AccumulateGrad can take without a copy."""
    shape, dtype, device = meta
    if g._shape != shape:
        if not expandable(shape, g._shape):
            raise RuntimeError(f"Function {fn.name()} returned an invalid gradient at index {index} - got "
                               f"{list(g._shape)} but expected shape compatible with {list(shape)}")
        g = sum_to(g, shape, non_view=into_grad)
    if g._dtype is not dtype:
        g = g.to(dtype)
    if g._storage.device != device:
        if g._shape:
            raise RuntimeError(f"Function {fn.name()} returned an invalid gradient at index {index} - expected "
                               f"device {device} but got {g._storage.device}")
        g = g.to(device)
    return g


def run_backward(root_edges, root_grads, keep_graph, create_graph, capture=None, accumulate_into=None):
    """Runs the graph from ``root_edges`` (``(node, output_nr)``) seeded with
    ``root_grads``.

    ``capture``: a list of edges whose incoming gradients are returned (in that
    order) instead of being accumulated (``autograd.grad``); only the nodes on a
    path to them run.  ``accumulate_into``: a list of edges (``backward(inputs=)``):
    only the nodes on a path to them run and only their leaves accumulate.
    Without either, every reachable leaf accumulates."""
    cdef dict deps = {}, buffers = {}
    cdef list roots = [], stack, ready
    cdef Py_ssize_t i, d
    cdef bint is_leaf_sink, into_grad
    # ---- dependencies ----------------------------------------------------------------
    for fn, _ in root_edges:
        if fn not in deps:
            deps[fn] = 0
            roots.append(fn)
    stack = list(roots)
    while stack:
        fn = stack.pop()
        for nxt, _ in fn.next_functions:
            if nxt is not None:
                if nxt in deps:
                    deps[nxt] += 1
                else:
                    deps[nxt] = 1
                    stack.append(nxt)
    # ---- which nodes run -------------------------------------------------------------------
    targets = capture if capture is not None else accumulate_into
    needed = None        # None: every node
    executes = None
    captured = None
    capture_at = None
    if targets is not None:
        target_nodes = {fn for fn, _ in targets}
        needed, executes = _needed(deps, roots, target_nodes,
                                   accumulate=capture is None)
        if capture is not None:
            captured = [None] * len(capture)
            capture_at = {}
            for i, (fn, nr) in enumerate(capture):
                capture_at.setdefault(fn, []).append((nr, i))

    # ---- seed the input buffers with the root gradients --------------------------------------
    for (fn, nr), g in zip(root_edges, root_grads):
        if g is None:
            continue
        g = _fit_root(g, fn._meta[nr])
        buf = buffers.get(fn)
        if buf is None:
            buf = buffers[fn] = [None] * fn.n_outputs
        buf[nr] = g if buf[nr] is None else buf[nr] + g

    into_grad = capture is None and not create_graph   # gradients reaching a leaf end in .grad
    state = grad_mode._state
    prev_enabled = state.enabled
    state.enabled = create_graph
    running = getattr(_passes, "running", None)
    if running is None:
        running = _passes.running = []
    callbacks = []
    running.append(callbacks)
    try:
        ready = []
        for fn in roots:
            if deps[fn] == 0 and (needed is None or fn in needed):
                heappush(ready, (-fn._seq, fn))
        while ready:
            fn = heappop(ready)[1]
            buf = buffers.pop(fn, None)
            if buf is None:
                buf = [None] * fn.n_outputs
            is_leaf_sink = type(fn) is AccumulateGrad
            # ---- pre-hooks: the tensors' hooks, retain_grad, the node's own pre-hooks
            if is_leaf_sink:
                hooks = fn.variable._hooks
                if hooks:
                    buf = [_run_tensor_hooks(hooks, buf[0])]
            hk = fn._hk
            if hk is not None:
                buf = _pre_hooks(fn, hk, buf)
            if capture_at is not None:
                where = capture_at.get(fn)
                if where is not None:
                    for nr, i in where:
                        g = buf[nr]
                        captured[i] = g if captured[i] is None or g is None else captured[i] + g
                    g = None
            if executes is not None and fn not in executes:
                continue
            # ---- the node itself
            if is_leaf_sink:
                if capture is None:
                    g = buf[0]
                    buf = None
                    hooked = (g,) if hk is not None and hk.post else None
                    if g is not None:
                        # owned: only this frame's ``g`` refers to it (counted before the call,
                        # whose arguments hold references too)
                        owned = Py_REFCNT(g) == 1
                        _accumulate_into(fn.variable, g, owned)
                        g = None
                    if hooked is not None:
                        _post_hooks(fn, (), hooked)
                continue
            edges = fn.next_functions
            if buf[0] is None and (fn.n_outputs == 1 or all(b is None for b in buf)):
                outs = None     # no gradient reached it: nothing flows on
                if hk is not None and hk.post:
                    _post_hooks(fn, (None,) * len(edges), buf)
            else:
                outs = fn.apply(buf)
                if len(outs) < len(edges):
                    outs = tuple(outs) + (None,) * (len(edges) - len(outs))
                if hk is not None and hk.post:
                    outs = _post_hooks(fn, outs, buf)
            if not keep_graph:
                fn._release()
            buf = None
            # ---- hand the gradients to the next nodes
            if outs is None:
                for nxt, nr in edges:
                    if nxt is not None:
                        d = deps[nxt] - 1
                        deps[nxt] = d
                        if d == 0 and (needed is None or nxt in needed):
                            heappush(ready, (-nxt._seq, nxt))
                continue
            i = 0
            for nxt, nr in edges:
                if nxt is not None:
                    g = outs[i]
                    if g is not None:
                        meta = nxt._meta[nr]
                        if g._shape != meta[0] or g._dtype is not meta[1] or g._storage.device is not meta[2]:
                            g = _fit(fn, i, g, meta, into_grad and type(nxt) is AccumulateGrad)
                        nbuf = buffers.get(nxt)
                        if nbuf is None:
                            nbuf = buffers[nxt] = [None] * nxt.n_outputs
                            nbuf[nr] = g
                        elif nbuf[nr] is None:
                            nbuf[nr] = g
                        else:
                            nbuf[nr] = nbuf[nr] + g
                        g = nbuf = None   # the buffer alone holds it: AccumulateGrad may steal it
                    d = deps[nxt] - 1
                    deps[nxt] = d
                    if d == 0 and (needed is None or nxt in needed):
                        heappush(ready, (-nxt._seq, nxt))
                i += 1
            outs = None
        i = 0
        while i < len(callbacks):
            callbacks[i]()
            i += 1
    finally:
        running.pop()
        state.enabled = prev_enabled
    return captured


def _fit_root(g, meta):
    shape, dtype, _ = meta
    if g._dtype is not dtype:
        g = g.to(dtype)
    return g


def _needed(deps, roots, target_nodes, accumulate):
    """Nodes to visit (those with a path to a target, and the targets) and
    nodes to run (those with a path to a target below them; the target
    AccumulateGrads too when accumulating)."""
    # topological order (Kahn) over the reachable graph, then a reverse sweep
    remaining = dict(deps)
    order = []
    stack = [fn for fn in roots if remaining[fn] == 0]
    while stack:
        fn = stack.pop()
        order.append(fn)
        for nxt, _ in fn.next_functions:
            if nxt is not None:
                r = remaining[nxt] - 1
                remaining[nxt] = r
                if r == 0:
                    stack.append(nxt)
    needed = set()
    executes = set()
    for fn in reversed(order):
        below = False
        for nxt, _ in fn.next_functions:
            if nxt is not None and nxt in needed:
                below = True
                break
        if below:
            executes.add(fn)
            needed.add(fn)
        if fn in target_nodes:
            needed.add(fn)
            if accumulate and type(fn) is AccumulateGrad:
                executes.add(fn)
    return needed, executes


def _hook_name(hook):
    name = getattr(hook, "__name__", None)
    return name if isinstance(name, str) else "<unknown>"


def _checked_hook_result(original, result, hook):
    """A tensor ``hook`` returned in place of the gradient ``original``: it may not
    fill a missing gradient, nor change the gradient's type (dtype, device type) or size."""
    if original is None:
        raise RuntimeError("can't replace a None gradient with a non-None value")
    if not isinstance(result, TensorBase):
        raise TypeError(f"expected Variable, but hook returned '{c_type_name(result)}'")
    if result._dtype is not original._dtype or result._storage.device.type != original._storage.device.type:
        raise RuntimeError(f"hook '{_hook_name(hook)}' has changed the type of value "
                           f"(was {original.type()} got {result.type()})")
    if result._shape != original._shape:
        raise RuntimeError(f"hook '{_hook_name(hook)}' has changed the size of value")
    return result


def _checked_hook_results(originals, results, hook):
    """A node hook's tuple in place of the gradients ``originals``: one entry per
    gradient, each None (dropping it) or checked as a tensor hook's result."""
    if not isinstance(results, tuple):
        raise TypeError(f"expected tuple, but hook returned '{c_type_name(results)}'")
    if len(results) != len(originals):
        raise RuntimeError(f"hook '{_hook_name(hook)}' has returned an incorrect number of values "
                           f"(got {len(results)}, but expected {len(originals)})")
    return tuple([None if r is None else _checked_hook_result(o, r, hook) for o, r in zip(originals, results)])


def _run_tensor_hooks(hooks, g):
    """The tensor's hooks, in order, on its gradient (None when none reached it)."""
    for hook in tuple(hooks.values()):
        r = hook(g)
        if r is not None:
            g = _checked_hook_result(g, r, hook)
    return g


def _pre_hooks(fn, hk, buf):
    if hk.tensor_pre:
        buf = list(buf)
        for nr, hooks in hk.tensor_pre.items():
            if hooks:
                buf[nr] = _run_tensor_hooks(hooks, buf[nr])
    if hk.retain:
        for nr, ref in hk.retain.items():
            t = ref()
            g = buf[nr]
            if t is not None and g is not None:
                t._grad = g.clone() if t._grad is None else t._grad + g
    if hk.pre:
        for hook in tuple(hk.pre.values()):
            r = hook(tuple(buf))
            if r is not None:
                buf = list(_checked_hook_results(tuple(buf), r, hook))
    return buf


def _post_hooks(fn, outs, buf):
    outs = tuple(outs)
    for hook in tuple(fn._hk.post.values()):
        r = hook(outs, tuple(buf))
        if r is not None:
            outs = _checked_hook_results(outs, r, hook)
    return outs

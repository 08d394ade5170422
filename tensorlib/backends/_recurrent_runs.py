"""Whole-sequence runs of one LSTM or GRU layer in one direction, forward and
backward, written once against an array module ``xp``.  Each backend exposes one
:class:`RecurrentKernels` as ``backend.recurrent``: the CPU's with the compiled
step kernels (``tensorlib._recurrent``) and MKL's products, CUDA's with
:class:`ComposedCells` (the same step arithmetic as array expressions).

A sequence is ``T`` steps; step ``t`` holds ``sizes[t]`` rows (the sequences
still running, sizes non-increasing: a packed batch; a padded one has every
size equal), the rows of every step stored one step after the other in a
``(N, ·)`` array (``N = sum(sizes)``).  Running forwards, the sequences that
end leave the state, their last rows being their final state; running in
``reverse``, sequences join the state with their initial rows as they start.

Every array here is C-contiguous float32 or float64 of one dtype; ``H`` is the
hidden size.  ``weight_hh`` is ``(gates * H, H)``, ``hidden0``/``cell0``
``(B, H)`` with ``B = sizes[0]``.

``lstm_forward(gates, hidden0, cell0, weight_hh, sizes, reverse, output, cells, hidden_n, cell_n)``
    ``gates`` (N, 4H) holds ``x W_ih^T + b_ih + b_hh`` and is overwritten with
    the gates' activations; writes ``output`` and ``cells`` (N, H): every
    step's hidden and cell state, and the final states ``hidden_n``/``cell_n``.
``lstm_backward(gates, cells, output, hidden0, cell0, weight_hh, sizes, reverse, grad_output,
grad_hidden_n, grad_cell_n, grad_gates, grad_hidden0, grad_cell0, grad_weight_hh)``
    From the forward's arrays and the gradients of its results (``grad_output``
    (N, H), overwritten as the recurrent gradients are added to it;
    ``grad_hidden_n``/``grad_cell_n`` or None), writes the gradient of the gate
    pre-activations (N, 4H) (which is also the biases' and, through ``x``, the
    input projection's), of the initial states and of ``weight_hh``.
``gru_forward(input_gates, hidden0, weight_hh, bias_hh, sizes, reverse, output, saved, hidden_n)``
    ``input_gates`` (N, 3H) holds ``x W_ih^T + b_ih``; ``bias_hh`` (3H,);
    writes ``output`` (N, H), ``saved`` (N, 4H) (r, z, n and ``h W_hn^T +
    b_hn`` of every row) and ``hidden_n``.
``gru_backward(saved, output, hidden0, weight_hh, sizes, reverse, grad_output, grad_hidden_n,
grad_input_gates, grad_hidden_gates, grad_hidden0, grad_weight_hh)``
    Writes the gradients of both gate blocks' pre-activations (N, 3H each), of
    ``hidden0`` and of ``weight_hh``; ``grad_output`` is overwritten."""


def _offsets(sizes):
    """The first row of every step."""
    offsets = []
    row = 0
    for size in sizes:
        offsets.append(row)
        row += size
    return offsets


class _Walk:
    """The steps of one run: their rows, and where each step's previous state lies."""
    __slots__ = ("sizes", "offsets", "reverse")

    def __init__(self, sizes, reverse):
        self.sizes = sizes
        self.offsets = _offsets(sizes)
        self.reverse = reverse

    def run_order(self):
        steps = range(len(self.sizes))
        return reversed(steps) if self.reverse else steps

    def backward_order(self):
        steps = range(len(self.sizes))
        return steps if self.reverse else reversed(steps)

    def rows(self, t):
        return slice(self.offsets[t], self.offsets[t] + self.sizes[t])

    def previous_step(self, t):
        """The step run before ``t`` and how many of t's rows continue from it (the
        others start at ``t`` from the initial state)."""
        p = t + 1 if self.reverse else t - 1
        if not 0 <= p < len(self.sizes):
            return None, 0
        return p, min(self.sizes[p], self.sizes[t])

    def previous(self, xp, states, initial, t):
        """The state each row of step ``t`` starts from: rows of the step before, then
        initial rows (a view where the rows lie together)."""
        p, kept = self.previous_step(t)
        size = self.sizes[t]
        if kept == size:
            start = self.offsets[p]
            return states[start:start + size]
        if kept == 0:
            return initial[:size]
        start = self.offsets[p]
        return xp.concatenate((states[start:start + kept], initial[kept:size]))

    def padded(self):
        """Whether every step holds the whole batch."""
        return all(size == self.sizes[0] for size in self.sizes)

    def all_previous(self, xp, states, initial):
        """``previous`` of every step, stacked as the rows are (N, H)."""
        if self.padded():
            batch = self.sizes[0]
            if self.reverse:
                return xp.concatenate((states[batch:], initial))
            return xp.concatenate((initial, states[:len(states) - batch]))
        result = xp.empty_like(states)
        for t in range(len(self.sizes)):
            result[self.rows(t)] = self.previous(xp, states, initial, t)
        return result

    def store_final(self, states, final):
        """Copies each sequence's last state into ``final``."""
        if self.reverse:
            final[...] = states[:self.sizes[0]]
            return
        for t, size in enumerate(self.sizes):
            after = self.sizes[t + 1] if t + 1 < len(self.sizes) else 0
            if after < size:
                final[after:size] = states[self.offsets[t] + after:self.offsets[t] + size]

    def add_final(self, grad_states, grad_final):
        """Adds the gradient of each sequence's final state to its last row."""
        if grad_final is None:
            return
        if self.reverse:
            grad_states[:self.sizes[0]] += grad_final
            return
        for t, size in enumerate(self.sizes):
            after = self.sizes[t + 1] if t + 1 < len(self.sizes) else 0
            if after < size:
                grad_states[self.offsets[t] + after:self.offsets[t] + size] += grad_final[after:size]


class ComposedCells:
    """The step kernels as array expressions (what the compiled ``tensorlib._recurrent``
    computes, with the same arguments), for devices without compiled ones."""

    def __init__(self, xp_of):
        self._xp_of = xp_of

    def _sigmoid(self, a):
        return 1 / (1 + self._xp_of().exp(-a))

    def lstm_forward(self, gates, cell_prev, cell, hidden):
        xp = self._xp_of()
        h = cell.shape[1]
        gates[:, :2 * h] = self._sigmoid(gates[:, :2 * h])
        gates[:, 2 * h:3 * h] = xp.tanh(gates[:, 2 * h:3 * h])
        gates[:, 3 * h:] = self._sigmoid(gates[:, 3 * h:])
        cell[...] = gates[:, h:2 * h] * cell_prev + gates[:, :h] * gates[:, 2 * h:3 * h]
        hidden[...] = gates[:, 3 * h:] * xp.tanh(cell)
        return True

    def lstm_backward(self, gates, cell_prev, cell, grad_hidden, grad_cell, grad_gates):
        h = cell.shape[1]
        i, f, g, o = gates[:, :h], gates[:, h:2 * h], gates[:, 2 * h:3 * h], gates[:, 3 * h:]
        tanh_cell = self._xp_of().tanh(cell)
        grad_cell += grad_hidden * o * (1 - tanh_cell * tanh_cell)
        grad_gates[:, :h] = grad_cell * g * i * (1 - i)
        grad_gates[:, h:2 * h] = grad_cell * cell_prev * f * (1 - f)
        grad_gates[:, 2 * h:3 * h] = grad_cell * i * (1 - g * g)
        grad_gates[:, 3 * h:] = grad_hidden * tanh_cell * o * (1 - o)
        grad_cell *= f
        return True

    def gru_forward(self, input_gates, hidden_gates, bias_hh, hidden_prev, hidden, saved):
        h = hidden.shape[1]
        saved[:, :2 * h] = self._sigmoid(input_gates[:, :2 * h] + (hidden_gates[:, :2 * h] + bias_hh[:2 * h]))
        saved[:, 3 * h:] = hidden_gates[:, 2 * h:] + bias_hh[2 * h:]
        saved[:, 2 * h:3 * h] = self._xp_of().tanh(input_gates[:, 2 * h:] + saved[:, :h] * saved[:, 3 * h:])
        new = saved[:, 2 * h:3 * h]
        hidden[...] = new + saved[:, h:2 * h] * (hidden_prev - new)
        return True

    def gru_backward(self, saved, hidden_prev, grad_hidden, grad_input_gates, grad_hidden_gates, grad_hidden_prev):
        h = hidden_prev.shape[1]
        r, z, n, hn = saved[:, :h], saved[:, h:2 * h], saved[:, 2 * h:3 * h], saved[:, 3 * h:]
        grad_new = grad_hidden * (1 - z) * (1 - n * n)
        grad_input_gates[:, :h] = grad_new * hn * r * (1 - r)
        grad_input_gates[:, h:2 * h] = grad_hidden * (hidden_prev - n) * z * (1 - z)
        grad_input_gates[:, 2 * h:] = grad_new
        grad_hidden_gates[:, :2 * h] = grad_input_gates[:, :2 * h]
        grad_hidden_gates[:, 2 * h:] = grad_new * r
        grad_hidden_prev[...] = grad_hidden * z
        return True


class RecurrentKernels:
    """The sequence runs over the array module ``xp_of()`` (resolved on first use), with
    ``product(a, b, out, alpha, beta)`` (``out = alpha * a @ b + beta * out``) and the step
    kernels ``cells`` (an object with ComposedCells' methods; a compiled kernel returning
    False for arrays it declines hands them to ``fallback_cells``).  ``whole_runs``, where
    given, takes a whole run first (the ``*_run_forward``/``*_run_backward`` loops of
    ``tensorlib._recurrent``, with the step sizes and offsets; False when they decline)."""

    def __init__(self, xp_of, product, cells, fallback_cells=None, whole_runs=None):
        self._xp_of = xp_of
        self._product = product
        self._cells = cells
        self._fallback = fallback_cells
        self._whole_runs = whole_runs

    def _whole(self, name, walk, *arrays):
        """Offers a whole run to the compiled loops; whether they ran it."""
        return self._whole_runs is not None and getattr(self._whole_runs, name)(walk.sizes, walk.offsets,
                                                                                 walk.reverse, *arrays)

    def _cell(self, name, *arrays):
        if not getattr(self._cells, name)(*arrays):
            getattr(self._fallback, name)(*arrays)

    def lstm_forward(self, gates, hidden0, cell0, weight_hh, sizes, reverse, output, cells, hidden_n, cell_n):
        xp = self._xp_of()
        walk = _Walk(sizes, reverse)
        if not self._whole("lstm_run_forward", walk, gates, hidden0, cell0, weight_hh, output, cells):
            recurrent = weight_hh.T
            for t in walk.run_order():
                rows = walk.rows(t)
                step_gates = gates[rows]
                self._product(walk.previous(xp, output, hidden0, t), recurrent, step_gates, 1.0, 1.0)
                self._cell("lstm_forward", step_gates, walk.previous(xp, cells, cell0, t), cells[rows],
                           output[rows])
        walk.store_final(output, hidden_n)
        walk.store_final(cells, cell_n)

    def lstm_backward(self, gates, cells, output, hidden0, cell0, weight_hh, sizes, reverse, grad_output,
                      grad_hidden_n, grad_cell_n, grad_gates, grad_hidden0, grad_cell0, grad_weight_hh):
        xp = self._xp_of()
        walk = _Walk(sizes, reverse)
        walk.add_final(grad_output, grad_hidden_n)
        grad_cell = xp.zeros_like(grad_cell0) if grad_cell_n is None else grad_cell_n.copy()
        if self._whole("lstm_run_backward", walk, gates, cells, cell0, weight_hh, grad_output, grad_cell, grad_gates,
                       grad_hidden0):
            grad_cell0[...] = grad_cell
            self._product(grad_gates.T, walk.all_previous(xp, output, hidden0), grad_weight_hh, 1.0, 0.0)
            return
        for t in walk.backward_order():
            rows, size = walk.rows(t), sizes[t]
            step_grad = grad_gates[rows]
            self._cell("lstm_backward", gates[rows], walk.previous(xp, cells, cell0, t), cells[rows],
                       grad_output[rows], grad_cell[:size], step_grad)
            p, kept = walk.previous_step(t)
            if kept:
                start = walk.offsets[p]
                self._product(step_grad[:kept], weight_hh, grad_output[start:start + kept], 1.0, 1.0)
            if kept < size:
                self._product(step_grad[kept:], weight_hh, grad_hidden0[kept:size], 1.0, 0.0)
                grad_cell0[kept:size] = grad_cell[kept:size]
        self._product(grad_gates.T, walk.all_previous(xp, output, hidden0), grad_weight_hh, 1.0, 0.0)

    def gru_forward(self, input_gates, hidden0, weight_hh, bias_hh, sizes, reverse, output, saved, hidden_n):
        xp = self._xp_of()
        walk = _Walk(sizes, reverse)
        recurrent = weight_hh.T
        hidden_gates = xp.empty((sizes[0], weight_hh.shape[0]), dtype=output.dtype)
        if self._whole("gru_run_forward", walk, input_gates, hidden0, weight_hh, bias_hh, output, saved,
                       hidden_gates):
            walk.store_final(output, hidden_n)
            return
        for t in walk.run_order():
            rows, size = walk.rows(t), sizes[t]
            previous = walk.previous(xp, output, hidden0, t)
            self._product(previous, recurrent, hidden_gates[:size], 1.0, 0.0)
            self._cell("gru_forward", input_gates[rows], hidden_gates[:size], bias_hh, previous, output[rows],
                       saved[rows])
        walk.store_final(output, hidden_n)

    def gru_backward(self, saved, output, hidden0, weight_hh, sizes, reverse, grad_output, grad_hidden_n,
                     grad_input_gates, grad_hidden_gates, grad_hidden0, grad_weight_hh):
        xp = self._xp_of()
        walk = _Walk(sizes, reverse)
        walk.add_final(grad_output, grad_hidden_n)
        grad_previous = xp.empty((sizes[0], output.shape[1]), dtype=output.dtype)
        if self._whole("gru_run_backward", walk, saved, output, hidden0, weight_hh, grad_output, grad_input_gates,
                       grad_hidden_gates, grad_hidden0, grad_previous):
            self._product(grad_hidden_gates.T, walk.all_previous(xp, output, hidden0), grad_weight_hh, 1.0, 0.0)
            return
        for t in walk.backward_order():
            rows, size = walk.rows(t), sizes[t]
            step_grad = grad_hidden_gates[rows]
            into = grad_previous[:size]
            self._cell("gru_backward", saved[rows], walk.previous(xp, output, hidden0, t), grad_output[rows],
                       grad_input_gates[rows], step_grad, into)
            self._product(step_grad, weight_hh, into, 1.0, 1.0)
            p, kept = walk.previous_step(t)
            if kept:
                start = walk.offsets[p]
                grad_output[start:start + kept] += into[:kept]
            grad_hidden0[kept:size] = into[kept:]
        self._product(grad_hidden_gates.T, walk.all_previous(xp, output, hidden0), grad_weight_hh, 1.0, 0.0)

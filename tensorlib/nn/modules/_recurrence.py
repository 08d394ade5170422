"""The arithmetic of the recurrent layers: one time step of each cell, and the
run of one layer in one direction over a (padded or packed) sequence.

A step takes the input's projection ``x @ W_ih.T + b_ih`` already computed
(for the whole sequence in one product) and the state, and returns the new
state; the state's first tensor is the step's output.  Gate order and
formulas are PyTorch's: LSTM gates i, f, g, o; GRU gates r, z, n with
``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``.

A run walks the time steps of one direction.  Each step's input has one row
per sequence still running, so a packed batch (step sizes decreasing) and a
padded one (every step the full batch) take the same path: going forwards, the
rows of sequences that have ended leave the state and are the final state of
those sequences; going backwards, sequences join the state with their
initial hidden rows."""
from ..._functional import cat as _cat
from ..._functional import stack as _stack
from .. import functional as F


def rnn_tanh_step(projected, state, weight_hh, bias_hh, projection=None):
    """Elman step ``h' = tanh(projected + h @ W_hh.T + b_hh)``."""
    return (F.tanh(projected + F.linear(state[0], weight_hh, bias_hh)),)


def rnn_relu_step(projected, state, weight_hh, bias_hh, projection=None):
    """Elman step ``h' = relu(projected + h @ W_hh.T + b_hh)``."""
    return (F.relu(projected + F.linear(state[0], weight_hh, bias_hh)),)


def lstm_step(projected, state, weight_hh, bias_hh, projection=None):
    """LSTM step: gates i, f, g, o from ``projected + h @ W_hh.T + b_hh``;
    ``c' = f * c + i * g``, ``h' = o * tanh(c')``, then ``h' @ W_hr.T`` when
    the layer has a ``projection``."""
    hidden, cell = state
    gates = projected + F.linear(hidden, weight_hh, bias_hh)
    input_gate, forget_gate, cell_gate, output_gate = gates.chunk(4, 1)
    cell = F.sigmoid(forget_gate) * cell + F.sigmoid(input_gate) * F.tanh(cell_gate)
    hidden = F.sigmoid(output_gate) * F.tanh(cell)
    if projection is not None:
        hidden = hidden.matmul(projection.t())
    return hidden, cell


def gru_step(projected, state, weight_hh, bias_hh, projection=None):
    """GRU step: ``r``, ``z`` from the summed projections, ``n = tanh(x_n + r * h_n)``,
    ``h' = n + z * (h - n)``."""
    hidden = state[0]
    recurrent = F.linear(hidden, weight_hh, bias_hh)
    input_r, input_z, input_n = projected.chunk(3, 1)
    hidden_r, hidden_z, hidden_n = recurrent.chunk(3, 1)
    reset = F.sigmoid(input_r + hidden_r)
    update = F.sigmoid(input_z + hidden_z)
    new = F.tanh(input_n + reset * hidden_n)
    return (new + update * (hidden - new),)


STEPS = {"RNN_TANH": rnn_tanh_step, "RNN_RELU": rnn_relu_step, "LSTM": lstm_step, "GRU": gru_step}


def _rows(state, start, stop):
    return tuple(s[start:stop] for s in state)


def run_forwards(step, inputs, initial, weights):
    """Runs ``step`` over ``inputs`` (the projected steps, rows non-increasing)
    from the ``initial`` state; returns (step outputs, final state)."""
    state = initial
    ended = []
    outputs = []
    for projected in inputs:
        running = projected.shape[0]
        if running < state[0].shape[0]:
            ended.append(_rows(state, running, None))
            state = _rows(state, 0, running)
        state = step(projected, state, *weights)
        outputs.append(state[0])
    if not ended:
        return outputs, state
    ended.append(state)
    return outputs, tuple(_cat([piece[k] for piece in reversed(ended)]) for k in range(len(state)))


def run_backwards(step, inputs, initial, weights):
    """Runs ``step`` over ``inputs`` from the last step to the first, sequences
    joining with their ``initial`` rows as they start; returns (step outputs
    in time order, final state)."""
    batch = initial[0].shape[0]
    last = inputs[-1].shape[0]
    state = initial if last == batch else _rows(initial, 0, last)
    outputs = []
    for projected in reversed(inputs):
        running, held = projected.shape[0], state[0].shape[0]
        if running > held:
            state = tuple(_cat([s, i[held:running]]) for s, i in zip(state, initial))
        state = step(projected, state, *weights)
        outputs.append(state[0])
    outputs.reverse()
    return outputs, state


def composed_layer(mode, input, weights, initial, sizes, reverse):
    """One layer in one direction as composed tensor ops: ``input`` time-major
    ``(T, B, in)`` (``sizes`` None) or packed data ``(N, in)`` with its step
    ``sizes``; ``weights`` (weight_ih, weight_hh, bias_ih, bias_hh, weight_hr);
    ``initial`` the state tuple.  Returns (output, final state tuple)."""
    weight_ih, weight_hh, bias_ih, bias_hh, weight_hr = weights
    projected = F.linear(input, weight_ih, bias_ih)
    steps = projected.unbind(0) if sizes is None else projected.split(sizes, 0)
    run = run_backwards if reverse else run_forwards
    step_outputs, final = run(STEPS[mode], steps, initial, (weight_hh, bias_hh, weight_hr))
    return (_stack(step_outputs) if sizes is None else _cat(step_outputs)), final

"""One LSTM or GRU layer in one direction over a whole sequence as a single
autograd node, ``MkldnnRnnLayerBackward0`` (PyTorch's CPU node for an LSTM
layer, with its edges: input, weight_ih, weight_hh, bias_ih, bias_hh, hx, cx).

The forward projects the input of every step in one matrix product, then runs
the steps through the backend's ``recurrent`` kernels (one product and one
fused gate kernel a step), keeping the gates' activations and the cell states
for backward.  The backward walks the steps in reverse through the same
kernels and computes the weights' gradients with one product over all steps.

Under ``create_graph=True`` the backward instead differentiates the composed
run (``_recurrence``) with tensor ops, so that higher derivatives exist."""
from ... import _dtype as D
from ..._fast_paths import FAST_PATHS
from ..._tensor import new_result
from ...autograd import grad as _grad
from ...autograd._recording import edge as _edge
from ...autograd.grad_mode import _state, enable_grad
from ...autograd.graph import SavingNode, mark_inference, next_seq
from ...backends import backend_for
from ...ops import _autocast
from ...ops.nodes._base import needs
from ._recurrence import composed_layer

_FUSED_MODES = {"LSTM": 4, "GRU": 3}
_FUSED_DTYPES = (D.float32, D.float64)


def _same_kind(tensors, like):
    return all(t is None or (t._dtype is like._dtype and t._storage.device == like._storage.device)
               for t in tensors)


def run_layer(mode, input, weights, initial, sizes, reverse):
    """Runs one layer in one direction: ``input`` time-major ``(T, B, in)`` (``sizes``
    None) or packed data ``(N, in)`` with its step ``sizes``; ``weights`` (weight_ih,
    weight_hh, bias_ih, bias_hh, weight_hr), None for those the layer has not;
    ``initial`` the state tuple ((h,) or (h, c), each (B, ·)).  Returns (output,
    final state tuple)."""
    weight_ih, weight_hh, bias_ih, bias_hh, weight_hr = weights
    tensors = (input, weight_ih, weight_hh, bias_ih, bias_hh) + tuple(initial)
    if (FAST_PATHS and mode in _FUSED_MODES and weight_hr is None and input._dtype in _FUSED_DTYPES
            and _same_kind(tensors, input) and input.numel() and weight_hh.shape[1]
            and not _autocast.is_enabled(input._storage.device.type)
            and getattr(backend_for(input._storage.device), "recurrent", None) is not None):
        return _fused_layer(mode, input, weights[:4], tuple(initial), sizes, reverse)
    return composed_layer(mode, input, weights, initial, sizes, reverse)


def _contiguous_array(t):
    return t.detach().contiguous()._array()


def _fused_layer(mode, input, weights, initial, sizes, reverse):
    weight_ih, weight_hh, bias_ih, bias_hh = weights
    device, dtype = input._storage.device, input._dtype
    backend = backend_for(device)
    recurrent = backend.recurrent
    hidden = weight_hh.shape[1]
    steps, batch = (input.shape[0], input.shape[1]) if sizes is None else (len(sizes), sizes[0])
    step_sizes = [batch] * steps if sizes is None else sizes
    rows = sum(step_sizes)
    x = input.detach().reshape(rows, input.shape[-1]).contiguous()
    gates, gates_array = new_result((rows, _FUSED_MODES[mode] * hidden), dtype, device, backend)
    beta = 0.0
    if bias_ih is not None:
        bias = bias_ih._array() + bias_hh._array() if mode == "LSTM" else bias_ih._array()
        gates_array[...] = bias
        beta = 1.0
    backend.add_matrix_product(x._array(), weight_ih._array().T, gates_array, 1.0, beta)
    output_shape = (steps, batch, hidden) if sizes is None else (rows, hidden)
    output, output_array = new_result(output_shape, dtype, device, backend)
    output_array = output_array.reshape(rows, hidden)
    finals = [new_result((batch, hidden), dtype, device, backend) for _ in initial]
    states = [_contiguous_array(s) for s in initial]
    weight_hh_array = _contiguous_array(weight_hh)
    if mode == "LSTM":
        cells = backend.empty_array((rows, hidden), dtype.numpy)
        recurrent.lstm_forward(gates_array, states[0], states[1], weight_hh_array, step_sizes, reverse,
                               output_array, cells, finals[0][1], finals[1][1])
        kept = (gates_array, cells)
    else:
        bias_hh_array = (_contiguous_array(bias_hh) if bias_hh is not None
                         else backend.zeros(3 * hidden, dtype.numpy))
        saved = backend.empty_array((rows, 4 * hidden), dtype.numpy)
        recurrent.gru_forward(gates_array, states[0], weight_hh_array, bias_hh_array, step_sizes, reverse,
                              output_array, saved, finals[0][1])
        kept = (saved,)
    final = tuple(f[0] for f in finals)
    _record(mode, (output,) + final, (input,) + tuple(weights) + initial,
            (x, kept, states, weight_hh_array, step_sizes, reverse, sizes))
    return output, final


def _record(mode, outputs, inputs, context):
    """Records one MkldnnRnnLayerBackward0 node as the grad_fn of every output."""
    if not _state.enabled:
        if _state.inference:
            for t in outputs:
                mark_inference(t)
        return
    if not any(t is not None and t._requires_grad for t in inputs):
        return
    node = MkldnnRnnLayerBackward0.__new__(MkldnnRnnLayerBackward0)
    node.next_functions = tuple(_edge(t) if t is not None and t._requires_grad else (None, 0) for t in inputs)
    node._seq = next_seq()
    node._meta = tuple((t._shape, t._dtype, t._storage.device) for t in outputs)
    node._hk = None
    node.n_outputs = len(outputs)
    node.mode = mode
    node._context = context
    node._save(*inputs, outputs[0])
    node._save_output(len(inputs), outputs[0])
    for i, t in enumerate(outputs):
        t._grad_fn = node
        t._output_nr = i
        t._requires_grad = True


class MkldnnRnnLayerBackward0(SavingNode):
    """The backward of one recurrent layer in one direction (LSTM or GRU): edges input,
    weight_ih, weight_hh, bias_ih, bias_hh, then the initial states."""
    __slots__ = ("n_outputs", "mode", "_context")
    saved_names = ("input", "weight0", "weight1", "weight2", "weight3", "hx_", "cx_")

    def _release(self):
        self._saved = None
        self._context = None

    def apply(self, grads):
        saved = self._unpack()   # the version checks, and the backward-twice error
        inputs, output = saved[:-1], saved[-1]
        if _state.enabled:
            return self._composed_gradients(inputs, grads)
        x, kept, states, weight_hh_array, step_sizes, reverse, _ = self._context
        weight_ih, weight_hh = inputs[1], inputs[2]
        device, dtype = output._storage.device, output._dtype
        backend = backend_for(device)
        rows, hidden = x.shape[0], weight_hh.shape[1]
        batch = step_sizes[0]
        if grads[0] is None:
            grad_output = backend.zeros(rows * hidden, dtype.numpy).reshape(rows, hidden)
        else:   # a copy: the runs add the recurrent gradients into it
            grad_output = backend.empty_array((rows, hidden), dtype.numpy)
            backend.copy_into(grad_output.reshape(grads[0].shape), grads[0]._array())
        grad_finals = [None if g is None else _contiguous_array(g) for g in grads[1:]]
        grad_states = [new_result((batch, hidden), dtype, device, backend) for _ in states]
        grad_weight_hh, grad_weight_hh_array = new_result(tuple(weight_hh.shape), dtype, device, backend)
        output_array = output._array().reshape(rows, hidden)
        gate_rows = (rows, weight_hh.shape[0])
        if self.mode == "LSTM":
            grad_input_gates, grad_gates_array = new_result(gate_rows, dtype, device, backend)
            grad_hidden_gates = grad_input_gates
            gates_array, cells = kept
            backend.recurrent.lstm_backward(gates_array, cells, output_array, states[0], states[1], weight_hh_array,
                                            step_sizes, reverse, grad_output, grad_finals[0], grad_finals[1],
                                            grad_gates_array, grad_states[0][1], grad_states[1][1],
                                            grad_weight_hh_array)
        else:
            grad_input_gates, grad_input_array = new_result(gate_rows, dtype, device, backend)
            grad_hidden_gates, grad_hidden_array = new_result(gate_rows, dtype, device, backend)
            backend.recurrent.gru_backward(kept[0], output_array, states[0], weight_hh_array, step_sizes, reverse,
                                           grad_output, grad_finals[0], grad_input_array, grad_hidden_array,
                                           grad_states[0][1], grad_weight_hh_array)
        input = inputs[0]
        result = [None] * len(inputs)
        if needs(self, 0):
            result[0] = grad_input_gates.mm(weight_ih).reshape(input.shape)
        if needs(self, 1):
            result[1] = grad_input_gates.t().mm(x)
        if needs(self, 2):
            result[2] = grad_weight_hh
        if needs(self, 3):
            result[3] = grad_input_gates.sum(0)
        if needs(self, 4):   # an LSTM's two biases have one gradient: summed once
            result[4] = (result[3].clone() if grad_hidden_gates is grad_input_gates and result[3] is not None
                         else grad_hidden_gates.sum(0))
        for i, (state, _) in enumerate(grad_states):
            result[5 + i] = state
        return tuple(result)

    def _composed_gradients(self, inputs, grads):
        """The gradients through the composed run, recorded (create_graph)."""
        _, _, _, _, step_sizes, reverse, sizes = self._context
        input, weight_ih, weight_hh, bias_ih, bias_hh = inputs[:5]
        with enable_grad():
            outputs = composed_layer(self.mode, input, (weight_ih, weight_hh, bias_ih, bias_hh, None),
                                     tuple(inputs[5:]), sizes, reverse)
        outputs = (outputs[0],) + tuple(outputs[1])
        wanted = [i for i in range(len(inputs)) if needs(self, i)]
        pairs = [(o, g) for o, g in zip(outputs, grads) if g is not None]
        found = _grad([o for o, _ in pairs], [inputs[i] for i in wanted], [g for _, g in pairs],
                      create_graph=True, allow_unused=True)
        result = [None] * len(inputs)
        for i, g in zip(wanted, found):
            result[i] = g
        return tuple(result)

"""Recurrent layers: RNN, LSTM, GRU over whole sequences (padded or packed),
and their single-step cells RNNCell, LSTMCell, GRUCell.

Parameters, their names (``weight_ih_l0``, ``bias_hh_l1_reverse``,
``weight_hr_l0`` for a projected LSTM), shapes and initialisation
(U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))) are PyTorch's, so state dicts
load either way.  The arithmetic is in ``_recurrence``: the input projection
of a whole layer is one matrix product, then one step per time step."""
import math
import numbers
import warnings

from ... import _creation
from ..._functional import cat as _cat
from ..._functional import stack as _stack
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from ._recurrence import STEPS
from ._recurrent_layer import run_layer
from .module import Module

__all__ = ["GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNBase", "RNNCell", "RNNCellBase"]

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


def _check_size_argument(name, value):
    if not isinstance(value, int):
        raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be greater than zero")


def _permute_hidden(hx, permutation):
    return hx if permutation is None else hx.index_select(1, permutation)


class RNNBase(Module):
    """The base of ``RNN``, ``LSTM`` and ``GRU``: stacked, optionally bidirectional recurrent layers.

    Args:
        mode (str): ``'RNN_TANH'``, ``'RNN_RELU'``, ``'LSTM'`` or ``'GRU'``.
        input_size (int): features of the input.
        hidden_size (int): features of the hidden state.
        num_layers (int): stacked layers. Default: ``1``.
        bias (bool): learn ``bias_ih`` and ``bias_hh``. Default: ``True``.
        batch_first (bool): input and output are ``(N, L, H)``. Default: ``False``.
        dropout (float): dropout on the outputs of each layer but the last while training. Default: ``0.0``.
        bidirectional (bool): run each layer in both directions. Default: ``False``.
        proj_size (int): LSTM only: project the hidden state to this size. Default: ``0``.
        device, dtype: where and in what dtype to create the parameters.

    The parameters of layer ``k`` are ``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``
    and ``bias_hh_l{k}`` (with the suffix ``_reverse`` for the backward direction), drawn from
    ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``.
    """

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        if (not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1):
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an element "
                             "being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and num_layers={num_layers}")
        _check_size_argument("input_size", input_size)
        _check_size_argument("hidden_size", hidden_size)
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _GATES:
            raise ValueError(f"Unrecognized RNN mode: {mode}")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        factory = {"device": device, "dtype": dtype}
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input_size = input_size if layer == 0 else real_hidden_size * directions
                shapes = [("weight_ih", (gate_size, layer_input_size)), ("weight_hh", (gate_size, real_hidden_size))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                suffix = "_reverse" if direction == 1 else ""
                names = [f"{kind}_l{layer}{suffix}" for kind, _ in shapes]
                for name, (_, shape) in zip(names, shapes):
                    setattr(self, name, Parameter(_creation.empty(shape, **factory)))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters, one list per layer and direction."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self):
        """Compacts the weights for cuDNN in PyTorch; tensorlib's layers read the
        parameters as they are, so there is nothing to do."""

    def reset_parameters(self):
        """Draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # ---- the checks of forward's arguments ---------------------------------------------------------------
    def _hidden_shape(self, data, batch_sizes, size):
        """The shape of an initial state for time-major ``data`` or packed data."""
        batch = int(batch_sizes[0]) if batch_sizes is not None else data.size(1)
        return (self.num_layers * (2 if self.bidirectional else 1), batch, size)

    def _check_input(self, input, batch_sizes):
        weight_dtype = self.weight_ih_l0.dtype
        if input.dtype != weight_dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight_dtype}). Convert "
                             f"input: input.to({weight_dtype}), or convert model: model.to({input.dtype})")
        expected_dim = 2 if batch_sizes is not None else 3
        if input.dim() != expected_dim:
            raise RuntimeError(f"input must have {expected_dim} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.size(-1)}")
        if batch_sizes is None and input.size(0) == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")

    @staticmethod
    def _check_hidden_size(hx, expected, message="Expected hidden size {}, got {}"):
        if tuple(hx.shape) != expected:
            raise RuntimeError(message.format(expected, list(hx.shape)))

    def _real_hidden_size(self):
        return self.proj_size if self.proj_size > 0 else self.hidden_size

    def _unpack_input(self, input):
        """(time-major input or packed data, batch sizes, sorted indices,
        unsorted indices, whether batched) with the input's dims checked."""
        if isinstance(input, PackedSequence):
            return input.data, input.batch_sizes, input.sorted_indices, input.unsorted_indices, True
        if input.dim() not in (2, 3):
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D tensor "
                             "instead")
        batched = input.dim() == 3
        if not batched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        return input, None, None, None, batched

    def _zeros(self, data, batch_sizes, size):
        return _creation.zeros(self._hidden_shape(data, batch_sizes, size), dtype=data.dtype, device=data.device)

    # ---- the run --------------------------------------------------------------------------------------------
    def _weights(self, layer, direction):
        """(weight_ih, weight_hh, bias_ih, bias_hh, weight_hr) of one layer and
        direction, None for those the layer has not."""
        suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
        return tuple(getattr(self, kind + suffix, None)
                     for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr"))

    def _run(self, input, batch_sizes, state):
        """Runs the layers over a time-major ``(T, B, in)`` input or packed data
        ``(N, in)``; ``state`` is a tuple of ``(layers * directions, B, ·)``
        initial states.  Returns (output, final states)."""
        directions = 2 if self.bidirectional else 1
        sizes = None if batch_sizes is None else [int(b) for b in batch_sizes.tolist()]
        layer_input = input
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                initial = tuple(s[layer * directions + direction] for s in state)
                output, final = run_layer(self.mode, layer_input, self._weights(layer, direction), initial, sizes,
                                          direction == 1)
                outputs.append(output)
                finals.append(final)
            layer_input = outputs[0] if directions == 1 else _cat(outputs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        return layer_input, tuple(_stack([final[k] for final in finals]) for k in range(len(state)))

    def _forward(self, input, hx):
        """The run shared by RNN and GRU (LSTM has a two-tensor state)."""
        data, batch_sizes, sorted_indices, unsorted_indices, batched = self._unpack_input(input)
        if hx is not None:
            if not batched and hx.dim() != 2:
                raise RuntimeError(f"For unbatched 2-D input, hx should also be 2-D but got {hx.dim()}-D tensor")
            if batched and batch_sizes is None and hx.dim() != 3:
                raise RuntimeError(f"For batched 3-D input, hx should also be 3-D but got {hx.dim()}-D tensor")
            hx = hx.unsqueeze(1) if not batched else _permute_hidden(hx, sorted_indices)
        self._check_input(data, batch_sizes)
        if hx is None:
            hx = self._zeros(data, batch_sizes, self.hidden_size)
        else:
            self._check_hidden_size(hx, self._hidden_shape(data, batch_sizes, self.hidden_size))
        output, (h_n,) = self._run(data, batch_sizes, (hx,))
        return self._pack_output(input, output, batched), self._finish_hidden(h_n, unsorted_indices, batched)

    def _pack_output(self, input, output, batched):
        if isinstance(input, PackedSequence):
            return PackedSequence(output, input.batch_sizes, input.sorted_indices, input.unsorted_indices)
        if not batched:
            return output.squeeze(1)
        return output.transpose(0, 1) if self.batch_first else output

    @staticmethod
    def _finish_hidden(hidden, unsorted_indices, batched):
        if not batched:
            return hidden.squeeze(1)
        return _permute_hidden(hidden, unsorted_indices)


class RNN(RNNBase):
    """A multi-layer Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)``.

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden state.
        num_layers (int): stacked layers. Default: ``1``.
        nonlinearity (str): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        bias, batch_first, dropout, bidirectional, device, dtype: as for ``RNNBase``.

    Shape:
        ``forward(input, hx=None)``: input ``(L, N, H_in)`` (``(N, L, H_in)`` with ``batch_first``,
        ``(L, H_in)`` unbatched, or a ``PackedSequence``); ``hx`` ``(D * num_layers, N, H)``,
        zeros when omitted.  Returns ``(output, h_n)``: output ``(L, N, D * H)``, the last layer's
        states; ``h_n`` the final state of every layer.  ``D`` is 2 when bidirectional, else 1.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> rnn = torch.nn.RNN(input_size=4, hidden_size=6, num_layers=2)
        >>> output, h_n = rnn(torch.randn(5, 3, 4))
        >>> output.shape, h_n.shape
        (torch.Size([5, 3, 6]), torch.Size([2, 3, 6]))
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self.nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__(mode, *args, **kwargs)

    def forward(self, input, hx=None):
        return self._forward(input, hx)


class GRU(RNNBase):
    """A multi-layer gated recurrent unit network (reset, update and new gates).

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden state.
        num_layers (int): stacked layers. Default: ``1``.
        bias, batch_first, dropout, bidirectional, device, dtype: as for ``RNNBase``.

    Shape:
        ``forward(input, hx=None)`` returns ``(output, h_n)``, shaped as ``RNN``'s.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> gru = torch.nn.GRU(4, 6, bidirectional=True)
        >>> output, h_n = gru(torch.randn(5, 3, 4))
        >>> output.shape, h_n.shape
        (torch.Size([5, 3, 12]), torch.Size([2, 3, 6]))
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input, hx=None):
        return self._forward(input, hx)


class LSTM(RNNBase):
    """A multi-layer long short-term memory network (input, forget, cell and output gates).

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden and cell states.
        num_layers (int): stacked layers. Default: ``1``.
        bias, batch_first, dropout, bidirectional, device, dtype: as for ``RNNBase``.
        proj_size (int): if above 0, the hidden state is projected to this size. Default: ``0``.

    Shape:
        ``forward(input, hx=None)`` with ``hx = (h_0, c_0)`` (zeros when omitted) returns
        ``(output, (h_n, c_n))``; the shapes are ``RNN``'s, ``c`` of size ``hidden_size``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> lstm = torch.nn.LSTM(input_size=4, hidden_size=6, batch_first=True)
        >>> output, (h_n, c_n) = lstm(torch.randn(3, 5, 4))
        >>> output.shape, h_n.shape, c_n.shape
        (torch.Size([3, 5, 6]), torch.Size([1, 3, 6]), torch.Size([1, 3, 6]))
        >>> torch.allclose(output[:, -1], h_n[0])
        True
    """

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input, hx=None):
        data, batch_sizes, sorted_indices, unsorted_indices, batched = self._unpack_input(input)
        if hx is not None:
            if not batched and (hx[0].dim() != 2 or hx[1].dim() != 2):
                raise RuntimeError("For unbatched 2-D input, hx and cx should also be 2-D but got "
                                   f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
            if batched and batch_sizes is None and (hx[0].dim() != 3 or hx[1].dim() != 3):
                raise RuntimeError("For batched 3-D input, hx and cx should also be 3-D but got "
                                   f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
            if batched:
                hx = (_permute_hidden(hx[0], sorted_indices), _permute_hidden(hx[1], sorted_indices))
            else:
                hx = (hx[0].unsqueeze(1), hx[1].unsqueeze(1))
        self._check_input(data, batch_sizes)
        if hx is None:
            hx = (self._zeros(data, batch_sizes, self._real_hidden_size()),
                  self._zeros(data, batch_sizes, self.hidden_size))
        else:
            sizes = (self._real_hidden_size(), self.hidden_size)
            for index, (h, size) in enumerate(zip(hx, sizes)):
                self._check_hidden_size(h, self._hidden_shape(data, batch_sizes, size),
                                        f"Expected hidden[{index}] size {{}}, got {{}}")
        output, (h_n, c_n) = self._run(data, batch_sizes, hx)
        return (self._pack_output(input, output, batched),
                (self._finish_hidden(h_n, unsorted_indices, batched),
                 self._finish_hidden(c_n, unsorted_indices, batched)))


class RNNCellBase(Module):
    """The base of the single-step cells: ``weight_ih`` ``(num_chunks * hidden_size, input_size)``,
    ``weight_hh`` ``(num_chunks * hidden_size, hidden_size)`` and, with ``bias``, ``bias_ih``
    and ``bias_hh``, drawn from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``.

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden state.
        bias (bool): learn the biases.
        num_chunks (int): gates stacked in the weights (1, 3 for GRU, 4 for LSTM).
        device, dtype: where and in what dtype to create the parameters.
    """

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_creation.empty((num_chunks * hidden_size, input_size), **factory))
        self.weight_hh = Parameter(_creation.empty((num_chunks * hidden_size, hidden_size), **factory))
        if bias:
            self.bias_ih = Parameter(_creation.empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(_creation.empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        nonlinearity = getattr(self, "nonlinearity", "tanh")
        if nonlinearity != "tanh":
            s += f", nonlinearity={nonlinearity}"
        return s

    def reset_parameters(self):
        """Draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def _batched_input(self, input):
        if input.dim() not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        return input.dim() == 2

    def _check_hidden_dim(self, hx, name="hidden"):
        if hx.dim() not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected {name} to be 1D or 2D, got {hx.dim()}D instead")

    def _check_step(self, input, hidden_states):
        """PyTorch's checks of a cell's input size and of each hidden state's
        batch and hidden sizes."""
        if input.size(1) != self.weight_ih.size(1):
            raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} expected "
                               f"{self.weight_ih.size(1)}")
        for index, hx in enumerate(hidden_states):
            if input.size(0) != hx.size(0):
                raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{index} batch size "
                                   f"{hx.size(0)}")
            if hx.size(1) != self.hidden_size:
                raise RuntimeError(f"hidden{index} has inconsistent hidden_size: got {hx.size(1)}, expected "
                                   f"{self.hidden_size}")

    def _step(self, mode, input, state):
        """One step of ``mode`` on a batched input and state."""
        self._check_step(input, state)
        projected = F.linear(input, self.weight_ih, self.bias_ih)
        return STEPS[mode](projected, state, self.weight_hh, self.bias_hh)

    def _single_state_forward(self, mode, input, hx):
        """The forward of RNNCell and GRUCell: ``hx`` one ``(batch, hidden_size)``
        state; ``mode`` None for an RNNCell of an unknown nonlinearity."""
        batched = self._batched_input(input)
        if hx is not None:
            self._check_hidden_dim(hx)
        if not batched:
            input = input.unsqueeze(0)
        if hx is None:
            hx = _creation.zeros((input.size(0), self.hidden_size), dtype=input.dtype, device=input.device)
        elif not batched:
            hx = hx.unsqueeze(0)
        if mode is None:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        hidden, = self._step(mode, input, (hx,))
        return hidden if batched else hidden.squeeze(0)


class RNNCell(RNNCellBase):
    """One step of an Elman RNN: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden state.
        bias (bool): learn the biases. Default: ``True``.
        nonlinearity (str): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        ``forward(input, hx=None)``: input ``(N, H_in)`` or ``(H_in)``, ``hx`` ``(N, H)`` (zeros
        when omitted); returns ``h'`` ``(N, H)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> cell = torch.nn.RNNCell(4, 6)
        >>> h = torch.zeros(3, 6)
        >>> for x in torch.randn(2, 3, 4):
        ...     h = cell(x, h)
        >>> h.shape
        torch.Size([3, 6])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        modes = {"tanh": "RNN_TANH", "relu": "RNN_RELU"}
        return self._single_state_forward(modes.get(self.nonlinearity), input, hx)


class GRUCell(RNNCellBase):
    """One step of a GRU.

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden state.
        bias (bool): learn the biases. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        ``forward(input, hx=None)``, as ``RNNCell``'s; returns ``h'`` ``(N, H)``.
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        return self._single_state_forward("GRU", input, hx)


class LSTMCell(RNNCellBase):
    """One step of an LSTM.

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden and cell states.
        bias (bool): learn the biases. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        ``forward(input, hx=None)`` with ``hx = (h, c)`` (zeros when omitted), each ``(N, H)``;
        returns ``(h', c')``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> h, c = torch.nn.LSTMCell(4, 6)(torch.randn(3, 4))
        >>> h.shape, c.shape
        (torch.Size([3, 6]), torch.Size([3, 6]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        batched = self._batched_input(input)
        if hx is not None:
            self._check_hidden_dim(hx[0], "hx[0]")
            self._check_hidden_dim(hx[1], "hx[1]")
        if not batched:
            input = input.unsqueeze(0)
        if hx is None:
            zeros = _creation.zeros((input.size(0), self.hidden_size), dtype=input.dtype, device=input.device)
            hx = (zeros, zeros)
        elif not batched:
            hx = (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        elif not isinstance(hx, (tuple, list)):
            raise TypeError(f"lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not "
                            f"{type(hx).__name__}")
        hidden, cell = self._step("LSTM", input, tuple(hx))
        return (hidden, cell) if batched else (hidden.squeeze(0), cell.squeeze(0))

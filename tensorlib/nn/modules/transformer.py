"""The Transformer: TransformerEncoderLayer, TransformerEncoder,
TransformerDecoderLayer, TransformerDecoder and Transformer, with PyTorch's
submodule names (so state_dicts cross) and its reprs."""
import copy
import warnings

from ... import _creation
from ... import _dtype as D
from ...autograd.grad_mode import is_grad_enabled
from .. import functional as F
from .. import init
from .activation import GELU, ReLU
from .attention import MultiheadAttention
from .container import ModuleList
from .dropout import Dropout
from .linear import Linear
from .module import Module
from .normalization import LayerNorm

__all__ = ["TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer", "TransformerDecoder",
           "Transformer"]


def _activation_function(activation):
    """``"relu"``/``"gelu"`` as their functions; a callable (function or module) as given."""
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    if isinstance(activation, str) or not callable(activation):
        raise RuntimeError(f"activation should be relu/gelu, not {activation}")
    return activation


def _canonical_masks(padding_mask, padding_name, mask, mask_name, dtype):
    """Both masks as float masks of ``dtype`` (PyTorch warns when one is bool and the other not)."""
    padding_mask = F._canonical_mask(padding_mask, padding_name, None if mask is None else mask.dtype, mask_name,
                                     dtype)
    return padding_mask, F._canonical_mask(mask, mask_name, None, "", dtype, check_other=False)


def _clones(module, count):
    return ModuleList([copy.deepcopy(module) for _ in range(count)])


def generate_square_subsequent_mask(sz, device=None, dtype=None):
    """Returns the causal mask ``(sz, sz)``: ``-inf`` above the diagonal, 0 elsewhere.

    Args:
        sz (int): the sequence length.
        device (torch.device, optional): where to make it.
        dtype (torch.dtype, optional): its dtype. Default: the default float dtype.

    Example::

        >>> torch.nn.Transformer.generate_square_subsequent_mask(3)
        tensor([[0., -inf, -inf],
                [0., 0., -inf],
                [0., 0., 0.]])
    """
    return _creation.full((sz, sz), float("-inf"), dtype=dtype or D.get_default_dtype(), device=device).triu(1)


class _FeedForwardLayer(Module):
    """What the encoder and decoder layers share: the feed-forward block and its options."""

    def _feed_forward_modules(self, d_model, dim_feedforward, dropout, activation, layer_norm_eps, norm_first, bias,
                              factory, norms):
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = norm_first
        for index in range(1, norms + 1):
            setattr(self, f"norm{index}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory))
        for index in range(1, norms + 1):
            setattr(self, f"dropout{index}", Dropout(dropout))
        self.activation = _activation_function(activation)
        # which of PyTorch's fused activations this is (1: relu, 2: gelu, 0: another)
        if self.activation is F.relu or isinstance(self.activation, ReLU):
            self.activation_relu_or_gelu = 1
        elif self.activation is F.gelu or isinstance(self.activation, GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0

    def _ff_block(self, x, dropout):
        return dropout(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoderLayer(_FeedForwardLayer):
    """One encoder block: self-attention, then a feed-forward network, each with dropout, a
    residual connection and a ``LayerNorm`` (after each, or before with ``norm_first``).

    Args:
        d_model (int): features of the input.
        nhead (int): attention heads.
        dim_feedforward (int): width of the feed-forward network. Default: ``2048``.
        dropout (float): dropout rate. Default: ``0.1``.
        activation (str or callable): ``"relu"``, ``"gelu"`` or a function. Default: relu.
        layer_norm_eps (float): the LayerNorms' eps. Default: ``1e-5``.
        batch_first (bool): input and output are ``(N, S, E)``. Default: ``False``.
        norm_first (bool): normalise before each block rather than after. Default: ``False``.
        bias (bool): learn the biases of the linear layers and norms. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        ``forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False)``: src ``(S, N, E)``
        (or ``(N, S, E)``, or ``(S, E)``); output the same shape.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> layer = torch.nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32, batch_first=True)
        >>> layer(torch.randn(2, 7, 16)).shape
        torch.Size([2, 7, 16])
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first,
                                            **factory)
        self._feed_forward_modules(d_model, dim_feedforward, dropout, activation, layer_norm_eps, norm_first, bias,
                                   factory, norms=2)

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        """Runs the block on ``src``; ``src_mask`` (``(S, S)``) and ``src_key_padding_mask`` (``(N, S)``) mask
        attention as in ``MultiheadAttention``.
        """
        src_key_padding_mask, src_mask = _canonical_masks(src_key_padding_mask, "src_key_padding_mask", src_mask,
                                                          "src_mask", src.dtype)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._ff_block(self.norm2(x), self.dropout2)
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._ff_block(x, self.dropout2))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False,
                           is_causal=is_causal)[0]
        return self.dropout1(x)


def _nested_tensor_obstacle(layer):
    """Why PyTorch would not run ``layer`` on nested tensors (the reason its warning gives), or None."""
    if not isinstance(layer, TransformerEncoderLayer):
        return "encoder_layer was not TransformerEncoderLayer"
    attention = layer.self_attn
    reasons = ((layer.norm_first, "encoder_layer.norm_first was True"),
               (not attention.batch_first, "encoder_layer.self_attn.batch_first was not True(use batch_first for "
                                           "better inference performance)"),
               (not attention._qkv_same_embed_dim, "encoder_layer.self_attn._qkv_same_embed_dim was not True"),
               (attention.in_proj_bias is None, "encoder_layer.self_attn was passed bias=False"),
               (not layer.activation_relu_or_gelu, "encoder_layer.activation_relu_or_gelu was not True"),
               (layer.norm1.eps != layer.norm2.eps, "encoder_layer.norm1.eps was not equal to encoder_layer.norm2.eps"),
               (attention.num_heads % 2 == 1, "encoder_layer.self_attn.num_heads is odd"))
    return next((reason for failed, reason in reasons if failed), None)


class TransformerEncoder(Module):
    """A stack of ``num_layers`` deep copies of ``encoder_layer``, applied in turn, then ``norm``.

    Args:
        encoder_layer (TransformerEncoderLayer): the layer to copy.
        num_layers (int): the number of layers.
        norm (Module, optional): applied to the output of the last layer.
        enable_nested_tensor (bool): a speed-up in PyTorch; it changes no result here. Default: ``True``.
        mask_check (bool): accepted for PyTorch compatibility. Default: ``True``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> layer = torch.nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
        >>> encoder = torch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        >>> encoder(torch.randn(5, 3, 8)).shape
        torch.Size([5, 3, 8])
    """

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = _clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        obstacle = _nested_tensor_obstacle(encoder_layer)
        self.use_nested_tensor = enable_nested_tensor and obstacle is None
        self.mask_check = mask_check
        if enable_nested_tensor and obstacle:
            warnings.warn("enable_nested_tensor is True, but self.use_nested_tensor is False because "
                          f"{obstacle}", stacklevel=2)

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        """Passes ``src`` through every layer (with the masks) and then ``norm``; returns a tensor of ``src``'s
        shape.
        """
        src_key_padding_mask, mask = _canonical_masks(src_key_padding_mask, "src_key_padding_mask", mask, "mask",
                                                      src.dtype)
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=mask, is_causal=bool(is_causal),
                           src_key_padding_mask=src_key_padding_mask)
        if self.norm is not None:
            output = self.norm(output)
        if self._runs_nested(src, mask, src_key_padding_mask):
            # PyTorch runs this case on nested tensors, which drop the padded positions: they come back as zeros
            output = output.masked_fill((src_key_padding_mask != 0).unsqueeze(-1), 0.0)
        return output

    def _runs_nested(self, src, mask, padding_mask):
        """Whether PyTorch would run this call on nested tensors (its inference fast path)."""
        if not self.use_nested_tensor or padding_mask is None or mask is not None or src.dim() != 3:
            return False
        first = self.layers[0]
        if first.training:
            return False
        if is_grad_enabled() and (src.requires_grad or any(p.requires_grad for p in first.parameters())):
            return False
        kept = (padding_mask == 0).to(D.int64)
        # every sequence's kept positions must come first (mask_check: "left aligned")
        return not self.mask_check or bool((kept[:, 1:] <= kept[:, :-1]).all())


class TransformerDecoderLayer(_FeedForwardLayer):
    """One decoder block: self-attention, attention over the encoder output ``memory``, then a
    feed-forward network, each with dropout, a residual connection and a ``LayerNorm``.

    The arguments are ``TransformerEncoderLayer``'s.

    Args:
        d_model (int): features of the input.
        nhead (int): attention heads.
        dim_feedforward (int): width of the feed-forward network. Default: ``2048``.
        dropout (float): dropout rate. Default: ``0.1``.
        activation (str or callable): ``"relu"``, ``"gelu"`` or a function. Default: relu.
        layer_norm_eps (float): the LayerNorms' eps. Default: ``1e-5``.
        batch_first (bool): inputs and output are ``(N, T, E)``. Default: ``False``.
        norm_first (bool): normalise before each block rather than after. Default: ``False``.
        bias (bool): learn the biases of the linear layers and norms. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        ``forward(tgt, memory, ...)``: tgt ``(T, N, E)``, memory ``(S, N, E)``; output ``(T, N, E)``.
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first,
                                            **factory)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first, **factory)
        self._feed_forward_modules(d_model, dim_feedforward, dropout, activation, layer_norm_eps, norm_first, bias,
                                   factory, norms=3)

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        """Runs the block on ``tgt`` attending over ``memory``; the ``tgt_*`` and ``memory_*`` masks act as in
        ``MultiheadAttention``.
        """
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal)
            x = x + self._ff_block(self.norm3(x), self.dropout3)
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
            x = self.norm3(x + self._ff_block(x, self.dropout3))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, is_causal=is_causal,
                           need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x, memory, attn_mask, key_padding_mask, is_causal):
        x = self.multihead_attn(x, memory, memory, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                is_causal=is_causal, need_weights=False)[0]
        return self.dropout2(x)


class TransformerDecoder(Module):
    """A stack of ``num_layers`` deep copies of ``decoder_layer``, applied in turn, then ``norm``.

    Args:
        decoder_layer (TransformerDecoderLayer): the layer to copy.
        num_layers (int): the number of layers.
        norm (Module, optional): applied to the output of the last layer.
    """

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        """Passes ``tgt`` through every layer, each attending over ``memory``, then ``norm``; returns a tensor of
        ``tgt``'s shape.
        """
        output = tgt
        for layer in self.layers:
            output = layer(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                           tgt_key_padding_mask=tgt_key_padding_mask,
                           memory_key_padding_mask=memory_key_padding_mask,
                           tgt_is_causal=bool(tgt_is_causal),
                           memory_is_causal=memory_is_causal)
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """An encoder-decoder transformer: an encoder stack and a decoder stack, each ending in a ``LayerNorm``.

    Parameters with more than one dim are initialised Xavier-uniform.

    Args:
        d_model (int): features of the inputs. Default: ``512``.
        nhead (int): attention heads. Default: ``8``.
        num_encoder_layers (int): encoder layers. Default: ``6``.
        num_decoder_layers (int): decoder layers. Default: ``6``.
        dim_feedforward (int): width of the feed-forward networks. Default: ``2048``.
        dropout (float): dropout rate. Default: ``0.1``.
        activation (str or callable): ``"relu"``, ``"gelu"`` or a function. Default: relu.
        custom_encoder, custom_decoder (Module, optional): used instead of the built stacks.
        layer_norm_eps (float): the LayerNorms' eps. Default: ``1e-5``.
        batch_first (bool): inputs and output are batch first. Default: ``False``.
        norm_first (bool): normalise before each block. Default: ``False``.
        bias (bool): learn the biases of the linear layers and norms. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        ``forward(src, tgt, ...)``: src ``(S, N, E)``, tgt ``(T, N, E)``; output ``(T, N, E)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> model = torch.nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
        ...                              dim_feedforward=16, batch_first=True)
        >>> model(torch.randn(2, 6, 8), torch.randn(2, 4, 8)).shape
        torch.Size([2, 4, 8])
    """

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation=F.relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        options = {"dim_feedforward": dim_feedforward, "dropout": dropout, "activation": activation,
                   "layer_norm_eps": layer_norm_eps, "batch_first": batch_first, "norm_first": norm_first,
                   "bias": bias, **factory}
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            self.encoder = TransformerEncoder(TransformerEncoderLayer(d_model, nhead, **options), num_encoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            self.decoder = TransformerDecoder(TransformerDecoderLayer(d_model, nhead, **options), num_decoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory))
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal=False):
        """Encodes ``src`` and decodes ``tgt`` attending over the encoding; the masks act as in
        ``MultiheadAttention``.
        """
        batched = src.dim() == 3
        batch_dim = 0 if self.batch_first else 1
        if batched and src.shape[batch_dim] != tgt.shape[batch_dim]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=tgt_is_causal,
                            memory_is_causal=memory_is_causal)

    generate_square_subsequent_mask = staticmethod(generate_square_subsequent_mask)

    def _reset_parameters(self):
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)

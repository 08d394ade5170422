"""MultiheadAttention."""
from ... import _creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .linear import NonDynamicallyQuantizableLinear
from .module import Module

__all__ = ["MultiheadAttention"]


class MultiheadAttention(Module):
    """Attention split over ``num_heads`` heads: ``softmax(Q K^T / sqrt(head_dim)) V`` per head.

    The query, key and value are projected (``in_proj_weight``, or ``q_proj_weight``,
    ``k_proj_weight`` and ``v_proj_weight`` when ``kdim``/``vdim`` differ from ``embed_dim``),
    split into heads of ``embed_dim // num_heads`` features, attended, concatenated and
    projected by ``out_proj``.

    Args:
        embed_dim (int): features of the query and of the output.
        num_heads (int): number of heads; it must divide ``embed_dim``.
        dropout (float): dropout on the attention weights while training. Default: ``0.0``.
        bias (bool): learn biases in the projections. Default: ``True``.
        add_bias_kv (bool): append a learnt bias step to the key and value. Default: ``False``.
        add_zero_attn (bool): append a step of zeros to the key and value. Default: ``False``.
        kdim (int, optional): features of the key. Default: ``embed_dim``.
        vdim (int, optional): features of the value. Default: ``embed_dim``.
        batch_first (bool): inputs and outputs are ``(N, L, E)`` rather than ``(L, N, E)``.
            Default: ``False``.
        device, dtype: where and in what dtype to create the parameters.

    Shape:
        query ``(L, N, E)``, key ``(S, N, kdim)``, value ``(S, N, vdim)`` (batch first with
        ``batch_first``, or without the batch dim); output ``(L, N, E)`` and weights ``(N, L, S)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> attn = torch.nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
        >>> x = torch.randn(3, 5, 8)
        >>> out, weights = attn(x, x, x)
        >>> out.shape, weights.shape
        (torch.Size([3, 5, 8]), torch.Size([3, 5, 5]))
    """

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None):
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} and "
                             f"num_heads={num_heads} instead")
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(_creation.empty((3 * embed_dim, embed_dim), **factory))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        else:
            self.q_proj_weight = Parameter(_creation.empty((embed_dim, embed_dim), **factory))
            self.k_proj_weight = Parameter(_creation.empty((embed_dim, self.kdim), **factory))
            self.v_proj_weight = Parameter(_creation.empty((embed_dim, self.vdim), **factory))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(_creation.empty(3 * embed_dim, **factory))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, **factory)
        if add_bias_kv:
            self.bias_k = Parameter(_creation.empty((1, 1, embed_dim), **factory))
            self.bias_v = Parameter(_creation.empty((1, 1, embed_dim), **factory))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        """Attends from ``query`` over ``key``/``value``.

        Args:
            query, key, value (Tensor): the inputs, shaped as in the class description.
            key_padding_mask (Tensor, optional): ``(N, S)``; True (or ``-inf``) marks key positions to ignore.
            need_weights (bool): also return the attention weights. Default: ``True``.
            attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``; True (or ``-inf``)
                forbids a position, a float mask is added to the scores.
            average_attn_weights (bool): average the weights over the heads. Default: ``True``.
            is_causal (bool): a hint that ``attn_mask`` is the causal mask. Default: ``False``.

        Returns:
            tuple: ``(output, weights)``; ``weights`` is None without ``need_weights``.
        """
        batched = query.dim() == 3
        if self.batch_first and batched:
            query, key, value = (x.transpose(1, 0) for x in (query, key, value))
        output, weights = F.multi_head_attention_forward(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight, self.in_proj_bias,
            self.bias_k, self.bias_v, self.add_zero_attn, self.dropout, self.out_proj.weight, self.out_proj.bias,
            training=self.training, key_padding_mask=key_padding_mask, need_weights=need_weights,
            attn_mask=attn_mask, use_separate_proj_weight=not self._qkv_same_embed_dim,
            q_proj_weight=self.q_proj_weight, k_proj_weight=self.k_proj_weight, v_proj_weight=self.v_proj_weight,
            average_attn_weights=average_attn_weights, is_causal=is_causal)
        if self.batch_first and batched:
            output = output.transpose(1, 0)
        return output, weights

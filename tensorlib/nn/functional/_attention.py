"""Attention: scaled_dot_product_attention and multi_head_attention_forward.

scaled_dot_product_attention of 4-D query, key and value without dropout is one node, as
PyTorch's CPU flash path records it (ScaledDotProductFlashAttentionForCpuBackward0): its forward
is one backend kernel for float32/float64 (the products, the scaled and masked scores, their
softmax), its backward another (the softmax gradient fused); other dtypes, and the backward
under ``create_graph``, run the same formulas composed of tensor ops.  Other shapes, dropout and
a mask that needs a gradient are composed of differentiable tensor ops (matmul, softmax,
masking), as PyTorch's math path, so their gradients are those of the pieces."""
import math
import warnings

from ... import _creation
from ... import _dtype as D
from ..._functional import cat as _cat
from ..._memory_format import like_strides
from ..._functional import where as _where
from ..._type_names import cpp_type_name
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops._common import backend_for, new_result
from ...ops.nodes._base import needs
from ._common import _grad_mode, _record
from ._activation import softmax
from ._linear import linear
from ._dropout import dropout
from ._padding import pad

_NEG_INF = float("-inf")


def _causal_mask(target_length, source_length, device):
    """The bool mask letting position i attend to positions 0..i (top-left aligned)."""
    return _creation.ones((target_length, source_length), dtype=D.bool, device=device).tril()


def _check_attention_inputs(query, key, value, attn_mask, is_causal, enable_gqa):
    """PyTorch's refusals of scaled_dot_product_attention's arguments, in its order."""
    if attn_mask is not None and is_causal:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    if query.dtype is not key.dtype or query.dtype is not value.dtype:
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got query.dtype: "
                           f"{cpp_type_name(query.dtype)} key.dtype: {cpp_type_name(key.dtype)} and value.dtype: "
                           f"{cpp_type_name(value.dtype)} instead.")
    if query.dim() < 2 or key.dim() < 2 or value.dim() < 2:
        raise RuntimeError("Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{query.dim()} key.dim: {key.dim()} and value.dim: {value.dim()} instead.")
    if not query.is_floating_point():
        raise RuntimeError(f"expected scalar type Float but found {query.dtype.legacy_name[:-6]}")
    if attn_mask is not None and attn_mask.dtype is not D.bool and attn_mask.dtype is not query.dtype:
        raise RuntimeError("Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           f"attn_mask.dtype: {cpp_type_name(attn_mask.dtype)} and  query.dtype: "
                           f"{cpp_type_name(query.dtype)} instead.")
    if enable_gqa and query.dim() >= 3:
        heads, kv_heads = query.shape[-3], key.shape[-3]
        if kv_heads == 0 or heads % kv_heads or value.shape[-3] != kv_heads:
            raise RuntimeError("Number of heads in key and value must divide the number of heads in ")


def _append(t, extra, dim=0):
    """``t`` with ``extra`` concatenated after it along ``dim``."""
    return _cat([t, extra], dim)


def _repeat_heads(t, times):
    """``t`` with each head (dim -3) repeated ``times`` times in a row (grouped-query attention)."""
    if times == 1:
        return t
    shape = tuple(t.shape)
    expanded = t.unsqueeze(-3).expand(*shape[:-2], times, *shape[-2:])
    return expanded.reshape(*shape[:-3], shape[-3] * times, *shape[-2:])


def _attention_weights(scores, mask):
    """softmax over the last dim of ``scores`` plus ``mask`` (bool: False masks out;
    float: added).  A row with every position masked out gets weights 0 (no NaN),
    as PyTorch's CPU kernel gives it."""
    if mask is not None:
        scores = _where(mask, scores, _NEG_INF) if mask.dtype is D.bool else scores + mask
    if scores.numel():
        valid = scores.detach().amax(-1, keepdim=True) > _NEG_INF
        if not bool(valid.all()):
            return softmax(_where(valid, scores, 0.0), -1) * valid
    return softmax(scores, -1)


def _flash_shaped(query, key, value, attn_mask, dropout_p):
    """Whether PyTorch's CPU takes its flash path (one node): 4-D query, key and value of one
    batch and head count and one head size, non-empty, no dropout, a mask needing no gradient."""
    q, k, v = query._shape, key._shape, value._shape
    if dropout_p > 0.0 or len(q) != 4 or len(k) != 4 or len(v) != 4:
        return False
    if q[:2] != k[:2] or k[:3] != v[:3] or k[3] != q[3] or v[3] != q[3] or 0 in q or 0 in k:
        return False
    return attn_mask is None or not attn_mask.requires_grad


def _broadcasts_to(mask, shape):
    """Whether ``mask``'s shape broadcasts to ``shape`` without growing it."""
    return len(mask._shape) <= len(shape) and all(m in (1, s) for m, s in zip(reversed(mask._shape), reversed(shape)))


def _composed_weights(query, key, mask, is_causal, scale):
    """The attention weights composed of tensor ops (differentiable in query and key)."""
    scores = (query @ key.transpose(-2, -1)) * scale
    if is_causal:
        mask = _causal_mask(query.shape[-2], key.shape[-2], query.device)
    return _attention_weights(scores, mask)


class ScaledDotProductFlashAttentionForCpuBackward0(SavingNode):
    """scaled_dot_product_attention(query, key, value) on PyTorch's CPU flash path: the weights
    saved from the forward; their gradient through the softmax in one pass."""
    __slots__ = ("is_causal", "scale")
    saved_names = ("query", "key", "value", "attn_mask", "weights")

    def setup(self, inputs, result, ctx):
        self.scale = ctx["scale"]
        self.is_causal = ctx["is_causal"]
        self._save(inputs[0], inputs[1], inputs[2], ctx["attn_mask"], ctx["weights"])

    def apply(self, grads):
        g = grads[0]
        query, key, value, mask, weights = self._unpack()
        if not _grad_mode():   # one kernel (create_graph: the composed formula below)
            done = _fused_backward(self, g, query, key, value, mask, weights)
            if done is not None:
                return done
        if _grad_mode():   # create_graph: the weights as functions of query and key
            weights = _composed_weights(query, key, mask, self.is_causal, self.scale)
        grad_query = grad_key = grad_value = None
        if needs(self, 2):
            grad_value = weights.transpose(-2, -1) @ g
        if needs(self, 0) or needs(self, 1):
            grad_weights = g @ value.transpose(-2, -1)
            grad_scores = weights * (grad_weights - (grad_weights * weights).sum(-1, keepdim=True)) * self.scale
            if needs(self, 0):
                grad_query = grad_scores @ key
            if needs(self, 1):
                grad_key = grad_scores.transpose(-2, -1) @ query
        return (grad_query, grad_key, grad_value)


def _fusable(*tensors):
    dtype = tensors[0]._dtype
    return dtype in (D.float32, D.float64) and all(t._dtype is dtype for t in tensors)


def _flash_layout(query):
    """The strides PyTorch's flash path gives its output: the query's dims in the query's order
    (a query of heads split off a (batch, sequence, features) tensor gives an output that is
    contiguous again once its heads are joined back), the query's very strides where it is dense,
    contiguous where its last dim is not."""
    return like_strides(query._shape, query._strides) if query._strides[-1] == 1 else None


def _fused_forward(query, key, value, mask, is_causal, scale):
    """``(output, weights)`` from the backend's attention kernel, or None where it declines."""
    if not _fusable(query, key, value) or (mask is not None and mask.dtype is not D.bool
                                           and mask.dtype is not query.dtype):
        return None
    device = query._storage.device
    backend = backend_for(device)
    shape = query._shape
    out, out_arr = new_result(shape, query._dtype, device, backend, _flash_layout(query))
    weights, weights_arr = new_result(shape[:-1] + (key._shape[-2],), query._dtype, device, backend)
    if not backend.attention(query._array(), key._array(), value._array(), None if mask is None else mask._array(),
                             is_causal, scale, out_arr, weights_arr):
        return None
    return out, weights


def _fused_backward(node, g, query, key, value, mask, weights):
    """The node's gradients from the backend's attention kernel, or None where it declines."""
    if not _fusable(g, query, key, value, weights):
        return None
    device = query._storage.device
    backend = backend_for(device)
    grads, arrays = [None, None, None], [None, None, None]
    for i, t in enumerate((query, key, value)):
        if needs(node, i):
            # as PyTorch's: (batch, sequence, heads, features) in memory, whatever the input's layout
            _, heads, length, features = t._shape
            strides = (length * heads * features, features, heads * features, 1)
            grads[i], arrays[i] = new_result(t._shape, t._dtype, device, backend, strides)
    if not backend.attention_backward(g._array(), query._array(), key._array(), value._array(), weights._array(),
                                      node.scale, *arrays, node.is_causal and mask is None):
        return None
    return tuple(grads)


def _flash_attention(query, key, value, attn_mask, is_causal, scale):
    """The flash path's forward: one node over query, key and value."""
    done = None
    if attn_mask is None or _broadcasts_to(attn_mask, query._shape[:-1] + (key._shape[-2],)):
        done = _fused_forward(query, key, value, attn_mask, is_causal, scale)
    if done is None:
        with no_grad():
            weights = _composed_weights(query.detach(), key.detach(), attn_mask, is_causal, scale)
            product = weights @ value.detach()
        device = query._storage.device
        backend = backend_for(device)
        out, out_arr = new_result(product._shape, product._dtype, device, backend, _flash_layout(query))
        backend.copy_into(out_arr, product._array())
    else:
        out, weights = done
    return _record(ScaledDotProductFlashAttentionForCpuBackward0, out, (query, key, value), scale=scale,
                   is_causal=is_causal, attn_mask=attn_mask, weights=weights)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, *, scale=None,
                                 enable_gqa=False):
    """Computes attention: ``softmax(query @ key.transpose(-2, -1) * scale + mask) @ value``.

    Batch dims broadcast; the last two dims are (sequence, features).

    Args:
        query (Tensor): ``(*, L, E)``.
        key (Tensor): ``(*, S, E)``.
        value (Tensor): ``(*, S, Ev)``.
        attn_mask (Tensor, optional): ``(L, S)`` broadcastable; a bool mask marks the pairs that
            may attend, a float mask is added to the scores.
        dropout_p (float): dropout on the attention weights. Default: ``0.0``.
        is_causal (bool): apply the causal (lower-triangular) mask. Default: ``False``.
        scale (float, optional): the score scale. Default: ``1 / sqrt(E)``.
        enable_gqa (bool): let ``key``/``value`` have fewer heads (dim -3) than ``query``,
            each shared by a group of query heads. Default: ``False``.

    Returns:
        Tensor: ``(*, L, Ev)``.

    Example::

        >>> import torch.nn.functional as F
        >>> q = k = v = torch.eye(2).reshape(1, 2, 2)
        >>> F.scaled_dot_product_attention(q, k, v, is_causal=True)
        tensor([[[1.0000, 0.0000],
                 [0.3302, 0.6698]]])
    """
    _check_attention_inputs(query, key, value, attn_mask, is_causal, enable_gqa)
    if enable_gqa and query.dim() >= 3:
        times = query.shape[-3] // key.shape[-3]
        key, value = _repeat_heads(key, times), _repeat_heads(value, times)
    if scale is None:
        scale = 1.0 / math.sqrt(query.shape[-1])
    if _flash_shaped(query, key, value, attn_mask, dropout_p):
        return _flash_attention(query, key, value, attn_mask, is_causal, scale)
    scores = (query @ key.transpose(-2, -1)) * scale
    if is_causal:
        attn_mask = _causal_mask(query.shape[-2], key.shape[-2], query.device)
    weights = _attention_weights(scores, attn_mask)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p)
    return weights @ value


# ---- multi-head attention --------------------------------------------------------------------------
def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """A bool mask (True: masked out) as a float one (-inf where masked out); a float
    mask as given; other dtypes refused as PyTorch refuses them."""
    if mask is None:
        return None
    if mask.dtype is not D.bool and not mask.is_floating_point():
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype is not other_type:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. Use same type for both "
                      "instead.", stacklevel=4)
    if mask.dtype is D.bool:
        return _creation.zeros(tuple(mask.shape), dtype=target_type, device=mask.device).masked_fill(mask, _NEG_INF)
    return mask


def _check_shapes(query, key, value, key_padding_mask, attn_mask, num_heads):
    """Whether the input is batched, with PyTorch's assertions on the dims."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                                 f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                                 f"found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                                 f"found {attn_mask.dim()}-D tensor instead")
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                                 f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but "
                                 f"found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                                     f"but found {attn_mask.dim()}-D tensor instead")
            if attn_mask.dim() == 3 and tuple(attn_mask.shape) != (num_heads, query.shape[0], key.shape[0]):
                raise AssertionError(f"Expected `attn_mask` shape to be {(num_heads, query.shape[0], key.shape[0])} "
                                     f"but got {attn_mask.shape}")
        return False
    raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.dim()}-D query "
                         "tensor")


def _projections(query, key, value, embed_dim, in_proj_weight, in_proj_bias, use_separate_proj_weight,
                 q_proj_weight, k_proj_weight, v_proj_weight):
    """query, key and value through their input projections."""
    if use_separate_proj_weight:
        if q_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but q_proj_weight is None")
        if k_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but k_proj_weight is None")
        if v_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but v_proj_weight is None")
        weights = (q_proj_weight, k_proj_weight, v_proj_weight)
        for name, weight, x in (("query", q_proj_weight, query), ("key", k_proj_weight, key),
                                ("value", v_proj_weight, value)):
            if tuple(weight.shape) != (embed_dim, x.shape[-1]):
                raise AssertionError(f"expecting {name} weights shape of {(embed_dim, x.shape[-1])}, but got "
                                     f"{weight.shape}")
    else:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        weights = in_proj_weight.chunk(3)
    biases = (None, None, None) if in_proj_bias is None else in_proj_bias.chunk(3)
    return tuple(linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))


def _split_heads(t, batch_heads, head_dim, static, name):
    """(S, N, E) as (N * heads, S, head_dim), or the given ``static`` projection."""
    if static is None:
        return t.reshape(t.shape[0], batch_heads, head_dim).transpose(0, 1)
    if static.shape[0] != batch_heads:
        raise AssertionError(f"expecting static_{name}.size(0) of {batch_heads}, but got {static.shape[0]}")
    if static.shape[2] != head_dim:
        raise AssertionError(f"expecting static_{name}.size(2) of {head_dim}, but got {static.shape[2]}")
    return static


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """The computation of ``nn.MultiheadAttention``: projects ``query``, ``key`` and ``value``,
    attends in ``num_heads`` heads and projects the result.

    Args:
        query, key, value (Tensor): ``(L, N, E)``, ``(S, N, Ek)``, ``(S, N, Ev)`` (or unbatched).
        embed_dim_to_check (int): the expected ``E``.
        num_heads (int): number of heads.
        in_proj_weight, in_proj_bias (Tensor): the packed q/k/v projection.
        bias_k, bias_v (Tensor, optional): biases appended to the key and value.
        add_zero_attn (bool): append a step of zeros to the key and value.
        dropout_p (float): dropout on the attention weights.
        out_proj_weight, out_proj_bias (Tensor): the output projection.
        training (bool): apply dropout. Default: ``True``.
        key_padding_mask, attn_mask (Tensor, optional): as for ``MultiheadAttention.forward``.
        need_weights (bool): also return the attention weights. Default: ``True``.
        use_separate_proj_weight (bool): use ``q_proj_weight``, ``k_proj_weight`` and
            ``v_proj_weight`` instead of ``in_proj_weight``. Default: ``False``.
        static_k, static_v (Tensor, optional): precomputed projected keys and values.
        average_attn_weights (bool): average the weights over heads. Default: ``True``.
        is_causal (bool): a hint that ``attn_mask`` is causal. Default: ``False``.

    Returns:
        tuple: ``(output (L, N, E), weights or None)``.
    """
    batched = _check_shapes(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    target_length, batch, embed_dim = query.shape
    source_length = key.shape[0]
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if tuple(key.shape[:2]) != tuple(value.shape[:2]):
            raise AssertionError(f"key's sequence and batch dims {tuple(key.shape[:2])} do not match value's "
                                 f"{tuple(value.shape[:2])}")
    elif key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                       None if attn_mask is None else attn_mask.dtype, "attn_mask", query.dtype)
    if key_padding_mask is not None:
        for index, size in enumerate((batch, source_length)):
            if key_padding_mask.shape[index] != size:
                raise AssertionError(f"Expected key_padded_mask.shape[{index}] to be {size}, but got "
                                     f"{key_padding_mask.shape[index]}")
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    # the hint is taken (the given mask dropped for a causal one) where PyTorch takes it
    causal = is_causal and key_padding_mask is None and not need_weights
    attn_mask = None if causal else _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, check_other=False)

    q, k, v = _projections(query, key, value, embed_dim, in_proj_weight, in_proj_bias, use_separate_proj_weight,
                           q_proj_weight, k_proj_weight, v_proj_weight)
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (target_length, source_length):
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                                   f"{(target_length, source_length)}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif tuple(attn_mask.shape) != (batch * num_heads, target_length, source_length):
            raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                               f"{(batch * num_heads, target_length, source_length)}.")
    if bias_k is not None and bias_v is not None:
        if static_k is not None or static_v is not None:
            raise AssertionError("bias cannot be added to static key." if static_k is not None
                                 else "bias cannot be added to static value.")
        k = _append(k, bias_k.expand(1, batch, -1))
        v = _append(v, bias_v.expand(1, batch, -1))
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))
    elif bias_k is not None or bias_v is not None:
        raise AssertionError("bias_k and bias_v must both be given or both be None")

    batch_heads = batch * num_heads
    q = q.reshape(target_length, batch_heads, head_dim).transpose(0, 1)
    k = _split_heads(k, batch_heads, head_dim, static_k, "k")
    v = _split_heads(v, batch_heads, head_dim, static_v, "v")
    if add_zero_attn:
        k = _append(k, k.new_zeros((batch_heads, 1, head_dim)), dim=1)
        v = _append(v, v.new_zeros((batch_heads, 1, head_dim)), dim=1)
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))
    source_length = k.shape[1]
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (batch, source_length):
            raise AssertionError(f"expecting key_padding_mask shape of {(batch, source_length)}, but got "
                                 f"{key_padding_mask.shape}")
        padding = key_padding_mask.reshape(batch, 1, 1, source_length).expand(-1, num_heads, -1, -1)
        padding = padding.reshape(batch_heads, 1, source_length)
        attn_mask = padding if attn_mask is None else attn_mask + padding

    scores = (q * (1.0 / math.sqrt(head_dim))) @ k.transpose(-2, -1)
    if causal:
        attn_mask = _causal_mask(target_length, source_length, query.device)
    weights = _attention_weights(scores, attn_mask) if not need_weights else softmax(
        scores if attn_mask is None else scores + attn_mask, -1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, training)
    output = (weights @ v).transpose(0, 1).reshape(target_length * batch, embed_dim)
    output = linear(output, out_proj_weight, out_proj_bias).view(target_length, batch, embed_dim)
    if not batched:
        output = output.squeeze(1)
    if not need_weights:
        return output, None
    weights = weights.view(batch, num_heads, target_length, source_length)
    if average_attn_weights:
        weights = weights.mean(1)
    return output, (weights if batched else weights.squeeze(0))


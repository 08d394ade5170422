"""``nn.functional``: the stateless forms of the layers, activations and losses.

Ops that tensorlib's math layer has (addmm, matmul, relu, sigmoid...) are used
directly.  Ops it lacks are computed here from tensorlib ops on detached
operands and recorded in the graph under PyTorch's node name:

* with a node of ``tensorlib.ops.nodes`` through ``_record_result``
  (SoftmaxBackward0, LogSoftmaxBackward0, NllLossBackward0, MseLossBackward0,
  BinaryCrossEntropyBackward0);
* with a node class defined in this package where that one has none yet
  (ConvolutionBackward0, MaxPool2DWithIndicesBackward0, AvgPool2DBackward0,
  EmbeddingBackward0, NativeBatchNormBackward0, ConstantPadNdBackward0,
  BinaryCrossEntropyWithLogitsBackward0, NllLoss2DBackward0).

Their backward formulas are tensorlib ops too, so ``create_graph=True``
records a differentiable graph of the backward pass (higher-order gradients).

log_softmax and nll_loss, the two halves of cross_entropy, each run as one
fused backend kernel (``backend.log_softmax``, ``backend.nll_loss``) rather
than a dozen small ops; so do their nodes' backward formulas while no graph of
the backward pass is recorded (``ops/nodes/_fused.py``).

The functions live in modules by kind, and this package gathers them:
``_activation`` (relu... softmax, log_softmax), ``_linear`` (linear, bilinear,
flatten), ``_conv`` (conv2d and the sliding windows pooling shares),
``_pooling``, ``_padding`` (pad), ``_dropout`` (dropout and its variants), ``_normalization`` (batch_norm,
normalize), ``_sparse`` (embedding, one_hot) and ``_loss``; ``_common`` holds
the recording and argument helpers they share.  ``_conv`` holds conv1d/3d too,
``_conv_transpose`` the transposed convolutions (ConvolutionBackward0 as well),
``_pooling`` the 1-D and 3-D pools and lp_pool too, ``_adaptive_pooling`` the
adaptive pools, ``_unpooling`` max_unpool, ``_fold`` unfold/fold,
``_pixel_shuffle`` pixel_(un)shuffle and ``_interpolate`` the resampling
(UpsampleNearest2DBackward0 & co.)."""
from ._activation import (elu, gelu, hardtanh, leaky_relu, log_softmax, logsigmoid, relu, relu6, relu_, sigmoid,
                          silu, softmax, softmin, softplus, tanh)
from ._conv import conv2d
from ._conv import conv1d, conv3d
from ._conv_transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
from ._fold import fold, unfold
from ._grid_sample import affine_grid, grid_sample
from ._pixel_shuffle import pixel_shuffle, pixel_unshuffle
from ._unpooling import max_unpool1d, max_unpool2d, max_unpool3d
from ._interpolate import interpolate, upsample, upsample_bilinear, upsample_nearest
from ._linear import bilinear, flatten, linear
from ._loss import (binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, l1_loss, mse_loss,
                    nll_loss, smooth_l1_loss)
from ._normalization import batch_norm, normalize
from ._dropout import alpha_dropout, dropout, dropout1d, dropout2d, dropout3d, feature_alpha_dropout
from ._layer_norm import group_norm, layer_norm, rms_norm
from ._attention import multi_head_attention_forward, scaled_dot_product_attention
from ._instance_norm import instance_norm, local_response_norm
from ._activation import gumbel_softmax
from ._attention import _canonical_mask  # noqa: F401  (PyTorch's modules reach it as F._canonical_mask)
from ._padding import pad
from ._pooling import avg_pool2d, max_pool2d, max_pool2d_with_indices
from ._pooling import avg_pool1d, max_pool1d, max_pool1d_with_indices
from ._pooling import avg_pool3d, max_pool3d, max_pool3d_with_indices
from ._pooling import lp_pool1d, lp_pool2d, lp_pool3d
from ._adaptive_pooling import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d,
                                adaptive_max_pool1d_with_indices, adaptive_max_pool2d,
                                adaptive_max_pool2d_with_indices)
from ._adaptive_pooling import adaptive_avg_pool3d, adaptive_max_pool3d, adaptive_max_pool3d_with_indices
from ._sparse import embedding, one_hot
# the node classes these functions record
from ._conv import ConvolutionBackward0  # noqa: F401
from . import _saved_attributes  # noqa: F401  (PyTorch's _saved_* names of the layers' nodes)
from ._loss import BinaryCrossEntropyWithLogitsBackward0, NllLoss2DBackward0  # noqa: F401
from ._normalization import NativeBatchNormBackward0  # noqa: F401
from ._layer_norm import NativeGroupNormBackward0, NativeLayerNormBackward0  # noqa: F401
from ._padding import ConstantPadNdBackward0  # noqa: F401
from ._pooling import AvgPool2DBackward0, MaxPool2DWithIndicesBackward0  # noqa: F401
from ._pooling import AvgPool3DBackward0, MaxPool3DWithIndicesBackward0  # noqa: F401
from ._adaptive_pooling import AdaptiveAvgPool2DBackward0, AdaptiveMaxPool2DBackward0  # noqa: F401
from ._adaptive_pooling import AdaptiveAvgPool3DBackward0, AdaptiveMaxPool3DBackward0  # noqa: F401
from ._fold import Col2ImBackward0, Im2ColBackward0  # noqa: F401
from ._grid_sample import AffineGridGeneratorBackward0, GridSampler2DBackward0, GridSampler3DBackward0  # noqa: F401
from ._pixel_shuffle import PixelShuffleBackward0, PixelUnshuffleBackward0  # noqa: F401
from ._unpooling import MaxUnpool2DBackward0, MaxUnpool3DBackward0  # noqa: F401
from ._sparse import EmbeddingBackward0  # noqa: F401

__all__ = [
    "linear", "bilinear", "relu", "relu_", "relu6", "leaky_relu", "elu", "gelu", "silu", "softplus", "hardtanh",
    "sigmoid", "tanh", "logsigmoid", "softmax", "softmin", "log_softmax", "dropout", "conv2d", "max_pool2d",
    "max_pool2d_with_indices", "avg_pool2d", "pad", "embedding", "one_hot", "batch_norm", "flatten", "normalize",
    "mse_loss", "l1_loss", "smooth_l1_loss", "nll_loss", "cross_entropy", "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "layer_norm", "group_norm", "rms_norm",
    "scaled_dot_product_attention", "multi_head_attention_forward", "instance_norm", "local_response_norm",
    "gumbel_softmax",
    "conv1d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "avg_pool1d", "max_pool1d", "max_pool1d_with_indices", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
    "adaptive_max_pool1d", "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d",
    "adaptive_max_pool2d_with_indices", "interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
    "fold", "unfold", "adaptive_avg_pool3d", "adaptive_max_pool3d", "adaptive_max_pool3d_with_indices",
    "avg_pool3d", "max_pool3d", "max_pool3d_with_indices", "lp_pool1d", "lp_pool2d", "lp_pool3d",
    "pixel_shuffle", "pixel_unshuffle", "max_unpool1d", "max_unpool2d", "max_unpool3d", "grid_sample", "affine_grid",
]
from ._activation import hardsigmoid, hardswish, mish
__all__ += ["mish", "hardswish", "hardsigmoid"]
__all__ += ["alpha_dropout", "feature_alpha_dropout", "dropout1d", "dropout2d", "dropout3d"]
from ._prelu import prelu
__all__ += ["prelu"]

"""PyTorch's ``_saved_*`` names for what the layers' nodes keep outside their saved
tensors (see ``tensorlib/ops/nodes/_saved_attributes.py`` for the ops' nodes)."""
from ...autograd.graph import SAVED_ATTRIBUTES


def _conv_geometry(index):
    return lambda node: tuple(node.geom[index])


def _normalized_shape(node):
    shape = node._saved_input._shape
    return tuple(shape[d] for d in node.dims)


SAVED_ATTRIBUTES.update({
    # geom: (kernel, stride, dilation, flat (before, after) pads, windows, groups, transposed)
    "ConvolutionBackward0": {"stride": _conv_geometry(1), "dilation": _conv_geometry(2),
                             "padding": lambda node: tuple(node.geom[3][::2]),
                             "groups": lambda node: node.geom[5], "transposed": lambda node: node.geom[6]},
    "NativeLayerNormBackward0": {"normalized_shape": _normalized_shape},
    "NativeBatchNormBackward0": {"eps": lambda node: node.eps, "training": lambda node: node.training},
    # PyTorch returns a saved int64 as an unsigned number: no padding index (-1) reads 2**64 - 1
    "EmbeddingBackward0": {"padding_idx": lambda node: (-1 if node.padding_idx is None else node.padding_idx) % 2 ** 64,
                           "scale_grad_by_freq": lambda node: node.scale_grad_by_freq,
                           "sparse": lambda node: False, "weight_sym_argsize_0": lambda node: node.num_weights},
})

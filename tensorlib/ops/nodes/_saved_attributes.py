"""PyTorch's ``_saved_*`` names for what the op nodes keep outside their saved
tensors: ``SumBackward1()._saved_dim``, ``AddBackward0()._saved_alpha``...  Each entry
reads the value from where the node keeps it for its own formula; ``Node.__getattr__``
and ``dir(node)`` find them through ``autograd.graph.SAVED_ATTRIBUTES``.  Only names a
node can answer from what it keeps are listed: a node that does not keep a value
PyTorch's keeps (an input it does not need) leaves that name out."""
from ..._layout import numel
from ...autograd.graph import SAVED_ATTRIBUTES

_REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}  # PyTorch exposes the reduction's enum value


def _field(name):
    return lambda node: getattr(node, name)


def _constant(value):
    return lambda node: value


def _ctx(index):
    return lambda node: node.ctx[index]


def _sizes_of(saved):
    """The sizes of saved tensor ``saved`` (PyTorch keeps them apart from the tensor)."""
    def sizes(node):
        tensor = getattr(node, "_saved_" + saved)
        return None if tensor is None else tuple(tensor._shape)
    return sizes


def _strides_of(saved):
    def strides(node):
        tensor = getattr(node, "_saved_" + saved)
        return None if tensor is None else tuple(tensor._strides)
    return strides


def _indexed_dims(indices):
    """The per-dim indices up to the last indexed dim, as PyTorch keeps them."""
    indices = list(indices)
    while indices and indices[-1] is None:
        indices.pop()
    return tuple(indices)


def _whole_or(name, whole_value):
    """var/std: PyTorch keeps ``dim`` None and ``keepdim`` False for a reduction of every dim."""
    return lambda node: whole_value if node.whole else getattr(node, name)


_input_sizes = {"self_sym_sizes": _field("shape")}
_view_sizes = {"self_sym_sizes": _field("ctx")}
_over_dims = {"dim": _field("dims"), "keepdim": _field("keepdim")}
_alpha = {"alpha": _field("alpha")}
_dim = {"dim": _field("dim")}
_reduction = {"reduction": lambda node: _REDUCTIONS.get(node.reduction, node.reduction)}
_mm_layouts = {f"{operand}_sym_{kind}": (_sizes_of if kind == "sizes" else _strides_of)(operand)
               for operand in ("mat2",) for kind in ("sizes", "strides")}

SAVED_ATTRIBUTES.update({
    "AddBackward0": _alpha, "SubBackward0": _alpha, "RsubBackward0": _alpha, "RsubBackward1": _alpha,
    "PowBackward0": {"exponent": _field("exponent")},
    "SumBackward0": _input_sizes,
    "SumBackward1": {**_over_dims, **_input_sizes},
    "MeanBackward0": {**_input_sizes, "self_sym_numel": lambda node: numel(node.shape)},
    "MeanBackward1": {**_over_dims, **_input_sizes, "self_sym_numel": lambda node: numel(node.shape)},
    "MmBackward0": {"self_sym_sizes": _sizes_of("self"), "self_sym_strides": _strides_of("self"), **_mm_layouts},
    "AddmmBackward0": {"alpha": _field("alpha"), "beta": _field("beta"), "mat1_sym_sizes": _sizes_of("mat1"),
                       "mat1_sym_strides": _strides_of("mat1"), **_mm_layouts},
    "ViewBackward0": _view_sizes, "UnsafeViewBackward0": _view_sizes, "ExpandBackward0": _view_sizes,
    "SqueezeBackward0": _view_sizes, "SqueezeBackward1": _view_sizes, "SqueezeBackward2": _view_sizes,
    "SqueezeBackward4": _view_sizes,
    "TransposeBackward0": {"dim0": _ctx(0), "dim1": _ctx(1)},
    "PermuteBackward0": {"dims": _field("ctx")},
    "UnsqueezeBackward0": {"dim": _field("ctx")},
    "SelectBackward0": {"self_sym_sizes": _ctx(0), "dim": _ctx(1), "index": _ctx(2)},
    "SliceBackward0": {"self_sym_sizes": _ctx(0), "dim": _ctx(1), "start": _ctx(2), "end": _ctx(3), "step": _ctx(4)},
    "SplitBackward0": {"self_sym_sizes": _ctx(0), "dim": _ctx(1), "split_size": lambda node: node.ctx[2][0]},
    "CatBackward0": _dim, "StackBackward0": _dim,
    "IndexBackward0": {**_input_sizes, "indices": lambda node: _indexed_dims(node._unpack())},
    "GatherBackward0": {"dim": _field("dim"), "sparse_grad": _constant(False)},
    "MaxBackward0": {**_dim, "keepdim": _field("keepdim"), **_input_sizes},
    "MinBackward0": {**_dim, "keepdim": _field("keepdim"), **_input_sizes},
    "SortBackward0": {**_dim, **_input_sizes}, "TopkBackward0": {**_dim, **_input_sizes},
    "AmaxBackward0": _over_dims, "AminBackward0": _over_dims,
    "SoftmaxBackward0": _dim, "LogSoftmaxBackward0": _dim, "CumsumBackward0": _dim, "CumprodBackward0": _dim,
    "LinalgVectorNormBackward0": {"ord": _field("ord"), **_over_dims},
    "VarBackward0": {"correction": _field("correction"), "dim": _whole_or("dims", None),
                     "keepdim": _whole_or("keepdim", False)},
    "StdBackward0": {"correction": _field("correction"), "dim": _whole_or("dims", None),
                     "keepdim": _whole_or("keepdim", False)},
    # PyTorch returns a saved int64 as an unsigned number: -100 reads 2**64 - 100
    "NllLossBackward0": {**_reduction, "ignore_index": lambda node: node.ignore_index % 2 ** 64},
    "MseLossBackward0": _reduction, "BinaryCrossEntropyBackward0": _reduction,
    "ClampBackward1": {"min": _field("min"), "max": _field("max")},
    "GeluBackward0": {"approximate": _field("approximate")},
    "LeakyReluBackward0": {"negative_slope": _field("negative_slope")},
    "EluBackward0": {"alpha": _field("alpha"), "scale": _constant(1), "input_scale": _constant(1)},
    "SoftplusBackward0": {"beta": _field("beta"), "threshold": _field("threshold")},
})

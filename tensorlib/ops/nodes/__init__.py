"""Backward nodes, named exactly as PyTorch's (``type(node).__name__``).

``NODES`` maps a node name to its class; ops record a node by name through
the ``_record_*`` hooks of ``tensorlib._tensor_autograd``.  Each class keeps
its backward formula beside what it saves (``setup``), and saves only what
the formula needs.

What a recording op passes (``inputs`` give one graph edge each, in order;
keyword context as below):

* binary ops ``(self, other)`` (``other`` may be a Python scalar), ``alpha=``
  for add/sub/rsub; ``pow``: ``(self, exponent)``, PowBackward2 ``(base, exponent)``;
  clamp ``(self, min, max)``; where ``(condition, self, other)``
* reductions ``(self,)`` with ``dim=`` (int or tuple, None = all), ``keepdim=``;
  max/min/sort/topk/median with dim also ``indices=``; var/std ``correction=``;
  norms ``ord=``/``p=``; cumsum/cumprod/softmax/log_softmax ``dim=``
* matrix products ``(self, other)``; addmm ``(self, mat1, mat2)`` with ``beta=``, ``alpha=``
* cat/stack: the tensors, ``dim=``; flip ``dims=``; roll ``shifts=``, ``dims=``;
  repeat ``repeats=``; tril/triu ``diagonal=``; diag ``offset=``
* indexing: ``dim=``, ``index=``, ``mask=``, ``indices=`` (one entry per dim,
  None where not indexed), ``accumulate=``; setitem records "CopySlices" with
  ``view=`` and ``indices=``
* losses: ``reduction=``, ``weight=``, ``ignore_index=``, nll_loss ``total_weight=``
  (the summed weights of the rows not ignored; computed when not given); activations their
  parameters (``negative_slope=``, ``alpha=``, ``approximate=``, ``beta=``,
  ``threshold=``, ``min_val=``, ``max_val=``)
"""
from ...autograd.graph import register_nodes
from . import _saved_attributes, indexing, linalg, pointwise, reductions, shape  # noqa: F401

for _module in (pointwise, reductions, linalg, shape, indexing):
    register_nodes(vars(_module))

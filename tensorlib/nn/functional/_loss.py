"""The losses: mse, l1, smooth_l1, nll (NllLoss2DBackward0), cross_entropy,
binary_cross_entropy and binary_cross_entropy_with_logits
(BinaryCrossEntropyWithLogitsBackward0)."""
import warnings

from ... import _dtype as D
from ... import _layout, _operators
from ..._fast_paths import FAST_PATHS
from ..._functional import where as _where
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops import _autocast
from ...ops._autocast import full_precision
from ...ops._common import backend_for, new_result, numel
from ...ops.nodes._base import needs
from ...ops.softmax import log_softmax as _log_softmax_op
from ._common import _div_scalar, _legacy_reduction, _mul_scalar, _record, _reduce, _scalar_name, _work_array
from ._common import as_function


def _broadcast_warning(input, target, stacklevel=3):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({target.size()}) that is different to the input size ({input.size()}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", stacklevel=stacklevel)


def _broadcast_pair(input, target):
    shape = _layout.broadcast_shapes(tuple(input.shape), tuple(target.shape))
    if tuple(input.shape) != shape:
        input = input.expand(shape)
    if tuple(target.shape) != shape:
        target = target.expand(shape)
    return input, target


def _weighted(losses, input, weight, reduction):
    """The ``weight=`` forms of mse_loss / l1_loss: weighted elementwise losses,
    'mean' normalised by the sum of the weights."""
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    losses = losses * weight
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / weight.sum()


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Returns the mean squared error between ``input`` and ``target``: ``(input - target) ** 2``, reduced.

    Args:
        input (Tensor): the prediction.
        target (Tensor): broadcastable to ``input`` (a warning is given when the shapes differ).
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        weight (Tensor, optional): multiplies each squared error before the reduction.
        size_average, reduce: deprecated spellings of ``reduction``.

    Returns:
        Tensor: a scalar, or the elementwise losses with ``'none'``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0]))
        tensor(2.5000)
    """
    input, target, weight = full_precision(input, target, weight)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _broadcast_warning(input, target)
    if weight is not None:   # no node for the weighted form: a composite
        return _weighted((input - target).square(), input, weight, reduction)
    input, target = _broadcast_pair(input, target)
    with no_grad():
        diff = input.detach() - target.detach()
        out = _reduce(diff * diff, reduction)
    return input._record_result(out, "MseLossBackward0", (input, target), reduction=reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Returns the mean absolute error between ``input`` and ``target``: ``|input - target|``, reduced.

    Args:
        input (Tensor): the prediction.
        target (Tensor): broadcastable to ``input``.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        weight (Tensor, optional): multiplies each absolute error before the reduction.
        size_average, reduce: deprecated spellings of ``reduction``.

    Returns:
        Tensor: a scalar, or the elementwise losses with ``'none'``.
    """
    input, target, weight = full_precision(input, target, weight)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _broadcast_warning(input, target)
    if weight is not None:
        return _weighted((input - target).abs(), input, weight, reduction)
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Returns the smooth L1 (Huber-like) loss: ``0.5 * d ** 2 / beta`` where ``|d| < beta``, else
    ``|d| - 0.5 * beta``, with ``d = input - target``, reduced.

    Args:
        input (Tensor): the prediction.
        target (Tensor): broadcastable to ``input``.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        beta (float): where the loss turns from quadratic to linear. Default: ``1.0``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Returns:
        Tensor: a scalar, or the elementwise losses with ``'none'``.
    """
    input, target = full_precision(input, target)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _broadcast_warning(input, target)
    diff = (input - target).abs()
    if beta == 0:
        losses = diff
    else:
        losses = _where(diff < beta, diff * diff * (0.5 / beta), diff - 0.5 * beta)
    return _reduce(losses, reduction)


class NllLoss2DBackward0(SavingNode):
    """nll_loss for (N, C, d1, ...) input: ``-weight[t]`` at the target class of
    each position (normalised for 'mean')."""
    __slots__ = ("reduction", "ignore_index")
    saved_names = ("self", "target", "weight", "total_weight")

    def setup(self, inputs, result, ctx):
        self.reduction = ctx["reduction"]
        self.ignore_index = ctx["ignore_index"]
        self._save(inputs[0], ctx["target"], ctx["weight"], ctx["total_weight"])

    def apply(self, grads):
        x, target, weight, total = self._unpack()
        g = grads[0]
        n, c = x.shape[0], x.shape[1]
        t = target.reshape(n, -1)
        valid = t != self.ignore_index
        safe = _where(valid, t, 0)
        if weight is None:
            w = valid.to(x.dtype)
        else:
            w = _where(valid, weight.index_select(0, safe.reshape(-1)).view(safe.shape), 0.0)
        if self.reduction == "none":
            coef = -(w * g.reshape(n, -1))
        else:
            coef = -(w * g)
            if self.reduction == "mean":
                coef = coef / total
        gx = x.new_zeros((n, c, t.shape[1])).scatter(1, safe.unsqueeze(1), coef.unsqueeze(1))
        return (gx.view(tuple(x.shape)),)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """Returns the negative log-likelihood of the class indices ``target`` under the log-probabilities ``input``.

    Args:
        input (Tensor): log-probabilities ``(N, C)``, ``(C)`` or ``(N, C, d1, ...)``.
        target (Tensor): int64 class indices ``(N)``, ``()`` or ``(N, d1, ...)``.
        weight (Tensor, optional): a weight per class ``(C,)``.
        ignore_index (int): targets equal to it add nothing. Default: ``-100``.
        reduction (str): ``'mean'`` (weighted by the targets' weights), ``'sum'`` or ``'none'``.
            Default: ``'mean'``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Returns:
        Tensor: a scalar, or one loss per target with ``'none'``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.nll_loss(torch.tensor([[-0.1, -2.5], [-1.2, -0.4]]), torch.tensor([0, 1]))
        tensor(0.2500)
    """
    input, target, weight = full_precision(input, target, weight)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    tdt = target._dtype
    if tdt is not D.int64 and tdt is not D.uint8:
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {tdt.legacy_name[:-6]}")
    shape, tshape = input._shape, target._shape
    dim = len(shape)
    if dim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {dim})")
    if dim == 1:
        if len(tshape) > 1 or (len(tshape) == 1 and tshape[0] != 1):
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {target.numel()}")
    elif shape[0] != (tshape[0] if tshape else 1):
        raise ValueError(f"Expected input batch_size ({shape[0]}) to match target batch_size "
                         f"({tshape[0] if tshape else 1}).")
    if dim > 2 and tshape != (shape[0],) + shape[2:]:
        if len(tshape) != dim - 1:
            raise RuntimeError(f"only batches of spatial targets supported ({dim - 1}D tensors) but got targets of "
                               f"dimension: {len(tshape)}")
        raise RuntimeError(f"size mismatch (got input: {list(shape)} , target: {list(tshape)}")
    n_classes = shape[1] if dim > 1 else shape[0]
    if weight is not None and weight.numel() != n_classes:
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no classes but "
                           f"got weight tensor of shape: {list(weight.shape)}")
    dt = input._dtype
    if not dt.is_floating_point:
        raise not_implemented("nll_loss_out_frame" if dim <= 2 else "nll_loss2d_forward_out_frame", dt)
    if weight is not None and weight._dtype is not dt:
        raise RuntimeError(f"expected scalar type {_scalar_name(dt)} but found {_scalar_name(weight._dtype)}")
    t = target if tdt is D.int64 else target.to(D.int64)
    device = input._storage.device
    backend = backend_for(device)
    work = D.compute_dtype(dt)
    rows = numel(tshape)
    oshape = tshape if reduction == "none" else ()
    out, arr = new_result(oshape, dt, device, backend)
    total_weight, total_arr = new_result((), dt, device, backend)
    # the kernel writes the flat result buffers (float16: float32 ones, rounded once after)
    exact = work is dt
    losses = out._storage.data if exact else backend.empty_array((numel(oshape),), work.numpy)
    total = total_weight._storage.data if exact else backend.empty_array((1,), work.numpy)
    if not rows:
        x2 = backend.empty_array((0, n_classes), work.numpy)
    else:
        x = _work_array(input, work, backend)
        if dim == 1:
            x2 = x.reshape(1, n_classes)
        elif dim == 2:
            x2 = x
        else:  # (N, C, d1, ...) -> one row per position
            x2 = x.reshape(x.shape[0], n_classes, -1).transpose(0, 2, 1).reshape(-1, n_classes)
    w = None if weight is None else _work_array(weight.detach(), work, backend)
    bad = backend.nll_loss(x2, t._array().reshape(rows), w, ignore_index, reduction, losses, total)
    if bad is not None:
        raise IndexError(f"Target {bad} is out of bounds.")
    if not exact:
        backend.copy_into(arr, losses.reshape(oshape))
        backend.copy_into(total_arr, total.reshape(()))
    if dim <= 2:
        return input._record_result(out, "NllLossBackward0", (input, t), weight=weight, reduction=reduction,
                                    ignore_index=ignore_index, total_weight=total_weight)
    return _record(NllLoss2DBackward0, out, (input,), target=t, weight=None if weight is None else weight.detach(),
                   total_weight=total_weight, reduction=reduction, ignore_index=ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    """Returns the cross-entropy between the logits ``input`` and ``target``: ``log_softmax`` over the
    class dim, then ``nll_loss`` (or, for probability targets, ``-sum(target * log_softmax)``).

    Args:
        input (Tensor): unnormalised scores ``(N, C)``, ``(C)`` or ``(N, C, d1, ...)``.
        target (Tensor): int64 class indices ``(N)`` (or ``(N, d1, ...)``), or float class
            probabilities shaped as ``input``.
        weight (Tensor, optional): a weight per class ``(C,)``.
        ignore_index (int): index targets equal to it add nothing. Default: ``-100``.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        label_smoothing (float): mix the target with the uniform distribution by this amount.
            Default: ``0.0``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Returns:
        Tensor: a scalar, or one loss per sample with ``'none'``.

    Example::

        >>> import torch.nn.functional as F
        >>> logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])
        >>> F.cross_entropy(logits, torch.tensor([0, 2]))
        tensor(0.1755)
        >>> F.cross_entropy(logits, torch.tensor([0, 2]), label_smoothing=0.1)
        tensor(0.3455)
    """
    input, target, weight = full_precision(input, target, weight)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    class_dim = 0 if input.dim() == 1 else 1
    logp = _log_softmax_op.forward(input, class_dim)   # the op, without the method's argument binding
    n_classes = input.shape[class_dim]
    if target.is_floating_point():
        if tuple(target.shape) != tuple(input.shape):
            raise RuntimeError(f"Expected target size {list(input.shape)}, got {list(target.shape)}")
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        prod = logp * target
        if weight is not None:
            shape = [1] * input.dim()
            shape[class_dim] = n_classes
            prod = prod * weight.view(shape)
        if reduction == "none":
            return -prod.sum(class_dim)
        if reduction == "sum":
            return -prod.sum()
        return _div_scalar(-prod.sum(), input.numel() / n_classes)
    nll = nll_loss(logp, target, weight, None, ignore_index, None, reduction)
    if label_smoothing <= 0:
        return nll
    # label smoothing with class indices: mix in the (weighted) mean of -log p over the classes
    if weight is not None:
        shape = [1] * input.dim()
        shape[class_dim] = n_classes
        smooth = -(logp * weight.view(shape)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    ignored = target == ignore_index
    smooth = _where(ignored, 0.0, smooth)
    if reduction == "mean":
        if weight is not None:
            kept = target[~ignored].reshape(-1)
            smooth = smooth.sum() / weight.index_select(0, kept).sum()
        else:
            smooth = smooth.sum() / (~ignored).sum()
    elif reduction == "sum":
        smooth = smooth.sum()
    return _mul_scalar(nll, 1 - label_smoothing) + _mul_scalar(smooth, label_smoothing / n_classes)


if FAST_PATHS:
    cross_entropy = as_function(_operators.cross_entropy_function(cross_entropy, _autocast), cross_entropy)


def _check_same_size(input, target, deprecated):
    if tuple(target.shape) != tuple(input.shape):
        if deprecated:
            raise ValueError(f"Using a target size ({target.size()}) that is different to the input size "
                             f"({input.size()}) is deprecated. Please ensure they have the same size.")
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Returns the binary cross-entropy between probabilities ``input`` and ``target``:
    ``-(target * log(input) + (1 - target) * log(1 - input))``, the logs clamped at -100.

    Args:
        input (Tensor): probabilities in ``[0, 1]``.
        target (Tensor): targets in ``[0, 1]``, shaped as ``input``.
        weight (Tensor, optional): rescales each element's loss.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Returns:
        Tensor: a scalar, or the elementwise losses with ``'none'``.
    """
    input, target, weight = full_precision(input, target, weight)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_same_size(input, target, True)
    if weight is not None:
        weight = weight.expand(_layout.broadcast_shapes(tuple(target.shape), tuple(weight.shape)))
    with no_grad():
        x, t = input.detach(), target.detach()
        if x.numel() and bool(((x < 0) | (x > 1)).any()):
            raise RuntimeError("all elements of input should be between 0 and 1")
        losses = -(t * x.log().clamp(min=-100) + (1 - t) * (1 - x).log().clamp(min=-100))
        if weight is not None:
            losses = losses * weight.detach()
        out = _reduce(losses, reduction)
    return input._record_result(out, "BinaryCrossEntropyBackward0", (input, target, weight), reduction=reduction,
                                weight=weight)


class BinaryCrossEntropyWithLogitsBackward0(SavingNode):
    """binary_cross_entropy_with_logits(self, target, weight, pos_weight)."""
    __slots__ = ("reduction",)
    saved_names = ("self", "target", "weight", "pos_weight")

    def setup(self, inputs, result, ctx):
        self.reduction = ctx["reduction"]
        self._save(inputs[0], inputs[1], ctx["weight"], ctx["pos_weight"])

    def apply(self, grads):
        x, t, weight, pos_weight = self._unpack()
        g = grads[0]
        if self.reduction == "mean":
            g = g / max(x.numel(), 1)
        gx = gt = None
        if pos_weight is None:
            if needs(self, 0):
                gx = x.sigmoid() - t
            if needs(self, 1):
                gt = -x
        else:
            lw = (pos_weight - 1) * t + 1
            if needs(self, 0):
                gx = (1 - t) - lw * (1 - x.sigmoid())
            if needs(self, 1):
                gt = (pos_weight - 1) * _softplus_neg(x) - x
        if weight is not None:
            gx = None if gx is None else gx * weight
            gt = None if gt is None else gt * weight
        return (None if gx is None else gx * g), (None if gt is None else gt * g)


def _softplus_neg(x):
    """``log(1 + exp(-x))``, stable."""
    return (-x.abs()).exp().log1p() + (-x).clamp(min=0)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    """Returns ``binary_cross_entropy(sigmoid(input), target)``, computed stably from the logits.

    Args:
        input (Tensor): logits.
        target (Tensor): targets in ``[0, 1]``, shaped as ``input``.
        weight (Tensor, optional): rescales each element's loss.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        pos_weight (Tensor, optional): weight of the positive term, per class.
        size_average, reduce: deprecated spellings of ``reduction``.

    Returns:
        Tensor: a scalar, or the elementwise losses with ``'none'``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.binary_cross_entropy_with_logits(torch.tensor([3.0, -1.0]), torch.tensor([1.0, 0.0]))
        tensor(0.1809)
    """
    input, target, weight, pos_weight = full_precision(input, target, weight, pos_weight)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_same_size(input, target, False)
    with no_grad():
        x, t = input.detach(), target.detach()
        w = None if weight is None else weight.detach()
        pw = None if pos_weight is None else pos_weight.detach()
        sp = _softplus_neg(x)
        if pw is None:
            losses = (1 - t) * x + sp
        else:
            losses = (1 - t) * x + ((pw - 1) * t + 1) * sp
        if w is not None:
            losses = losses * w
        out = _reduce(losses, reduction)
    return _record(BinaryCrossEntropyWithLogitsBackward0, out, (input, target), weight=w, pos_weight=pw,
                   reduction=reduction)

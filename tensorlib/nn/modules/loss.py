"""Loss modules: thin wrappers over ``nn.functional``."""
from .. import functional as F
from ..functional._common import _legacy_reduction
from .module import Module

__all__ = ["MSELoss", "L1Loss", "SmoothL1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss"]


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        return _legacy_reduction(size_average, reduce, reduction)
    return reduction


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        self.reduction = _reduction(size_average, reduce, reduction)


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    """Measures the mean squared error, ``(input - target) ** 2`` elementwise, then reduced.

    Args:
        reduction (str): ``'mean'`` (the average), ``'sum'`` or ``'none'`` (the elementwise
            losses). Default: ``'mean'``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Shape:
        input ``(*)`` and target of the same shape; output a scalar, or ``(*)`` with ``'none'``.

    Example::

        >>> loss = torch.nn.MSELoss()
        >>> loss(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, 0.0]))
        tensor(4.3333)
    """

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Measures the mean absolute error, ``|input - target|`` elementwise, then reduced.

    Args:
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Shape:
        input ``(*)`` and target of the same shape; output a scalar, or ``(*)`` with ``'none'``.

    Example::

        >>> torch.nn.L1Loss()(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, 0.0]))
        tensor(1.6667)
    """

    def forward(self, input, target):
        return F.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """A Huber-like loss: ``0.5 * d ** 2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 * beta``,
    with ``d = input - target``.

    Less sensitive to outliers than ``MSELoss``.

    Args:
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        beta (float): where the loss turns from quadratic to linear. Default: ``1.0``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Shape:
        input ``(*)`` and target of the same shape; output a scalar, or ``(*)`` with ``'none'``.

    Example::

        >>> torch.nn.SmoothL1Loss()(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0]))
        tensor(1.3125)
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean", beta=1.0):
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input, target):
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class NLLLoss(_WeightedLoss):
    """The negative log-likelihood loss: ``-input[n, target[n]]`` per sample, for log-probabilities.

    Pair it with ``LogSoftmax``; ``CrossEntropyLoss`` does both steps.

    Args:
        weight (Tensor, optional): a weight per class, ``(C,)``; the mean then divides by the sum
            of the weights of the targets.
        ignore_index (int): targets equal to it add nothing. Default: ``-100``.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Shape:
        input ``(N, C)``, ``(C)`` or ``(N, C, d1, ...)`` of log-probabilities; target ``(N)``
        (or ``(N, d1, ...)``) of class indices in ``[0, C)``; output a scalar, or the target's
        shape with ``'none'``.

    Example::

        >>> logp = torch.log(torch.tensor([[0.5, 0.25, 0.25], [0.1, 0.8, 0.1]]))
        >>> torch.nn.NLLLoss()(logp, torch.tensor([0, 1]))
        tensor(0.4581)
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    """The cross-entropy between the softmax of the logits ``input`` and ``target``.

    ``target`` holds class indices (``log_softmax`` then ``NLLLoss``) or class probabilities of
    the input's shape.

    Args:
        weight (Tensor, optional): a weight per class, ``(C,)``.
        ignore_index (int): index targets equal to it add nothing. Default: ``-100``.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        label_smoothing (float): in ``[0, 1]``; mixes the target with the uniform distribution
            by this amount. Default: ``0.0``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Shape:
        input ``(N, C)``, ``(C)`` or ``(N, C, d1, ...)`` of unnormalised scores; target ``(N)``
        (or ``(N, d1, ...)``) of indices, or probabilities shaped as the input; output a scalar,
        or one loss per sample with ``'none'``.

    Example::

        >>> logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])
        >>> torch.nn.CrossEntropyLoss()(logits, torch.tensor([0, 2]))
        tensor(0.1755)
        >>> torch.nn.CrossEntropyLoss(reduction="none")(logits, torch.tensor([0, 2]))
        tensor([0.2413, 0.1096])
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                 label_smoothing=0.0):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class BCELoss(_WeightedLoss):
    """The binary cross-entropy between probabilities ``input`` and targets in ``[0, 1]``:
    ``-(target * log(input) + (1 - target) * log(1 - input))`` elementwise, with the logs clamped at -100.

    Args:
        weight (Tensor, optional): rescales each element's loss; broadcast to the input.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        size_average, reduce: deprecated spellings of ``reduction``.

    Shape:
        input ``(*)`` and target of the same shape; output a scalar, or ``(*)`` with ``'none'``.

    Example::

        >>> torch.nn.BCELoss()(torch.tensor([0.9, 0.2]), torch.tensor([1.0, 0.0]))
        tensor(0.1643)
    """

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """``BCELoss`` of ``sigmoid(input)``, computed in one numerically stable step from the logits.

    Args:
        weight (Tensor, optional): rescales each element's loss; broadcast to the input.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``. Default: ``'mean'``.
        pos_weight (Tensor, optional): weight of the positive term, per class (broadcast along
            the last dim); above 1 it favours recall.
        size_average, reduce: deprecated spellings of ``reduction``.

    Shape:
        input ``(*)`` and target of the same shape; output a scalar, or ``(*)`` with ``'none'``.

    Example::

        >>> torch.nn.BCEWithLogitsLoss()(torch.tensor([2.0, -1.0]), torch.tensor([1.0, 0.0]))
        tensor(0.2201)
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self.weight, pos_weight=self.pos_weight,
                                                  reduction=self.reduction)

"""Weight averaging (``torch.optim.swa_utils``): ``AveragedModel`` keeps a
running average (SWA) or exponential moving average (EMA) of a model's
parameters, ``SWALR`` anneals the lr to a constant for the averaging phase, and
``update_bn`` recomputes the batch-norm statistics of the averaged model.

The average functions: ``avg_fn(averaged, current, num_averaged)`` returns the
new average of one tensor; ``multi_avg_fn(averaged_list, current_list,
num_averaged)`` updates a list (of one device and dtype) in place.
"""
import itertools
import math
import warnings
from copy import deepcopy

from .. import _creation, _dtype
from ..autograd.grad_mode import no_grad
from ..nn.modules.batchnorm import _BatchNorm
from ..nn.modules.module import Module
from ._ops import addcdiv_, as_scalar
from .lr_scheduler._base import LRScheduler, format_param

__all__ = ["AveragedModel", "update_bn", "SWALR", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
           "get_ema_avg_fn", "get_swa_avg_fn"]


def _check_decay(decay):
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in [0,1] range.")


def _is_float_or_complex(t):
    return t.is_floating_point() or t.is_complex()


def get_ema_multi_avg_fn(decay=0.999):
    """Returns a ``multi_avg_fn`` for ``AveragedModel`` that keeps an exponential moving average: ``ema = decay *
    ema + (1 - decay) * current``.

    Args:
        decay (float): in ``[0, 1]``. Default: ``0.999``.
    """
    _check_decay(decay)

    def ema_update(ema_param_list, current_param_list, _):
        with no_grad():
            if _is_float_or_complex(ema_param_list[0]):
                for ema, current in zip(ema_param_list, current_param_list):
                    ema.lerp_(current, 1 - decay)
            else:
                for ema, current in zip(ema_param_list, current_param_list):
                    ema.copy_(ema * decay + current * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn():
    """Returns a ``multi_avg_fn`` for ``AveragedModel`` that keeps the equal-weight running average of all the
    models seen.
    """

    def swa_update(averaged_param_list, current_param_list, num_averaged):
        with no_grad():
            if _is_float_or_complex(averaged_param_list[0]):
                weight = as_scalar(1 / (num_averaged + 1))
                for averaged, current in zip(averaged_param_list, current_param_list):
                    averaged.lerp_(current, weight)
                return
            for averaged, current in zip(averaged_param_list, current_param_list):
                diff = current.sub(averaged)
                if isinstance(num_averaged, int):
                    averaged.add_(diff, alpha=1.0 / (num_averaged + 1))
                else:
                    addcdiv_(averaged, diff, num_averaged + 1)
    return swa_update


def get_ema_avg_fn(decay=0.999):
    """Returns an ``avg_fn`` for ``AveragedModel``: the exponential moving average of one tensor, with the weight
    ``decay`` (default ``0.999``) on the old average.
    """
    _check_decay(decay)

    def ema_update(ema_param, current_param, num_averaged):
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    """Returns an ``avg_fn`` for ``AveragedModel``: the equal-weight running average of one tensor."""

    def swa_update(averaged_param, current_param, num_averaged):
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(Module):
    """A copy of ``model`` whose parameters are the running average of those of the models passed to
    ``update_parameters`` (for stochastic weight averaging or an exponential moving average).

    Calling it runs the averaged copy.

    Args:
        model (Module): the model to copy.
        device (torch.device, optional): where the copy lives. Default: the model's device.
        avg_fn (callable, optional): ``avg_fn(averaged, current, num_averaged)`` for one tensor.
        multi_avg_fn (callable, optional): the same over lists of tensors (give at most one of the
            two; default: the equal-weight average).
        use_buffers (bool): average the buffers too, rather than copy them from the last model.
            Default: ``False``.

    Example::

        >>> model = torch.nn.Linear(1, 1, bias=False)
        >>> swa = torch.optim.swa_utils.AveragedModel(model)
        >>> for value in (1.0, 2.0, 3.0):
        ...     with torch.no_grad():
        ...         _ = model.weight.fill_(value)
        ...     swa.update_parameters(model)
        >>> swa.module.weight
        Parameter containing:
        tensor([[2.]], requires_grad=True)
    """

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", _creation.tensor(0, dtype=_dtype.int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        """Runs the averaged copy of the model."""
        return self.module(*args, **kwargs)

    def _averaged_tensors(self, model):
        if self.use_buffers:
            return (itertools.chain(self.module.parameters(), self.module.buffers()),
                    itertools.chain(model.parameters(), model.buffers()))
        return self.parameters(), model.parameters()

    def update_parameters(self, model):
        """Fold ``model``'s current parameters into the average (the first call copies them)."""
        ours, theirs = self._averaged_tensors(model)
        pairs = [(mine.detach(), other.detach().to(mine.device)) for mine, other in zip(ours, theirs)]
        if bool(self.n_averaged == 0):
            for mine, other in pairs:
                mine.copy_(other)
        elif self.avg_fn is not None:
            for mine, other in pairs:
                mine.copy_(self.avg_fn(mine, other, self.n_averaged.to(mine.device)))
        elif self.multi_avg_fn is not None:
            for (device, _), group in _by_device_and_dtype(pairs).items():
                self.multi_avg_fn([m for m, _ in group], [o for _, o in group], self.n_averaged.to(device))
        else:
            average = get_swa_avg_fn()
            for mine, other in pairs:
                mine.copy_(average(mine, other, self.n_averaged.to(mine.device)))
        if not self.use_buffers:
            for mine, other in zip(self.module.buffers(), model.buffers()):
                mine.detach().copy_(other.detach().to(mine.device))
        self.n_averaged += 1


def _by_device_and_dtype(pairs):
    groups = {}
    for mine, other in pairs:
        groups.setdefault((mine.device, mine.dtype), []).append((mine, other))
    return groups


def update_bn(loader, model, device=None):
    """Recomputes the running statistics of every batch-norm layer of ``model`` by one pass over ``loader``.

    The statistics are a cumulative average over the batches; the model's training mode is restored.

    Args:
        loader (iterable): yields inputs, or sequences whose first element is the input.
        model (Module): the model (an ``AveragedModel``, typically).
        device (torch.device, optional): where to move each input.
    """
    with no_grad():
        momenta = {}
        for module in model.modules():
            if isinstance(module, _BatchNorm):
                module.reset_running_stats()
                momenta[module] = module.momentum
        if not momenta:
            return
        was_training = model.training
        model.train()
        for module in momenta:
            module.momentum = None
        for batch in loader:
            if isinstance(batch, (list, tuple)):
                batch = batch[0]
            if device is not None:
                batch = batch.to(device)
            model(batch)
        for module, momentum in momenta.items():
            module.momentum = momentum
        model.train(was_training)


def _linear_anneal(t):
    return t


def _cosine_anneal(t):
    return (1 - math.cos(math.pi * t)) / 2


class SWALR(LRScheduler):
    """Anneals each group's learning rate to ``swa_lr`` over ``anneal_epochs`` epochs, then holds it (for the SWA
    phase).

    Args:
        optimizer (Optimizer): the optimiser.
        swa_lr (float or list): the target rate, or one per group.
        anneal_epochs (int): the length of the annealing, at least 0. Default: ``10``.
        anneal_strategy (str): ``"cos"`` or ``"linear"``. Default: ``"cos"``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        for lr, group in zip(format_param("swa_lr", optimizer, swa_lr), optimizer.param_groups):
            group["swa_lr"] = lr
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    def _set_anneal_func(self, anneal_strategy):
        self._anneal_strategy = anneal_strategy
        self.anneal_func = _cosine_anneal if anneal_strategy == "cos" else _linear_anneal

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        """The lr the annealing started from, recovered from the current one."""
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        if not self._get_lr_called_within_step:
            warnings.warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.",
                          UserWarning, stacklevel=2)
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        groups = self.optimizer.param_groups
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        prev_lrs = [self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha) for group in groups]
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        return [group["swa_lr"] * alpha + lr * (1 - alpha) for group, lr in zip(groups, prev_lrs)]

    def state_dict(self):
        """The scheduler's state (without its anneal function, restored from the strategy)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict):
        """Restore a ``state_dict()``."""
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)

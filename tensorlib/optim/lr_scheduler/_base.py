"""``LRScheduler``, the base of the learning-rate schedulers, and the helpers they share.

A scheduler rewrites ``group["lr"]`` of its optimiser's param groups each time
``scheduler.step()`` is called (normally once per epoch, after
``optimizer.step()``).  Construction performs the initial step (epoch 0) and
records ``initial_lr`` in every group.  Schedules are "chainable": each step
derives the new lr from the group's current one, so several schedulers can act
on one optimiser.
"""
import types
import warnings
import weakref
from functools import wraps

from ..._C import TensorBase as _TensorBase
from ..optimizer import Optimizer

__all__ = ["LRScheduler", "EPOCH_DEPRECATION_WARNING", "check_optimizer", "format_param", "group_values",
           "set_group_value", "functions_state", "load_functions_state"]

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please "
    "use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the "
    "closed form is used instead of the new chainable form, where available. Please open an issue if you are "
    "unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.")
_ORDER_WARNING = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call "
    "them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result "
    "in PyTorch skipping the first value of the learning rate schedule. See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")
_OVERRIDDEN_WARNING = (
    "Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. Please, make "
    "sure to call `optimizer.step()` before `lr_scheduler.step()`. See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")


def group_values(optimizer, key):
    """``group[key]`` of every group (tensors cloned, so nothing aliases)."""
    return [g[key].clone() if isinstance(g[key], _TensorBase) else g[key] for g in optimizer.param_groups]


def set_group_value(group, key, value):
    """Set ``group[key]``, in place when it holds a tensor (a tensor lr stays that tensor)."""
    if isinstance(group[key], _TensorBase):
        group[key].fill_(value.item() if isinstance(value, _TensorBase) else value)
    else:
        group[key] = value


def check_optimizer(optimizer):
    """PyTorch's TypeError when a scheduler is handed something that is not an Optimizer."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


def _track_step_calls(optimizer):
    """Wrap ``optimizer.step`` (on the instance) so it records that it ran."""
    if hasattr(optimizer.step, "_wrapped_by_lr_sched"):
        return
    opt_ref = weakref.ref(optimizer)
    func = optimizer.step.__func__

    @wraps(func)
    def wrapper(*args, **kwargs):
        opt = opt_ref()
        opt._opt_called = True
        return func.__get__(opt, opt.__class__)(*args, **kwargs)

    wrapper._wrapped_by_lr_sched = True
    optimizer.step = wrapper


class LRScheduler:
    """Base class of the learning-rate schedulers: each ``step()`` sets the ``lr`` of every parameter group.

    Subclasses define ``get_lr()``.  The constructor records each group's ``initial_lr`` and
    takes the first step (epoch 0).  Call ``scheduler.step()`` after ``optimizer.step()``.

    Args:
        optimizer (Optimizer): the optimiser whose learning rates it sets.
        last_epoch (int): the index of the last epoch, to resume a schedule; ``-1`` starts afresh.
            Default: ``-1``.

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=1.0)
        >>> sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     opt.step()
        ...     sched.step()
        ...     lrs.append(sched.get_last_lr()[0])
        >>> lrs
        [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    _get_lr_called_within_step = False
    _is_initial = False

    def __init__(self, optimizer, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                lr = group["lr"]
                group.setdefault("initial_lr", lr.clone() if isinstance(lr, _TensorBase) else lr)
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when resuming scheduler with "
                        "last_epoch >= 0.\nThis typically happens when:\n1. You're trying to resume training from "
                        "a checkpoint but haven't properly loaded the optimizer state\n2. You're using "
                        "last_epoch >= 0 for a fresh training run (not recommended)")
        self.base_lrs = group_values(optimizer, "initial_lr")
        self.last_epoch = last_epoch
        _track_step_calls(optimizer)
        self._initial_step()

    def _initial_step(self):
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def state_dict(self):
        """Returns the scheduler's state: every attribute but the optimiser."""
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict):
        """Restores the state ``state_dict()`` returned (the attributes it holds are set on the scheduler)."""
        self.__dict__.update(state_dict)

    def get_last_lr(self):
        """Returns the learning rates the last ``step()`` set, one per parameter group."""
        return self._last_lr

    def get_lr(self):
        """Returns the learning rate of every group for the epoch being entered; subclasses define it.

        Call ``get_last_lr()`` to read the current rates.
        """
        raise NotImplementedError

    def _warn_if_not_in_step(self):
        if not self._get_lr_called_within_step:
            warnings.warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.",
                          UserWarning, stacklevel=3)

    def step(self, epoch=None):
        """Advances the schedule by one epoch and sets the optimiser's learning rates.

        Args:
            epoch (int, optional): deprecated: jump to this epoch instead (with a warning).
        """
        if self._step_count == 1:
            if not hasattr(self.optimizer.step, "_wrapped_by_lr_sched"):
                warnings.warn(_OVERRIDDEN_WARNING, UserWarning, stacklevel=2)
            elif not getattr(self.optimizer, "_opt_called", False):
                warnings.warn(_ORDER_WARNING, UserWarning, stacklevel=2)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        """Set the groups' lrs for the next epoch (``epoch`` None) or, by the
        closed form where there is one, for ``epoch``."""
        if epoch is None:
            self.last_epoch += 1
            compute = self.get_lr
        else:
            self.last_epoch = epoch
            compute = getattr(self, "_get_closed_form_lr", self.get_lr)
        self._apply_lrs(self._get_lr_in_step(compute))

    def _get_lr_in_step(self, compute):
        """``compute()`` flagged as called from ``step`` (so ``get_lr`` does not warn)."""
        self._get_lr_called_within_step = True
        try:
            return compute()
        finally:
            self._get_lr_called_within_step = False

    def _apply_lrs(self, values):
        for group, lr in zip(self.optimizer.param_groups, values):
            set_group_value(group, "lr", lr)
        self._last_lr = group_values(self.optimizer, "lr")


_LRScheduler = LRScheduler


def format_param(name, optimizer, param):
    """One value per param group: ``param`` repeated, or checked to have one per group."""
    if isinstance(param, (list, tuple)):
        if len(param) != len(optimizer.param_groups):
            raise ValueError(f"{name} must have the same length as optimizer.param_groups. {name} has "
                             f"{len(param)} values, param_groups has {len(optimizer.param_groups)}.")
    else:
        param = [param] * len(optimizer.param_groups)
    return [p.clone() if isinstance(p, _TensorBase) else p for p in param]


def functions_state(functions):
    """What a state_dict keeps of user callables: None for a plain function,
    a copy of the attributes of a callable object."""
    return [None if isinstance(fn, types.FunctionType) else fn.__dict__.copy() for fn in functions]


def load_functions_state(functions, saved):
    for fn, attributes in zip(functions, saved):
        if attributes is not None:
            fn.__dict__.update(attributes)

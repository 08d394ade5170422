"""``Optimizer``: the parameter-group bookkeeping every optimiser shares.

An optimiser holds ``param_groups`` (a list of dicts; each has ``"params"``, a
list of tensors, plus that group's hyper-parameters, filled in from
``defaults``) and ``state`` (a dict keyed by parameter tensor, one dict of
per-parameter buffers each).  Subclasses implement ``step``; the base class
provides ``zero_grad``, ``add_param_group``, ``state_dict``/``load_state_dict``
(PyTorch's layout: parameters are replaced by their position, counted across
groups), step hooks and the repr.

Updates are written in place into the parameter tensors under ``no_grad``.
"""
import functools
import warnings
from collections import OrderedDict, defaultdict
from copy import deepcopy
from itertools import chain

from .._C import TensorBase as _TensorBase
from ..autograd import grad_mode as _grad_mode
from ..autograd.graph import RemovableHandle
from ._ops import scalar_state

__all__ = ["Optimizer", "GroupwiseOptimizer", "required", "register_optimizer_step_pre_hook",
           "register_optimizer_step_post_hook"]

_HOOK_TABLES = ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks", "_optimizer_state_dict_pre_hooks",
                "_optimizer_state_dict_post_hooks", "_optimizer_load_state_dict_pre_hooks",
                "_optimizer_load_state_dict_post_hooks")
# hooks around the step of every optimiser: global pre hooks run before an
# optimiser's own, global post hooks after
_global_optimizer_pre_hooks = OrderedDict()
_global_optimizer_post_hooks = OrderedDict()


class _RequiredParameter:
    """Marks a hyper-parameter with no default: every group must give it."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj):
    if isinstance(obj, _TensorBase):
        return obj.type()
    module = getattr(type(obj), "__module__", "")
    name = type(obj).__qualname__
    return name if module in ("builtins", "__builtin__", None, "") else f"{module}.{name}"


def _hooked_step(step):
    """Wrap a subclass's ``step`` so registered pre/post hooks run around it
    (once, even when a subclass's step calls its parent's)."""

    @functools.wraps(step)
    def wrapper(self, *args, **kwargs):
        if getattr(self, "_in_hooked_step", False):
            return step(self, *args, **kwargs)
        if _global_optimizer_pre_hooks or self._optimizer_step_pre_hooks:  # (most steps have none)
            for hook in (*_global_optimizer_pre_hooks.values(), *self._optimizer_step_pre_hooks.values()):
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError(
                            f"{hook} must return None or a tuple of (new_args, new_kwargs), but got {result}.")
                    args, kwargs = result
        self._in_hooked_step = True
        try:
            out = step(self, *args, **kwargs)
        finally:
            self._in_hooked_step = False
        self._opt_called = True
        if self._optimizer_step_post_hooks or _global_optimizer_post_hooks:
            for hook in (*self._optimizer_step_post_hooks.values(), *_global_optimizer_post_hooks.values()):
                hook(self, args, kwargs)
        return out

    wrapper._tensorlib_hooked = True
    return wrapper


def _add_hook(table, hook, prepend=False):
    handle = RemovableHandle(table)
    table[handle.id] = hook
    if prepend:
        table.move_to_end(handle.id, last=False)
    return handle


def register_optimizer_step_pre_hook(hook):
    """Register ``hook(optimizer, args, kwargs)`` to run before the ``step`` of
    every optimiser (before its own pre hooks); returns a removable handle."""
    return _add_hook(_global_optimizer_pre_hooks, hook)


def register_optimizer_step_post_hook(hook):
    """Register ``hook(optimizer, args, kwargs)`` to run after the ``step`` of
    every optimiser (after its own post hooks); returns a removable handle."""
    return _add_hook(_global_optimizer_post_hooks, hook)


class Optimizer:
    """Base class of the optimisers: holds the parameter groups, the per-parameter state and the hooks.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        defaults (dict): the hyper-parameters a group takes when it does not set them.

    Attributes:
        param_groups (list of dict): each group's ``"params"`` and hyper-parameters (a scheduler
            changes ``group["lr"]`` here).
        state (dict): per-parameter state (momentum buffers, moment estimates...).

    Example::

        >>> _ = torch.manual_seed(0)
        >>> model = torch.nn.Linear(2, 1)
        >>> opt = torch.optim.SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.5}], lr=0.01)
        >>> [group["lr"] for group in opt.param_groups]
        [0.01, 0.5]
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "_tensorlib_hooked", False):
            cls.step = _hooked_step(step)

    def __init__(self, params, defaults):
        self.defaults = defaults
        for table in _HOOK_TABLES:
            setattr(self, table, OrderedDict())
        if isinstance(params, _TensorBase):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            "but got " + _typename(params))
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    # ---- pickling / repr ---------------------------------------------------------------------
    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        for table in _HOOK_TABLES:
            if table not in self.__dict__:
                setattr(self, table, OrderedDict())
        self.defaults.setdefault("differentiable", False)

    def __repr__(self):
        lines = [self.__class__.__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            if i:
                lines.append("")
            lines.append(f"Parameter Group {i}")
            for key in sorted(group.keys()):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)

    # ---- groups ------------------------------------------------------------------------------
    def add_param_group(self, param_group):
        """Adds a parameter group: a dict with ``"params"`` and optional hyper-parameters (the others come from
        ``defaults``).

        Raises ``ValueError`` when a parameter is already in another group.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, _TensorBase):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs. Please use a list instead.")
        else:
            params = list(params)
        tensors, names = [], []
        for p in params:
            if isinstance(p, tuple):
                names.append(p[0])
                tensors.append(p[1])
            else:
                tensors.append(p)
        param_group["params"] = tensors
        if names:
            if len(names) != len(tensors):
                raise ValueError("all optimizer params should be with/without names. Some param names are missing")
            param_group["param_names"] = names

        for p in tensors:
            if not isinstance(p, _TensorBase):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is " + _typename(p))
            if not self.defaults.get("differentiable", None) and not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter {name}")
            param_group.setdefault(name, default)

        ids = {id(p) for p in tensors}
        if len(ids) != len(tensors):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will "
                          "cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if not seen.isdisjoint(ids):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # ---- gradients ---------------------------------------------------------------------------
    def zero_grad(self, set_to_none=True):
        """Resets the gradients of every parameter: to None (the default), or to zeros in place.

        Call it before each ``backward``, since gradients accumulate.

        Args:
            set_to_none (bool): set ``.grad`` to None rather than zeroing it (the grad is detached
                first). Default: ``True``.
        """
        if set_to_none:
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        p.grad = None
            return
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                if g.grad_fn is not None:
                    g.detach_()
                else:
                    g.requires_grad_(False)
                g.zero_()

    def step(self, closure=None):
        """Performs one optimisation step on every parameter that has a gradient.

        Args:
            closure (callable, optional): re-evaluates the model and returns the loss; it runs with
                grad enabled before the update.

        Returns:
            the closure's loss, or None.
        """
        raise NotImplementedError

    @staticmethod
    def _eval_closure(closure):
        if closure is None:
            return None
        with _grad_mode.enable_grad():
            return closure()

    # ---- hooks -------------------------------------------------------------------------------
    def register_step_pre_hook(self, hook):
        """``hook(optimizer, args, kwargs)`` runs before each ``step``; it may
        return ``(new_args, new_kwargs)``."""
        return _add_hook(self._optimizer_step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """``hook(optimizer, args, kwargs)`` runs after each ``step``."""
        return _add_hook(self._optimizer_step_post_hooks, hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        """``hook(optimizer)`` runs before ``state_dict()`` builds the dict
        (``prepend``: before the hooks already registered)."""
        return _add_hook(self._optimizer_state_dict_pre_hooks, hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        """``hook(optimizer, state_dict)`` runs on the dict ``state_dict()``
        built; a dict it returns replaces it."""
        return _add_hook(self._optimizer_state_dict_post_hooks, hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        """``hook(optimizer, state_dict)`` runs before ``load_state_dict`` loads
        (on a shallow copy); a dict it returns is loaded instead."""
        return _add_hook(self._optimizer_load_state_dict_pre_hooks, hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        """``hook(optimizer)`` runs after ``load_state_dict`` has loaded."""
        return _add_hook(self._optimizer_load_state_dict_post_hooks, hook, prepend)

    # ---- state_dict --------------------------------------------------------------------------
    def state_dict(self):
        """Returns the optimiser's state as ``{"state": {index: {...}}, "param_groups": [...]}``.

        Parameters are named by their index over all groups, in order; the state's tensors are the
        optimiser's own (not copies).  ``load_state_dict`` restores it.

        Example::

            >>> w = torch.zeros(2, requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
            >>> w.grad = torch.ones(2)
            >>> opt.step()
            >>> sd = opt.state_dict()
            >>> sd["state"]
            {0: {'momentum_buffer': tensor([1., 1.])}}
            >>> sd["param_groups"][0]["params"]
            [0]
        """
        for hook in tuple(self._optimizer_state_dict_pre_hooks.values()):
            hook(self)
        index_of = {}
        groups = []
        start = 0
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start):
                index_of.setdefault(id(p), i)
            packed["params"] = [index_of[id(p)] for p in group["params"]]
            start += len(packed["params"])
            groups.append(packed)
        state = {(index_of[id(k)] if isinstance(k, _TensorBase) else k): v for k, v in self.state.items()}
        state_dict = {"state": state, "param_groups": groups}
        for hook in tuple(self._optimizer_state_dict_post_hooks.values()):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        return state_dict

    @staticmethod
    def _cast_state_value(param, value, key, fused_or_capturable):
        if key == "step":
            if fused_or_capturable:
                from .. import _dtype
                return value.to(dtype=_dtype.float32, device=param.device)
            return value
        if param.is_floating_point():
            return value.to(dtype=param.dtype, device=param.device)
        return value.to(device=param.device)

    def load_state_dict(self, state_dict):
        """Loads a ``state_dict()`` of an optimiser with the same groups and group sizes.

        Floating-point state is cast to the dtype and device of its parameter.

        Args:
            state_dict (dict): as ``state_dict()`` returns it.
        """
        state_dict = state_dict.copy()
        for hook in tuple(self._optimizer_load_state_dict_pre_hooks.values()):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                             "optimizer's group")
        id_map = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))
        special = {}
        for g in saved_groups:
            for i in g["params"]:
                special[i] = bool(g.get("fused", False) or g.get("capturable", False))

        def cast(param, value, key=None, index=None):
            if isinstance(value, _TensorBase):
                return Optimizer._cast_state_value(param, value, key, special.get(index, False))
            if isinstance(value, dict):
                return {k: cast(param, v, k, index) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(cast(param, v, None, index) for v in value)
            return value

        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = cast(param, v, None, k)
            else:
                state[k] = v

        new_groups = []
        for group, saved in zip(groups, saved_groups):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
            new_groups.append(saved)
        self.__setstate__({"state": state, "param_groups": new_groups})
        for hook in tuple(self._optimizer_load_state_dict_post_hooks.values()):
            hook(self)


class GroupwiseOptimizer(Optimizer):
    """Base of the optimisers whose step updates each param group on its own
    (every one but LBFGS): ``step`` evaluates the closure, then runs the
    subclass's ``_update_group(group)`` on every group.

    ``_group_flag_defaults``: the group entries a state saved by an older
    version may lack, filled in when it is loaded; ``_scalar_state_keys``: the
    per-parameter entries kept as 0-dim tensors (a saved plain number becomes one).
    """

    _group_flag_defaults = {}
    _scalar_state_keys = ()

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            for key, default in self._group_flag_defaults.items():
                group.setdefault(key, default)
            for p in group["params"]:
                st = self.state.get(p, {})
                for key in self._scalar_state_keys:
                    if key in st and not isinstance(st[key], _TensorBase):
                        st[key] = scalar_state(st[key], bool(group.get("fused")))

    def step(self, closure=None):
        """Performs one optimisation step on every parameter that has a gradient, group by group.

        Args:
            closure (callable, optional): re-evaluates the model and returns the loss; it runs with
                grad enabled before the update.

        Returns:
            the closure's loss, or None.  With ``differentiable=True`` the update is recorded in the graph.
        """
        loss = self._eval_closure(closure)
        with _grad_mode.set_grad_enabled(bool(self.defaults.get("differentiable", False))):
            for group in self.param_groups:
                self._update_group(group)
        return loss

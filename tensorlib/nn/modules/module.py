"""``nn.Module``: the base class of layers and models.  Its three ordered registries, ``_parameters``,
``_buffers`` and ``_modules``, are filled by attribute assignment and walked depth first."""
import itertools
import weakref
from collections import OrderedDict, namedtuple
from collections.abc import Mapping

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ..parameter import Parameter
from ._parse_to import parse_to

__all__ = ["Module", "RemovableHandle"]


def _typename(obj):
    """The type name PyTorch puts in its registration errors ("torch.FloatTensor", "int")."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = type(obj)
    module = getattr(cls, "__module__", "builtins")
    if module in ("builtins", None):
        return cls.__qualname__
    return f"{module}.{cls.__qualname__}"


def _addindent(text, spaces):
    """Indents every line of ``text`` but the first by ``spaces``."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    pad = " " * spaces
    return lines[0] + "\n" + "\n".join(pad + line for line in lines[1:])


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns."""
    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self.missing_keys!r}, unexpected_keys={self.unexpected_keys!r})"

    __str__ = __repr__


class RemovableHandle:
    """Returned by the ``register_*_hook`` methods: ``remove()`` (or leaving a ``with`` block) unregisters the hook.
    """
    _ids = itertools.count()

    def __init__(self, hooks, extra=None):
        self.id = next(RemovableHandle._ids)
        self._hooks = weakref.ref(hooks)
        self._extra = weakref.ref(extra) if extra is not None else None

    def remove(self):
        """Unregisters the hook; calling it again does nothing."""
        hooks = self._hooks()
        if hooks is not None:
            hooks.pop(self.id, None)
        extra = self._extra() if self._extra is not None else None
        if extra is not None:
            extra.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.remove()


class _HookDict(OrderedDict):
    """An ordered dict a handle can refer to weakly."""


class Module:
    r"""Base class of every layer and model.

    A subclass calls ``super().__init__()`` first, then assigns its ``Parameter``\ s, child
    modules and buffers as attributes, and defines ``forward``.  Calling the module runs the
    forward pre-hooks, ``forward`` and the forward hooks.  Parameters, buffers and children are
    registered in assignment order and named by dotted paths (``"0.weight"``).

    Example::

        >>> class TwoLayer(torch.nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = torch.nn.Linear(4, 3)
        ...         self.out = torch.nn.Linear(3, 1)
        ...     def forward(self, x):
        ...         return self.out(torch.relu(self.hidden(x)))
        >>> _ = torch.manual_seed(0)
        >>> net = TwoLayer()
        >>> net(torch.ones(2, 4)).shape
        torch.Size([2, 1])
        >>> [name for name, _ in net.named_parameters()]
        ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    """

    training: bool
    _version = 1
    dump_patches = False

    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                            f"'{next(iter(kwargs))}'")
        if args:
            raise TypeError(f"{type(self).__name__}.__init__() takes 1 positional argument but {len(args) + 1} "
                            "were given")
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", OrderedDict())
        setattr_(self, "_buffers", OrderedDict())
        setattr_(self, "_non_persistent_buffers_set", set())
        setattr_(self, "_modules", OrderedDict())
        setattr_(self, "_forward_hooks", _HookDict())
        setattr_(self, "_forward_hooks_with_kwargs", _HookDict())
        setattr_(self, "_forward_pre_hooks", _HookDict())
        setattr_(self, "_forward_pre_hooks_with_kwargs", _HookDict())

    # ---- forward and calling ---------------------------------------------------------------
    def forward(self, *args, **kwargs):
        """The computation of the module; every subclass defines it.
        Call the module (``module(x)``) rather than ``forward`` itself, so that the registered
        hooks run.  The base class raises ``NotImplementedError``.
        """
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        d = self.__dict__
        pre = d.get("_forward_pre_hooks")
        post = d.get("_forward_hooks")
        if not pre and not post:
            return self.forward(*args, **kwargs)
        if pre:
            with_kwargs = d["_forward_pre_hooks_with_kwargs"]
            for hid, hook in tuple(pre.items()):
                if hid in with_kwargs:
                    result = hook(self, args, kwargs)
                    if result is not None:
                        if not (isinstance(result, tuple) and len(result) == 2):
                            raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, "
                                               f"new_kwargs), but got {result}.")
                        args, kwargs = result
                else:
                    result = hook(self, args)
                    if result is not None:
                        args = result if isinstance(result, tuple) else (result,)
        output = self.forward(*args, **kwargs)
        if post:
            with_kwargs = d["_forward_hooks_with_kwargs"]
            for hid, hook in tuple(post.items()):
                result = hook(self, args, kwargs, output) if hid in with_kwargs else hook(self, args, output)
                if result is not None:
                    output = result
        return output

    def _register_hook(self, hooks, kw_hooks, hook, prepend, with_kwargs):
        handle = RemovableHandle(hooks, kw_hooks)
        hooks[handle.id] = hook
        if with_kwargs:
            kw_hooks[handle.id] = True
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Registers ``hook(module, args)`` to run before each ``forward``; returns a ``RemovableHandle``.

        The hook may return new positional arguments (a tuple, or one value) or None.  With
        ``with_kwargs=True`` it is called as ``hook(module, args, kwargs)`` and may return
        ``(args, kwargs)``; ``prepend=True`` runs it before the hooks already registered.
        """
        return self._register_hook(self._forward_pre_hooks, self._forward_pre_hooks_with_kwargs, hook, prepend,
                                   with_kwargs)

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """Registers ``hook(module, args, output)`` to run after each ``forward``.

        A hook that returns a value replaces the output.

        Args:
            hook (callable): the hook.
            prepend (bool): run it before the hooks already registered. Default: ``False``.
            with_kwargs (bool): call ``hook(module, args, kwargs, output)`` instead. Default: ``False``.
            always_call (bool): accepted for PyTorch compatibility. Default: ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Example::

            >>> layer = torch.nn.Identity()
            >>> handle = layer.register_forward_hook(lambda module, args, output: output * 2)
            >>> layer(torch.tensor([1.0, 2.0]))
            tensor([2., 4.])
            >>> handle.remove()
            >>> layer(torch.tensor([1.0, 2.0]))
            tensor([1., 2.])
        """
        return self._register_hook(self._forward_hooks, self._forward_hooks_with_kwargs, hook, prepend,
                                   with_kwargs)

    # ---- registration ----------------------------------------------------------------------
    def register_buffer(self, name, tensor, persistent=True):
        """Registers ``tensor`` as a buffer named ``name``: module state that is not a parameter.

        Buffers move with ``to()``/``cuda()`` and appear in ``buffers()``; persistent ones are
        saved in ``state_dict``.

        Args:
            name (str): the attribute name.
            tensor (Tensor or None): the buffer's value.
            persistent (bool): whether ``state_dict`` includes it. Default: ``True``.
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"buffer name should be a string. Got {_typename(name)}")
        if "." in name:
            raise KeyError('buffer name can\'t contain "."')
        if name == "":
            raise KeyError('buffer name can\'t be empty string ""')
        if hasattr(self, name) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def register_parameter(self, name, param):
        """Registers ``param`` (a ``Parameter`` or None) as the parameter named ``name``."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"parameter name should be a string. Got {_typename(name)}")
        if "." in name:
            raise KeyError('parameter name can\'t contain "."')
        if name == "":
            raise KeyError('parameter name can\'t be empty string ""')
        if hasattr(self, name) and name not in self._parameters:
            raise KeyError(f"attribute '{name}' already exists")
        if param is None:
            self._parameters[name] = None
            return
        if not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        if param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be created "
                f"explicitly. To express '{name}' as a function of another Tensor, compute the value in the "
                "forward() method.")
        self._parameters[name] = param

    def add_module(self, name, module):
        """Registers ``module`` (a Module or None) as the child named ``name``, like assigning the attribute."""
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {_typename(name)}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target):
        """Returns the descendant at the dotted path ``target`` (``""`` is the module itself).
        Raises ``AttributeError`` when a step is missing or is not a Module.
        """
        if target == "":
            return self
        mod = self
        for item in target.split("."):
            if not hasattr(mod, item):
                raise AttributeError(mod._get_name() + " has no attribute `" + item + "`")
            mod = getattr(mod, item)
            if not isinstance(mod, Module):
                raise AttributeError("`" + item + "` is not an nn.Module")
        return mod

    def get_parameter(self, target):
        """Returns the parameter at the dotted path ``target`` (such as ``"0.weight"``).
        Raises ``AttributeError`` when the path is missing or names no parameter.
        """
        module_path, _, name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, name):
            raise AttributeError(mod._get_name() + " has no attribute `" + name + "`")
        param = getattr(mod, name)
        if not isinstance(param, Parameter):
            raise AttributeError("`" + name + "` is not an nn.Parameter")
        return param

    def get_buffer(self, target):
        """Returns the buffer at the dotted path ``target`` (such as ``"bn.running_mean"``).
        Raises ``AttributeError`` when the path is missing or names no buffer.
        """
        module_path, _, name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, name):
            raise AttributeError(mod._get_name() + " has no attribute `" + name + "`")
        if name not in mod._buffers:
            raise AttributeError("`" + name + "` is not a buffer")
        return getattr(mod, name)

    # ---- attribute protocol --------------------------------------------------------------------
    def __getattr__(self, name):
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            members = d.get(registry)
            if members is not None and name in members:
                return members[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        d = self.__dict__

        def forget(*registries):
            d.pop(name, None)
            for registry in registries:
                members = d.get(registry)
                if members is not None:
                    members.pop(name, None)
            if "_buffers" in registries:
                d["_non_persistent_buffers_set"].discard(name)

        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            forget("_buffers", "_modules")
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
            return
        modules = d.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            forget("_parameters", "_buffers")
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            modules[name] = value
            return
        buffers = d.get("_buffers")
        if buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{_typename(value)}' as buffer '{name}' "
                                "(torch.nn.Buffer, torch.Tensor or None expected)")
            buffers[name] = value
            return
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        d = self.__dict__
        if name in d.get("_parameters", ()):
            del d["_parameters"][name]
        elif name in d.get("_buffers", ()):
            del d["_buffers"][name]
            d["_non_persistent_buffers_set"].discard(name)
        elif name in d.get("_modules", ()):
            del d["_modules"][name]
        else:
            object.__delattr__(self, name)

    def __dir__(self):
        keys = list(object.__dir__(self))
        keys += list(self._parameters) + list(self._modules) + list(self._buffers)
        return sorted(k for k in set(keys) if not k[0].isdigit())

    def __setstate__(self, state):
        self.__dict__.update(state)

    # ---- traversal ------------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """Yields ``(dotted name, module)`` for this module and each descendant, depth first.

        ``prefix`` is prepended to every name; ``remove_duplicate`` (default ``True``) yields a module
        shared by several parents once; ``memo`` holds the ids already seen (for the recursion).
        """
        if memo is None:
            memo = set()
        if id(self) in memo:
            return
        if remove_duplicate:
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self):
        """Yields this module and each descendant once, depth first."""
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        """Yields ``(name, child)`` for each direct child, in registration order."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self):
        """Yields each direct child module, in registration order."""
        for _, module in self.named_children():
            yield module

    def _named_members(self, registry, prefix, recurse, remove_duplicate):
        seen = set()
        if recurse:
            modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
        else:
            modules = [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in getattr(module, registry).items():
                if value is None or id(value) in seen:
                    continue
                if remove_duplicate:
                    seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """Yields ``(dotted name, parameter)`` for each parameter, a shared one once.

        Args:
            prefix (str): prepended to every name. Default: ``""``.
            recurse (bool): include the parameters of the descendants. Default: ``True``.
            remove_duplicate (bool): yield a shared parameter once. Default: ``True``.

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
            >>> [(name, tuple(p.shape)) for name, p in net.named_parameters()]
            [('0.weight', (2, 2)), ('0.bias', (2,)), ('2.weight', (1, 2)), ('2.bias', (1,))]
        """
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        """Yields each parameter of the module (and of its descendants when ``recurse``).

        This is what an optimizer takes: ``torch.optim.SGD(model.parameters(), lr=0.1)``.

        Args:
            recurse (bool): include the parameters of the descendants. Default: ``True``.

        Example::

            >>> sum(p.numel() for p in torch.nn.Linear(3, 2).parameters())
            8
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """Yields ``(dotted name, buffer)`` for each buffer; the arguments are ``named_parameters``'s."""
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        """Yields each buffer (and those of the descendants when ``recurse``, default ``True``)."""
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    # ---- modes and gradients -------------------------------------------------------------------
    def train(self, mode=True):
        """Sets training mode (``mode=True``) or evaluation mode on the module and its descendants.

        Layers such as ``Dropout`` and ``BatchNorm2d`` read ``self.training``.

        Args:
            mode (bool): ``True`` for training, ``False`` for evaluation. Default: ``True``.

        Returns:
            Module: ``self``.
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        """Sets evaluation mode on the module and its descendants, like ``train(False)``; returns ``self``."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Sets ``requires_grad`` on every parameter (``False`` freezes the module); returns ``self``."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Resets the ``.grad`` of every parameter: to None, or to zeros when ``set_to_none=False``."""
        for p in self.parameters():
            g = p._grad
            if g is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                if g.grad_fn is not None:
                    g.detach_()
                else:
                    g.requires_grad_(False)
                g.zero_()

    def apply(self, fn):
        """Calls ``fn(module)`` on each descendant (children first), then on ``self`` (to initialise
        weights, say); returns ``self``."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ---- conversions ----------------------------------------------------------------------------
    def _apply(self, fn, recurse=True):
        """Replaces the data of every parameter (and its grad) and every buffer
        by ``fn`` of it; Parameter objects keep their identity."""
        if recurse:
            for module in self.children():
                module._apply(fn)
        for key, param in self._parameters.items():
            if param is None:
                continue
            with no_grad():
                new = fn(param)
            if new is not param:
                param.data = new
            grad = param._grad
            if grad is not None:
                with no_grad():
                    new_grad = fn(grad)
                if new_grad is not grad:
                    grad.data = new_grad
        for key, buf in self._buffers.items():
            if buf is not None:
                with no_grad():
                    self._buffers[key] = fn(buf)
        return self

    def to(self, *args, **kwargs):
        """Moves and/or casts the parameters and buffers, in place.

        Accepts ``to(device)``, ``to(dtype)``, ``to(tensor)`` (its device and dtype) and the
        keywords ``device=``, ``dtype=``, ``non_blocking=``, ``memory_format=`` (which lays out the
        4-D and 5-D tensors: ``model.to(memory_format=torch.channels_last)``).  A dtype applies to
        the floating-point tensors only; Parameter objects keep their identity.

        Returns:
            Module: ``self``.
        """
        device, dtype, non_blocking, memory_format = parse_to(args, dict(kwargs))
        if dtype is not None and not dtype.is_floating_point:
            raise TypeError(f"nn.Module.to only accepts floating point or complex dtypes, but got desired "
                            f"dtype={dtype}")

        def convert(t):
            # as PyTorch, a memory format lays out the 4-D and 5-D tensors only (a rank it does not fit raises)
            layout = memory_format if memory_format is not None and t.dim() in (4, 5) else None
            return t.to(device=device, dtype=dtype if t.is_floating_point() else None, memory_format=layout)

        return self._apply(convert)

    def cpu(self):
        """Moves every parameter and buffer to the CPU, in place; returns ``self``."""
        return self._apply(lambda t: t.cpu())

    def cuda(self, device=None):
        """Moves every parameter and buffer to CUDA ``device`` (default: current), in place; returns ``self``."""
        return self._apply(lambda t: t.cuda(device))

    def type(self, dst_type):
        """Casts every parameter and buffer to ``dst_type`` (a dtype or type name), in place; returns ``self``."""
        return self._apply(lambda t: t.type(dst_type))

    def float(self):
        """Casts the floating-point parameters and buffers to float32, in place; returns ``self``."""
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self):
        """Casts the floating-point parameters and buffers to float64, in place; returns ``self``."""
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self):
        """Casts the floating-point parameters and buffers to float16, in place; returns ``self``."""
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def bfloat16(self):
        """Casts the floating-point parameters and buffers to bfloat16, in place; returns ``self``."""
        return self._apply(lambda t: t.bfloat16() if t.is_floating_point() else t)

    # ---- state dict ------------------------------------------------------------------------------
    def _save_to_state_dict(self, destination, prefix, keep_vars):
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars else buf.detach()

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """Returns an ``OrderedDict`` of every parameter and persistent buffer by dotted name.

        The tensors are detached unless ``keep_vars=True``; ``load_state_dict`` restores it.

        Args:
            destination (dict or None): a mapping to fill instead of a new one.  ``prefix`` (str) is
                prepended to every key.
            keep_vars (bool): keep the Parameters themselves. Default: ``False``.

        Example::

            >>> list(torch.nn.BatchNorm1d(3).state_dict())
            ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
        """
        if args:   # the deprecated positional form (destination, prefix, keep_vars)
            destination = args[0]
            if len(args) > 1:
                prefix = args[1]
            if len(args) > 2:
                keep_vars = args[2]
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        metadata = getattr(destination, "_metadata", None)
        if metadata is not None:
            metadata[prefix[:-1]] = {"version": self._version}
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        return destination

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs, assign=False):
        local_state = OrderedDict((k, v) for k, v in self._parameters.items() if v is not None)
        for k, v in self._buffers.items():
            if v is not None and k not in self._non_persistent_buffers_set:
                local_state[k] = v
        for name, current in local_state.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                error_msgs.append(f'While copying the parameter named "{key}", expected torch.Tensor or Tensor-like '
                                  f"object from checkpoint but received {type(value)}")
                continue
            if value.shape != current.shape:
                error_msgs.append(f"size mismatch for {key}: copying a param with shape {value.shape} from "
                                  f"checkpoint, the shape in current model is {current.shape}.")
                continue
            try:
                with no_grad():
                    if assign:
                        if name in self._parameters:
                            new = value if isinstance(value, Parameter) else Parameter(value,
                                                                                      current.requires_grad)
                            setattr(self, name, new)
                        else:
                            setattr(self, name, value)
                    else:
                        current.copy_(value)
            except Exception as ex:   # noqa: BLE001  (reported like PyTorch)
                error_msgs.append(f'While copying the parameter named "{key}", whose dimensions in the model are '
                                  f"{current.size()} and whose dimensions in the checkpoint are {value.size()}, "
                                  f"an exception occurred : {ex.args}.")
        if strict:
            for key in state_dict.keys():
                if not key.startswith(prefix):
                    continue
                parts = key[len(prefix):].split(".", 1)
                if len(parts) > 1:
                    if parts[0] not in self._modules:
                        unexpected_keys.append(key)
                elif parts[0] not in local_state:
                    unexpected_keys.append(key)

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copies the tensors of ``state_dict`` into the module's parameters and buffers.

        Args:
            state_dict (Mapping): tensors by dotted name, as ``state_dict()`` returns.
            strict (bool): raise ``RuntimeError`` on missing or unexpected keys. Default: ``True``.
            assign (bool): take the given tensors instead of copying into the current ones.
                Default: ``False``.

        Returns:
            NamedTuple: ``(missing_keys, unexpected_keys)``.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> a, b = torch.nn.Linear(2, 1), torch.nn.Linear(2, 1)
            >>> b.load_state_dict(a.state_dict())
            <All keys matched successfully>
            >>> torch.equal(a.weight, b.weight)
            True
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing, unexpected, errors = [], [], []
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)

        def load(module, prefix):
            local_metadata = {} if metadata is None else metadata.get(prefix[:-1], {})
            module._load_from_state_dict(state_dict, prefix, local_metadata, True, missing, unexpected, errors,
                                         assign)
            for name, child in module._modules.items():
                if child is not None:
                    load(child, prefix + name + ".")

        load(self, "")
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in unexpected)))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)))
        return _IncompatibleKeys(missing, unexpected)

    # ---- printing ------------------------------------------------------------------------------------
    def _get_name(self):
        return type(self).__name__

    def extra_repr(self):
        """Returns the module-specific part of ``repr(module)``; subclasses override it (the base gives ``""``)."""
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({key}): " + _addindent(repr(module), 2) for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        body = ""
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                body = extra_lines[0]
            else:
                body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{self._get_name()}({body})"

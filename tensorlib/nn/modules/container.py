"""Containers: Sequential, ModuleList, ModuleDict."""
import operator
from collections import OrderedDict
from collections.abc import Mapping
from itertools import islice

from .module import Module, _addindent

__all__ = ["Sequential", "ModuleList", "ModuleDict"]


def _abs_index(idx, size):
    idx = operator.index(idx)
    if not -size <= idx < size:
        raise IndexError(f"index {idx} is out of range")
    return idx % size


class Sequential(Module):
    r"""A chain of modules: calling it calls each module on the previous one's output.

    ``Sequential(m0, m1, ...)`` registers the modules as children ``"0"``, ``"1"``, ...;
    ``Sequential(OrderedDict([(name, module), ...]))`` keeps the given names.  Indexing with an
    int gives a module, with a slice a new ``Sequential``.

    Args:
        \*args (Module): the modules in order, or one ``OrderedDict`` of them.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
        >>> net(torch.randn(5, 4)).shape
        torch.Size([5, 2])
        >>> net[1]
        ReLU()
        >>> len(net[:2])
        2
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def _key_at(self, idx):
        keys = self._modules.keys()
        return next(islice(iter(keys), _abs_index(idx, len(self)), None))

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(OrderedDict(list(self._modules.items())[idx]))
        return self._modules[self._key_at(idx)]

    def __setitem__(self, idx, module):
        setattr(self, self._key_at(idx), module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for key in list(self._modules.keys())[idx]:
                delattr(self, key)
        else:
            delattr(self, self._key_at(idx))
        # renumber so that the names stay 0..len-1
        self._modules = OrderedDict((str(i), m) for i, m in enumerate(self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        ret = Sequential()
        for module in self:
            ret.append(module)
        for module in other:
            ret.append(module)
        return ret

    def __iadd__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        for module in other:
            self.append(module)
        return self

    def __dir__(self):
        return [k for k in super().__dir__() if not k.isdigit()]

    def append(self, module):
        """Adds ``module`` at the end; returns ``self``."""
        self.add_module(str(len(self)), module)
        return self

    def insert(self, index, module):
        """Inserts ``module`` before position ``index`` (negative counts from the end); returns ``self``."""
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        n = len(self._modules)
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index}")
        if index < 0:
            index += n
        modules = list(self._modules.values())
        modules.insert(index, module)
        self._modules = OrderedDict((str(i), m) for i, m in enumerate(modules))
        return self

    def extend(self, sequential):
        """Appends each module of the iterable ``sequential``; returns ``self``."""
        for layer in sequential:
            self.append(layer)
        return self

    def pop(self, key):
        """Removes the module at index ``key`` and returns it."""
        v = self[key]
        del self[key]
        return v

    def forward(self, input):
        """Calls each module in turn, starting with ``input``, and returns the last output."""
        for module in self:
            input = module(input)
        return input


class ModuleList(Module):
    """A list of modules, registered as children ``"0"``, ``"1"``, ...; it has no ``forward``.

    Use it to hold a variable number of layers: a plain Python list would hide their
    parameters from ``parameters()`` and ``state_dict()``.

    Args:
        modules (iterable of Module, optional): the initial modules.

    Example::

        >>> layers = torch.nn.ModuleList([torch.nn.Linear(3, 3) for _ in range(2)])
        >>> layers.append(torch.nn.ReLU())
        ModuleList(
          (0-1): 2 x Linear(in_features=3, out_features=3, bias=True)
          (2): ReLU()
        )
        >>> len(list(layers.parameters()))
        4
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self += modules

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(list(self._modules.values())[idx])
        return self._modules[str(_abs_index(idx, len(self)))]

    def __setitem__(self, idx, module):
        setattr(self, str(_abs_index(idx, len(self))), module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for k in range(len(self._modules))[idx]:
                delattr(self, str(k))
        else:
            delattr(self, str(_abs_index(idx, len(self))))
        self._modules = OrderedDict((str(i), m) for i, m in enumerate(self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        combined = ModuleList()
        for i, module in enumerate(list(self) + list(other)):
            combined.add_module(str(i), module)
        return combined

    def __dir__(self):
        return [k for k in super().__dir__() if not k.isdigit()]

    def insert(self, index, module):
        """Inserts ``module`` before position ``index``, shifting the later modules up by one."""
        for i in range(len(self._modules), index, -1):
            self._modules[str(i)] = self._modules[str(i - 1)]
        self._modules[str(index)] = module

    def append(self, module):
        """Adds ``module`` at the end; returns ``self``."""
        self.add_module(str(len(self)), module)
        return self

    def pop(self, key):
        """Removes the module at index ``key`` and returns it."""
        v = self[key]
        del self[key]
        return v

    def extend(self, modules):
        """Appends each module of the iterable ``modules``; returns ``self``."""
        if isinstance(modules, Module) and not isinstance(modules, (ModuleList, Sequential)):
            raise TypeError("ModuleList.extend should be called with an iterable, but got " + type(modules).__name__)
        offset = len(self)
        for i, module in enumerate(modules):
            self.add_module(str(offset + i), module)
        return self

    def __repr__(self):
        """Runs of equal consecutive modules print once: "(0-2): 3 x ReLU()"."""
        reprs = [repr(m) for m in self]
        if not reprs:
            return self._get_name() + "()"
        runs = []   # [start, end, text]
        for i, text in enumerate(reprs):
            if runs and runs[-1][2] == text:
                runs[-1][1] = i
            else:
                runs.append([i, i, text])
        lines = []
        for start, end, text in runs:
            if start == end:
                line = f"({start}): {text}"
            else:
                line = f"({start}-{end}): {end - start + 1} x {text}"
            lines.append(_addindent(line, 2))
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """An ordered dict of modules, registered as children under their (string) keys.

    It supports ``[]``, ``in``, ``len``, iteration over the keys and the dict methods below;
    it has no ``forward``.

    Args:
        modules (Mapping or iterable of (str, Module) pairs, optional): the initial modules.

    Example::

        >>> heads = torch.nn.ModuleDict({"cls": torch.nn.Linear(4, 3), "reg": torch.nn.Linear(4, 1)})
        >>> list(heads.keys())
        ['cls', 'reg']
        >>> heads["reg"](torch.ones(2, 4)).shape
        torch.Size([2, 1])
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def clear(self):
        """Removes every module."""
        self._modules.clear()

    def pop(self, key):
        """Removes the module under ``key`` and returns it."""
        v = self[key]
        del self[key]
        return v

    def keys(self):
        """Returns a view of the keys, in insertion order."""
        return self._modules.keys()

    def items(self):
        """Returns a view of the ``(key, module)`` pairs, in insertion order."""
        return self._modules.items()

    def values(self):
        """Returns a view of the modules, in insertion order."""
        return self._modules.values()

    def update(self, modules):
        """Adds or replaces modules from a mapping or an iterable of ``(key, module)`` pairs.

        Raises ``ValueError`` when an element of the iterable is not a pair.
        """
        if isinstance(modules, (OrderedDict, ModuleDict, Mapping)):
            for key, module in modules.items():
                self[key] = module
        else:
            for j, m in enumerate(modules):
                if len(m) != 2:
                    raise ValueError(f"ModuleDict update sequence element #{j} has length {len(m)}; 2 is required")
                self[m[0]] = m[1]

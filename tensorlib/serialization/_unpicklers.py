"""The two unpicklers of ``tensorlib.load``.

``weights_only=True`` (the default, as in PyTorch 2.6 and later) reads with
:class:`WeightsOnlyUnpickler`: Python's own pickle machine with a restricted
opcode table.  Globals resolve only through an allowlist (tensors, storages,
Parameters, Size, dtypes, devices and plain containers, plus what the user
allowlisted with :func:`add_safe_globals`); only allowlisted callables are
called; BUILD, APPEND and SETITEM act only on the types that PyTorch's
weights-only unpickler allows; opcodes that reach other code (INST, OBJ, the
extension registry, out-of-band buffers) are refused.  Every refusal is a
``pickle.UnpicklingError`` worded as PyTorch's.

``weights_only=False`` reads with :class:`FullUnpickler`, Python's compiled
unpickler, which builds any object the file names (a whole Module pickled by
``tensorlib.save``): only for files from a trusted source.  PyTorch's names of
tensors, storages, Sizes, dtypes and devices resolve to tensorlib's objects in
both; PyTorch's other objects (a Module pickled by ``torch.save``) are refused,
their state being PyTorch's.
"""
import _compat_pickle
import collections
import contextlib
import pickle
import pickletools
import struct

from .._tensor import Tensor
from ..nn.parameter import Parameter
from ._torch_globals import BLOCKED_MODULES, PLAIN_GLOBALS, TORCH_GLOBALS

_user_globals = []   # what add_safe_globals allowlisted: objects, or (object, "module.name")


def add_safe_globals(safe_globals):
    """Allowlists ``safe_globals`` (objects, or ``(object, "module.name")`` pairs) for weights-only loads."""
    for item in safe_globals:
        if item not in _user_globals:
            _user_globals.append(item)


def get_safe_globals():
    return list(_user_globals)


def clear_safe_globals():
    _user_globals.clear()


@contextlib.contextmanager
def safe_globals(safe_globals):
    """Allowlists ``safe_globals`` for the weights-only loads inside the ``with`` block."""
    before = list(_user_globals)
    add_safe_globals(safe_globals)
    try:
        yield
    finally:
        _user_globals[:] = before


def _user_allowed():
    allowed = {}
    for item in _user_globals:
        if isinstance(item, tuple):
            obj, name = item
        else:
            obj, name = item, f"{item.__module__}.{item.__qualname__}"
        allowed[name] = obj
    return allowed


def unsafe_globals(pickled):
    """The ``module.name`` of each GLOBAL in the pickle bytes ``pickled`` that a weights-only load refuses
    (read statically: globals a pickle builds on its stack are not seen)."""
    allowed = {**TORCH_GLOBALS, **PLAIN_GLOBALS, **_user_allowed()}
    found = set()
    for opcode, argument, _ in pickletools.genops(pickled):
        if opcode.name == "GLOBAL":
            module, _, name = argument.partition(" ")
            full_path = ".".join(_checkpoint_name(module, name))
            if full_path not in allowed:
                found.add(full_path)
    return list(found)


def _checkpoint_name(module, name):
    """The ``module.name`` a protocol-2 pickle means (Python 2's names mapped, as pickle does)."""
    if (module, name) in _compat_pickle.NAME_MAPPING:
        module, name = _compat_pickle.NAME_MAPPING[(module, name)]
    elif module in _compat_pickle.IMPORT_MAPPING:
        module = _compat_pickle.IMPORT_MAPPING[module]
    return module, name


def _unsupported_global(full_path):
    full_path = full_path.removeprefix("builtins.")
    return pickle.UnpicklingError(
        f"Unsupported global: GLOBAL {full_path} was not an allowed global by default. "
        f"Please use `torch.serialization.add_safe_globals([{full_path}])` or the "
        f"`torch.serialization.safe_globals([{full_path}])` context manager to allowlist this global "
        "if you trust this class/function.")


class _Opcodes(dict):
    def __missing__(self, opcode):
        raise pickle.UnpicklingError(f"Unsupported operand {opcode}")


# opcodes whose standard handling only pushes constants, builds plain containers or moves the stack
_PLAIN_OPCODES = (
    pickle.MARK, pickle.STOP, pickle.POP, pickle.POP_MARK, pickle.DUP, pickle.FLOAT, pickle.INT, pickle.BININT,
    pickle.BININT1, pickle.LONG, pickle.BININT2, pickle.NONE, pickle.STRING, pickle.BINSTRING,
    pickle.SHORT_BINSTRING, pickle.UNICODE, pickle.BINUNICODE, pickle.EMPTY_LIST, pickle.LIST, pickle.TUPLE,
    pickle.EMPTY_TUPLE, pickle.DICT, pickle.EMPTY_DICT, pickle.GET, pickle.BINGET, pickle.LONG_BINGET,
    pickle.PUT, pickle.BINPUT, pickle.LONG_BINPUT, pickle.BINFLOAT, pickle.BINBYTES, pickle.SHORT_BINBYTES,
    pickle.PROTO, pickle.TUPLE1, pickle.TUPLE2, pickle.TUPLE3, pickle.NEWTRUE, pickle.NEWFALSE, pickle.LONG1,
    pickle.LONG4, pickle.SHORT_BINUNICODE, pickle.BINUNICODE8, pickle.BINBYTES8, pickle.EMPTY_SET,
    pickle.FROZENSET, pickle.MEMOIZE, pickle.FRAME, pickle.BYTEARRAY8,
    # these resolve names through find_class and persistent ids through persistent_load, both checked here
    pickle.GLOBAL, pickle.STACK_GLOBAL, pickle.BINPERSID,
)
_MAPPINGS = (dict, collections.OrderedDict, collections.Counter)


class WeightsOnlyUnpickler(pickle._Unpickler):
    """Builds tensors, storages, Parameters and plain data only; see the module's text."""

    def __init__(self, file, persistent_load, encoding="utf-8"):
        super().__init__(file, encoding=encoding)
        self._storage_for = persistent_load
        user = _user_allowed()
        self._globals = {**TORCH_GLOBALS, **PLAIN_GLOBALS, **user}
        self._user_types = {id(obj) for obj in user.values() if isinstance(obj, type)}
        callables = [obj for obj in self._globals.values() if callable(obj) and obj is not Tensor]
        self._callable = {id(obj) for obj in callables}
        self._classes = {id(obj) for obj in callables if isinstance(obj, type)}

    def find_class(self, module, name):
        module, name = _checkpoint_name(module, name)
        full_path = f"{module}.{name}"
        if module in BLOCKED_MODULES:
            raise pickle.UnpicklingError(
                f"Trying to load unsupported GLOBAL {full_path} whose module {module} is blocked.")
        try:
            return self._globals[full_path]
        except KeyError:
            raise _unsupported_global(full_path) from None

    def persistent_load(self, pid):
        if type(pid) is not tuple and type(pid) is not int:
            raise pickle.UnpicklingError(f"persistent_load id must be tuple or int, but got {type(pid)}")
        if type(pid) is tuple and pid and pid[0] not in ("storage", b"storage"):
            raise pickle.UnpicklingError(f"Only persistent_load of storage is allowed, but got {type(pid[0])}")
        return self._storage_for(pid)

    def _load_reduce(self):
        args = self.stack.pop()
        func = self.stack[-1]
        if id(func) not in self._callable:
            raise pickle.UnpicklingError(f"Trying to call reduce for unrecognized function {func!r:.200}")
        if type(args) is not tuple:
            raise pickle.UnpicklingError("the arguments of a REDUCE must be a tuple")
        self.stack[-1] = func(*args)

    def _load_newobj(self):
        args = self.stack.pop()
        cls = self.stack[-1]
        if id(cls) not in self._classes:
            raise pickle.UnpicklingError(
                "Can only create new object for nn.Parameter or classes allowlisted via `add_safe_globals` "
                f"but got {cls!r:.200}")
        if type(args) is not tuple:
            raise pickle.UnpicklingError("the arguments of a NEWOBJ must be a tuple")
        self.stack[-1] = cls(*args) if cls is Parameter else cls.__new__(cls, *args)

    def _load_build(self):
        inst = self.stack[-2]
        if id(type(inst)) in self._user_types:
            return pickle._Unpickler.load_build(self)
        state = self.stack.pop()
        if type(inst) is not collections.OrderedDict:
            raise pickle.UnpicklingError(
                "Can only build Tensor, Parameter, OrderedDict or types allowlisted via `add_safe_globals`, "
                f"but got {type(inst)}")
        if isinstance(state, tuple) and len(state) == 2 and state[1] is None:
            state = state[0]
        if not isinstance(state, dict) or not all(type(k) is str for k in state):
            raise pickle.UnpicklingError("the state of an OrderedDict must be a dict with str keys")
        inst.__dict__.update(state)

    def _target(self, kinds, opcode):
        target = self.stack[-1]
        if type(target) not in kinds:
            raise pickle.UnpicklingError(f"Can only {opcode} for {', '.join(k.__name__ for k in kinds)}, "
                                         f"but got {type(target)}")
        return target

    def _load_append(self):
        item = self.stack.pop()
        self._target((list,), "APPEND").append(item)

    def _load_appends(self):
        items = self.pop_mark()
        self._target((list,), "APPENDS").extend(items)

    def _load_setitem(self):
        value = self.stack.pop()
        key = self.stack.pop()
        self._target(_MAPPINGS, "SETITEM")[key] = value

    def _load_setitems(self):
        items = self.pop_mark()
        if len(items) % 2:
            raise pickle.UnpicklingError("SETITEMS needs key, value pairs")
        target = self._target(_MAPPINGS, "SETITEMS")
        for i in range(0, len(items), 2):
            target[items[i]] = items[i + 1]

    def _load_additems(self):
        items = self.pop_mark()
        self._target((set,), "ADDITEMS").update(items)

    dispatch = _Opcodes({op[0]: pickle._Unpickler.dispatch[op[0]] for op in _PLAIN_OPCODES})
    dispatch.update({
        pickle.REDUCE[0]: _load_reduce, pickle.NEWOBJ[0]: _load_newobj, pickle.BUILD[0]: _load_build,
        pickle.APPEND[0]: _load_append, pickle.APPENDS[0]: _load_appends, pickle.SETITEM[0]: _load_setitem,
        pickle.SETITEMS[0]: _load_setitems, pickle.ADDITEMS[0]: _load_additems})

    def load(self):
        try:
            return super().load()
        except (IndexError, struct.error, EOFError) as error:
            raise pickle.UnpicklingError(f"the pickle is truncated or malformed ({type(error).__name__}: "
                                         f"{error})") from None


class FullUnpickler(pickle.Unpickler):
    """Python's unpickler, with PyTorch's names resolved to tensorlib's: builds whatever the file names."""

    def __init__(self, file, persistent_load, **kwargs):
        super().__init__(file, **kwargs)
        self._storage_for = persistent_load

    def find_class(self, module, name):
        full_path = f"{module}.{name}"
        if full_path in TORCH_GLOBALS:
            return TORCH_GLOBALS[full_path]
        if module == "torch" or module.startswith("torch."):
            # PyTorch's objects keep PyTorch's internal state, which tensorlib's classes do not read
            raise pickle.UnpicklingError(
                f"the checkpoint pickles a PyTorch object ({full_path}); tensorlib loads PyTorch's tensors, "
                "Parameters, storages, Sizes, dtypes and devices, not its other objects: save its state_dict() "
                "with PyTorch and load that")
        return super().find_class(module, name)

    def persistent_load(self, pid):
        return self._storage_for(pid)


_DOCS_MESSAGE = ("\n\nCheck the documentation of torch.load to learn more about types accepted by default with "
                 "weights_only https://pytorch.org/docs/stable/generated/torch.load.html.")
UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` "
    "to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can "
    "result in arbitrary code execution. Do it only if you got the file from a trusted source.")


def weights_only_message(message):
    """PyTorch's text around a weights-only refusal, by the kind of refusal."""
    if "was not an allowed global by default." in message:
        return ("Weights only load failed. This file can still be loaded, to do so you have two options, "
                "\033[1mdo those steps only if you trust the source of the checkpoint\033[0m. "
                f"\n\t(1) {UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with `weights_only=True` please check "
                "the recommended steps in the following error message.\n\tWeightsUnpickler error: "
                + message + _DOCS_MESSAGE)
    text = f"Weights only load failed. {UNSAFE_MESSAGE}\n"
    if "is blocked" not in message:
        text += ("Please file an issue with the following so that we can make `weights_only=True` compatible "
                 "with your use case: WeightsUnpickler error: ")
    return text + "\n\n" + message + _DOCS_MESSAGE

"""``nn.Parameter``: a leaf tensor that a Module registers as one of its parameters.

A Parameter aliases the storage (and version counter) of the tensor it was made
from.  Everything computed from it -- arithmetic, views, ``detach()``,
``.data``, ``clone()`` -- is a plain Tensor, as in PyTorch."""
from .._C import make_tensor
from .._tensor import Tensor
from .._tensor_pickle import user_attributes

__all__ = ["Parameter", "is_parameter"]


def _alias(t, cls):
    """A grad-less alias of ``t`` of class ``cls`` (same storage and version counter)."""
    return make_tensor(cls, t._storage, t._shape, t._strides, t._offset, t._dtype, t._version_counter)


class Parameter(Tensor):
    """A tensor that is a module parameter: assigned as a ``Module`` attribute, it is registered and
    returned by ``parameters()``.

    Args:
        data (Tensor, optional): the values; the parameter shares their storage. Default: an empty tensor.
        requires_grad (bool): whether it requires grad. Default: ``True``.

    Example::

        >>> p = torch.nn.Parameter(torch.zeros(2))
        >>> p
        Parameter containing:
        tensor([0., 0.], requires_grad=True)
        >>> m = torch.nn.Module()
        >>> m.scale = p
        >>> [name for name, _ in m.named_parameters()]
        ['scale']
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from .._creation import empty
            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Parameter(): argument 'data' must be Tensor, not {type(data).__name__}")
        param = _alias(data, cls)
        param.requires_grad_(requires_grad)
        return param

    def __init__(self, data=None, requires_grad=True):
        # everything is done by __new__ (Tensor.__init__ would rebuild the data)
        pass

    def __repr__(self, *, tensor_contents=None):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    # ---- what is derived from a Parameter is a plain Tensor ------------------------------
    def detach(self):
        out = _alias(self, Tensor)
        from .._tensor_autograd import _state, _mark_inference
        if _state.inference:
            _mark_inference(out)
        return out

    @property
    def data(self):
        return make_tensor(Tensor, self._storage, self._shape, self._strides, self._offset, self._dtype)

    @data.setter
    def data(self, other):
        Tensor.data.fset(self, other)

    # ---- copies (PyTorch's Parameter rules, not a plain tensor's) ---------------------------
    def __deepcopy__(self, memo):
        """A Parameter over a clone of the data: ``requires_grad`` is kept; ``.grad``
        and the attributes are not, and the clone shares no storage with the memo's
        other copies."""
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.data.clone(), self.requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol):
        return (_rebuild_parameter, (self.data, self.requires_grad, user_attributes(self)))

    def __copy__(self):
        return _rebuild_parameter(self.data, self.requires_grad, user_attributes(self))


def _rebuild_parameter(data, requires_grad, attributes):
    param = Parameter(data, requires_grad)
    if attributes is not None:
        param.__dict__.update(attributes)
    return param


def is_parameter(obj):
    """Returns True when ``obj`` is an ``nn.Parameter``."""
    return isinstance(obj, Parameter)

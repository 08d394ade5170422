"""Autograd state on a tensor: requires_grad, grad, grad_fn, leaf rules, and the
hooks ops call to record themselves in the graph (see ``tensorlib.autograd``)."""


class AutogradMixin:
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad=True):
        requires_grad = bool(requires_grad)
        if self._grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
            return self
        if requires_grad and not self._dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = requires_grad
        return self

    @property
    def grad_fn(self):
        return self._grad_fn

    @property
    def is_leaf(self):
        return self._grad_fn is None

    @property
    def grad(self):
        return self._grad

    @grad.setter
    def grad(self, value):
        self._grad = value

    def detach(self):
        from ._tensor import new_tensor_like_storage
        return new_tensor_like_storage(self._storage, self._shape, self._strides, self._offset,
                                       self._dtype, self._version_counter)

    @property
    def data(self):
        from ._tensor import new_tensor_like_storage
        return new_tensor_like_storage(self._storage, self._shape, self._strides, self._offset, self._dtype)

    @data.setter
    def data(self, other):
        self._storage, self._shape, self._strides = other._storage, other._shape, other._strides
        self._offset, self._dtype = other._offset, other._dtype

    # ---- recording hooks called by ops ----------------------------------------
    def _check_inplace(self):
        """Raises before an in-place write that autograd forbids."""

    def _record_view(self, view, node_name, context):
        return view

    def _record_multi_view(self, views, node_name, context):
        return views

    def _record_result(self, result, node_name, inputs, **ctx):
        return result

    def _record_inplace(self, node_name, inputs, **ctx):
        return self

    def _reshape_copy_result(self, shape, source):
        return self.view(shape)

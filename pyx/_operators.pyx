"""Operator fast paths: ``a + b``, ``a * 2``, ``a.exp()``... on the common case in
one C call.

The common case is a CPU tensor with contiguous elements and an operand that
needs no promotion or broadcasting: a contiguous tensor of the same dtype and
shape, or a Python int/float that keeps the dtype.  There the operator
allocates the result buffer, builds the result tensor and runs the kernel
without Python frames in between; a tiny op then costs about as much as
NumPy's.  Everything else (other devices, layouts, promotion, scalars that
promote, kernels that decline) goes to the Python implementation the factory
was given, which has PyTorch's full semantics and error messages."""
cimport numpy as cnp
from tensorlib._C cimport Storage, TensorBase, VersionCounter, strided_view

import numpy as np

cnp.import_array()

# what a binary op's result dtype is (ops/elementwise.py uses the same codes)
cdef enum:
    ARITH = 0       # the operands' dtype
    TRUEDIV = 1     # the operands' dtype, floating point only here
    COMPARE = 2     # bool (and above: LOGICAL)

cdef object ndarray = np.ndarray
cdef tuple ZERO_STRIDE = (0,)


cdef Py_ssize_t contiguous_numel(tuple shape, tuple strides, bint* canonical):
    """The element count when ``strides`` lay ``shape`` out contiguously, else -1.

    ``canonical``: the strides are exactly the row-major ones (so a result may
    share the tuple).  Size-1 dims may have any stride, and an empty tensor is
    contiguous whatever its strides, as in PyTorch."""
    cdef Py_ssize_t i, size, expected = 1, numel = 1
    cdef Py_ssize_t nd = len(shape)
    cdef bint dense = True
    canonical[0] = True
    for i in range(nd - 1, -1, -1):
        size = <Py_ssize_t>shape[i]
        numel *= size
        if <Py_ssize_t>strides[i] != expected:
            canonical[0] = False
            if size != 1:
                dense = False
        expected *= size
    if numel == 0:
        canonical[0] = False
        return 0
    return numel if dense else -1


cdef inline object flat_elements(TensorBase t, Py_ssize_t n):
    """The contiguous tensor ``t``'s elements as a 1-D array (no copy)."""
    data = t._storage.data
    if t._offset == 0 and cnp.PyArray_DIMS(<cnp.ndarray>data)[0] == n:
        return data
    return strided_view(<cnp.ndarray>data, (n,), (1,), t._offset)


cdef TensorBase new_result(cnp.ndarray flat, object device, tuple shape, tuple strides, object dtype):
    cdef Storage storage = Storage.__new__(Storage)
    storage.data = flat
    storage.device = device
    cdef TensorBase res = TensorBase.__new__(hooks.result_type)
    res._storage = storage
    res._shape = shape
    res._strides = strides
    res._offset = 0
    res._dtype = dtype
    res._version_counter = VersionCounter.__new__(VersionCounter)
    return res


cdef class Hooks:
    """What the fast paths need from the Python layers, set once at import."""
    cdef public object kernel_binary, kernel_unary, scalar_buffer, contiguous_strides, bool_dtype, grad_state
    cdef public type result_type


cdef Hooks hooks = Hooks()


def set_result_type(type tensor_class):
    """Results are ``tensorlib.Tensor`` (set once the class exists)."""
    hooks.result_type = tensor_class


def configure(kernel_binary, kernel_unary, scalar_buffer, contiguous_strides, bool_dtype, grad_state):
    """Called once by ``tensorlib.ops.elementwise`` (the kernels' fallbacks, the
    scalar-buffer cache, bool and the grad-mode state)."""
    hooks.kernel_binary = kernel_binary
    hooks.kernel_unary = kernel_unary
    hooks.scalar_buffer = scalar_buffer
    hooks.contiguous_strides = contiguous_strides
    hooks.bool_dtype = bool_dtype
    hooks.grad_state = grad_state


def binary_operator(str op, int kind, object node_name, object slow, bint bool_ok, object fallback, dict ctx):
    """A Tensor method ``(self, other)`` computing ``self op other``; ``slow(self,
    other)`` handles everything but the common case, ``fallback(op, a, b, out)``
    any (op, dtype) the compiled kernel declines.  ``node_name``: the autograd
    node recorded when an operand requires grad (None: never recorded)."""
    cdef bint float_only = kind == TRUEDIV
    cdef bint bool_out = kind >= COMPARE

    def operator(self, other):
        cdef TensorBase a, b
        cdef Py_ssize_t n
        cdef bint canonical, b_canonical
        if not isinstance(self, TensorBase):
            return slow(self, other)
        a = <TensorBase>self
        dt = a._dtype
        data = a._storage.data
        if type(data) is not ndarray or (dt is hooks.bool_dtype and not bool_ok) \
                or (float_only and not dt.is_floating_point):
            return slow(self, other)
        shape = a._shape
        n = contiguous_numel(shape, a._strides, &canonical)
        if n <= 0:
            return slow(self, other)
        cls = type(other)
        other_tensor = isinstance(other, TensorBase)
        if other_tensor:
            b = <TensorBase>other
            if b._dtype is not dt or type(b._storage.data) is not ndarray or \
                    (b._shape is not shape and b._shape != shape) or \
                    contiguous_numel(shape, b._strides, &b_canonical) != n:
                return slow(self, other)
            b_flat = flat_elements(b, n)
        elif cls is int:
            if dt is hooks.bool_dtype:
                return slow(self, other)
            b_flat = strided_view(hooks.scalar_buffer(other, dt.numpy), (n,), ZERO_STRIDE, 0)
        elif cls is float:
            if not dt.is_floating_point:
                return slow(self, other)
            b_flat = strided_view(hooks.scalar_buffer(other, dt.numpy), (n,), ZERO_STRIDE, 0)
        else:
            return slow(self, other)
        rdt = hooks.bool_dtype if bool_out else dt
        flat = cnp.PyArray_EMPTY(1, <cnp.npy_intp*>&n, cnp.NPY_BOOL if bool_out else cnp.PyArray_TYPE(<cnp.ndarray>data), 0)
        res = new_result(flat, a._storage.device, shape,
                         a._strides if canonical else hooks.contiguous_strides(shape), rdt)
        a_flat = flat_elements(a, n)
        if not hooks.kernel_binary(op, a_flat, b_flat, flat):
            fallback(op, a_flat, b_flat, flat)
        if node_name is None or not (a._requires_grad or (other_tensor and b._requires_grad)
                                     or hooks.grad_state.inference):
            return res
        return self._record_result(res, node_name, (self, other), **ctx)

    operator.__name__ = operator.__qualname__ = op
    return operator


def unary_method(str op, object node_name, object slow, object fallback):
    """A Tensor method ``(self)`` computing ``op(self)`` for a contiguous CPU
    floating-point tensor; ``slow(self)`` handles the rest."""

    def method(self):
        cdef TensorBase a
        cdef Py_ssize_t n
        cdef bint canonical
        if not isinstance(self, TensorBase):
            return slow(self)
        a = <TensorBase>self
        dt = a._dtype
        data = a._storage.data
        if type(data) is not ndarray or not dt.is_floating_point:
            return slow(self)
        shape = a._shape
        n = contiguous_numel(shape, a._strides, &canonical)
        if n <= 0:
            return slow(self)
        flat = cnp.PyArray_EMPTY(1, <cnp.npy_intp*>&n, cnp.PyArray_TYPE(<cnp.ndarray>data), 0)
        res = new_result(flat, a._storage.device, shape,
                         a._strides if canonical else hooks.contiguous_strides(shape), dt)
        a_flat = flat_elements(a, n)
        if not hooks.kernel_unary(op, a_flat, flat):
            fallback(op, a_flat, flat)
        if not (a._requires_grad or hooks.grad_state.inference):
            return res
        return self._record_result(res, node_name, (self,))

    method.__name__ = op
    method.__qualname__ = "Tensor." + op
    return method

"""The math ops behind ``MathMixin`` (tensorlib/_tensor_math.py), one module per family:

``_common``      result allocation, operand arrays, scalars, out= / in-place checks, dims
``elementwise``  binary and unary elementwise ops, comparisons, clamp, lerp, fill_, isclose
``reductions``   sum/mean/prod/max/min/arg*/std/var/norm/cum*/logsumexp/all/any/sort/topk/unique
``linalg``       matmul and its 1-D/2-D/batched dispatch, mm, mv, dot, bmm, outer, addmm
``joining``      cat/stack/*stack, flip, roll, repeat, tile, tril/triu, diag
``return_types`` the named tuples (``torch.return_types.max`` ...)

Ops compute on ``t._array()`` views and reach array maths only through the
backend module of the tensors' device (``tensorlib.backends``)."""

"""The ops, one module per family.  Each op is declared once in the registry
(``_registry``) by the module of its family, with its derivative beside it;
the Tensor methods, in-place methods, operators and ``tensorlib`` functions
are generated from the declarations (``tensorlib/_tensor_methods.py``,
``tensorlib/_functional.py``).

``_registry``     ``declare``: an op's forward, signature, forms and doc
``_op_docs``      the generated forms' docstrings, rendered from an op's doc and signature
``arithmetic``    add/sub/mul/div/floor_divide/remainder/fmod/pow/square and their operators
``elementwise``   the binary core (promotion, broadcasting, out=, in place), comparisons,
                  logical and bitwise ops, maximum/minimum, clamp, round, positive; fill_, isclose
``unary``         unary maths (exp, log, sin, sigmoid, relu...), isnan & co.
``pointwise``     atan2, hypot, logaddexp(2), copysign, lerp, addcmul, addcdiv
``reductions``    sum/mean/prod/max/min/arg*/std/var/norm/cum*/logsumexp/all/any/sort/topk/unique
                  (their methods still in math_methods.py, not yet declared)
``_norm_order``   1- and 2-norms of float32/float64 in PyTorch's CPU order (reductions' norm)
``softmax``       softmax, log_softmax (dim, dtype=)
``finite``        nan_to_num
``bucketing``     searchsorted, bucketize, histc
``scatter_reduce``  scatter_reduce (sum/prod/mean/amax/amin, include_self)
``linalg``        matmul (and @) with its 1-D/2-D/batched dispatch, mm, mv, dot, bmm, outer, addmm
``linalg_solvers``, ``linalg_factorizations``, ``linalg_lu``, ``linalg_norms``, ``linalg_products``
                  torch.linalg (inverses, determinants, solvers, SVD/QR/eigh/Cholesky/LU, norms, cross,
                  multi_dot, matrix_exp...), with ``_linalg_common`` (checks, LinAlgError, running
                  ``backend.linalg``) and ``linalg_backward`` (their nodes); ``linalg_methods``
                  declares their torch.* / Tensor.* names (det, inverse, slogdet, svd, cholesky...)
``linalg_accumulate``  baddbmm, addbmm, addmv, addr, vdot, inner, chain_matmul
``einsum``        torch.einsum over bmm and views
``tensor_products``  tensordot, kron, cdist, block_diag
``broadcasting``  broadcast_shapes, broadcast_tensors, meshgrid, cartesian_prod, combinations
``diagonals``     diagonal (a view), trace, diag_embed, diagflat, tril_indices, triu_indices
``joining``       cat/stack/*stack, flip, roll, repeat, tile, tril/triu, diag (not yet declared)
``sampling``      the random samplers: uniform_/exponential_/... in place, bernoulli, poisson,
                  multinomial; normal_/random_ and torch.normal, whose forms the registry does not fit
``views``, ``conversion``, ``indexing`` (with ``subscript``, ``index_ops``, ``index_checks``),
``math_methods``  the Tensor method groups of the ops not yet declared in the registry
``math_docs``, ``indexing_docs``  the docstrings of math_methods and indexing (kept beside them)
``nodes``         the backward nodes of the ops not yet declared with their family
``_common``       result allocation, operand arrays, scalars, out= / in-place checks, dims
``return_types``  the named tuples (``torch.return_types.max`` ...)

Ops compute on ``t._array()`` views and reach array maths only through the
backend module of the tensors' device (``tensorlib.backends``)."""

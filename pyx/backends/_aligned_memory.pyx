# distutils: define_macros = NPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION NPY_TARGET_VERSION=NPY_1_22_API_VERSION
"""NumPy's data buffers on 64-byte boundaries, as PyTorch's CPU allocator places its tensors.

NumPy's own allocator returns what ``malloc`` returns: 16-byte boundaries.  A vector loop over an
array that starts 16 or 48 bytes past a cache line splits a load in two at every line, and the
kernels' in-cache passes pay for it: ``sum()`` of 10^5 float32 elements took 6.1 us from such an
array and 4.3 us from an aligned one, so each tensor's speed was a draw of its address.

``install()`` (the CPU backend runs it when it loads) makes this module's allocator NumPy's data
allocator for the importing thread's context (NumPy's allocation policy, NEP 49; threads started
later keep NumPy's).  Each buffer is ``malloc``'s block with the block's address and the buffer's
size stored in the 16 bytes before the aligned start; buffers of 4 MiB or more are advised
into huge pages, as NumPy's allocator does.  An array keeps the allocator that made it, so
arrays made before or elsewhere are freed by theirs.  ``TENSORLIB_ALIGNED_MEMORY=0`` in the
environment leaves NumPy's allocator in place."""
import os

cimport numpy as cnp
from cpython.pycapsule cimport PyCapsule_New

cnp.import_array()

cdef extern from *:
    """
    #include <stdint.h>
    #include <stdlib.h>
    #include <string.h>
    #include <numpy/arrayobject.h>
    #if defined(__linux__)
    #include <sys/mman.h>
    #endif

    #define TL_ALIGNMENT 64
    #define TL_HEADER 16            /* the block's address, then the buffer's size */
    #define TL_SLACK (TL_HEADER + TL_ALIGNMENT - 1)
    #define TL_HUGE_PAGES_FROM (((size_t)1) << 22)

    static void *tl_place(void *block, size_t size) {
        uintptr_t start;
        if (block == NULL) return NULL;
        start = ((uintptr_t)block + TL_HEADER + TL_ALIGNMENT - 1) & ~(uintptr_t)(TL_ALIGNMENT - 1);
        ((void **)start)[-1] = block;
        ((size_t *)start)[-2] = size;
    #if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (size >= TL_HUGE_PAGES_FROM) {
            uintptr_t page = 4096, first = (start + page - 1) & ~(page - 1);
            uintptr_t last = (start + size) & ~(page - 1);
            if (last > first) madvise((void *)first, last - first, MADV_HUGEPAGE);
        }
    #endif
        return (void *)start;
    }

    static void *tl_malloc(void *ctx, size_t size) {
        (void)ctx;
        if (size > SIZE_MAX - TL_SLACK) return NULL;
        return tl_place(malloc(size + TL_SLACK), size);
    }

    static void *tl_calloc(void *ctx, size_t count, size_t itemsize) {
        (void)ctx;
        if (itemsize != 0 && count > (SIZE_MAX - TL_SLACK) / itemsize) return NULL;
        return tl_place(calloc(count * itemsize + TL_SLACK, 1), count * itemsize);
    }

    static void tl_free(void *ctx, void *ptr, size_t size) {
        (void)ctx; (void)size;
        if (ptr != NULL) free(((void **)ptr)[-1]);
    }

    /* a new block (the old one stays whole when that fails, as realloc leaves it) */
    static void *tl_realloc(void *ctx, void *ptr, size_t size) {
        size_t old;
        void *moved;
        if (ptr == NULL) return tl_malloc(ctx, size);
        old = ((size_t *)ptr)[-2];
        moved = tl_malloc(ctx, size);
        if (moved == NULL) return NULL;
        memcpy(moved, ptr, old < size ? old : size);
        tl_free(ctx, ptr, old);
        return moved;
    }

    static PyDataMem_Handler tl_aligned_handler = {
        "tensorlib_aligned_64", 1, {NULL, tl_malloc, tl_calloc, tl_realloc, tl_free}
    };
    """
    ctypedef struct PyDataMem_Handler:
        pass
    PyDataMem_Handler tl_aligned_handler
    object PyDataMem_SetHandler(object handler)

ALIGNMENT = 64

# NumPy keeps a reference to the capsule in every array it allocates through it
cdef object handler = PyCapsule_New(<void*>&tl_aligned_handler, "mem_handler", NULL)


def install():
    """Makes the aligned allocator NumPy's for this thread's context (see the module's
    docstring); returns whether it did."""
    if os.environ.get("TENSORLIB_ALIGNED_MEMORY", "1").strip() == "0":
        return False
    PyDataMem_SetHandler(handler)
    return True

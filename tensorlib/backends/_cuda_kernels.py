"""Fused CUDA kernels for the CuPy driver.

Each CuPy call costs the host 10-20 us, so an op composed of NumPy-style calls
(log_softmax: seven of them, nll_loss: nearly twenty) is slow on small tensors
however fast the GPU is.  The kernels below do each of the training step's
fused ops in one launch, as PyTorch's CUDA kernels do.  They take float32 and
float64 (the ops layer computes float16 in float32); ``backends/cuda.py``
checks dtypes and layouts and composes CuPy calls for anything else, which is
also all the NumPy stand-in ever runs.
"""

ROW_BLOCK = 128   # threads per row in the row kernels: a power of two

_ROW_KERNELS = r"""
#define ROW_BLOCK %(block)d

template <typename T> __device__ __forceinline__ T larger(T a, T b) {
    return (a > b || a != a) ? a : b;          /* nan wins, as in PyTorch's max */
}

/* buf[0] = the sum (or max) of buf[0 .. ROW_BLOCK); every thread must call */
template <typename T> __device__ void block_sum(T* buf) {
    __syncthreads();
    for (int s = ROW_BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) buf[threadIdx.x] += buf[threadIdx.x + s];
        __syncthreads();
    }
}

template <typename T> __device__ void block_max(T* buf) {
    __syncthreads();
    for (int s = ROW_BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) buf[threadIdx.x] = larger(buf[threadIdx.x], buf[threadIdx.x + s]);
        __syncthreads();
    }
}

/* one block per row of a C-contiguous (rows, cols) array, cols >= 1 */
template <typename T>
__global__ void log_softmax_rows(const T* x, T* y, long long cols) {
    __shared__ T buf[ROW_BLOCK];
    const T* xr = x + blockIdx.x * cols;
    T* yr = y + blockIdx.x * cols;
    T m = xr[0];
    for (long long j = threadIdx.x; j < cols; j += ROW_BLOCK) m = larger(m, xr[j]);
    buf[threadIdx.x] = m;
    block_max(buf);
    m = buf[0];
    __syncthreads();
    T s = 0;
    for (long long j = threadIdx.x; j < cols; j += ROW_BLOCK) s += exp(xr[j] - m);
    buf[threadIdx.x] = s;
    block_sum(buf);
    const T log_sum = log(buf[0]);
    for (long long j = threadIdx.x; j < cols; j += ROW_BLOCK) yr[j] = (xr[j] - m) - log_sum;
}

template <typename T>
__global__ void log_softmax_rows_backward(const T* g, const T* y, T* out, long long cols) {
    __shared__ T buf[ROW_BLOCK];
    const long long start = blockIdx.x * cols;
    T s = 0;
    for (long long j = threadIdx.x; j < cols; j += ROW_BLOCK) s += g[start + j];
    buf[threadIdx.x] = s;
    block_sum(buf);
    s = buf[0];
    for (long long j = threadIdx.x; j < cols; j += ROW_BLOCK)
        out[start + j] = g[start + j] - exp(y[start + j]) * s;
}
""" % {"block": ROW_BLOCK}

_ROW_NAMES = [f"{kernel}<{t}>" for kernel in ("log_softmax_rows", "log_softmax_rows_backward")
              for t in ("float", "double")]

# __fmul_rn keeps each product rounded on its own (no fused multiply-add), as the
# separate mul_ and add_ of the update it replaces round them
_ROUNDED_PRODUCT = """
__device__ float rounded_product(float a, float b) { return __fmul_rn(a, b); }
__device__ double rounded_product(double a, double b) { return __dmul_rn(a, b); }
"""


class Kernels:
    """The compiled kernels over one ``cupy`` module (built on first use)."""

    def __init__(self, cupy):
        self.cupy = cupy
        self._rows = None
        self.axpby = cupy.ElementwiseKernel(
            "T x, T a, T b, int8 scale_x, int8 scale_y", "T y",
            "y = (scale_x ? rounded_product(a, x) : x) + (scale_y ? rounded_product(b, y) : y)",
            "tensorlib_axpby", preamble=_ROUNDED_PRODUCT)
        self.threshold_backward = cupy.ElementwiseKernel(
            "T g, T x, T threshold", "T out", "out = x <= threshold ? (T)0 : g", "tensorlib_threshold_backward")
        # per row: -weight[t] * x[row, t], and weight[t]; 0 and 0 where t is ignored or out of range
        self.nll_loss_rows = cupy.ElementwiseKernel(
            "raw T x, int64 t, raw T weight, int64 cols, int64 ignore_index, int8 weighted",
            "T loss, T w, bool bad",
            """
            const bool keep = t != ignore_index;
            bad = keep && (t < 0 || t >= cols);
            if (!keep || bad) { loss = 0; w = 0; }
            else { w = weighted ? weight[t] : (T)1; loss = -(x[i * cols + t] * w); }
            """, "tensorlib_nll_loss_rows")
        self.nll_loss_backward = cupy.ElementwiseKernel(
            "raw T g, raw int64 target, raw T weight, raw T total, int64 cols, int64 ignore_index, "
            "int8 weighted, int8 per_row, int8 mean", "T out",
            """
            const ptrdiff_t row = i / cols;
            const long long t = target[row];
            if (t != i - row * cols || t == ignore_index) { out = 0; }
            else {
                const T g_row = per_row ? g[row] : g[0];
                const T scaled = mean ? -(g_row / total[0]) : -g_row;
                out = weighted ? weight[t] * scaled : scaled;
            }
            """, "tensorlib_nll_loss_backward")

    def row_kernel(self, name, dtype):
        """The row kernel ``name`` (log_softmax_rows[_backward]) for float32 or float64."""
        if self._rows is None:
            self._rows = self.cupy.RawModule(code=_ROW_KERNELS, name_expressions=_ROW_NAMES)
        return self._rows.get_function(f"{name}<{'float' if dtype.itemsize == 4 else 'double'}>")

"""The vectorised row kernels (layer_norm's and attention's softmax rows in ``tensorlib._rows``,
short same-type runs of ``tensorlib._copy``) against NumPy re-enactments of the order of
operations they document, bit for bit: vectors change speed, never values."""
import numpy as np
import pytest

from tensorlib import _copy, _rows

COLS = (1, 3, 4, 7, 8, 9, 24, 32, 63, 64, 65, 96, 100)


def _lane_sums(terms, lanes):
    """Each row's sum of float64 ``terms`` as ``lanes`` running sums (element j into sum
    j % lanes, whole blocks only) plus the tail's own running sum."""
    rows, cols = terms.shape
    whole = cols - cols % lanes
    sums = np.zeros((rows, lanes))
    for start in range(0, whole, lanes):
        sums += terms[:, start:start + lanes]
    tail = np.zeros(rows)
    for j in range(whole, cols):
        tail += terms[:, j]
    return sums, tail


def _eight_lane_sum(terms):
    sums, tail = _lane_sums(terms, 8)
    s = sums.T
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])) + tail


@pytest.mark.parametrize("cols", COLS)
@pytest.mark.parametrize("affine", [(True, True), (True, False), (False, False)])
def test_float32_layer_norm_rows_follow_their_documented_order(cols, affine):
    rng = np.random.default_rng(cols)
    rows = 37
    x = (rng.standard_normal((rows, cols)) * 3 + 1).astype(np.float32)
    w, b = rng.standard_normal(cols).astype(np.float32), rng.standard_normal(cols).astype(np.float32)
    out, mean, rstd = np.empty_like(x), np.empty(rows, np.float32), np.empty(rows, np.float32)
    _rows.layer_norm_rows(x.reshape(-1), w, b, affine[0], affine[1], 1e-5, out.reshape(-1), mean, rstd, cols)
    m = _eight_lane_sum(x.astype(np.float64)) / cols
    v = _eight_lane_sum((x - m[:, None]) ** 2) / cols
    mt, rt = m.astype(np.float32)[:, None], (1.0 / np.sqrt(v + 1e-5)).astype(np.float32)[:, None]
    expected = (x - mt) * rt
    if affine[0]:
        expected = expected * w
    if affine[1]:
        expected = expected + b
    assert mean.tobytes() == mt.tobytes() and rstd.tobytes() == rt.tobytes()
    assert out.tobytes() == expected.tobytes()

    g = rng.standard_normal((rows, cols)).astype(np.float32)
    gx, gw, gb = np.empty_like(x), np.zeros(cols), np.zeros(cols)
    _rows.layer_norm_backward_rows(g.reshape(-1), x.reshape(-1), mean, rstd, w, affine[0], gx.reshape(-1), True,
                                   gw, gb, True, cols)
    xhat = (x - mt) * rt
    gy = g * w if affine[0] else g
    at = (_eight_lane_sum(gy.astype(np.float64)) / cols).astype(np.float32)[:, None]
    ct = (_eight_lane_sum((gy * xhat).astype(np.float64)) / cols).astype(np.float32)[:, None]
    assert gx.tobytes() == (((gy - at) - xhat * ct) * rt).tobytes()
    expected_gw, expected_gb = np.zeros(cols), np.zeros(cols)
    for r in range(rows):  # the parameters' sums in row order
        expected_gw += (g[r] * xhat[r]).astype(np.float64)
        expected_gb += g[r].astype(np.float64)
    assert gw.tobytes() == expected_gw.tobytes() and gb.tobytes() == expected_gb.tobytes()


def _softmax_reference(scores, scale, target):
    """Causal attention's softmax rows as documented: scaled up to each row's limit, -inf past
    it, minus the row's max, NumPy's exp, times the float reciprocal of the four-lane double sum;
    rows with no score above -inf (NaN included) all zeros."""
    rows, cols = scores.shape
    s = scores * scale
    limits = np.minimum(np.arange(rows) % target + 1, cols)
    masked = np.arange(cols)[None, :] >= limits[:, None]
    s[masked] = -np.inf
    with np.errstate(invalid="ignore", divide="ignore"):
        top = np.where(np.isnan(s).any(1), np.nan, s.max(1))
        empty = ~(top > -np.inf)
        s[~empty] -= top[~empty, None]
        e = np.exp(s)
        sums, tail = _lane_sums(e.astype(np.float64), 4)
        sums[:, 0] += tail
        inverse = (1.0 / ((sums[:, 0] + sums[:, 1]) + (sums[:, 2] + sums[:, 3]))).astype(np.float32)
        out = e * inverse[:, None]
    out[empty] = 0
    return out, empty.astype(np.uint8)


@pytest.mark.parametrize("cols", COLS)
def test_float32_causal_softmax_rows_follow_their_documented_order(cols):
    rng = np.random.default_rng(100 + cols)
    rows, target = 53, max(1, cols - 2)
    scores = rng.standard_normal((rows, cols)).astype(np.float32) * 4
    scores[3, :] = -np.inf          # nothing to attend to
    scores[5, 0] = np.nan           # a NaN score
    scores[7, min(1, cols - 1)] = np.inf    # an inf score: nan weights, the masked ones too
    scale = np.float32(0.3)
    expected, expected_empty = _softmax_reference(scores.copy(), scale, target)
    got, empty = scores.copy().reshape(-1), np.empty(rows, np.uint8)
    assert _rows.attention_softmax_rows(got, scale, 1, np.empty(0, np.uint8), np.empty(0, np.float32), target, cols,
                                        empty)
    assert empty.tobytes() == expected_empty.tobytes()
    assert got.tobytes() == expected.reshape(-1).tobytes()


@pytest.mark.parametrize("rows", [1, 7, 8, 9, 16, 29])
@pytest.mark.parametrize("cols", [1, 5, 24, 64, 65])
def test_float32_softmax_backward_rows_follow_their_documented_order(rows, cols):
    rng = np.random.default_rng(rows * 100 + cols)
    g = rng.standard_normal((rows, cols)).astype(np.float32)
    w = rng.random((rows, cols)).astype(np.float32)
    scale = np.float32(0.7)
    dot = np.zeros(rows)
    for j in range(cols):  # one running double sum per row, in column order
        dot += (g[:, j] * w[:, j]).astype(np.float64)
    expected = (w * (g - dot[:, None])).astype(np.float32) * scale
    out = np.empty_like(g)
    _rows.softmax_backward_rows(g.reshape(-1), w.reshape(-1), out.reshape(-1), scale, cols)
    assert out.tobytes() == expected.tobytes()
    _rows.softmax_backward_rows(g.reshape(-1), w.reshape(-1), g.reshape(-1), scale, cols)  # in place
    assert g.tobytes() == expected.tobytes()


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.float32, np.float64, np.int64])
def test_short_runs_copy_every_length(dtype):
    rng = np.random.default_rng(0)
    for length in range(1, 70):
        wide = (rng.standard_normal((9, length + 3)) * 100).astype(dtype)
        src = wide[:, 1:length + 1]   # rows of ``length`` elements, apart
        dst = np.zeros((9, length), dtype)
        _copy.copy_into(dst, src)
        assert dst.tobytes() == np.ascontiguousarray(src).tobytes(), length

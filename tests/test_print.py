"""Printing: tensorlib's repr/str must match PyTorch 2.13's byte for byte.

Every expected string below was produced by running the same construction
with PyTorch 2.13.0 (CPU) and pasting what it printed.  The parity test at the
end compares against a live PyTorch when one is importable.
"""
import time

import numpy as np
import pytest

import tensorlib as torch
from tensorlib import _tensor_str
from parity import real_torch


@pytest.fixture(autouse=True)
def default_print_options():
    torch.set_printoptions(profile="default")
    yield
    torch.set_printoptions(profile="default")


@pytest.fixture
def default_float64():
    torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        torch.set_default_dtype(torch.float32)


CASES = [
    pytest.param(lambda: torch.tensor([1, -22, 333]),
                 'tensor([  1, -22, 333])',
                 id='int64_negative_widths'),
    pytest.param(lambda: torch.tensor([1000000000]),
                 'tensor([1000000000])',
                 id='int64_never_scientific'),
    pytest.param(lambda: torch.tensor(np.array([2**63 - 1, -2**63])),
                 'tensor([ 9223372036854775807, -9223372036854775808])',
                 id='int64_extremes'),
    pytest.param(lambda: torch.tensor(np.array([1, 2, 3], dtype=np.int32)),
                 'tensor([1, 2, 3], dtype=torch.int32)',
                 id='int32'),
    pytest.param(lambda: torch.tensor(np.array([-300, 7], dtype=np.int16)),
                 'tensor([-300,    7], dtype=torch.int16)',
                 id='int16'),
    pytest.param(lambda: torch.tensor(np.array([-128, 5, 127], dtype=np.int8)),
                 'tensor([-128,    5,  127], dtype=torch.int8)',
                 id='int8'),
    pytest.param(lambda: torch.tensor(np.array([200, 3, 0], dtype=np.uint8)),
                 'tensor([200,   3,   0], dtype=torch.uint8)',
                 id='uint8'),
    pytest.param(lambda: torch.tensor([True, False]),
                 'tensor([ True, False])',
                 id='bool'),
    pytest.param(lambda: torch.tensor([[True, True], [True, True]]),
                 'tensor([[True, True],\n'
                 '        [True, True]])',
                 id='bool_all_true'),
    pytest.param(lambda: torch.tensor([1., 2.]),
                 'tensor([1., 2.])',
                 id='whole'),
    pytest.param(lambda: torch.tensor([-1., 2.]),
                 'tensor([-1.,  2.])',
                 id='whole_negative'),
    pytest.param(lambda: torch.tensor([1., 1000.]),
                 'tensor([   1., 1000.])',
                 id='whole_ratio_exactly_1000'),
    pytest.param(lambda: torch.tensor([1e8]),
                 'tensor([100000000.])',
                 id='whole_exactly_1e8'),
    pytest.param(lambda: torch.tensor([1., 2.5]),
                 'tensor([1.0000, 2.5000])',
                 id='fixed'),
    pytest.param(lambda: torch.tensor([102.4, 1.]),
                 'tensor([102.4000,   1.0000])',
                 id='fixed_aligned'),
    pytest.param(lambda: torch.tensor([9.99995, 1.]),
                 'tensor([10.0000,  1.0000])',
                 id='fixed_rounds_up_a_digit'),
    pytest.param(lambda: torch.tensor(np.array([100000., 100001.5, -3.25], dtype=np.float32)),
                 'tensor([ 1.0000e+05,  1.0000e+05, -3.2500e+00])',
                 id='fixed_large'),
    pytest.param(lambda: torch.tensor([102.4, 1024., 0.1024]),
                 'tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])',
                 id='sci_ratio'),
    pytest.param(lambda: torch.tensor([1., 1010.]),
                 'tensor([1.0000e+00, 1.0100e+03])',
                 id='sci_ratio_1010'),
    pytest.param(lambda: torch.tensor([1., 1001.]),
                 'tensor([1.0000e+00, 1.0010e+03])',
                 id='sci_whole_ratio_1001'),
    pytest.param(lambda: torch.tensor([1.5e8]),
                 'tensor([1.5000e+08])',
                 id='sci_whole_above_1e8'),
    pytest.param(lambda: torch.tensor([1e-4, 1.5]),
                 'tensor([1.0000e-04, 1.5000e+00])',
                 id='sci_float32_1e-4_is_below_1e-4'),
    pytest.param(lambda: torch.tensor([9.9e-5, 1.5]),
                 'tensor([9.9000e-05, 1.5000e+00])',
                 id='sci_small'),
    pytest.param(lambda: torch.tensor(np.array([1e100, 1.])),
                 'tensor([1.0000e+100,  1.0000e+00], dtype=torch.float64)',
                 id='sci_three_digit_exponents'),
    pytest.param(lambda: torch.tensor(np.array([-1e-100, 1.5, -2.])),
                 'tensor([-1.0000e-100,   1.5000e+00,  -2.0000e+00], dtype=torch.float64)',
                 id='sci_negative_tiny'),
    pytest.param(lambda: torch.tensor([float('nan'), float('inf'), float('-inf'), 1.]),
                 'tensor([nan, inf, -inf, 1.])',
                 id='nan_inf_whole'),
    pytest.param(lambda: torch.tensor([float('inf'), 1.5]),
                 'tensor([   inf, 1.5000])',
                 id='inf_fixed'),
    pytest.param(lambda: torch.tensor([1.5, float('-inf')]),
                 'tensor([1.5000,   -inf])',
                 id='minus_inf_fixed'),
    pytest.param(lambda: torch.tensor([-0., 1.]),
                 'tensor([-0., 1.])',
                 id='negative_zero_whole'),
    pytest.param(lambda: torch.tensor([-0., 1.5]),
                 'tensor([-0.0000, 1.5000])',
                 id='negative_zero_fixed'),
    pytest.param(lambda: torch.tensor([float('nan')]),
                 'tensor([nan])',
                 id='only_nan'),
    pytest.param(lambda: torch.tensor([0., -0., 0.]),
                 'tensor([0., -0., 0.])',
                 id='only_zeros'),
    pytest.param(lambda: torch.tensor([1e-5, float('nan'), float('-inf')]),
                 'tensor([1.0000e-05,        nan,       -inf])',
                 id='nan_inf_sci'),
    pytest.param(lambda: torch.tensor(27.),
                 'tensor(27.)',
                 id='scalar_whole'),
    pytest.param(lambda: torch.tensor(-0.5),
                 'tensor(-0.5000)',
                 id='scalar_fixed'),
    pytest.param(lambda: torch.tensor(1e-5),
                 'tensor(1.0000e-05)',
                 id='scalar_sci'),
    pytest.param(lambda: torch.tensor(float('nan')),
                 'tensor(nan)',
                 id='scalar_nan'),
    pytest.param(lambda: torch.tensor(float('-inf')),
                 'tensor(-inf)',
                 id='scalar_minus_inf'),
    pytest.param(lambda: torch.tensor(3),
                 'tensor(3)',
                 id='scalar_int64'),
    pytest.param(lambda: torch.tensor(True),
                 'tensor(True)',
                 id='scalar_bool'),
    pytest.param(lambda: torch.tensor(np.array(0.1, dtype=np.float16)),
                 'tensor(0.1000, dtype=torch.float16)',
                 id='scalar_float16'),
    pytest.param(lambda: torch.tensor(np.array(2.5)),
                 'tensor(2.5000, dtype=torch.float64)',
                 id='scalar_float64'),
    pytest.param(lambda: torch.tensor(np.array(-7, dtype=np.int32)),
                 'tensor(-7, dtype=torch.int32)',
                 id='scalar_int32'),
    pytest.param(lambda: torch.tensor(np.array(300, dtype=np.int16)),
                 'tensor(300, dtype=torch.int16)',
                 id='scalar_int16'),
    pytest.param(lambda: torch.tensor(np.array(-8, dtype=np.int8)),
                 'tensor(-8, dtype=torch.int8)',
                 id='scalar_int8'),
    pytest.param(lambda: torch.tensor(np.array(255, dtype=np.uint8)),
                 'tensor(255, dtype=torch.uint8)',
                 id='scalar_uint8'),
    pytest.param(lambda: torch.tensor([]),
                 'tensor([])',
                 id='empty'),
    pytest.param(lambda: torch.zeros(0, 3),
                 'tensor([], size=(0, 3))',
                 id='empty_2d'),
    pytest.param(lambda: torch.zeros(2, 0, 3, dtype=torch.bool),
                 'tensor([], size=(2, 0, 3), dtype=torch.bool)',
                 id='empty_3d_bool'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.int64),
                 'tensor([], dtype=torch.int64)',
                 id='empty_int64'),
    pytest.param(lambda: torch.zeros(0, 3, dtype=torch.int64),
                 'tensor([], size=(0, 3), dtype=torch.int64)',
                 id='empty_2d_int64'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.bool),
                 'tensor([], dtype=torch.bool)',
                 id='empty_bool'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.float16),
                 'tensor([], dtype=torch.float16)',
                 id='empty_float16'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.float64),
                 'tensor([], dtype=torch.float64)',
                 id='empty_float64'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.int32),
                 'tensor([], dtype=torch.int32)',
                 id='empty_int32'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.int16),
                 'tensor([], dtype=torch.int16)',
                 id='empty_int16'),
    pytest.param(lambda: torch.zeros(3, 0, dtype=torch.int8),
                 'tensor([], size=(3, 0), dtype=torch.int8)',
                 id='empty_int8'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.uint8),
                 'tensor([], dtype=torch.uint8)',
                 id='empty_uint8'),
    pytest.param(lambda: torch.arange(6).reshape(2, 3),
                 'tensor([[0, 1, 2],\n'
                 '        [3, 4, 5]])',
                 id='matrix'),
    pytest.param(lambda: torch.arange(24).reshape(2, 3, 4),
                 'tensor([[[ 0,  1,  2,  3],\n'
                 '         [ 4,  5,  6,  7],\n'
                 '         [ 8,  9, 10, 11]],\n'
                 '\n'
                 '        [[12, 13, 14, 15],\n'
                 '         [16, 17, 18, 19],\n'
                 '         [20, 21, 22, 23]]])',
                 id='nested_3d'),
    pytest.param(lambda: torch.arange(120.).reshape(2, 3, 4, 5).narrow(1, 0, 2).narrow(2, 0, 2),
                 'tensor([[[[ 0.,  1.,  2.,  3.,  4.],\n'
                 '          [ 5.,  6.,  7.,  8.,  9.]],\n'
                 '\n'
                 '         [[20., 21., 22., 23., 24.],\n'
                 '          [25., 26., 27., 28., 29.]]],\n'
                 '\n'
                 '\n'
                 '        [[[60., 61., 62., 63., 64.],\n'
                 '          [65., 66., 67., 68., 69.]],\n'
                 '\n'
                 '         [[80., 81., 82., 83., 84.],\n'
                 '          [85., 86., 87., 88., 89.]]]])',
                 id='nested_4d'),
    pytest.param(lambda: torch.tensor(np.arange(16).reshape(2, 2, 2, 2) % 3 == 0),
                 'tensor([[[[ True, False],\n'
                 '          [False,  True]],\n'
                 '\n'
                 '         [[False, False],\n'
                 '          [ True, False]]],\n'
                 '\n'
                 '\n'
                 '        [[[False,  True],\n'
                 '          [False, False]],\n'
                 '\n'
                 '         [[ True, False],\n'
                 '          [False,  True]]]])',
                 id='nested_4d_bool'),
    pytest.param(lambda: torch.arange(1001),
                 'tensor([   0,    1,    2,  ...,  998,  999, 1000])',
                 id='summary_1001'),
    pytest.param(lambda: torch.arange(2000),
                 'tensor([   0,    1,    2,  ..., 1997, 1998, 1999])',
                 id='summary_1d'),
    pytest.param(lambda: torch.arange(2000.).reshape(40, 50),
                 'tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01,\n'
                 '         4.9000e+01],\n'
                 '        [5.0000e+01, 5.1000e+01, 5.2000e+01,  ..., 9.7000e+01, 9.8000e+01,\n'
                 '         9.9000e+01],\n'
                 '        [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.4700e+02, 1.4800e+02,\n'
                 '         1.4900e+02],\n'
                 '        ...,\n'
                 '        [1.8500e+03, 1.8510e+03, 1.8520e+03,  ..., 1.8970e+03, 1.8980e+03,\n'
                 '         1.8990e+03],\n'
                 '        [1.9000e+03, 1.9010e+03, 1.9020e+03,  ..., 1.9470e+03, 1.9480e+03,\n'
                 '         1.9490e+03],\n'
                 '        [1.9500e+03, 1.9510e+03, 1.9520e+03,  ..., 1.9970e+03, 1.9980e+03,\n'
                 '         1.9990e+03]])',
                 id='summary_2d_sci'),
    pytest.param(lambda: torch.arange(2000).reshape(2, 1000),
                 'tensor([[   0,    1,    2,  ...,  997,  998,  999],\n'
                 '        [1000, 1001, 1002,  ..., 1997, 1998, 1999]])',
                 id='summary_wide_rows'),
    pytest.param(lambda: torch.arange(2000).reshape(1000, 2),
                 'tensor([[   0,    1],\n'
                 '        [   2,    3],\n'
                 '        [   4,    5],\n'
                 '        ...,\n'
                 '        [1994, 1995],\n'
                 '        [1996, 1997],\n'
                 '        [1998, 1999]])',
                 id='summary_tall'),
    pytest.param(lambda: torch.arange(3000).reshape(10, 10, 30),
                 'tensor([[[   0,    1,    2,  ...,   27,   28,   29],\n'
                 '         [  30,   31,   32,  ...,   57,   58,   59],\n'
                 '         [  60,   61,   62,  ...,   87,   88,   89],\n'
                 '         ...,\n'
                 '         [ 210,  211,  212,  ...,  237,  238,  239],\n'
                 '         [ 240,  241,  242,  ...,  267,  268,  269],\n'
                 '         [ 270,  271,  272,  ...,  297,  298,  299]],\n'
                 '\n'
                 '        [[ 300,  301,  302,  ...,  327,  328,  329],\n'
                 '         [ 330,  331,  332,  ...,  357,  358,  359],\n'
                 '         [ 360,  361,  362,  ...,  387,  388,  389],\n'
                 '         ...,\n'
                 '         [ 510,  511,  512,  ...,  537,  538,  539],\n'
                 '         [ 540,  541,  542,  ...,  567,  568,  569],\n'
                 '         [ 570,  571,  572,  ...,  597,  598,  599]],\n'
                 '\n'
                 '        [[ 600,  601,  602,  ...,  627,  628,  629],\n'
                 '         [ 630,  631,  632,  ...,  657,  658,  659],\n'
                 '         [ 660,  661,  662,  ...,  687,  688,  689],\n'
                 '         ...,\n'
                 '         [ 810,  811,  812,  ...,  837,  838,  839],\n'
                 '         [ 840,  841,  842,  ...,  867,  868,  869],\n'
                 '         [ 870,  871,  872,  ...,  897,  898,  899]],\n'
                 '\n'
                 '        ...,\n'
                 '\n'
                 '        [[2100, 2101, 2102,  ..., 2127, 2128, 2129],\n'
                 '         [2130, 2131, 2132,  ..., 2157, 2158, 2159],\n'
                 '         [2160, 2161, 2162,  ..., 2187, 2188, 2189],\n'
                 '         ...,\n'
                 '         [2310, 2311, 2312,  ..., 2337, 2338, 2339],\n'
                 '         [2340, 2341, 2342,  ..., 2367, 2368, 2369],\n'
                 '         [2370, 2371, 2372,  ..., 2397, 2398, 2399]],\n'
                 '\n'
                 '        [[2400, 2401, 2402,  ..., 2427, 2428, 2429],\n'
                 '         [2430, 2431, 2432,  ..., 2457, 2458, 2459],\n'
                 '         [2460, 2461, 2462,  ..., 2487, 2488, 2489],\n'
                 '         ...,\n'
                 '         [2610, 2611, 2612,  ..., 2637, 2638, 2639],\n'
                 '         [2640, 2641, 2642,  ..., 2667, 2668, 2669],\n'
                 '         [2670, 2671, 2672,  ..., 2697, 2698, 2699]],\n'
                 '\n'
                 '        [[2700, 2701, 2702,  ..., 2727, 2728, 2729],\n'
                 '         [2730, 2731, 2732,  ..., 2757, 2758, 2759],\n'
                 '         [2760, 2761, 2762,  ..., 2787, 2788, 2789],\n'
                 '         ...,\n'
                 '         [2910, 2911, 2912,  ..., 2937, 2938, 2939],\n'
                 '         [2940, 2941, 2942,  ..., 2967, 2968, 2969],\n'
                 '         [2970, 2971, 2972,  ..., 2997, 2998, 2999]]])',
                 id='summary_3d'),
    pytest.param(lambda: torch.arange(1280.).reshape(8, 2, 2, 40),
                 'tensor([[[[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 3.7000e+01,\n'
                 '           3.8000e+01, 3.9000e+01],\n'
                 '          [4.0000e+01, 4.1000e+01, 4.2000e+01,  ..., 7.7000e+01,\n'
                 '           7.8000e+01, 7.9000e+01]],\n'
                 '\n'
                 '         [[8.0000e+01, 8.1000e+01, 8.2000e+01,  ..., 1.1700e+02,\n'
                 '           1.1800e+02, 1.1900e+02],\n'
                 '          [1.2000e+02, 1.2100e+02, 1.2200e+02,  ..., 1.5700e+02,\n'
                 '           1.5800e+02, 1.5900e+02]]],\n'
                 '\n'
                 '\n'
                 '        [[[1.6000e+02, 1.6100e+02, 1.6200e+02,  ..., 1.9700e+02,\n'
                 '           1.9800e+02, 1.9900e+02],\n'
                 '          [2.0000e+02, 2.0100e+02, 2.0200e+02,  ..., 2.3700e+02,\n'
                 '           2.3800e+02, 2.3900e+02]],\n'
                 '\n'
                 '         [[2.4000e+02, 2.4100e+02, 2.4200e+02,  ..., 2.7700e+02,\n'
                 '           2.7800e+02, 2.7900e+02],\n'
                 '          [2.8000e+02, 2.8100e+02, 2.8200e+02,  ..., 3.1700e+02,\n'
                 '           3.1800e+02, 3.1900e+02]]],\n'
                 '\n'
                 '\n'
                 '        [[[3.2000e+02, 3.2100e+02, 3.2200e+02,  ..., 3.5700e+02,\n'
                 '           3.5800e+02, 3.5900e+02],\n'
                 '          [3.6000e+02, 3.6100e+02, 3.6200e+02,  ..., 3.9700e+02,\n'
                 '           3.9800e+02, 3.9900e+02]],\n'
                 '\n'
                 '         [[4.0000e+02, 4.0100e+02, 4.0200e+02,  ..., 4.3700e+02,\n'
                 '           4.3800e+02, 4.3900e+02],\n'
                 '          [4.4000e+02, 4.4100e+02, 4.4200e+02,  ..., 4.7700e+02,\n'
                 '           4.7800e+02, 4.7900e+02]]],\n'
                 '\n'
                 '\n'
                 '        ...,\n'
                 '\n'
                 '\n'
                 '        [[[8.0000e+02, 8.0100e+02, 8.0200e+02,  ..., 8.3700e+02,\n'
                 '           8.3800e+02, 8.3900e+02],\n'
                 '          [8.4000e+02, 8.4100e+02, 8.4200e+02,  ..., 8.7700e+02,\n'
                 '           8.7800e+02, 8.7900e+02]],\n'
                 '\n'
                 '         [[8.8000e+02, 8.8100e+02, 8.8200e+02,  ..., 9.1700e+02,\n'
                 '           9.1800e+02, 9.1900e+02],\n'
                 '          [9.2000e+02, 9.2100e+02, 9.2200e+02,  ..., 9.5700e+02,\n'
                 '           9.5800e+02, 9.5900e+02]]],\n'
                 '\n'
                 '\n'
                 '        [[[9.6000e+02, 9.6100e+02, 9.6200e+02,  ..., 9.9700e+02,\n'
                 '           9.9800e+02, 9.9900e+02],\n'
                 '          [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.0370e+03,\n'
                 '           1.0380e+03, 1.0390e+03]],\n'
                 '\n'
                 '         [[1.0400e+03, 1.0410e+03, 1.0420e+03,  ..., 1.0770e+03,\n'
                 '           1.0780e+03, 1.0790e+03],\n'
                 '          [1.0800e+03, 1.0810e+03, 1.0820e+03,  ..., 1.1170e+03,\n'
                 '           1.1180e+03, 1.1190e+03]]],\n'
                 '\n'
                 '\n'
                 '        [[[1.1200e+03, 1.1210e+03, 1.1220e+03,  ..., 1.1570e+03,\n'
                 '           1.1580e+03, 1.1590e+03],\n'
                 '          [1.1600e+03, 1.1610e+03, 1.1620e+03,  ..., 1.1970e+03,\n'
                 '           1.1980e+03, 1.1990e+03]],\n'
                 '\n'
                 '         [[1.2000e+03, 1.2010e+03, 1.2020e+03,  ..., 1.2370e+03,\n'
                 '           1.2380e+03, 1.2390e+03],\n'
                 '          [1.2400e+03, 1.2410e+03, 1.2420e+03,  ..., 1.2770e+03,\n'
                 '           1.2780e+03, 1.2790e+03]]]])',
                 id='summary_4d'),
    pytest.param(lambda: torch.ones(2000, dtype=torch.bool),
                 'tensor([True, True, True,  ..., True, True, True])',
                 id='summary_bool'),
    pytest.param(lambda: torch.tensor(np.r_[[1.5, 2., 3.], np.full(2000, 1e12), [4., 5., 6.]]),
                 'tensor([1.5000, 2.0000, 3.0000,  ..., 4.0000, 5.0000, 6.0000],\n'
                 '       dtype=torch.float64)',
                 id='summary_widths_from_shown_only'),
    pytest.param(lambda: torch.tensor(np.arange(100.) * 1.5 + 100000),
                 'tensor([100000.0000, 100001.5000, 100003.0000, 100004.5000, 100006.0000,\n'
                 '        100007.5000, 100009.0000, 100010.5000, 100012.0000, 100013.5000,\n'
                 '        100015.0000, 100016.5000, 100018.0000, 100019.5000, 100021.0000,\n'
                 '        100022.5000, 100024.0000, 100025.5000, 100027.0000, 100028.5000,\n'
                 '        100030.0000, 100031.5000, 100033.0000, 100034.5000, 100036.0000,\n'
                 '        100037.5000, 100039.0000, 100040.5000, 100042.0000, 100043.5000,\n'
                 '        100045.0000, 100046.5000, 100048.0000, 100049.5000, 100051.0000,\n'
                 '        100052.5000, 100054.0000, 100055.5000, 100057.0000, 100058.5000,\n'
                 '        100060.0000, 100061.5000, 100063.0000, 100064.5000, 100066.0000,\n'
                 '        100067.5000, 100069.0000, 100070.5000, 100072.0000, 100073.5000,\n'
                 '        100075.0000, 100076.5000, 100078.0000, 100079.5000, 100081.0000,\n'
                 '        100082.5000, 100084.0000, 100085.5000, 100087.0000, 100088.5000,\n'
                 '        100090.0000, 100091.5000, 100093.0000, 100094.5000, 100096.0000,\n'
                 '        100097.5000, 100099.0000, 100100.5000, 100102.0000, 100103.5000,\n'
                 '        100105.0000, 100106.5000, 100108.0000, 100109.5000, 100111.0000,\n'
                 '        100112.5000, 100114.0000, 100115.5000, 100117.0000, 100118.5000,\n'
                 '        100120.0000, 100121.5000, 100123.0000, 100124.5000, 100126.0000,\n'
                 '        100127.5000, 100129.0000, 100130.5000, 100132.0000, 100133.5000,\n'
                 '        100135.0000, 100136.5000, 100138.0000, 100139.5000, 100141.0000,\n'
                 '        100142.5000, 100144.0000, 100145.5000, 100147.0000, 100148.5000],\n'
                 '       dtype=torch.float64)',
                 id='wrap_fixed'),
    pytest.param(lambda: torch.arange(200).reshape(2, 100),
                 'tensor([[  0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,\n'
                 '          14,  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,\n'
                 '          28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,  41,\n'
                 '          42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  52,  53,  54,  55,\n'
                 '          56,  57,  58,  59,  60,  61,  62,  63,  64,  65,  66,  67,  68,  69,\n'
                 '          70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,  81,  82,  83,\n'
                 '          84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,  97,\n'
                 '          98,  99],\n'
                 '        [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113,\n'
                 '         114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,\n'
                 '         128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141,\n'
                 '         142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155,\n'
                 '         156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169,\n'
                 '         170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183,\n'
                 '         184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197,\n'
                 '         198, 199]])',
                 id='wrap_ints_2d'),
    pytest.param(lambda: torch.tensor(np.arange(30.) * 1000.5),
                 'tensor([    0.0000,  1000.5000,  2001.0000,  3001.5000,  4002.0000,  5002.5000,\n'
                 '         6003.0000,  7003.5000,  8004.0000,  9004.5000, 10005.0000, 11005.5000,\n'
                 '        12006.0000, 13006.5000, 14007.0000, 15007.5000, 16008.0000, 17008.5000,\n'
                 '        18009.0000, 19009.5000, 20010.0000, 21010.5000, 22011.0000, 23011.5000,\n'
                 '        24012.0000, 25012.5000, 26013.0000, 27013.5000, 28014.0000, 29014.5000],\n'
                 '       dtype=torch.float64)',
                 id='wrap_dtype_suffix'),
    pytest.param(lambda: torch.tensor(np.arange(30.) * 1000.5, requires_grad=True),
                 'tensor([    0.0000,  1000.5000,  2001.0000,  3001.5000,  4002.0000,  5002.5000,\n'
                 '         6003.0000,  7003.5000,  8004.0000,  9004.5000, 10005.0000, 11005.5000,\n'
                 '        12006.0000, 13006.5000, 14007.0000, 15007.5000, 16008.0000, 17008.5000,\n'
                 '        18009.0000, 19009.5000, 20010.0000, 21010.5000, 22011.0000, 23011.5000,\n'
                 '        24012.0000, 25012.5000, 26013.0000, 27013.5000, 28014.0000, 29014.5000],\n'
                 '       dtype=torch.float64, requires_grad=True)',
                 id='wrap_requires_grad'),
    pytest.param(lambda: torch.tensor(np.array([1.1, 65504, 0.001], dtype=np.float16)),
                 'tensor([1.0996e+00, 6.5504e+04, 1.0004e-03], dtype=torch.float16)',
                 id='float16_sci'),
    pytest.param(lambda: torch.tensor(np.array([0.1, 0.2], dtype=np.float16)),
                 'tensor([0.1000, 0.2000], dtype=torch.float16)',
                 id='float16_fixed'),
    pytest.param(lambda: torch.tensor(np.array([65504., 6e-8, -0.], dtype=np.float16)),
                 'tensor([6.5504e+04, 5.9605e-08, -0.0000e+00], dtype=torch.float16)',
                 id='float16_subnormal'),
    pytest.param(lambda: torch.tensor(np.array([1., 2.])),
                 'tensor([1., 2.], dtype=torch.float64)',
                 id='float64_whole'),
    pytest.param(lambda: torch.tensor(np.array([[-1, 100], [7, -128]], dtype=np.int8)),
                 'tensor([[  -1,  100],\n'
                 '        [   7, -128]], dtype=torch.int8)',
                 id='int8_matrix'),
    pytest.param(lambda: torch.ones(2000, dtype=torch.uint8),
                 'tensor([1, 1, 1,  ..., 1, 1, 1], dtype=torch.uint8)',
                 id='uint8_summary'),
    pytest.param(lambda: torch.ones(2, 2, requires_grad=True),
                 'tensor([[1., 1.],\n'
                 '        [1., 1.]], requires_grad=True)',
                 id='requires_grad'),
    pytest.param(lambda: torch.tensor(27., requires_grad=True),
                 'tensor(27., requires_grad=True)',
                 id='requires_grad_scalar'),
    pytest.param(lambda: torch.ones(2, dtype=torch.float64, requires_grad=True),
                 'tensor([1., 1.], dtype=torch.float64, requires_grad=True)',
                 id='requires_grad_float64'),
    pytest.param(lambda: torch.arange(6.).reshape(2, 3).t(),
                 'tensor([[0., 3.],\n'
                 '        [1., 4.],\n'
                 '        [2., 5.]])',
                 id='transposed'),
    pytest.param(lambda: torch.arange(24).reshape(2, 3, 4).transpose(0, 2),
                 'tensor([[[ 0, 12],\n'
                 '         [ 4, 16],\n'
                 '         [ 8, 20]],\n'
                 '\n'
                 '        [[ 1, 13],\n'
                 '         [ 5, 17],\n'
                 '         [ 9, 21]],\n'
                 '\n'
                 '        [[ 2, 14],\n'
                 '         [ 6, 18],\n'
                 '         [10, 22]],\n'
                 '\n'
                 '        [[ 3, 15],\n'
                 '         [ 7, 19],\n'
                 '         [11, 23]]])',
                 id='transposed_3d'),
    pytest.param(lambda: torch.arange(24).reshape(2, 3, 4).permute(1, 2, 0),
                 'tensor([[[ 0, 12],\n'
                 '         [ 1, 13],\n'
                 '         [ 2, 14],\n'
                 '         [ 3, 15]],\n'
                 '\n'
                 '        [[ 4, 16],\n'
                 '         [ 5, 17],\n'
                 '         [ 6, 18],\n'
                 '         [ 7, 19]],\n'
                 '\n'
                 '        [[ 8, 20],\n'
                 '         [ 9, 21],\n'
                 '         [10, 22],\n'
                 '         [11, 23]]])',
                 id='permuted'),
    pytest.param(lambda: torch.arange(10.).as_strided((5,), (2,)),
                 'tensor([0., 2., 4., 6., 8.])',
                 id='strided_step'),
    pytest.param(lambda: torch.arange(12).reshape(3, 4).narrow(1, 1, 2),
                 'tensor([[ 1,  2],\n'
                 '        [ 5,  6],\n'
                 '        [ 9, 10]])',
                 id='narrowed'),
    pytest.param(lambda: torch.tensor([[1.5], [2.5]]).expand(2, 5),
                 'tensor([[1.5000, 1.5000, 1.5000, 1.5000, 1.5000],\n'
                 '        [2.5000, 2.5000, 2.5000, 2.5000, 2.5000]])',
                 id='expanded_stride_0'),
    pytest.param(lambda: torch.arange(3000).reshape(3, 1000).narrow(1, 5, 990).t(),
                 'tensor([[   5, 1005, 2005],\n'
                 '        [   6, 1006, 2006],\n'
                 '        [   7, 1007, 2007],\n'
                 '        ...,\n'
                 '        [ 992, 1992, 2992],\n'
                 '        [ 993, 1993, 2993],\n'
                 '        [ 994, 1994, 2994]])',
                 id='summary_non_contiguous'),
    pytest.param(lambda: torch.arange(1000.).reshape(1, 1, 1000).expand(3, 4, 1000),
                 'tensor([[[  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.]],\n'
                 '\n'
                 '        [[  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.]],\n'
                 '\n'
                 '        [[  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.],\n'
                 '         [  0.,   1.,   2.,  ..., 997., 998., 999.]]])',
                 id='summary_expanded'),
]


OPTION_CASES = [
    pytest.param(dict(precision=2), lambda: torch.tensor([1.12345, 2.5]),
                 'tensor([1.12, 2.50])',
                 id='precision_2'),
    pytest.param(dict(precision=2), lambda: torch.tensor([1e-5, 2.5]),
                 'tensor([1.00e-05, 2.50e+00])',
                 id='precision_2_sci'),
    pytest.param(dict(precision=0), lambda: torch.tensor(np.array([1.5, 2.25])),
                 'tensor([2, 2], dtype=torch.float64)',
                 id='precision_0'),
    pytest.param(dict(precision=8), lambda: torch.tensor(np.array([1.123456789, 2.])),
                 'tensor([1.12345679, 2.00000000], dtype=torch.float64)',
                 id='precision_8'),
    pytest.param(dict(sci_mode=True), lambda: torch.tensor([1.5, 2.]),
                 'tensor([1.5000e+00, 2.0000e+00])',
                 id='sci_mode_true'),
    pytest.param(dict(sci_mode=True), lambda: torch.tensor([1., 2.]),
                 'tensor([1.0000e+00, 2.0000e+00])',
                 id='sci_mode_true_whole'),
    pytest.param(dict(sci_mode=True, precision=2), lambda: torch.tensor([[50.5, 27.3], [-127., 0.5]]),
                 'tensor([[ 5.05e+01,  2.73e+01],\n'
                 '        [-1.27e+02,  5.00e-01]])',
                 id='sci_mode_true_width'),
    pytest.param(dict(sci_mode=True), lambda: torch.tensor([0., 0.]),
                 'tensor([0., 0.])',
                 id='sci_mode_true_zeros_unaffected'),
    pytest.param(dict(sci_mode=True), lambda: torch.tensor([1, 2]),
                 'tensor([1, 2])',
                 id='sci_mode_true_ints_unaffected'),
    pytest.param(dict(sci_mode=False), lambda: torch.tensor([1e-5, 1.]),
                 'tensor([0.0000, 1.0000])',
                 id='sci_mode_false'),
    pytest.param(dict(sci_mode=False), lambda: torch.tensor(np.array([1e10, -3e10])),
                 'tensor([ 10000000000., -30000000000.], dtype=torch.float64)',
                 id='sci_mode_false_whole'),
    pytest.param(dict(sci_mode=False), lambda: torch.tensor(np.array([float('nan'), 1e20])),
                 'tensor([                   nan, 100000000000000000000.], dtype=torch.float64)',
                 id='sci_mode_false_nan'),
    pytest.param(dict(profile='short'), lambda: torch.tensor(np.arange(100.).reshape(10, 10) / 3),
                 'tensor([[ 0.00,  0.33,  0.67,  1.00,  1.33,  1.67,  2.00,  2.33,  2.67,  3.00],\n'
                 '        [ 3.33,  3.67,  4.00,  4.33,  4.67,  5.00,  5.33,  5.67,  6.00,  6.33],\n'
                 '        [ 6.67,  7.00,  7.33,  7.67,  8.00,  8.33,  8.67,  9.00,  9.33,  9.67],\n'
                 '        [10.00, 10.33, 10.67, 11.00, 11.33, 11.67, 12.00, 12.33, 12.67, 13.00],\n'
                 '        [13.33, 13.67, 14.00, 14.33, 14.67, 15.00, 15.33, 15.67, 16.00, 16.33],\n'
                 '        [16.67, 17.00, 17.33, 17.67, 18.00, 18.33, 18.67, 19.00, 19.33, 19.67],\n'
                 '        [20.00, 20.33, 20.67, 21.00, 21.33, 21.67, 22.00, 22.33, 22.67, 23.00],\n'
                 '        [23.33, 23.67, 24.00, 24.33, 24.67, 25.00, 25.33, 25.67, 26.00, 26.33],\n'
                 '        [26.67, 27.00, 27.33, 27.67, 28.00, 28.33, 28.67, 29.00, 29.33, 29.67],\n'
                 '        [30.00, 30.33, 30.67, 31.00, 31.33, 31.67, 32.00, 32.33, 32.67, 33.00]],\n'
                 '       dtype=torch.float64)',
                 id='profile_short'),
    pytest.param(dict(profile='short'), lambda: torch.arange(2000),
                 'tensor([   0,    1,  ..., 1998, 1999])',
                 id='profile_short_summary'),
    pytest.param(dict(profile='short', precision=6), lambda: torch.tensor([1.5, 2.]),
                 'tensor([1.500000, 2.000000])',
                 id='profile_then_override'),
    pytest.param(dict(threshold=5, edgeitems=1), lambda: torch.arange(20).reshape(4, 5),
                 'tensor([[ 0,  ...,  4],\n'
                 '        ...,\n'
                 '        [15,  ..., 19]])',
                 id='threshold_edgeitems'),
    pytest.param(dict(threshold=0), lambda: torch.tensor(3.5),
                 'tensor(3.5000)',
                 id='threshold_0_scalar'),
    pytest.param(dict(threshold=3, edgeitems=10), lambda: torch.arange(20).reshape(4, 5),
                 'tensor([[ 0,  1,  2,  3,  4],\n'
                 '        [ 5,  6,  7,  8,  9],\n'
                 '        [10, 11, 12, 13, 14],\n'
                 '        [15, 16, 17, 18, 19]])',
                 id='edgeitems_large'),
    pytest.param(dict(edgeitems=0), lambda: torch.arange(5),
                 'tensor([0, 1, 2, 3, 4], size=(5,))',
                 id='edgeitems_0'),
    pytest.param(dict(edgeitems=0), lambda: torch.arange(2000).reshape(2, 1000),
                 'tensor([...], size=(2, 1000))',
                 id='edgeitems_0_summary'),
    pytest.param(dict(edgeitems=0), lambda: torch.tensor(3.),
                 'tensor(3., size=())',
                 id='edgeitems_0_scalar'),
    pytest.param(dict(edgeitems=0), lambda: torch.zeros(0, 3),
                 'tensor([], size=(0, 3))',
                 id='edgeitems_0_empty'),
    pytest.param(dict(linewidth=20), lambda: torch.arange(10),
                 'tensor([0, 1, 2, 3,\n'
                 '        4, 5, 6, 7,\n'
                 '        8, 9])',
                 id='linewidth_20'),
    pytest.param(dict(linewidth=20), lambda: torch.arange(10).reshape(2, 5).to(torch.int32),
                 'tensor([[0, 1, 2, 3,\n'
                 '         4],\n'
                 '        [5, 6, 7, 8,\n'
                 '         9]],\n'
                 '       dtype=torch.int32)',
                 id='linewidth_20_suffix'),
    pytest.param(dict(linewidth=20), lambda: torch.ones(3, requires_grad=True),
                 'tensor([1., 1., 1.],\n'
                 '       requires_grad=True)',
                 id='linewidth_20_requires_grad'),
    pytest.param(dict(linewidth=3), lambda: torch.tensor([[1.5, 2.25], [3., 4.]]),
                 'tensor([[1.5000,\n'
                 '         2.2500],\n'
                 '        [3.0000,\n'
                 '         4.0000]])',
                 id='linewidth_narrower_than_indent'),
]


DEFAULT_FLOAT64_CASES = [
    pytest.param(lambda: torch.tensor(np.array([1., 2.], dtype=np.float32)),
                 'tensor([1., 2.], dtype=torch.float32)',
                 id='float32_shows_dtype'),
    pytest.param(lambda: torch.tensor(np.array([1., 2.5])),
                 'tensor([1.0000, 2.5000])',
                 id='float64_hides_dtype'),
    pytest.param(lambda: torch.tensor([1., 2.5]),
                 'tensor([1.0000, 2.5000])',
                 id='python_floats_are_float64'),
    pytest.param(lambda: torch.zeros(0, dtype=torch.float32),
                 'tensor([], dtype=torch.float32)',
                 id='empty_float32_shows_dtype'),
    pytest.param(lambda: torch.zeros(0, 3),
                 'tensor([], size=(0, 3))',
                 id='empty_default_hides_dtype'),
    pytest.param(lambda: torch.tensor([1, 2]),
                 'tensor([1, 2])',
                 id='int64_hides_dtype'),
    pytest.param(lambda: torch.tensor(np.array([0.5], dtype=np.float16)),
                 'tensor([0.5000], dtype=torch.float16)',
                 id='float16_shows_dtype'),
]


@pytest.mark.parametrize("build, expected", CASES)
def test_repr(build, expected):
    t = build()
    assert repr(t) == expected
    assert str(t) == expected


@pytest.mark.parametrize("options, build, expected", OPTION_CASES)
def test_repr_with_print_options(options, build, expected):
    torch.set_printoptions(**options)
    assert repr(build()) == expected


@pytest.mark.parametrize("build, expected", DEFAULT_FLOAT64_CASES)
def test_repr_with_default_dtype_float64(default_float64, build, expected):
    assert repr(build()) == expected


def test_summarises_only_above_threshold():
    assert "..." not in repr(torch.arange(1000))
    assert repr(torch.arange(1001)) == "tensor([   0,    1,    2,  ...,  998,  999, 1000])"


def test_profile_full_never_summarises():
    torch.set_printoptions(profile="full")
    text = repr(torch.arange(1500).reshape(3, 500))
    assert "..." not in text
    assert text.endswith("1498, 1499]])")
    assert text.count("\n") == 3 * 42 - 1  # 500 four-wide numbers make 42 lines of 12 per row


def test_sci_mode_is_reset_by_a_later_call_without_it():
    torch.set_printoptions(sci_mode=True)
    assert repr(torch.tensor([1.5, 2.])) == "tensor([1.5000e+00, 2.0000e+00])"
    torch.set_printoptions(precision=4)
    assert repr(torch.tensor([1.5, 2.])) == "tensor([1.5000, 2.0000])"


def test_unknown_profile_is_ignored():
    torch.set_printoptions(precision=6)
    torch.set_printoptions(profile="bogus", precision=6)
    assert _tensor_str.get_printoptions() == {
        "precision": 6, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}


def test_get_printoptions_reports_profiles():
    assert _tensor_str.get_printoptions() == {
        "precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}
    torch.set_printoptions(profile="short", sci_mode=False)
    assert _tensor_str.get_printoptions() == {
        "precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80, "sci_mode": False}
    torch.set_printoptions(profile="full")
    assert _tensor_str.get_printoptions()["threshold"] == float("inf")


def test_printoptions_context_manager_restores():
    torch.set_printoptions(linewidth=120)
    with _tensor_str.printoptions(precision=2, sci_mode=True):
        assert repr(torch.tensor([1.5])) == "tensor([1.50e+00])"
    assert repr(torch.tensor([1.5])) == "tensor([1.5000])"
    assert _tensor_str.get_printoptions()["linewidth"] == 120


# ---- suffixes that need autograd or a GPU: a stand-in tensor ------------------

class MulBackward0:
    """Stands in for an autograd node; printing reads only the class name."""


class MeanBackward0:
    pass


class MyExpBackward:
    """The node name a custom autograd Function called MyExp gets."""


class StandInTensor:
    """The attributes printing reads, over a real tensor's data, with grad_fn
    and device chosen freely (autograd and CUDA are not needed)."""

    def __init__(self, data, grad_fn=None, requires_grad=False, device="cpu"):
        self._data = data
        self.dtype = data.dtype
        self._shape = data._shape
        self.grad_fn = grad_fn
        self.requires_grad = requires_grad or grad_fn is not None
        self.device = torch.device(device)

    def numel(self):
        return self._data.numel()

    def _host_array(self):
        return self._data._host_array()


STAND_IN_CASES = [
    pytest.param(lambda: StandInTensor(torch.tensor(np.arange(30.) * 1000.5), MulBackward0()),
                 'tensor([    0.0000,  1000.5000,  2001.0000,  3001.5000,  4002.0000,  5002.5000,\n'
                 '         6003.0000,  7003.5000,  8004.0000,  9004.5000, 10005.0000, 11005.5000,\n'
                 '        12006.0000, 13006.5000, 14007.0000, 15007.5000, 16008.0000, 17008.5000,\n'
                 '        18009.0000, 19009.5000, 20010.0000, 21010.5000, 22011.0000, 23011.5000,\n'
                 '        24012.0000, 25012.5000, 26013.0000, 27013.5000, 28014.0000, 29014.5000],\n'
                 '       dtype=torch.float64, grad_fn=<MulBackward0>)',
                 id='grad_fn_after_wrapped_dtype'),
    pytest.param(lambda: StandInTensor(torch.tensor(np.arange(100., dtype=np.float32) * 155), MulBackward0()),
                 'tensor([    0.,   155.,   310.,   465.,   620.,   775.,   930.,  1085.,  1240.,\n'
                 '         1395.,  1550.,  1705.,  1860.,  2015.,  2170.,  2325.,  2480.,  2635.,\n'
                 '         2790.,  2945.,  3100.,  3255.,  3410.,  3565.,  3720.,  3875.,  4030.,\n'
                 '         4185.,  4340.,  4495.,  4650.,  4805.,  4960.,  5115.,  5270.,  5425.,\n'
                 '         5580.,  5735.,  5890.,  6045.,  6200.,  6355.,  6510.,  6665.,  6820.,\n'
                 '         6975.,  7130.,  7285.,  7440.,  7595.,  7750.,  7905.,  8060.,  8215.,\n'
                 '         8370.,  8525.,  8680.,  8835.,  8990.,  9145.,  9300.,  9455.,  9610.,\n'
                 '         9765.,  9920., 10075., 10230., 10385., 10540., 10695., 10850., 11005.,\n'
                 '        11160., 11315., 11470., 11625., 11780., 11935., 12090., 12245., 12400.,\n'
                 '        12555., 12710., 12865., 13020., 13175., 13330., 13485., 13640., 13795.,\n'
                 '        13950., 14105., 14260., 14415., 14570., 14725., 14880., 15035., 15190.,\n'
                 '        15345.], grad_fn=<MulBackward0>)',
                 id='grad_fn_on_wrapped_rows'),
    pytest.param(lambda: StandInTensor(torch.tensor(27.), MeanBackward0()),
                 'tensor(27., grad_fn=<MeanBackward0>)',
                 id='grad_fn_scalar'),
    pytest.param(lambda: StandInTensor(torch.ones(2), MyExpBackward()),
                 'tensor([1., 1.], grad_fn=<MyExpBackward>)',
                 id='grad_fn_custom_function'),
    pytest.param(lambda: StandInTensor(torch.zeros(2, 0, dtype=torch.float64), MulBackward0()),
                 'tensor([], size=(2, 0), dtype=torch.float64, grad_fn=<MulBackward0>)',
                 id='grad_fn_empty'),
    # PyTorch prints the device first: device, then size/dtype, then grad_fn or requires_grad.
    pytest.param(lambda: StandInTensor(torch.tensor(np.array([1, 2], dtype=np.int32)), device="cuda:0"),
                 "tensor([1, 2], device='cuda:0', dtype=torch.int32)",
                 id='device_then_dtype'),
    pytest.param(lambda: StandInTensor(torch.ones(3), requires_grad=True, device="cuda:0"),
                 "tensor([1., 1., 1.], device='cuda:0', requires_grad=True)",
                 id='device_then_requires_grad'),
    pytest.param(lambda: StandInTensor(torch.zeros(0, 3, dtype=torch.int64), device="cuda:0"),
                 "tensor([], device='cuda:0', size=(0, 3), dtype=torch.int64)",
                 id='device_on_empty'),
]


@pytest.mark.parametrize("build, expected", STAND_IN_CASES)
def test_repr_suffixes(build, expected):
    assert _tensor_str.tensor_repr(build()) == expected


# ---- speed ---------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: torch.zeros(10_000_000),
    lambda: torch.zeros(10_000_000).reshape(10, 1_000_000).t(),
    lambda: torch.zeros(1).expand(10_000_000),
], ids=["contiguous", "transposed", "expanded"])
def test_huge_tensors_print_quickly(make):
    t = make()
    start = time.perf_counter()
    text = repr(t)
    assert time.perf_counter() - start < 1.0  # summarising first keeps this at well under 10 ms
    assert "..." in text


# ---- parity with a live PyTorch ------------------------------------------------

_PARITY_DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def _random_array(rng):
    """A random array: any dtype, 0 to 4 dims (empty and summarised sizes
    included), float magnitudes 1e-6..1e10, with nan/inf/-0. sprinkled in."""
    ndim = int(rng.integers(0, 5))
    if ndim == 1:
        shape = (int(rng.integers(0, 2500)),)
    elif rng.random() < 0.15:
        shape = tuple(int(n) for n in rng.integers(1, 40, size=ndim))  # often above the threshold
    else:
        shape = tuple(int(n) for n in rng.integers(0, 7, size=ndim))
    count = int(np.prod(shape))
    dtype = _PARITY_DTYPES[rng.integers(len(_PARITY_DTYPES))]
    if dtype == "bool":
        return (rng.random(count) < 0.5).reshape(shape)
    if dtype.startswith("float"):
        kind = rng.integers(5)
        if kind == 0:
            values = rng.integers(-1000, 1000, count).astype(np.float64)
        elif kind == 1:
            values = rng.standard_normal(count) * 10.0 ** rng.uniform(-6, 10)
        elif kind == 2:
            values = rng.standard_normal(count) * 10.0 ** rng.uniform(-6, 10, count)
        elif kind == 3:
            values = np.round(rng.standard_normal(count) * 100, rng.integers(0, 5))
        else:
            values = rng.integers(-3, 3, count) * 10.0 ** rng.integers(0, 12)
        if count and rng.random() < 0.4:
            spots = rng.integers(0, count, int(rng.integers(1, 5)))
            values[spots] = rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.0], spots.size)
        with np.errstate(over="ignore"):  # float16 overflows to inf, as intended
            return values.astype(dtype).reshape(shape)
    info = np.iinfo(dtype)
    bound = min(info.max, 10 ** int(rng.integers(1, 12)))
    return rng.integers(max(info.min, -bound), bound, count, endpoint=True).astype(dtype).reshape(shape)


def _random_options(rng):
    choices = {"precision": [0, 2, 6], "threshold": [0, 10, 100], "edgeitems": [0, 1, 4],
               "linewidth": [20, 120], "sci_mode": [True, False]}
    return {name: values[rng.integers(len(values))] for name, values in choices.items() if rng.random() < 0.3}


@pytest.mark.parity
@pytest.mark.parametrize("seed", range(20))
def test_parity_with_pytorch(seed):
    real = real_torch()
    rng = np.random.default_rng(seed)
    for _ in range(40):
        array = _random_array(rng)
        options = _random_options(rng) if rng.random() < 0.3 else {}
        default_float64 = rng.random() < 0.2
        transpose = array.ndim >= 2 and rng.random() < 0.3
        requires_grad = array.dtype.kind == "f" and rng.random() < 0.2
        texts = []
        for lib in (real, torch):
            lib.set_printoptions(**options)
            if default_float64:
                lib.set_default_dtype(lib.float64)
            try:
                t = lib.tensor(array)
                if transpose:
                    t = t.transpose(0, 1)
                t.requires_grad_(requires_grad)
                texts.append(repr(t))
            finally:
                lib.set_printoptions(profile="default")
                lib.set_default_dtype(lib.float32)
        assert texts[1] == texts[0], (array.dtype, array.shape, options, default_float64, transpose)

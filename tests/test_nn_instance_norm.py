"""instance_norm / InstanceNorm1d-3d and local_response_norm / LocalResponseNorm:
values against NumPy, float64 gradcheck; parity with PyTorch (values, gradients,
node names, running statistics, reprs, errors and warnings)."""

import numpy as np
import pytest

import tensorlib
import tensorlib.nn as nn
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck
from parity import outcome, real_torch, same_forward_and_backward


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _np_local_response_norm(x, size, alpha, beta, k):
    squares = np.pad(x * x, [(0, 0), (size // 2, (size - 1) // 2)] + [(0, 0)] * (x.ndim - 2))
    window = sum(squares[:, i:i + x.shape[1]] for i in range(size))
    return x / (k + alpha * window / size) ** beta


class TestValues:
    def test_instance_norm(self):
        values = np.random.default_rng(0).standard_normal((2, 3, 5))
        expected = (values - values.mean(-1, keepdims=True)) / np.sqrt(values.var(-1, keepdims=True) + 1e-5)
        x = tensorlib.tensor(values)
        np.testing.assert_allclose(F.instance_norm(x).numpy(), expected, atol=1e-12)
        transposed = tensorlib.tensor(np.ascontiguousarray(values.transpose(2, 1, 0))).permute(2, 1, 0)
        np.testing.assert_allclose(F.instance_norm(transposed).numpy(), expected, atol=1e-12)
        np.testing.assert_allclose(nn.InstanceNorm1d(3)(x[0]).numpy(), expected[0], atol=1e-12)

    def test_local_response_norm(self):
        values = np.random.default_rng(1).standard_normal((2, 5, 3, 2))
        for size in (1, 2, 3, 6):
            out = F.local_response_norm(tensorlib.tensor(values), size, 0.1, 0.75, 2.0)
            np.testing.assert_allclose(out.numpy(), _np_local_response_norm(values, size, 0.1, 0.75, 2.0),
                                       atol=1e-12)
        assert F.local_response_norm(tensorlib.zeros(0, 3, 2), 2).shape == (0, 3, 2)

    def test_gradients(self):
        x = tensorlib.randn(2, 3, 4, dtype=tensorlib.float64, requires_grad=True)
        w = tensorlib.randn(3, dtype=tensorlib.float64, requires_grad=True)
        b = tensorlib.randn(3, dtype=tensorlib.float64, requires_grad=True)
        assert gradcheck(lambda x, w, b: F.instance_norm(x, weight=w, bias=b), (x, w, b))
        assert gradcheck(lambda x: F.local_response_norm(x, 3, 0.1, 0.75, 1.0), (x,))

    def test_errors(self):
        with pytest.raises(ValueError, match="Expected more than 1 spatial element when training"):
            F.instance_norm(tensorlib.randn(1, 3, 1))
        with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
            nn.InstanceNorm1d(3)(tensorlib.randn(2, 3, 4, 5))
        with pytest.raises(ValueError, match="Expected 3D or higher dimensionality"):
            F.local_response_norm(tensorlib.randn(2, 3), 2)


class TestParity:
    pytestmark = pytest.mark.parity

    @pytest.mark.parametrize("cls, dims", [("InstanceNorm1d", (4,)), ("InstanceNorm2d", (4, 3)),
                                           ("InstanceNorm3d", (2, 3, 2))])
    @pytest.mark.parametrize("options", [{}, {"affine": True}, {"track_running_stats": True},
                                         {"affine": True, "track_running_stats": True, "momentum": 0.3},
                                         {"track_running_stats": True, "momentum": None}, {"affine": True,
                                                                                           "bias": False}])
    def test_instance_norm_modules(self, torch, cls, dims, options):
        rng = np.random.default_rng(2)
        theirs, ours = getattr(torch.nn, cls)(3, **options).double(), getattr(nn, cls)(3, **options).double()
        assert repr(ours) == repr(theirs)
        assert list(ours.state_dict()) == list(theirs.state_dict())
        for batch in ((2,), ()):
            same_forward_and_backward(torch, theirs, ours, rng, batch + (3,) + dims)
            for (name, a), (_, b) in zip(theirs.state_dict().items(), ours.state_dict().items()):
                np.testing.assert_allclose(b.numpy(), a.numpy(), atol=1e-12, err_msg=name)
        theirs.eval()
        ours.eval()
        values = rng.standard_normal((2, 3) + dims)
        np.testing.assert_allclose(ours(tensorlib.tensor(values)).detach().numpy(),
                                   theirs(torch.tensor(values)).detach().numpy(), atol=1e-10)

    @pytest.mark.parametrize("shape", [(2, 5, 3), (2, 5, 3, 4), (1, 4, 2, 2, 3)])
    @pytest.mark.parametrize("size", [1, 2, 3, 4])
    def test_local_response_norm(self, torch, shape, size):
        rng = np.random.default_rng(3)
        theirs = torch.nn.LocalResponseNorm(size, 1e-2, 0.6, 1.5)
        ours = nn.LocalResponseNorm(size, 1e-2, 0.6, 1.5)
        assert repr(ours) == repr(theirs)
        same_forward_and_backward(torch, theirs, ours, rng, shape)

    @pytest.mark.parametrize("call", [
        "nn.InstanceNorm1d(3)(torch.randn(2, 3, 4, 5))", "nn.InstanceNorm1d(3)(torch.randn(2, 4, 5))",
        "nn.InstanceNorm1d(3, affine=True)(torch.randn(2, 4, 5))", "F.instance_norm(torch.randn(1, 3, 1))",
        "F.instance_norm(torch.randn(3, 4))", "nn.InstanceNorm1d(3)(torch.randn(3, 1))",
        "F.instance_norm(torch.randn(1, 3, 1), use_input_stats=False)", "F.local_response_norm(torch.randn(2, 3), 2)",
    ])
    def test_errors_and_warnings(self, torch, call):
        def names(lib):
            return {"torch": lib, "nn": lib.nn, "F": lib.nn.functional}
        assert outcome(call, names(tensorlib)) == outcome(call, names(torch))

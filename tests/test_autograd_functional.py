"""torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp against closed forms and
finite differences, their structures, create_graph and strict; parity with PyTorch in the
marked class."""
import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch
from tensorlib.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp


def _cubic(x):
    return (x ** 3).sum()


def _mixed(a, b):
    return (a * b.sin(), a.exp() + b)


def test_jacobian_of_a_map_and_of_tuples():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64).t()  # non-contiguous
    jac = jacobian(lambda t: t ** 2, x)
    assert jac.shape == (2, 2, 2, 2)
    np.testing.assert_allclose(jac.reshape(4, 4).numpy(), np.diag(2 * x.reshape(-1).numpy()))
    a, b = torch.tensor([0.5, 1.0], dtype=torch.float64), torch.tensor([2.0, -1.0], dtype=torch.float64)
    (da, db), (ea, eb) = jacobian(_mixed, (a, b))
    np.testing.assert_allclose(da.numpy(), np.diag(np.sin(b.numpy())))
    np.testing.assert_allclose(db.numpy(), np.diag(a.numpy() * np.cos(b.numpy())))
    np.testing.assert_allclose(ea.numpy(), np.diag(np.exp(a.numpy())))
    np.testing.assert_allclose(eb.numpy(), np.eye(2))
    assert jacobian(lambda t: t.sum(), x).shape == (2, 2)


def test_products_agree_with_the_jacobian_and_hessian():
    x = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    v = torch.tensor([0.3, 0.1, -1.0], dtype=torch.float64)
    f = lambda t: torch.stack([t.prod(), (t * t).sum(), t[0] * t[2]])
    jac = jacobian(f, x).numpy()
    out, product = vjp(f, x, v)
    np.testing.assert_allclose(out.numpy(), f(x).numpy())
    np.testing.assert_allclose(product.numpy(), v.numpy() @ jac)
    np.testing.assert_allclose(jvp(f, x, v)[1].numpy(), jac @ v.numpy())
    hess = hessian(_cubic, x)
    np.testing.assert_allclose(hess.numpy(), np.diag(6 * x.numpy()))
    np.testing.assert_allclose(hvp(_cubic, x, v)[1].numpy(), np.diag(6 * x.numpy()) @ v.numpy())
    value, (left,) = vhp(_cubic, (x,), (v,))
    assert value.item() == pytest.approx(_cubic(x).item())
    np.testing.assert_allclose(left.numpy(), v.numpy() @ np.diag(6 * x.numpy()))
    pair = hessian(lambda a, b: (a * b).sum(), (x, x))
    np.testing.assert_allclose(pair[0][1].numpy(), np.eye(3))
    np.testing.assert_allclose(pair[0][0].numpy(), np.zeros((3, 3)))


def test_create_graph_keeps_results_differentiable():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    _, product = vjp(lambda t: t ** 3, x, torch.ones(2, dtype=torch.float64), create_graph=True)
    assert product.requires_grad
    (second,) = torch.autograd.grad(product.sum(), x)
    np.testing.assert_allclose(second.numpy(), 6 * x.detach().numpy())
    assert not vjp(lambda t: t ** 3, x, torch.ones(2, dtype=torch.float64))[1].requires_grad
    assert torch.autograd.gradcheck(lambda t: jacobian(lambda u: u.sin() * u, t, create_graph=True), (x,))


_ERRORS = [
    ("vjp(lambda x: x ** 2, x)", RuntimeError,
     "The vector v can only be None if the user-provided function returns a single Tensor with a single element."),
    ("jvp(lambda x: x ** 2, x)", RuntimeError,
     "The vector v can only be None if the input to the user-provided function is a single Tensor with a single "
     "element."),
    ("vjp(lambda x: 1, x)", TypeError, "The outputs of the user-provided function given to vjp must be either a "
     "Tensor or a tuple of Tensors but the given outputs of the user-provided function has type <class 'int'>."),
    ("vjp(lambda x: x, (x, 1), x)", TypeError, "The inputs given to vjp must be either a Tensor or a tuple of "
     "Tensors but the value at index 1 has type <class 'int'>."),
    ("vjp(lambda x: x, x, torch.ones(2))", RuntimeError,
     "v has invalid size: should be torch.Size([3]) but got torch.Size([2])."),
    ("vjp(lambda x: torch.ones(3), x, x, strict=True)", RuntimeError,
     "Output 0 of the user-provided function does not require gradients. The outputs must be computed in a "
     "differentiable manner from the input when running in strict mode."),
    ("jacobian(lambda x, y: x * 2, (x, x), strict=True)", RuntimeError,
     "Output 0 of the user-provided function is independent of input 1. This is not allowed in strict mode."),
    ("jacobian(lambda x: x, x, strict=True, vectorize=True)", RuntimeError,
     "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please "
     "either set `strict=False` or `vectorize=False`."),
    ("hvp(lambda x: x, x, x)", RuntimeError, "The Tensor returned by the function given to hvp should contain a "
     "single element"),
    ("hessian(lambda x: (x, x), x)", RuntimeError, "The function given to hessian should return a single Tensor"),
]


@pytest.mark.parametrize("call, error, message", _ERRORS)
def test_errors(call, error, message):
    names = {"torch": torch, "x": torch.tensor([1.0, 2.0, 3.0]), "vjp": vjp, "jvp": jvp, "jacobian": jacobian,
             "hvp": hvp, "hessian": hessian}
    with pytest.raises(error) as caught:
        eval(call, names)
    assert str(caught.value) == message


@pytest.mark.parity
class TestParity:
    @pytest.fixture
    def pt(self):
        return real_torch()

    @pytest.mark.parametrize("name", ["jacobian", "hessian", "vjp", "jvp", "hvp", "vhp"])
    def test_values_match_pytorch(self, pt, name):
        data = np.array([0.5, -1.5, 2.0])
        v = np.array([1.0, 0.5, -2.0])

        def run(module):
            functional = module.autograd.functional
            x = module.tensor(data)
            scalar = lambda t: (t.sin() * t ** 2).sum()
            if name == "jacobian":
                return functional.jacobian(lambda t: t.exp() * t[0], x).numpy()
            if name == "hessian":
                return functional.hessian(scalar, x).numpy()
            if name in ("vjp", "jvp"):
                return getattr(functional, name)(lambda t: t.exp() * t[0], x, module.tensor(v))[1].numpy()
            return getattr(functional, name)(scalar, x, module.tensor(v))[1].numpy()

        np.testing.assert_allclose(run(torch), run(pt), rtol=1e-12, atol=1e-12)

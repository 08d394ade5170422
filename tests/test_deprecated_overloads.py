"""The deprecated argument orders PyTorch still accepts (``p.data.add_(-lr, p.grad)``,
``addcmul(value, t1, t2)``, ``addmm(beta, alpha, mat1, mat2)``...): their values, the
warning PyTorch gives once per process, the errors of calls no form binds, and the compiled
fast paths handing such calls to the generated methods."""
import warnings

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.autograd import gradcheck
from tensorlib.ops import _registry


@pytest.fixture(autouse=True)
def fresh_process_warning(monkeypatch):
    """Each test sees the deprecation warning as a fresh process would: not yet given."""
    monkeypatch.setitem(_registry._deprecation, "warned", False)


def _operands(layout):
    rng = np.random.default_rng(0)
    arrays = {"v": rng.standard_normal(3), "w": rng.standard_normal(3), "m": rng.standard_normal((3, 3)),
              "n": rng.standard_normal((3, 3)), "b": rng.standard_normal((2, 3, 3)),
              "c": rng.standard_normal((2, 3, 3))}
    names = {key: torch.tensor(value) for key, value in arrays.items()}
    if layout == "transposed":
        names.update(m=torch.tensor(arrays["m"].T.copy()).t(), n=torch.tensor(arrays["n"].T.copy()).t(),
                     b=torch.tensor(arrays["b"].transpose(0, 2, 1).copy()).transpose(1, 2))
    elif layout == "sliced":
        names.update(v=torch.tensor(np.repeat(arrays["v"], 2))[::2], m=torch.tensor(np.repeat(arrays["m"], 2, 1))[:, ::2])
    names["torch"] = torch
    return names


# (the call in a deprecated order, the same call in PyTorch's current order)
CASES = [
    ("v.add(-0.5, w)", "v.add(w, alpha=-0.5)"),
    ("v.clone().add_(-0.5, w)", "v.add(w, alpha=-0.5)"),
    ("v.add(2.0, other=w)", "v.add(w, alpha=2.0)"),
    ("v.add(2, 3)", "v.add(3, alpha=2)"),
    ("torch.add(v, 2, w)", "torch.add(v, w, alpha=2)"),
    ("torch.add(v, 2, w, out=torch.empty(3, dtype=torch.float64))", "torch.add(v, w, alpha=2)"),
    ("v.sub(3, w)", "v.sub(w, alpha=3)"),
    ("v.clone().sub_(3, w)", "v.sub(w, alpha=3)"),
    ("torch.sub(v, 3, w)", "torch.sub(v, w, alpha=3)"),
    ("v.addcmul(0.5, w, v)", "v.addcmul(w, v, value=0.5)"),
    ("v.clone().addcmul_(0.5, w, v)", "v.addcmul(w, v, value=0.5)"),
    ("torch.addcmul(v, 0.5, w, v)", "torch.addcmul(v, w, v, value=0.5)"),
    ("v.addcdiv(0.5, w, v)", "v.addcdiv(w, v, value=0.5)"),
    ("v.clone().addcdiv_(0.5, w, v)", "v.addcdiv(w, v, value=0.5)"),
    ("torch.addcdiv(v, 0.5, w, v)", "torch.addcdiv(v, w, v, value=0.5)"),
    ("m.addmm(2, n, m)", "m.addmm(n, m, beta=2)"),
    ("m.addmm(2, 3, n, m)", "m.addmm(n, m, beta=2, alpha=3)"),
    ("m.clone().addmm_(2, 3, n, m)", "m.addmm(n, m, beta=2, alpha=3)"),
    ("torch.addmm(2, m, 3, n, m)", "torch.addmm(m, n, m, beta=2, alpha=3)"),
    ("torch.addmm(2, m, n, m)", "torch.addmm(m, n, m, beta=2)"),
    ("v.addmv(2, 3, m, w)", "v.addmv(m, w, beta=2, alpha=3)"),
    ("torch.addmv(2, v, m, w)", "torch.addmv(v, m, w, beta=2)"),
    ("m.addr(2, 3, v, w)", "m.addr(v, w, beta=2, alpha=3)"),
    ("m.clone().addr_(2, v, w)", "m.addr(v, w, beta=2)"),
    ("b.baddbmm(2, 3, c, b)", "b.baddbmm(c, b, beta=2, alpha=3)"),
    ("torch.baddbmm(2, b, 3, c, b)", "torch.baddbmm(b, c, b, beta=2, alpha=3)"),
    ("m.addbmm(2, b, c)", "m.addbmm(b, c, beta=2)"),
    ("torch.addbmm(2, m, 3, b, c)", "torch.addbmm(m, b, c, beta=2, alpha=3)"),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
@pytest.mark.parametrize("call, current", CASES)
def test_a_deprecated_order_gives_the_current_orders_value(call, current, layout):
    names = _operands(layout)
    with pytest.warns(UserWarning, match="is deprecated"):
        result = eval(call, names)
    np.testing.assert_allclose(result.numpy(), eval(current, names).numpy(), rtol=1e-12, atol=1e-12)


def _only_warning(call, names):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        eval(call, names)
    return [str(w.message) for w in caught]


def test_the_in_place_method_warns_with_pytorchs_text():
    assert _only_warning("v.clone().add_(-0.1, w)", _operands("contiguous")) == [(
        "This overload of add_ is deprecated:\n\tadd_(Number alpha, Tensor other)\n"
        "Consider using one of the following signatures instead:\n\tadd_(Tensor other, *, Number alpha = 1)")]


def test_the_function_warns_with_pytorchs_text_and_out():
    assert _only_warning("torch.addcmul(v, 2, w, v)", _operands("contiguous")) == [(
        "This overload of addcmul is deprecated:\n"
        "\taddcmul(Tensor input, Number value, Tensor tensor1, Tensor tensor2, *, Tensor out = None)\n"
        "Consider using one of the following signatures instead:\n"
        "\taddcmul(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value = 1, Tensor out = None)")]


def test_the_scales_first_method_warns_with_pytorchs_text():
    assert _only_warning("m.addmm(2, 3, n, m)", _operands("contiguous")) == [(
        "This overload of addmm is deprecated:\n\taddmm(Number beta, Number alpha, Tensor mat1, Tensor mat2)\n"
        "Consider using one of the following signatures instead:\n"
        "\taddmm(Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1)")]


def test_the_warning_is_given_once_per_process_whichever_op_is_called():
    names = _operands("contiguous")
    assert len(_only_warning("v.add(2, w)", names)) == 1
    assert _only_warning("v.addcmul(2, w, v)", names) == []
    assert _only_warning("v.add(2, w)", names) == []


def test_the_warning_points_at_the_callers_line():
    with pytest.warns(UserWarning) as caught:
        torch.ones(2).add_(-0.1, torch.ones(2))
    assert caught[0].filename == __file__


def test_the_current_order_does_not_warn():
    names = _operands("contiguous")
    assert _only_warning("v.clone().add_(w, alpha=2)", names) == []
    assert _only_warning("torch.addmm(m, n, m, beta=2)", names) == []


def test_the_fast_in_place_path_takes_the_deprecated_order():
    # the learning-rate step of old tutorials, on a contiguous float32 parameter
    p = torch.ones(4)
    grad = torch.full((4,), 2.0)
    with pytest.warns(UserWarning, match="add_"):
        result = p.add_(-0.5, grad)
    assert result is p
    np.testing.assert_array_equal(p.numpy(), np.zeros(4, np.float32))


def test_a_deprecated_order_records_the_current_orders_node():
    x = torch.ones(3, requires_grad=True)
    y = torch.ones(3, requires_grad=True)
    with pytest.warns(UserWarning):
        result = x.add(2, y)
    assert result.grad_fn.name() == "AddBackward0"
    result.sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), np.full(3, 2.0, np.float32))


def test_gradients_of_a_deprecated_order():
    rng = np.random.default_rng(1)
    m, n, k = (torch.tensor(rng.standard_normal((3, 3)), requires_grad=True) for _ in range(3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert gradcheck(lambda a, b, c: torch.addmm(0.5, a, 2.0, b, c), (m, n, k))
        assert gradcheck(lambda a, b, c: a.addcdiv(0.5, b, c + 5.0), (m, n, k))


ERRORS = [
    # no form binds: the current form's error, as PyTorch raises it
    ("v.add(2, 'a')", "add() takes 1 positional argument but 2 were given"),
    ("v.add_(2, 'a')", "add_() takes 1 positional argument but 2 were given"),
    ("v.add('a')", "add(): argument 'other' (position 1) must be Tensor, not str"),
    ("v.add_('a')", "add_(): argument 'other' (position 1) must be Tensor, not str"),
    ("torch.add(v, 2, w, alpha=2)", "add() takes 2 positional arguments but 3 were given"),
    ("torch.addcmul(v, 2, w, v, value=3)", "addcmul() takes 3 positional arguments but 4 were given"),
    ("v.addcmul('a', w)", "addcmul(): argument 'tensor1' (position 1) must be Tensor, not str"),
    ("torch.addmv(v, 'a', w)", "addmv(): argument 'mat' (position 2) must be Tensor, not str"),
    # the compiled fast paths hand wrong argument counts to the generated methods
    ("v.mul_(v, v)", "mul_() takes 1 positional argument but 2 were given"),
    ("m.mm()", 'mm() missing 1 required positional arguments: "mat2"'),
    ("m.mm(m, m)", "mm() takes 1 positional argument but 2 were given"),
    # methods that take no arguments, compiled or generated
    ("v.exp(1)", "TensorBase.exp() takes no arguments (1 given)"),
    ("v.exp(a=1)", "TensorBase.exp() takes no keyword arguments"),
    ("v.exp_(1, 2)", "TensorBase.exp_() takes no arguments (2 given)"),
    ("v.long().neg(1)", "TensorBase.neg() takes no arguments (1 given)"),
    ("torch.exp(v, 1)", "exp() takes 1 positional argument but 2 were given"),
]


@pytest.mark.parametrize("call, message", ERRORS)
def test_calls_no_form_binds_raise_pytorchs_errors(call, message):
    names = _operands("contiguous")
    before = names["v"].numpy().copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")     # a refused call warns about nothing
        with pytest.raises(TypeError) as raised:
            eval(call, names)
    assert str(raised.value) == message
    np.testing.assert_array_equal(names["v"].numpy(), before)


@pytest.mark.parametrize("call", ["v.add_()", "v.add_(1, 2, 3)", "v.div_(v, v, v)", "m.matmul()", "m.mm(m, m, m)"])
def test_the_fast_paths_leave_wrong_argument_counts_to_the_generated_methods(call):
    names = _operands("contiguous")
    with pytest.raises(TypeError, match=r"^[a-z_]+\(\) (takes|missing)"):
        eval(call, names)


@pytest.mark.parametrize("call", ["v.subtract(2, w)", "v.subtract_(2, w)", "torch.subtract(v, 2, w)"])
def test_aliases_have_no_deprecated_orders(call):
    # PyTorch's subtract refuses sub's old order
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match=r"^subtract_?\(\)"):
            eval(call, _operands("contiguous"))


def test_the_fast_paths_keep_their_keyword_forms():
    m = torch.eye(2)
    np.testing.assert_array_equal(m.matmul(other=m).numpy(), np.eye(2))
    v = torch.ones(2)
    v.add_(other=torch.ones(2), alpha=2)
    np.testing.assert_array_equal(v.numpy(), [3.0, 3.0])


class TestParity:
    pytestmark = pytest.mark.parity

    @pytest.fixture
    def real(self):
        from parity import real_torch
        return real_torch()

    @pytest.mark.parametrize("call", [call for call, _ in CASES])
    def test_values_match_pytorch(self, real, call):
        names = _operands("contiguous")
        theirs = {key: real.tensor(value.numpy()) if isinstance(value, torch.Tensor) else value
                  for key, value in names.items()}
        theirs["torch"] = real
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = eval(call, theirs)
            result = eval(call, names)
        np.testing.assert_allclose(result.numpy(), expected.numpy(), rtol=1e-12, atol=1e-12)
        assert result.dtype == getattr(torch, str(expected.dtype).split(".")[1])

    @pytest.mark.parametrize("call, message", ERRORS)
    def test_errors_match_pytorch(self, real, call, message):
        names = {"v": real.ones(3), "w": real.ones(3), "m": real.ones(3, 3), "torch": real}
        with pytest.raises(TypeError) as raised:
            eval(call, names)
        assert str(raised.value) == message

    def test_the_warning_matches_pytorchs_first_warning(self, real):
        # PyTorch warns once per process: its text is read in a fresh interpreter
        import subprocess
        import sys
        script = ("import warnings, torch\nwarnings.simplefilter('always')\nm = torch.ones(2, 2)\nv = torch.ones(2)\n"
                  "with warnings.catch_warnings(record=True) as caught:\n"
                  "    warnings.simplefilter('always')\n    torch.addr(2, m, 3, v, v)\n"
                  "print(str(caught[0].message).split(' (Triggered internally')[0], end='')")
        expected = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        names = {"torch": torch, "m": torch.ones(2, 2), "v": torch.ones(2)}
        assert _only_warning("torch.addr(2, m, 3, v, v)", names) == [expected]

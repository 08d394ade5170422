"""The math ops record themselves under PyTorch's node names (the autograd hooks
``_record_result`` / ``_record_inplace`` receive them); checked through
``grad_fn`` once the autograd package implements the hooks."""
import pytest

import tensorlib as torch


def _leaf(*shape):
    return torch.ones(*shape, requires_grad=True)


CASES = [
    ("A + A", "AddBackward0"), ("A + 2", "AddBackward0"), ("A - 1", "SubBackward0"), ("1 - A", "RsubBackward1"),
    ("A * A", "MulBackward0"), ("A * 2", "MulBackward0"), ("2 / A", "MulBackward0"), ("A / 2", "DivBackward0"),
    ("A ** 2", "PowBackward0"), ("A ** 0.5", "PowBackward0"), ("A ** A", "PowBackward1"), ("2 ** A", "PowBackward2"),
    ("-A", "NegBackward0"), ("A.exp()", "ExpBackward0"), ("A.log()", "LogBackward0"), ("A.sum()", "SumBackward0"),
    ("A.sum(0)", "SumBackward1"), ("A.sum(())", "SumBackward1"), ("A.mean()", "MeanBackward0"),
    ("A.mean(1)", "MeanBackward1"), ("A.max()", "MaxBackward1"), ("A.max(1).values", "MaxBackward0"),
    ("A.min()", "MinBackward1"), ("A.min(0).values", "MinBackward0"), ("A @ B", "MmBackward0"),
    ("A @ v3", "MvBackward0"), ("v3 @ v3", "DotBackward0"), ("v2 @ A", "SqueezeBackward4"),
    ("b3 @ B", "UnsafeViewBackward0"), ("torch.bmm(b3, b3.transpose(1, 2))", "BmmBackward0"),
    ("torch.cat([A, A])", "CatBackward0"), ("torch.stack([A, A])", "StackBackward0"), ("A.relu()", "ReluBackward0"),
    ("A.clamp(0, 1)", "ClampBackward1"), ("A.clamp(torch.zeros(3))", "ClampBackward0"),
    ("A.clamp_min(0)", "ClampMinBackward0"), ("A.sigmoid()", "SigmoidBackward0"), ("A.tanh()", "TanhBackward0"),
    ("A.std()", "StdBackward0"), ("A.var(0)", "VarBackward0"), ("A.norm()", "LinalgVectorNormBackward0"),
    ("A.prod()", "ProdBackward0"), ("A.prod(1)", "ProdBackward1"), ("A.cumsum(0)", "CumsumBackward0"),
    ("A.logsumexp(1)", "LogsumexpBackward0"), ("A.amax(1)", "AmaxBackward0"), ("A.sort().values", "SortBackward0"),
    ("A.topk(1).values", "TopkBackward0"), ("A.flip(0)", "FlipBackward0"), ("A.roll(1)", "RollBackward0"),
    ("A.repeat(2, 1)", "RepeatBackward0"), ("A.tril()", "TrilBackward0"), ("A.square()", "PowBackward0"),
    ("A.abs()", "AbsBackward0"), ("A.sqrt()", "SqrtBackward0"), ("A.rsqrt()", "RsqrtBackward0"),
    ("A.erf()", "ErfBackward0"), ("A.round(decimals=2)", "RoundBackward1"), ("torch.maximum(A, A)", "MaximumBackward0"),
    ("torch.atan2(A, A)", "Atan2Backward0"), ("A.lerp(torch.zeros(3), 0.5)", "LerpBackward0"),
    ("torch.addmm(torch.ones(2, 2), A, B)", "AddmmBackward0"), ("torch.outer(v2, v3)", "MulBackward0"),
    ("torch.diag(v3)", "DiagEmbedBackward0"), ("A.clone().add_(1)", "AddBackward0"),
    ("A.clone().mul_(A)", "MulBackward0"), ("A.clone().exp_()", "ExpBackward0"), ("A.clone().clamp_(0, 1)",
                                                                                  "ClampBackward1"),
    ("A.clone().fill_(1)", "FillBackward2"), ("A.clone().zero_()", "ZeroBackward0"),
]


@pytest.mark.parametrize("expr, name", CASES)
def test_grad_fn_names(expr, name):
    env = {"torch": torch, "A": _leaf(2, 3), "B": _leaf(3, 2), "v3": _leaf(3), "v2": _leaf(2), "b3": _leaf(5, 2, 3)}
    result = eval(expr, env)
    assert type(result.grad_fn).__name__ == name


def test_int_results_do_not_require_grad():
    a = _leaf(3)
    assert not (a > 0).requires_grad
    assert not a.argmax().requires_grad
    assert not a.max(0).indices.requires_grad

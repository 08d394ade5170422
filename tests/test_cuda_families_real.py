"""Today's families on a real GPU through CuPy: each case runs the same program on
the CPU and on CUDA and compares values and gradients.  Skipped unless CuPy is
installed and sees a CUDA device (and the NumPy stand-in is off)."""
import numpy as np
import pytest

import tensorlib as torch
import tensorlib.nn as nn
import tensorlib.nn.functional as F
from tensorlib.backends import cuda as cuda_backend

pytestmark = pytest.mark.skipif(
    cuda_backend.stand_in_active() or not torch.cuda.is_available(), reason="needs CuPy and a CUDA GPU")


def _inputs(device, *shapes):
    rng = np.random.default_rng(0)
    return [torch.tensor(rng.standard_normal(s), dtype=torch.float64, device=device, requires_grad=True)
            for s in shapes]


def _linalg(device):
    a, b = _inputs(device, (4, 4), (4, 2))
    spd = a @ a.mT + torch.eye(4, dtype=torch.float64, device=device)
    outs = [torch.linalg.inv(spd), torch.linalg.det(spd).reshape(1), torch.linalg.solve(spd, b),
            torch.linalg.cholesky(spd), torch.linalg.eigh(spd)[0], torch.linalg.svdvals(a),
            torch.linalg.qr(a)[1].abs(), torch.linalg.lstsq(a, b).solution, torch.linalg.pinv(a),
            torch.einsum("ij,jk->ik", a, b), torch.linalg.matrix_norm(a, "nuc").reshape(1)]
    return outs, (a, b)


def _layers(device):
    torch.manual_seed(0)
    x, seq, img = _inputs(device, (2, 5, 8), (2, 3, 9), (1, 2, 6, 6))
    lstm = nn.LSTM(8, 6, num_layers=2, batch_first=True).double()
    gru = nn.GRU(8, 4, bidirectional=True).double()
    attn = nn.MultiheadAttention(8, 2, batch_first=True).double()
    conv1 = nn.Conv1d(3, 4, 3, padding="same").double()
    deconv = nn.ConvTranspose2d(2, 3, 3, stride=2).double()
    norm = nn.GroupNorm(1, 2).double()
    rng = np.random.default_rng(1)
    with torch.no_grad():
        for module in (lstm, gru, attn, conv1, deconv, norm):
            for p in module.parameters():
                p.copy_(torch.tensor(rng.standard_normal(tuple(p.shape)) * 0.3))
            module.to(device)
    q = x.view(2, 5, 2, 4).transpose(1, 2)
    outs = [lstm(x)[0], gru(x)[0], attn(x, x, x, need_weights=False)[0],
            F.scaled_dot_product_attention(q, q, q, is_causal=True), F.layer_norm(x, (8,)), F.rms_norm(x, (8,)),
            conv1(seq), F.avg_pool1d(seq, 2), F.adaptive_avg_pool2d(img, 4), deconv(img), norm(img),
            F.interpolate(img, scale_factor=2, mode="bilinear"), F.pad(img, (1, 1, 2, 0), mode="reflect"),
            torch.softmax(x, -1)]
    return outs, (x, seq, img) + tuple(p for m in (lstm, attn, conv1) for p in m.parameters())


@pytest.mark.parametrize("program", [_linalg, _layers])
def test_the_gpu_computes_what_the_cpu_computes(program):
    results = {}
    for device in ("cpu", "cuda"):
        outs, leaves = program(device)
        assert all(o.device.type == device for o in outs)
        sum(o.sum() for o in outs).backward()
        results[device] = ([o.detach().cpu().numpy() for o in outs], [t.grad.cpu().numpy() for t in leaves])
    for mine, reference in zip(results["cuda"][0] + results["cuda"][1], results["cpu"][0] + results["cpu"][1]):
        np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=1e-9)


def test_sampling_and_optimisers_run_on_the_gpu():
    g = torch.Generator(device="cuda").manual_seed(0) if hasattr(torch.Generator, "device") else None
    probs = torch.tensor([[0.1, 0.9], [0.5, 0.5]], device="cuda")
    draw = torch.multinomial(probs, 4, replacement=True, generator=g)
    assert draw.device.type == "cuda" and draw.dtype is torch.int64 and tuple(draw.shape) == (2, 4)
    n = torch.normal(torch.zeros(3, device="cuda"), 1.0)
    assert n.device.type == "cuda"
    w = torch.zeros(3, device="cuda", requires_grad=True)
    for opt in (torch.optim.RMSprop([w], lr=0.1), torch.optim.NAdam([w]), torch.optim.Adagrad([w])):
        w.grad = torch.ones(3, device="cuda")
        opt.step()
    assert w.device.type == "cuda" and bool((w < 0).all())


def test_bfloat16_is_refused_on_the_gpu_with_a_clear_error():
    with pytest.raises(TypeError, match="bfloat16"):
        torch.ones(2, dtype=torch.bfloat16, device="cuda")

"""Whole training steps of the small models learners train -- a GPT (also with minGPT's
written-out masked attention), a nanoGPT-like GPT, a character MLP, a bigram model, a CNN on
8x8 digits, a character LSTM -- in tensorlib and in PyTorch, side by side, with 1 and 2 threads.

    .venv/bin/python bench/bench_models.py [--repeat N] [--steps N] [--models TEXT]

Each (library, model, threads) cell runs in a child process of its own (one library loaded,
as a user runs it): the model is built from one seed, trained for a few warm-up steps on
synthetic batches, then timed over ``--steps`` steps, ``--repeat`` times; the cell is the
median time per step in milliseconds.  ``peak MiB`` is how far the process's peak resident
memory rose above what it held once the model and its first step existed, so the libraries'
import sizes do not count.  ratio = tensorlib / PyTorch (below 1: tensorlib is faster).
PyTorch's columns appear when ``import torch`` works in the running interpreter."""
import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def gpt(torch, batch=8, context=32, width=64, heads=2, layers=2, vocab=65, masked=False):
    """The GPT; ``masked``: attention written out as minGPT writes it (scores, masked_fill with a
    causal buffer, softmax, product) instead of scaled_dot_product_attention."""
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
            self.qkv, self.proj = nn.Linear(width, 3 * width), nn.Linear(width, width)
            self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))
            self.register_buffer("mask", torch.tril(torch.ones(context, context)).view(1, 1, context, context))

        def forward(self, x):
            b, t, c = x.shape
            q, k, v = (z.view(b, t, heads, c // heads).transpose(1, 2)
                       for z in self.qkv(self.norm1(x)).split(width, dim=2))
            if masked:
                att = (q @ k.transpose(-2, -1)) * (1.0 / (k.size(-1) ** 0.5))
                att = att.masked_fill(self.mask[:, :, :t, :t] == 0, float("-inf"))
                y = F.softmax(att, dim=-1) @ v
            else:
                y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.proj(y.transpose(1, 2).contiguous().view(b, t, c))
            return x + self.mlp(self.norm2(x))

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.tokens, self.positions = nn.Embedding(vocab, width), nn.Embedding(context, width)
            self.blocks = nn.Sequential(*[Block() for _ in range(layers)])
            self.norm, self.head = nn.LayerNorm(width), nn.Linear(width, vocab, bias=False)

        def forward(self, idx):
            x = self.tokens(idx) + self.positions(torch.arange(idx.shape[1]))
            return self.head(self.norm(self.blocks(x)))

    model = GPT()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def batch_of(generator):
        idx = torch.randint(0, vocab, (batch, context + 1), generator=generator)
        return idx[:, :-1], idx[:, 1:]

    def loss_of(x, y):
        return F.cross_entropy(model(x).view(-1, vocab), y.reshape(-1))
    return optimizer, batch_of, loss_of


def nanogpt(torch, batch=4, context=64, width=96, heads=4, layers=3, vocab=65):
    """A nanoGPT-like model: LayerNorm with bias, tied token embedding and head, a GELU MLP,
    AdamW with two parameter groups (weight decay on matrices, none on biases and norms)."""
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1, self.ln_2 = nn.LayerNorm(width, bias=True), nn.LayerNorm(width, bias=True)
            self.c_attn, self.c_proj = nn.Linear(width, 3 * width), nn.Linear(width, width)
            self.c_fc, self.mlp_proj = nn.Linear(width, 4 * width), nn.Linear(4 * width, width)
            self.gelu = nn.GELU()

        def forward(self, x):
            b, t, c = x.shape
            q, k, v = self.c_attn(self.ln_1(x)).split(width, dim=2)
            q, k, v = (z.view(b, t, heads, c // heads).transpose(1, 2) for z in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=True)
            x = x + self.c_proj(y.transpose(1, 2).contiguous().view(b, t, c))
            return x + self.mlp_proj(self.gelu(self.c_fc(self.ln_2(x))))

    class NanoGPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte, self.wpe = nn.Embedding(vocab, width), nn.Embedding(context, width)
            self.h = nn.ModuleList([Block() for _ in range(layers)])
            self.ln_f = nn.LayerNorm(width, bias=True)
            self.lm_head = nn.Linear(width, vocab, bias=False)
            self.wte.weight = self.lm_head.weight

        def forward(self, idx):
            x = self.wte(idx) + self.wpe(torch.arange(0, idx.size(1), dtype=torch.long))
            for block in self.h:
                x = block(x)
            return self.lm_head(self.ln_f(x))

    model = NanoGPT()
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    optimizer = torch.optim.AdamW(groups, lr=6e-4, betas=(0.9, 0.95))

    def batch_of(generator):
        idx = torch.randint(0, vocab, (batch, context + 1), generator=generator)
        return idx[:, :-1], idx[:, 1:]

    def loss_of(x, y):
        logits = model(x)
        return F.cross_entropy(logits.view(-1, logits.size(-1)), y.reshape(-1), ignore_index=-1)
    return optimizer, batch_of, loss_of


def char_mlp(torch, batch=32, context=3, embedding=10, hidden=200, vocab=27):
    nn, F = torch.nn, torch.nn.functional
    model = nn.Sequential(nn.Embedding(vocab, embedding), nn.Flatten(), nn.Linear(context * embedding, hidden),
                          nn.Tanh(), nn.Linear(hidden, vocab))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def batch_of(generator):
        return (torch.randint(0, vocab, (batch, context), generator=generator),
                torch.randint(0, vocab, (batch,), generator=generator))
    return optimizer, batch_of, lambda x, y: F.cross_entropy(model(x), y)


def bigram(torch, batch=256, vocab=27):
    nn, F = torch.nn, torch.nn.functional
    model = nn.Embedding(vocab, vocab)
    optimizer = torch.optim.SGD(model.parameters(), lr=10.0)

    def batch_of(generator):
        return (torch.randint(0, vocab, (batch,), generator=generator),
                torch.randint(0, vocab, (batch,), generator=generator))
    return optimizer, batch_of, lambda x, y: F.cross_entropy(model(x), y)


def cnn(torch, batch=64):
    nn, F = torch.nn, torch.nn.functional
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(32 * 2 * 2, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def batch_of(generator):
        return (torch.rand(batch, 1, 8, 8, generator=generator),
                torch.randint(0, 10, (batch,), generator=generator))
    return optimizer, batch_of, lambda x, y: F.cross_entropy(model(x), y)


def lstm(torch, batch=16, context=32, width=64, vocab=65):
    nn, F = torch.nn, torch.nn.functional

    class CharLSTM(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocab, width)
            self.lstm = nn.LSTM(width, width, num_layers=2, batch_first=True)
            self.head = nn.Linear(width, vocab)

        def forward(self, x):
            return self.head(self.lstm(self.embed(x))[0])

    model = CharLSTM()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

    def batch_of(generator):
        idx = torch.randint(0, vocab, (batch, context + 1), generator=generator)
        return idx[:, :-1], idx[:, 1:]
    return optimizer, batch_of, lambda x, y: F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))


MODELS = {"GPT 2x64, ctx 32, b8, AdamW": gpt,
          "GPT masked attention (minGPT)": lambda torch: gpt(torch, masked=True),
          "nanoGPT 3x96, ctx 64, b4": nanogpt, "char MLP (embedding, tanh)": char_mlp,
          "bigram (embedding + CE)": bigram, "CNN 8x8 digits (conv, BN, pool)": cnn,
          "char LSTM 2x64, ctx 32, b16": lstm}


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_cell(library, name, threads, steps, repeat):
    """Runs in the child: ``name``'s training step in ``library`` on ``threads`` threads."""
    if library == "tensorlib":
        sys.path.insert(0, ROOT)
    torch = __import__(library)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    optimizer, batch_of, loss_of = MODELS[name](torch)
    generator = torch.Generator().manual_seed(1)
    batches = [batch_of(generator) for _ in range(8)]

    def step(i):
        x, y = batches[i % len(batches)]
        loss = loss_of(x, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    step(0)
    held = _peak_mib()
    for i in range(3):
        step(i)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for i in range(steps):
            step(i)
        times.append((time.perf_counter() - start) / steps * 1e3)
    return {"ms": statistics.median(times), "peak": _peak_mib() - held}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed repeats per cell (the median is kept)")
    parser.add_argument("--steps", type=int, default=20, help="training steps per repeat")
    parser.add_argument("--models", default="", help="only models whose name contains this")
    parser.add_argument("--rounds", type=int, default=1,
                        help="child processes per cell, the libraries taking turns (the median is kept)")
    parser.add_argument("--cell", nargs=3, help=argparse.SUPPRESS)  # library, model, threads: a child's cell
    args = parser.parse_args()
    if args.cell:
        library, name, threads = args.cell
        print(json.dumps(time_cell(library, name, int(threads), args.steps, args.repeat)))
        return
    libraries = ["tensorlib"] + (["torch"] if importlib.util.find_spec("torch") else [])
    header = f"{'model':33} {'thr':>3}" + "".join(f" {lib + ' ms':>13} {'peak MiB':>8}" for lib in libraries)
    print(f"median ms per training step over {args.repeat} x {args.steps} steps (median of {args.rounds} "
          "processes a cell); peak MiB: resident memory above that held after the first step")
    print(header + ("  ratio" if len(libraries) > 1 else ""))
    print("-" * (len(header) + 7))
    for name in (n for n in MODELS if args.models in n):
        for threads in (1, 2):
            runs = {library: [] for library in libraries}
            for _ in range(args.rounds):
                for library in libraries:
                    done = subprocess.run([sys.executable, __file__, "--cell", library, name, str(threads),
                                           "--steps", str(args.steps), "--repeat", str(args.repeat)],
                                          capture_output=True, text=True, check=True,
                                          env={**os.environ, "OMP_NUM_THREADS": str(threads)})
                    runs[library].append(json.loads(done.stdout.strip().splitlines()[-1]))
            cells = [{"ms": statistics.median(r["ms"] for r in runs[library]),
                      "peak": max(r["peak"] for r in runs[library])} for library in libraries]
            row = f"{name:33} {threads:>3}" + "".join(f" {c['ms']:13.3f} {c['peak']:8.1f}" for c in cells)
            if len(cells) > 1:
                row += f"  {cells[0]['ms'] / cells[1]['ms']:5.2f}"
            print(row, flush=True)


if __name__ == "__main__":
    main()

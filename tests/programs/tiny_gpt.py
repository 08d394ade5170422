"""A character-level GPT in the style learners meet in GPT tutorials, written as
a plain PyTorch program: pre-norm blocks, causal attention through
scaled_dot_product_attention, a GELU MLP, tied embeddings, AdamW with weight
decay on the matrices only, gradient clipping, a warm-up then cosine learning
rate, and sampling at the end.  Weights and batches come from NumPy so that two
libraries can start from the same numbers."""
import math
import sys
from contextlib import nullcontext

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
VOCAB, CONTEXT, WIDTH, HEADS, LAYERS, BATCH = 17, 16, 32, 4, 2, 4


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.proj = nn.Linear(WIDTH, WIDTH)

    def forward(self, x):
        b, t, c = x.size()
        q, k, v = self.qkv(x).split(WIDTH, dim=2)
        q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, is_causal=True)
        return self.proj(y.transpose(1, 2).contiguous().view(b, t, c))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(WIDTH)
        self.attention = SelfAttention()
        self.norm2 = nn.LayerNorm(WIDTH)
        self.mlp = nn.Sequential(nn.Linear(WIDTH, 4 * WIDTH), nn.GELU(approximate="tanh"),
                                 nn.Linear(4 * WIDTH, WIDTH), nn.Dropout(0.0))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, WIDTH)
        self.positions = nn.Embedding(CONTEXT, WIDTH)
        self.blocks = nn.ModuleList([Block() for _ in range(LAYERS)])
        self.norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, VOCAB, bias=False)
        self.tokens.weight = self.head.weight

    def forward(self, idx, targets=None):
        t = idx.size(1)
        x = self.tokens(idx) + self.positions(torch.arange(0, t, dtype=torch.long, device=idx.device))
        for block in self.blocks:
            x = block(x)
        logits = self.head(self.norm(x))
        if targets is None:
            return logits, None
        return logits, F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)

    @torch.no_grad()
    def generate(self, idx, new_tokens, temperature=1.0, top_k=None):
        for _ in range(new_tokens):
            logits, _ = self(idx[:, -CONTEXT:])
            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float("Inf")
            probs = F.softmax(logits, dim=-1)
            idx = torch.cat((idx, torch.multinomial(probs, num_samples=1)), dim=1)
        return idx


def main():
    torch.manual_seed(1337)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    device = "cuda" if torch.cuda.is_available() and "--cuda" in sys.argv else "cpu"
    rng = np.random.default_rng(0)
    model = GPT()
    with torch.no_grad():
        for name, p in model.named_parameters():
            start = 1.0 if "norm" in name and name.endswith("weight") else 0.0
            p.copy_(torch.from_numpy((start + 0.05 * rng.standard_normal(tuple(p.shape))).astype(np.float32)))
    model.to(device)
    print(f"parameters: {sum(p.numel() for p in model.parameters())}")
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=3e-3, betas=(0.9, 0.95))
    dtype = torch.bfloat16 if device == "cuda" and torch.cuda.is_bf16_supported() else torch.float16
    scaler = torch.cuda.amp.GradScaler(enabled=device == "cuda" and dtype == torch.float16)
    context = nullcontext() if device == "cpu" else torch.amp.autocast(device_type=device, dtype=dtype)
    text = (np.arange(2000) * 3 + rng.integers(0, 2, size=2000)) % VOCAB
    model = torch.compile(model) if "--compile" in sys.argv else model
    for step in range(STEPS):
        lr = 3e-3 * min(1.0, (step + 1) / 5) * 0.5 * (1 + math.cos(math.pi * step / STEPS))
        for group in optimizer.param_groups:
            group["lr"] = lr
        starts = rng.integers(0, len(text) - CONTEXT - 1, size=BATCH)
        x = torch.from_numpy(np.stack([text[s:s + CONTEXT] for s in starts])).to(device)
        y = torch.from_numpy(np.stack([text[s + 1:s + CONTEXT + 1] for s in starts])).to(device)
        with context:
            _, loss = model(x, y)
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
        optimizer.zero_grad(set_to_none=True)
        print(f"step {step} loss {loss.item():.8f} norm {norm.item():.8f}")
    model.eval()
    sample = model.generate(torch.zeros((1, 1), dtype=torch.long, device=device), 20, top_k=5)
    print("sample shape", tuple(sample.shape))


if __name__ == "__main__":
    main()

"""A character LSTM trained on batches from a DataLoader, as RNN tutorials
write it: embedding, a two-layer batch-first LSTM, a linear head, Adam, gradient
clipping and a step learning-rate schedule, then greedy generation carrying the
hidden state.  Weights and data come from NumPy so that two libraries can start
from the same numbers."""
import sys

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
VOCAB, SEQ, EMBED, HIDDEN = 12, 10, 8, 16


class CharModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, EMBED)
        self.lstm = nn.LSTM(EMBED, HIDDEN, num_layers=2, batch_first=True)
        self.head = nn.Linear(HIDDEN, VOCAB)

    def forward(self, x, state=None):
        out, state = self.lstm(self.embed(x), state)
        return self.head(out), state


def main():
    rng = np.random.default_rng(2)
    model = CharModel()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.from_numpy((0.2 * rng.standard_normal(tuple(p.shape))).astype(np.float32)))
    pattern = np.tile(np.arange(VOCAB), 40) + rng.integers(0, 2, size=40 * VOCAB)
    pattern %= VOCAB
    windows = np.stack([pattern[i:i + SEQ + 1] for i in range(0, len(pattern) - SEQ - 1, 3)])
    data = TensorDataset(torch.from_numpy(windows[:, :-1]), torch.from_numpy(windows[:, 1:]))
    loader = DataLoader(data, batch_size=16, shuffle=False)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(EPOCHS):
        for step, (x, y) in enumerate(loader):
            logits, _ = model(x)
            loss = criterion(logits.reshape(-1, VOCAB), y.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            optimizer.step()
            if step % 5 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.8f}")
        scheduler.step()
    model.eval()
    with torch.no_grad():
        idx, state, out = torch.tensor([[0]]), None, []
        for _ in range(12):
            logits, state = model(idx, state)
            idx = logits[:, -1].argmax(-1, keepdim=True)
            out.append(idx.item())
        print("generated", out)


if __name__ == "__main__":
    main()

"""A character-level MLP language model as the makemore lectures build it: an
embedding table indexed directly, a tanh hidden layer with batch norm written by
hand, cross-entropy, and plain gradient descent on p.data.  Weights and batches
come from NumPy so that two libraries can start from the same numbers."""
import sys

import numpy as np
import torch
import torch.nn.functional as F

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
VOCAB, BLOCK, EMBED, HIDDEN, BATCH = 27, 3, 10, 64, 32


def main():
    rng = np.random.default_rng(1)
    words = rng.integers(1, VOCAB, size=(400, BLOCK + 1))
    X = torch.tensor(words[:, :BLOCK])
    Y = torch.tensor(words[:, BLOCK])

    def weights(*shape, scale):
        return torch.tensor((scale * rng.standard_normal(shape)).astype(np.float32))

    C = weights(VOCAB, EMBED, scale=1.0)
    W1 = weights(BLOCK * EMBED, HIDDEN, scale=(5 / 3) / (BLOCK * EMBED) ** 0.5)
    W2 = weights(HIDDEN, VOCAB, scale=0.01)
    b2 = torch.zeros(VOCAB)
    gain, shift = torch.ones((1, HIDDEN)), torch.zeros((1, HIDDEN))
    running_mean, running_std = torch.zeros((1, HIDDEN)), torch.ones((1, HIDDEN))
    parameters = [C, W1, W2, b2, gain, shift]
    for p in parameters:
        p.requires_grad = True
    print("parameters:", sum(p.nelement() for p in parameters))
    for step in range(STEPS):
        ix = torch.from_numpy(rng.integers(0, X.shape[0], size=BATCH))
        emb = C[X[ix]]
        h_pre = emb.view(emb.shape[0], -1) @ W1
        mean, std = h_pre.mean(0, keepdim=True), h_pre.std(0, keepdim=True)
        h = torch.tanh(gain * (h_pre - mean) / std + shift)
        with torch.no_grad():
            running_mean = 0.999 * running_mean + 0.001 * mean
            running_std = 0.999 * running_std + 0.001 * std
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Y[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if step < STEPS // 2 else 0.01
        for p in parameters:
            p.data += -lr * p.grad
        print(f"step {step} loss {loss.item():.8f}")
    with torch.no_grad():
        h = torch.tanh(gain * ((C[X].view(X.shape[0], -1) @ W1) - running_mean) / running_std + shift)
        print(f"eval loss {F.cross_entropy(h @ W2 + b2, Y).item():.8f}")
        probs = F.softmax(h[:1] @ W2 + b2, dim=1)
        g = torch.Generator().manual_seed(2147483647)
        print("sampled", torch.multinomial(probs, num_samples=1, replacement=True, generator=g).shape)


if __name__ == "__main__":
    main()

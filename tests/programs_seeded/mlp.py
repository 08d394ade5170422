"""A small classifier MLP from freshly initialised layers, with dropout, trained with
Adam on seeded random data; every loss printed in full."""
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(42)
inputs = torch.randn(64, 10)
targets = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 32), nn.Tanh(),
                      nn.Linear(32, 3))
print(model[0].weight[0], model[5].bias)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(40):
    model.train()
    logits = model(inputs)
    loss = F.cross_entropy(logits, targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, loss.item())
model.eval()
with torch.no_grad():
    probabilities = torch.softmax(model(inputs[:4]), dim=1)
print(probabilities)
print((model(inputs).argmax(1) == targets).float().mean())

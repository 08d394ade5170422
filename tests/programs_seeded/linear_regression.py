"""Linear regression as the d2l book trains it, from a seeded global generator: synthetic
data from torch.normal, a shuffling DataLoader, a freshly initialised nn.Linear."""
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)
true_w = torch.tensor([2, -3.4])
true_b = 4.2
features = torch.normal(0, 1, (1000, len(true_w)))
labels = (torch.matmul(features, true_w) + true_b + torch.normal(0, 0.01, (1000,))).reshape((-1, 1))
print(features[0], labels[0])

loader = data.DataLoader(data.TensorDataset(features, labels), batch_size=10, shuffle=True)
net = nn.Sequential(nn.Linear(2, 1))
print(net[0].weight.data, net[0].bias.data)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
for epoch in range(3):
    for step, (X, y) in enumerate(loader):
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
        if step % 25 == 0:
            print(step, l.item())
    l = loss(net(features), labels)
    print(f"epoch {epoch + 1}, loss {l:f}")
print("w error:", true_w - net[0].weight.data.reshape(true_w.shape))
print("b error:", true_b - net[0].bias.data)

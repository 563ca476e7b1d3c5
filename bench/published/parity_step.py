#!/usr/bin/env python3
"""Seconds per training step of the published APNN v2 (even-odd parity) code for the slides' Case I, rebuilt for
side-by-side timing with bench_neural_step (scripts/compare-published-step.sh). Written here from the published
setup (reference-facts.md and the authors' parity equation, network and sampler modules), not taken from them:

- networks FC, tanh: rho [2 -> 4 x 128 -> 1] with rho = t exp(-o); r~ and j~ [3 -> 4 x 256 -> 1] (an input layer
  without activation, three hidden tanh layers, a linear output), Xavier-normal weights, zero biases;
- parity "symmetrize": r = exp(-(r~(v) + r~(-v))/2), j = j~(v) - j~(-v), each network called at +v and at -v;
- per step: 512 interior points (t, x, v uniform, v in (0, 1]) for the even and odd equations, their first
  derivatives by separate torch.autograd.grad calls with create_graph; <v j_x> and <r> on 30 Gauss-Legendre
  nodes in (0, 1] at the same (t, x) (j with its x-derivative, r values only); 1024 boundary points per wall,
  512 initial points; the seven weighted mean squares (1, 1, 1, 1, 10, 1, 10); Adam 1e-3 with StepLR.

That is 10 calls of each of r~ and j~ per step, 36 864 rows each. Needs python3-torch (Debian).
usage: parity_step.py [threads=2] [steps=10]
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
torch.set_num_threads(threads)
torch.manual_seed(0)
EPS, NODES = 1e-3, 30


class Net(nn.Module):
    def __init__(self, inputs, width, positive=False):
        super().__init__()
        self.first = nn.Linear(inputs, width)
        self.hidden = nn.ModuleList([nn.Linear(width, width) for _ in range(3)])
        self.last = nn.Linear(width, 1)
        self.positive = positive
        for layer in self.modules():
            if isinstance(layer, nn.Linear):
                nn.init.xavier_normal_(layer.weight)
                nn.init.zeros_(layer.bias)

    def forward(self, inputs):
        h = self.first(inputs)
        for layer in self.hidden:
            h = torch.tanh(layer(h))
        o = self.last(h)
        return torch.exp(-o) if self.positive else o


rho_net, r_net, j_net = Net(2, 128, positive=True), Net(3, 256), Net(3, 256)
nodes, weights = np.polynomial.legendre.leggauss(NODES)
v_nodes = torch.tensor(0.5 * (1 + nodes), dtype=torch.float32)
w_nodes = torch.tensor(0.5 * weights, dtype=torch.float32)


def rho_of(t, x):
    return t * rho_net(torch.cat([t, x], -1))


def r_of(t, x, v):
    return torch.exp(-0.5 * (r_net(torch.cat([t, x, v], -1)) + r_net(torch.cat([t, x, -v], -1))))


def j_of(t, x, v):
    return j_net(torch.cat([t, x, v], -1)) - j_net(torch.cat([t, x, -v], -1))


def d(out, wrt):
    return torch.autograd.grad(out, wrt, grad_outputs=torch.ones_like(out), create_graph=True)[0]


def node_averages(t, x):
    """<v j> (its x-derivative is taken afterwards) and <r> on the Gauss nodes at every (t, x)."""
    n = t.shape[0]
    tx = torch.cat([t, x], -1)[:, None, :].expand(n, NODES, 2)
    vp = v_nodes[None, :, None].expand(n, NODES, 1)
    plus, minus = torch.cat([tx, vp], -1), torch.cat([tx, -vp], -1)
    vj = torch.sum((j_net(plus) - j_net(minus)) * (w_nodes * v_nodes)[:, None], dim=-2)
    r = torch.sum(torch.exp(-0.5 * (r_net(plus) + r_net(minus))) * w_nodes[:, None], dim=-2)
    return vj, r


params = [p for net in (rho_net, r_net, j_net) for p in net.parameters()]
optimizer = torch.optim.Adam(params, lr=1e-3)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1000, 0.96)


def step():
    t, x, v = torch.rand(512, 1) * 0.1, torch.rand(512, 1), torch.rand(512, 1)
    t.requires_grad_(True)
    x.requires_grad_(True)
    tb, vl, vr = torch.rand(1024, 1) * 0.1, torch.rand(1024, 1), -torch.rand(1024, 1)
    x0, v0 = torch.rand(512, 1), torch.rand(512, 1)
    rho, r, j = rho_of(t, x), r_of(t, x, v), j_of(t, x, v)
    vj, r_avg = node_averages(t, x)
    even = EPS**2 * (d(r, t) + v * d(j, x)) - (rho - r)
    odd = EPS**2 * d(j, t) + v * d(r, x) + j
    conservation = d(rho, t) + d(vj, x)
    constraint = rho - r_avg
    left = [tb, torch.zeros_like(tb), vl]
    right = [tb, torch.ones_like(tb), vr]
    bc_left = r_of(*left) + EPS * j_of(*left) - 1.0
    bc_right = r_of(*right) + EPS * j_of(*right)
    ic_rho = rho_of(0 * x0, x0)
    ic_f = r_of(0 * x0, x0, v0) + EPS * j_of(0 * x0, x0, v0)
    mean_sq = lambda a: torch.mean(a**2)
    loss = (mean_sq(even) + mean_sq(odd) + mean_sq(conservation) + mean_sq(constraint) +
            10 * (mean_sq(bc_left) + mean_sq(bc_right)) + mean_sq(ic_rho) + 10 * mean_sq(ic_f))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()


step()  # warm-up
seconds = []
for _ in range(steps):
    start = time.perf_counter()
    step()
    seconds.append(time.perf_counter() - start)
print(f"published APNN v2 Case I step (PyTorch {torch.__version__}), {threads} thread(s): "
      f"median {np.median(seconds):.3f} s, min {np.min(seconds):.3f}, max {np.max(seconds):.3f} over {steps} steps")

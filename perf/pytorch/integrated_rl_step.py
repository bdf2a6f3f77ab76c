#!/usr/bin/env python3
"""IntegratedRL-MTF's update step in PyTorch, the peer of perf's IntegratedRlStepBenchmark.

The same shapes and the same work as IntegratedRl.update with IntegratedRl.Config.paperDefaults
(v4 target, paper's critics): S = 128 state features, A = 10 action dimensions, m = 24 critics,
batch 256, F32, hidden [h, h]; synthetic data of 4096 transitions like the benchmark's. Written as a
PyTorch user would write it at its fastest: the critic ensemble's first layer as one matrix product
[B, S + A] x [S + A, m h] (every member sees the same input; twice as fast here as a batched
product over an expanded input), the later layers as batched products over weights [m, in, out]
(torch.baddbmm), autograd, torch.optim.Adam, Polyak averaging every L steps.

One step (arXiv 2404.17589; docs/algorithms/integrated-rl.md):
  y_i   = r + gamma (1 - done) [Q'_i(s', mu'(s')) - alpha d(mu'(s'), mu_bp(s'))]      (no grad)
  critic: Adam on sum_i mean_B (Q_i(s, a) - y_i)^2
  actor:  Adam on mean_B [ -mean_i Q_i(s, mu(s)) + lambda std_i Q_i(s, mu(s)) + eta d(mu(s), mu_bp(s)) ]
  every L steps: theta' <- (1 - tau) theta' + tau theta for actor and critics
d is Eq. 5 summed over dimensions: 0 inside [mu + lower_b, mu + upper_b], exp(overshoot / (beta (upper_b - lower_b))) outside.

Prints one line: hidden, threads, median ms per step over --steps timed steps (after --warmup).
Usage: integrated_rl_step.py --hidden 64 --threads 1 [--steps 100] [--warmup 20]
"""
import argparse
import copy
import statistics
import time

import torch

S, A, M, B, N = 128, 10, 24, 256, 4096
GAMMA, LOWER, UPPER, BETA, ETA, ALPHA, LAMBDA, STD_EPS = 0.9, -0.15, 0.15, 0.3, 1.2, 1.2, 0.2, 1e-8
TAU, PERIOD, ACTOR_LR, CRITIC_LR = 0.08, 15, 1e-4, 2e-4


class Ensemble(torch.nn.Module):
    """m independent MLPs (in -> h -> h -> 1, ReLU) as batched products over [m, in, out] weights."""

    def __init__(self, members, inputs, hidden):
        super().__init__()
        sizes = [inputs, hidden, hidden, 1]
        self.weights = torch.nn.ParameterList()
        self.biases = torch.nn.ParameterList()
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1.0 / fan_in ** 0.5  # PyTorch's Linear default, as our Init
            self.weights.append(torch.nn.Parameter(torch.empty(members, fan_in, fan_out).uniform_(-bound, bound)))
            self.biases.append(torch.nn.Parameter(torch.empty(members, 1, fan_out).uniform_(-bound, bound)))

    def forward(self, x):  # x [B, in] -> [m, B, 1]
        w0 = self.weights[0]
        m, fan_in, hid = w0.shape
        # the first layer sees the same input for every member: one GEMM [B, in] x [in, m h]
        h = (x @ w0.permute(1, 0, 2).reshape(fan_in, m * hid)).view(-1, m, hid).permute(1, 0, 2)
        h = torch.relu(h + self.biases[0])
        last = len(self.weights) - 1
        for i in range(1, last + 1):
            h = torch.baddbmm(self.biases[i], h, self.weights[i])
            if i < last:
                h = torch.relu(h)
        return h


def actor_net(hidden):
    return torch.nn.Sequential(torch.nn.Linear(S, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, hidden),
                               torch.nn.ReLU(), torch.nn.Linear(hidden, A), torch.nn.Tanh())


def penalty(a, mu):  # Eq. 5, [B, A] -> [B]
    scale = BETA * (UPPER - LOWER)
    above = a - (mu + UPPER)
    below = (mu + LOWER) - a
    up = torch.where(above > 0, torch.exp(torch.clamp(above, min=0) / scale), torch.zeros_like(a))
    down = torch.where(below > 0, torch.exp(torch.clamp(below, min=0) / scale), torch.zeros_like(a))
    return (up + down).sum(dim=1)


def polyak(target, online):
    with torch.no_grad():
        for t, o in zip(target.parameters(), online.parameters()):
            t.mul_(1 - TAU).add_(o, alpha=TAU)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hidden", type=int, required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--warmup", type=int, default=20)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    g = torch.Generator().manual_seed(7)
    s = torch.randn(N, S, generator=g)
    s2 = torch.randn(N, S, generator=g)
    mu = torch.rand(N, A, generator=g) * 1.6 - 0.8
    a = mu + torch.rand(N, A, generator=g) * 0.3 - 0.15
    r = torch.randn(N, 1, generator=g)
    done = (torch.arange(N) % 10 == 9).float().unsqueeze(1)

    torch.manual_seed(11)
    actor = actor_net(args.hidden)
    critic = Ensemble(M, S + A, args.hidden)
    actor_t = copy.deepcopy(actor)
    critic_t = copy.deepcopy(critic)
    actor_opt = torch.optim.Adam(actor.parameters(), lr=ACTOR_LR)
    critic_opt = torch.optim.Adam(critic.parameters(), lr=CRITIC_LR)

    def step(it):
        idx = torch.randint(0, N, (B,), generator=g)
        bs, ba, br, bs2, bd, bmu = s[idx], a[idx], r[idx], s2[idx], done[idx], mu[idx]
        with torch.no_grad():  # v4 target, each critic from its own target; mu_bp(s') = mu here
            na = actor_t(bs2)
            nq = critic_t(torch.cat([bs2, na], dim=1))                      # [m, B, 1]
            boot = nq - ALPHA * penalty(na, bmu).view(1, B, 1)
            y = br + GAMMA * (1 - bd) * boot
        q = critic(torch.cat([bs, ba], dim=1))
        critic_loss = ((q - y) ** 2).mean(dim=(1, 2)).sum()
        critic_opt.zero_grad(set_to_none=True)
        critic_loss.backward()
        critic_opt.step()

        pa = actor(bs)
        qa = critic(torch.cat([bs, pa], dim=1)).squeeze(2)                 # [m, B]
        std = torch.sqrt(qa.var(dim=0, unbiased=False) + STD_EPS)
        actor_loss = (-qa.mean(dim=0) + LAMBDA * std + ETA * penalty(pa, bmu)).mean()
        # gradients for the actor's parameters only: the critics' weight gradients are never formed,
        # as in the Java step (backward through the critics to the action only)
        params = list(actor.parameters())
        for prm, grad in zip(params, torch.autograd.grad(actor_loss, params)):
            prm.grad = grad
        actor_opt.step()
        if (it + 1) % PERIOD == 0:
            polyak(actor_t, actor)
            polyak(critic_t, critic)

    for i in range(args.warmup):
        step(i)
    times = []
    for i in range(args.steps):
        t0 = time.perf_counter()
        step(args.warmup + i)
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"pytorch hidden={args.hidden} threads={args.threads} median_ms={statistics.median(times):.3f}")


if __name__ == "__main__":
    main()

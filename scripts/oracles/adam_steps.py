"""Reference steps of sigcheck's `projected-adam` update, in numpy float64.

Independent route: the loss gradient by the closed form of the sigmoid loss, the projection onto
the sphere's tangent space, and torch.optim.Adam's update in the order of operations of its
documentation / single-tensor CPU implementation (lerp, mul+addcmul, sqrt(v)/sqrt(bc2) + eps,
addcdiv with -lr/bc1), then row renormalisation by division as the BBNP25 code does.
The random start comes from the solver (scripts/oracles/adam-start.ts); everything after is here.

Regenerate:  python3 scripts/oracles/adam_steps.py > test/fixtures/solver/projected-adam-steps.json
"""
import json
import subprocess
import sys

import numpy as np

STEPS = 6
LR, BETA1, BETA2, EPS = 1e-2, 0.9, 0.999, 1e-8


def softplus(z):
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-np.where(z >= 0, z, 0))), np.exp(np.where(z < 0, z, 0)) / (1 + np.exp(np.where(z < 0, z, 0))))


def scale_of(norm, n):
    return {"sum": 1.0, "per-anchor": 1.0 / n, "mean": 1.0 / (n * n)}[norm]


def loss_and_grads(u, v, t, b, scale):
    """L = scale * (sum_i softplus(-z_ii) + sum_{i!=j} softplus(z_ij)), z = t G - b."""
    n = u.shape[0]
    g = u @ v.T
    z = t * g - b
    eye = np.eye(n, dtype=bool)
    loss = scale * (softplus(-z[eye]).sum() + softplus(z[~eye]).sum())
    dz = np.where(eye, -sigmoid(-z), sigmoid(z)) * scale  # dL/dz
    dg = t * dz
    return loss, dg @ v, dg.T @ u, (dz * g).sum(), -dz.sum()  # L, dU, dV, dL/dt|b, dL/db|t


def project(x, g):
    return g - np.sum(g * x, axis=1, keepdims=True) * x


class TorchAdam:
    """torch.optim.Adam for one tensor (defaults, no weight decay, no amsgrad)."""

    def __init__(self, shape):
        self.m = np.zeros(shape)
        self.v = np.zeros(shape)

    def delta(self, g, step):
        w = 1 - BETA1
        self.m = self.m + w * (g - self.m)  # lerp_(g, w), w < 0.5
        self.v = self.v * BETA2 + (1 - BETA2) * g * g
        step_size = LR / (1 - BETA1**step)
        denom = np.sqrt(self.v) / np.sqrt(1 - BETA2**step) + EPS
        return step_size * self.m / denom


def run(case):
    o = case["options"]
    n, d = o["n"], o["d"]
    u = np.array(case["u"], dtype=np.float64).reshape(n, d)
    v = np.array(case["v"], dtype=np.float64).reshape(n, d)
    rel = o["loss"] == "rb-sig"
    log_t = np.log(o["t0"])
    bias = o.get("bRel0", 0.0) if rel else o.get("b0", 0.0)
    train_t = o.get("trainT", True)
    train_b = o.get("trainBias", True)
    lock_u = o.get("lockU", False)
    scale = scale_of(o["normalization"], n)
    adam_u, adam_v = TorchAdam((n, d)), TorchAdam((n, d))
    adam_t, adam_b = TorchAdam(()), TorchAdam(())
    out = []
    for step in range(1, STEPS + 1):
        t = np.exp(log_t) if train_t else o["t0"]
        b = t * bias if rel else bias
        _, gu, gv, dt, db = loss_and_grads(u, v, t, b, scale)
        g_log_t = t * (dt + bias * db) if rel else t * dt
        g_bias = t * db if rel else db
        if not lock_u:
            u = u - adam_u.delta(project(u, gu), step)
            u = u / np.linalg.norm(u, axis=1, keepdims=True)
        v = v - adam_v.delta(project(v, gv), step)
        v = v / np.linalg.norm(v, axis=1, keepdims=True)
        if train_t:
            log_t = log_t - adam_t.delta(g_log_t, step)
        if train_b:
            bias = bias - adam_b.delta(g_bias, step)
        t = float(np.exp(log_t)) if train_t else o["t0"]
        loss, *_ = loss_and_grads(u, v, t, t * bias if rel else bias, scale)
        out.append({
            "step": step,
            "u": u.ravel().tolist(),
            "v": v.ravel().tolist(),
            "t": t,
            "bRel": float(bias if rel else bias / t),
            "loss": float(loss),
        })
    return out


def main():
    starts = json.loads(subprocess.check_output(
        ["node", "--import", "tsx", "scripts/oracles/adam-start.ts"], text=True))
    cases = [{"name": c["name"], "options": c["options"], "u0": c["u"], "v0": c["v"], "steps": run(c)} for c in starts]
    json.dump({"generator": "scripts/oracles/adam_steps.py", "numpy": np.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

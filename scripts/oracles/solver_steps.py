#!/usr/bin/env python3
"""Adam reference for sigcheck's solver, in numpy float64, written from the definitions (not from
the TypeScript): the sigmoid loss and its gradient on each synchronised pair, the chain rule to the
trained scalars (log t; b for sig, b_rel = b / t for rb-sig), and PyTorch's Adam (bias corrections
1 - beta1^s and 1 - beta2^s, eps added to the corrected square root), rows renormalised after each
step; riemannian-adam projects the gradients onto the tangent spaces first and transports the first
moment by projection; projected-adam projects the gradients and takes torch.optim.Adam's step in its
order of operations (lerp, sqrt(v) / sqrt(1 - beta2^s) + eps, step size lr / (1 - beta1^s)), no
transport. InfoNCE (symmetric, logits t G, per-anchor definition scaled like the sigmoid family)
trains log t only. The cosine schedule takes lr (1 + cos(pi (s - 1) / budget)) / 2 at step s: the state
after step k of a cosine case is the end of a run with budget k.

Reads test/fixtures/solver-steps/input.json (options and the solver's random start, written by
solver-steps-input.ts) and writes test/fixtures/solver-steps/expected.json: the configurations, t
and b after each of REFERENCE_STEPS steps.
"""
import json
import math

import numpy as np

STEPS = 4
HERE = "test/fixtures/solver-steps/"


def softplus_free_sigmoid(z):
    # stable logistic: 1/(1+e^-z) for z >= 0, e^z/(1+e^z) otherwise
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def norm_scale(normalization, n):
    return {"sum": 1.0, "per-anchor": 1.0 / n, "mean": 1.0 / (n * n)}[normalization]


def sync_pairs(k, graph):
    return [(a, b) for a in range(k) for b in range(a + 1, k) if graph == "complete" or a == 0]


def pair_grad(x, y, t, b, scale):
    """dL/dX, dL/dY, dL/dt, dL/db of scale * (sum_i softplus(b - t G_ii) + sum_{i!=j} softplus(t G_ij - b))."""
    g = x @ y.T
    z = t * g - b
    s = softplus_free_sigmoid(z)
    n = g.shape[0]
    idx = np.arange(n)
    s[idx, idx] = -softplus_free_sigmoid(-z[idx, idx])
    gx = scale * t * (s @ y)
    gy = scale * t * (s.T @ x)
    return gx, gy, scale * float(np.sum(s * g)), -scale * float(np.sum(s))


def pair_grad_infonce(x, y, t, scale):
    """dL/dX, dL/dY, dL/dt of scale * (1/n) sum_i [lse_j(t G_ij) - t G_ii + lse_j(t G_ji) - t G_ii]."""
    g = x @ y.T
    n = g.shape[0]
    s = t * g
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    c = np.exp(s - s.max(axis=0, keepdims=True))
    c /= c.sum(axis=0, keepdims=True)
    ds = scale * (p + c - 2 * np.eye(n)) / n
    return t * (ds @ y), t * (ds.T @ x), float(np.sum(ds * g))


def torch_adam(p_, g, m, v, lr, beta1, beta2, eps, s):
    """torch.optim.Adam, single-tensor path: returns the new parameter, m, v."""
    m = m + (1 - beta1) * (g - m)
    v = v * beta2 + (1 - beta2) * g * g
    denom = np.sqrt(v) / math.sqrt(1 - beta2**s) + eps
    return p_ - (lr / (1 - beta1**s)) * m / denom, m, v


def project(x, g):
    return g - np.sum(x * g, axis=1, keepdims=True) * x


def normalize(x):
    return x / np.sqrt(np.sum(x * x, axis=1, keepdims=True))


def run(case):
    if case["options"]["schedule"] == "cosine":
        states = [run_budget(case, k)[-1] for k in range(1, STEPS + 1)]
    else:
        states = run_budget(case, STEPS)
    return {"name": case["name"], "states": states}


def run_budget(case, budget):
    o = case["options"]
    n, d, k = o["n"], o["d"], o["modalities"]
    beta1, beta2, eps = o["adam"]
    lr0 = o["lr"]
    infonce = o["loss"] == "infonce"
    xs = [np.array(c, dtype=np.float64).reshape(n, d) for c in case["x0"]]
    trainable = [not (l == 0 and o["lockU"]) for l in range(k)]
    pairs = sync_pairs(k, o["graph"])
    scale = norm_scale(o["normalization"], n) * (n if infonce else 1) / len(pairs)
    relative = o["loss"] == "rb-sig"
    log_t = math.log(o["t0"])
    bias = o["bias0"]
    m1 = [np.zeros((n, d)) for _ in range(k)]
    m2 = [np.zeros((n, d)) for _ in range(k)]
    sm1 = [0.0, 0.0]
    sm2 = [0.0, 0.0]
    riemannian = o["optimizer"] == "riemannian-adam"
    torch_order = o["optimizer"] == "projected-adam"

    def t_of():
        return math.exp(log_t) if o["trainT"] else o["t0"]

    def b_of(t):
        return 0.0 if infonce else t * bias if relative else bias

    states = []
    for s in range(1, budget + 1):
        lr = lr0 * 0.5 * (1 + math.cos(math.pi * (s - 1) / budget)) if o["schedule"] == "cosine" else lr0
        t = t_of()
        b = b_of(t)
        grads = [np.zeros((n, d)) for _ in range(k)]
        dt = 0.0
        db = 0.0
        for p, q in pairs:
            if infonce:
                gx, gy, pdt = pair_grad_infonce(xs[p], xs[q], t, scale)
                pdb = 0.0
            else:
                gx, gy, pdt, pdb = pair_grad(xs[p], xs[q], t, b, scale)
            if not trainable[p]:
                gx = np.zeros_like(gx)
            grads[p] += gx
            grads[q] += gy
            dt += pdt
            db += pdb
        # chain rule: L(t, b(t)) with b = t b_rel for rb-sig
        g_log_t = t * (dt + bias * db) if relative else t * dt
        g_bias = t * db if relative else db
        bc1 = 1 - beta1**s
        bc2 = 1 - beta2**s
        for l in range(k):
            if not trainable[l]:
                continue
            g = project(xs[l], grads[l]) if riemannian or torch_order else grads[l]
            if torch_order:
                x, m1[l], m2[l] = torch_adam(xs[l], g, m1[l], m2[l], lr, beta1, beta2, eps, s)
                xs[l] = normalize(x)
                continue
            m1[l] = beta1 * m1[l] + (1 - beta1) * g
            m2[l] = beta2 * m2[l] + (1 - beta2) * g * g
            xs[l] = normalize(xs[l] - lr * (m1[l] / bc1) / (np.sqrt(m2[l] / bc2) + eps))
            if riemannian:
                m1[l] = project(xs[l], m1[l])

        def scalar(i, gi):
            if torch_order:
                p_, sm1[i], sm2[i] = torch_adam(0.0, gi, sm1[i], sm2[i], lr, beta1, beta2, eps, s)
                return -p_
            sm1[i] = beta1 * sm1[i] + (1 - beta1) * gi
            sm2[i] = beta2 * sm2[i] + (1 - beta2) * gi * gi
            return lr * (sm1[i] / bc1) / (math.sqrt(sm2[i] / bc2) + eps)

        if o["trainT"]:
            log_t -= scalar(0, g_log_t)
        if o["trainBias"]:
            bias -= scalar(1, g_bias)
        t = t_of()
        states.append({"step": s, "t": t, "b": b_of(t), "x": [x.reshape(-1).tolist() for x in xs]})
    return states


def main():
    with open(HERE + "input.json") as f:
        cases = json.load(f)
    out = {"generator": "scripts/oracles/solver_steps.py (numpy %s)" % np.__version__, "cases": [run(c) for c in cases]}
    with open(HERE + "expected.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

"""The locked-encoder adapter run of the BBNP25 code (FrozenModalityExperiments.ipynb, explicit
adapter), re-implemented in numpy with torch's arithmetic, to find what sets its final t.

Independent route: the forward pass of SigLIPExperiment.train / SigLIPLoss.forward (cat, F.normalize,
sigmoid, -log(p + 1e-8), mean) and its backward written out by hand in torch's order, Adam as
torch.optim.Adam (defaults), V renormalised after each step; x, log t, b_rel trained. Random starts
come from numpy (not torch): the question is the spread over draws, not one draw.

Arithmetic (argv[1]):
  f32-clamp   float32 throughout, +1e-8 inside the logs (the authors' code)
  f64-clamp   float64, +1e-8 inside the logs
  f64-exact   float64, exact log-sigmoid gradients (what sigcheck's adapter trainer computes)
Usage: python3 scripts/oracles/adapter_float32.py MODE DRAWS [STEPS] [FIRST_SEED]
Prints one JSON line per draw: final t, delta, b_rel, the printed loss and m* of the extended vectors.

Start of a numpy draw (for scripts/oracles/adapter-draws.ts, the same draw through sigcheck's trainer):
  python3 scripts/oracles/adapter_float32.py start SEED

Fixture (f64-exact from trainAdapter's own start, scripts/oracles/adapter-start.ts):
  python3 scripts/oracles/adapter_float32.py fixture > test/fixtures/solver/adapter-steps.json
"""
import json
import sys

import numpy as np

N, D = 100, 10
LR, B1, B2, EPS = 1e-2, 0.9, 0.999, 1e-8
CLAMP = 1e-8


class Adam:
    def __init__(self, shape, dt):
        self.m = np.zeros(shape, dt)
        self.v = np.zeros(shape, dt)
        self.dt = dt

    def delta(self, g, step):
        dt = self.dt
        self.m = self.m + dt(1 - B1) * (g - self.m)
        self.v = self.v * dt(B2) + dt(1 - B2) * g * g
        bc1 = 1 - B1**step
        bc2 = 1 - B2**step
        denom = np.sqrt(self.v) / dt(np.sqrt(bc2)) + dt(EPS)
        return (dt(LR / bc1) * self.m / denom).astype(dt)


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def run(mode, seed, steps, start=None, record=None):
    dt = np.float32 if mode == "f32-clamp" else np.float64
    if start is None:
        n, d = N, D
        rng = np.random.default_rng(seed)
        u = rng.standard_normal((n, d)).astype(dt)
        u = u / np.linalg.norm(u, axis=1, keepdims=True)
        v = rng.standard_normal((n, d)).astype(dt)
        v = v / np.linalg.norm(v, axis=1, keepdims=True)
        x = dt(0.5)
        d0 = float(1 / (1 + np.exp(-0.5)))
        log_t = dt(np.log(dt(10.0 / d0**2)))
        r = dt(-1.0 * d0**2 - (1 - d0**2))
    else:
        n, d = start["n"], start["d"]
        u = np.array(start["u"], dt).reshape(n, d)
        v = np.array(start["v"], dt).reshape(n, d)
        x, log_t, r = dt(start["x0"]), dt(np.log(start["t0"])), dt(start["bRel0"])
    eye = np.eye(n, dtype=bool)
    av, ax, at, ar = Adam((n, d), dt), Adam((), dt), Adam((), dt), Adam((), dt)
    loss = None
    for s in range(1, steps + 1):
        delta = dt(1 / (1 + np.exp(-x)))
        c = np.sqrt(dt(1) - delta * delta).astype(dt)
        ue = np.concatenate([delta * u, np.full((n, 1), c, dt)], axis=1)
        ve = np.concatenate([delta * v, np.full((n, 1), -c, dt)], axis=1)
        nu = np.linalg.norm(ue, axis=1, keepdims=True)
        nv = np.linalg.norm(ve, axis=1, keepdims=True)
        un, vn = ue / nu, ve / nv
        sim = un @ vn.T
        t = np.exp(log_t).astype(dt)
        logits = sim * t - r * t
        if mode == "f64-exact":
            # l = softplus(-z) on the diagonal, softplus(z) off it; dl/dz = -sigma(-z), sigma(z)
            zz = np.where(eye, -logits, logits)
            loss = (np.maximum(zz, 0) + np.log1p(np.exp(-np.abs(zz)))).mean()
            dlogits = np.where(eye, -sigmoid(-logits), sigmoid(logits)) / dt(n * n)
        else:
            p = sigmoid(logits).astype(dt)
            one = (dt(1) - p).astype(dt)
            pos = -np.log(p + dt(CLAMP))
            neg = -np.log(one + dt(CLAMP))
            loss = np.where(eye, pos, neg).mean()
            w = dt(1.0 / (n * n))
            dp = np.where(eye, -w / (p + dt(CLAMP)), w / (one + dt(CLAMP))).astype(dt)
            dlogits = (dp * (one * p)).astype(dt)
        dsim = dlogits * t
        dt_ = (dlogits * (sim - r)).sum()
        dr = -(dlogits * t).sum()
        dlog_t = dt_ * t
        dun = dsim @ vn
        dvn = dsim.T @ un
        due = (dun - un * (un * dun).sum(axis=1, keepdims=True)) / nu
        dve = (dvn - vn * (vn * dvn).sum(axis=1, keepdims=True)) / nv
        gv = delta * dve[:, :d]
        ddelta = (due[:, :d] * u).sum() + (dve[:, :d] * v).sum()
        dc = due[:, d].sum() - dve[:, d].sum()
        ddelta = ddelta + dc * (-delta / c)
        gx = ddelta * delta * (dt(1) - delta)
        v = (v - av.delta(gv.astype(dt), s)).astype(dt)
        x = dt(x - ax.delta(dt(gx), s))
        log_t = dt(log_t - at.delta(dt(dlog_t), s))
        r = dt(r - ar.delta(dt(dr), s))
        v = v / np.linalg.norm(v, axis=1, keepdims=True)
        if record is not None:
            record.append({"step": s, "t": float(np.exp(log_t)), "delta": float(1 / (1 + np.exp(-x))),
                           "bRel": float(r), "v": v.ravel().tolist()})
    delta = float(1 / (1 + np.exp(-float(x))))
    g = u.astype(np.float64) @ v.astype(np.float64).T
    m = (g[eye].min() - g[~eye].max()) / 2 * delta**2
    return {"seed": seed, "t": float(np.exp(log_t)), "delta": delta, "bRel": float(r),
            "loss": float(loss), "margin": float(m)}


def fixture():
    import subprocess
    start = json.loads(subprocess.check_output(
        ["node", "--import", "tsx", "scripts/oracles/adapter-start.ts"], text=True))
    steps = []
    run("f64-exact", 0, 6, start=start, record=steps)
    json.dump({"generator": "scripts/oracles/adapter_float32.py fixture", "numpy": np.__version__,
               "case": {k: start[k] for k in ("n", "d", "seed", "x0", "t0", "bRel0", "lr")},
               "steps": steps}, sys.stdout, indent=1)
    sys.stdout.write("\n")


def start_of(seed):
    rng = np.random.default_rng(seed)
    u = rng.standard_normal((N, D))
    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    v = rng.standard_normal((N, D))
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    return {"seed": seed, "n": N, "d": D, "u": u.ravel().tolist(), "v": v.ravel().tolist()}


def main():
    mode = sys.argv[1]
    if mode == "fixture":
        fixture()
        return
    if mode == "start":
        print(json.dumps(start_of(int(sys.argv[2]))))
        return
    draws = int(sys.argv[2])
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    for seed in range(first, first + draws):
        print(json.dumps(run(mode, seed, steps)), flush=True)


if __name__ == "__main__":
    main()

"""The authors' own BBNP25 runs, rerun with their code (the SigLIP/ folder of
github.com/BangachevKiril/RepresentationLearningTheory) and torch on the CPU, one thread, to read
the numbers their notebooks print or plot.

  frozen   FrozenModalityExperiments.ipynb cells 2, 4, 6: torch.manual_seed(50), U0 = randn(100, 10),
           RB-Sig with U locked, then the explicit adapter; prints final loss, t, b_rel (and delta)
  xi DIM.. XiExperiment.ipynb cells 1-2 with dim = DIM: torch.manual_seed(50), 20 runs of 1000 steps,
           b_rel = 0 fixed, t trainable from 10; prints log10 xi at the last step of each run

Usage: python3 scripts/oracles/torch_authors_runs.py SIGLIP_DIR frozen|xi [DIM...]
Needs torch (a CPU wheel is in /opt/wheels on the project machine: pip install --no-deps it into a
venv); matplotlib is not needed (stubbed: the runs do not plot).
"""
import json
import math
import sys
import tempfile
from pathlib import Path


def stub_matplotlib():
    root = Path(tempfile.mkdtemp())
    for mod, body in {
        "matplotlib/__init__.py": "",
        "matplotlib/pyplot.py": "",
        "matplotlib/gridspec.py": "GridSpec = None\n",
        "mpl_toolkits/__init__.py": "",
        "mpl_toolkits/mplot3d.py": "Axes3D = None\n",
    }.items():
        (root / mod).parent.mkdir(parents=True, exist_ok=True)
        (root / mod).write_text(body)
    sys.path.insert(0, str(root))


def frozen(torch, SigLIPExperiment):
    torch.manual_seed(50)
    n, dim, epochs = 100, 10, int(1e4)
    t0, rb0, x0 = 10.0, -1.0, 0.5
    delta = torch.sigmoid(torch.tensor(x0)).item()
    u0 = torch.randn(n, dim)
    e = SigLIPExperiment(n_classes=n, dim=dim, n_epochs=epochs, device="cpu")
    _, _, crit, hist = e.train(relative_bias=rb0, temperature=t0, trainable_bias=True,
                               trainable_temp=True, fixed_U=u0, explicit_adapter=False)
    print(json.dumps({"cell": 4, "loss": hist[-1], "t": float(crit.get_temperature()),
                      "bRel": float(crit.get_bias())}), flush=True)
    e = SigLIPExperiment(n_classes=n, dim=dim, n_epochs=epochs, device="cpu")
    _, _, crit, hist, x = e.train(relative_bias=rb0 * delta**2 - (1 - delta**2),
                                  temperature=t0 / delta**2, trainable_bias=True, trainable_temp=True,
                                  fixed_U=u0, explicit_adapter=True, initial_x=x0)
    print(json.dumps({"cell": 6, "loss": hist[-1], "t": float(crit.get_temperature()),
                      "delta": float(torch.sigmoid(x)), "bRel": float(crit.get_bias())}), flush=True)


def xi(torch, SigLIPExperiment, dims):
    def xi_loss(u, v):
        with torch.no_grad():
            mean_of_norms = torch.mean(torch.norm(u - v, dim=1))
            norm_of_mean = torch.norm(torch.mean(u - v, dim=0))
        return mean_of_norms.item() - norm_of_mean.item()

    for dim in dims:
        torch.manual_seed(50)
        ends = []
        for _ in range(20):
            e = SigLIPExperiment(n_classes=100, dim=dim, n_epochs=1000, device="cpu", extra_stats=xi_loss)
            e.train(relative_bias=0, temperature=10, trainable_temp=True, trainable_bias=False)
            ends.append(math.log10(e.extra_stat_history[-1]))
        m = sum(ends) / len(ends)
        sd = (sum((y - m) ** 2 for y in ends) / (len(ends) - 1)) ** 0.5
        print(json.dumps({"d": dim, "mean": m, "sd": sd, "min": min(ends), "max": max(ends),
                          "log10xi_step1000": ends}), flush=True)


def main():
    siglip, what = Path(sys.argv[1]), sys.argv[2]
    stub_matplotlib()
    sys.path.insert(0, str(siglip))
    import warnings

    import torch
    from utils.siglip_experiment import SigLIPExperiment

    warnings.simplefilter("ignore")
    torch.set_num_threads(1)
    print(json.dumps({"torch": torch.__version__}), flush=True)
    if what == "frozen":
        frozen(torch, SigLIPExperiment)
    else:
        xi(torch, SigLIPExperiment, [int(a) for a in sys.argv[3:]])


if __name__ == "__main__":
    main()

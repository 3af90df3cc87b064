"""PyTorch reference for the app's training speed: the same DCGAN and VAE (28x28x1) as
src/core/models/gan.ts and vae.ts, the same training step as ganTrainer.ts / vaeTrainer.ts,
timed like src/core/models/benchmark.ts (warm-up, then the median of timed windows that each
end with a loss read-back and torch.cuda.synchronize).

On CUDA: DCGAN at batch 64 and 256, VAE at batch 64, with PyTorch's defaults (cuDNN may use
TF32 for convolutions) and again in strict FP32 (TF32 off; tfjs on WebGPU computes in FP32).
On the CPU with 2 threads at batch 64, to compare with the 2-core development machine's
PyTorch figures (DCGAN 5.0 steps/s, VAE 25 steps/s).

    python3 bench/webgpu-node/torch_reference.py      (OUT=dir also writes dir/torch.json; QUICK=1: tiny)
"""
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone

QUICK = os.environ.get("QUICK") == "1"
START = time.perf_counter()
# No figure starts after this (seconds): run.sh gives the script 150 s.
DEADLINE_S = 120.0
# Reference figures of the 2-core development machine (bench/train.js, PYTORCH_REFERENCE).
DEV_MACHINE_CPU = {"dcgan_b64_steps_per_s": 5.0, "vae_b64_steps_per_s": 25.0}

report = {
    "tool": "bench/webgpu-node/torch_reference.py",
    "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "quick": QUICK,
    "python": sys.version.split()[0],
    "machine": platform.machine(),
    "devMachineCpuReference": DEV_MACHINE_CPU,
}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def finish(code):
    report["totalSeconds"] = round(time.perf_counter() - START, 1)
    text = json.dumps(report, indent=2)
    print(text, flush=True)
    out = os.environ.get("OUT")
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "torch.json"), "w") as f:
            f.write(text + "\n")
    sys.exit(code)


try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # e.g. the development machine: say so in the JSON, exit non-zero.
    report["error"] = f"PyTorch is not installed here ({e})"
    finish(2)


class Generator(nn.Module):
    """gan.ts buildGenerator at 28x28x1, width 64: dense -> 7x7x128 -> deconv 64 -> deconv 1."""

    def __init__(self, latent=100):
        super().__init__()
        self.dense = nn.Linear(latent, 7 * 7 * 128, bias=False)
        self.bn0 = nn.BatchNorm1d(7 * 7 * 128, eps=1e-5, momentum=0.1)
        # 4x4 stride 2 'same' on even sizes = padding 1 (out = 2 * in).
        self.deconv1 = nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64, eps=1e-5, momentum=0.1)
        self.out = nn.ConvTranspose2d(64, 1, 4, 2, 1, bias=True)

    def forward(self, z):
        h = F.relu(self.bn0(self.dense(z))).view(-1, 128, 7, 7)
        h = F.relu(self.bn1(self.deconv1(h)))
        return torch.tanh(self.out(h)) * 0.5 + 0.5  # tanh, then Rescaling to [0, 1]


class Discriminator(nn.Module):
    """gan.ts buildDiscriminator: rescale to [-1, 1] -> conv 64 (bias) -> conv 128 + BN -> dense 1."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 4, 2, 1, bias=True)
        self.conv2 = nn.Conv2d(64, 128, 4, 2, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(128, eps=1e-5, momentum=0.1)
        self.logit = nn.Linear(7 * 7 * 128, 1)

    def forward(self, x):
        h = F.leaky_relu(self.conv1(x * 2 - 1), 0.2)
        h = F.leaky_relu(self.bn2(self.conv2(h)), 0.2)
        return self.logit(h.flatten(1))


class Vae(nn.Module):
    """vae.ts at 28x28x1, width 32, latent 16: conv 32 s2 -> conv 64 s2 -> mu, logvar; mirrored decoder."""

    def __init__(self, latent=16):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 4, 2, 1)
        self.conv2 = nn.Conv2d(32, 64, 4, 2, 1)
        self.mu = nn.Linear(7 * 7 * 64, latent)
        self.logvar = nn.Linear(7 * 7 * 64, latent)
        self.dense = nn.Linear(latent, 7 * 7 * 64)
        self.deconv1 = nn.ConvTranspose2d(64, 32, 4, 2, 1)
        self.logits = nn.ConvTranspose2d(32, 1, 4, 2, 1)

    def forward(self, x, eps):
        h = F.relu(self.conv2(F.relu(self.conv1(x)))).flatten(1)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        h = F.relu(self.dense(z)).view(-1, 64, 7, 7)
        return self.logits(F.relu(self.deconv1(h))), mu, logvar


class Images:
    """InMemorySource: 512 random 8-bit 28x28 images, a random batch per step, as floats in [0, 1]."""

    def __init__(self, device):
        g = torch.Generator().manual_seed(5)
        self.pixels = torch.randint(0, 256, (512, 1, 28, 28), generator=g, dtype=torch.uint8).to(device)
        self.device = device

    def batch(self, n):
        idx = torch.randint(0, self.pixels.shape[0], (n,), device=self.device)
        return self.pixels.index_select(0, idx).float() / 255


def gan_step_fn(device, batch, shared=False):
    """ganTrainer.ts: G's gradient through D(G(z)); then D on the real batch and the same (detached) fakes.

    shared=True is ganTrainer.ts's step as it runs now: D's forward on the fakes serves both players
    (G's gradient taken with retain_graph, D's from the same logits, for D's parameters only); the same
    gradients as two separate passes, one discriminator forward fewer. shared=False is the usual
    two-pass step (the issue's reference figure)."""
    G, D = Generator().to(device).train(), Discriminator().to(device).train()
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    data = Images(device)
    g_params, d_params = list(G.parameters()), list(D.parameters())

    def step():
        real = data.batch(batch)
        z = torch.randn(batch, 100, device=device)
        fake = G(z)
        fake_logits = D(fake)
        g_loss = F.softplus(-fake_logits).mean()  # non-saturating: -log sigmoid(D(G(z)))
        g_grads = torch.autograd.grad(g_loss, g_params, retain_graph=shared)
        d_fake = fake_logits if shared else D(fake.detach())
        d_loss = F.softplus(-D(real)).mean() + F.softplus(d_fake).mean()
        d_grads = torch.autograd.grad(d_loss, d_params)
        for p, g in zip(g_params, g_grads):
            p.grad = g
        for p, g in zip(d_params, d_grads):
            p.grad = g
        opt_g.step()
        opt_d.step()
        return d_loss

    return step


def vae_step_fn(device, batch):
    """vaeTrainer.ts: Bernoulli reconstruction (summed over pixels) + KL, batch means; Adam(1e-3)."""
    model = Vae().to(device).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999))
    data = Images(device)

    def step():
        x = data.batch(batch)
        eps = torch.randn(batch, 16, device=device)
        logits, mu, logvar = model(x, eps)
        recon = (F.softplus(logits) - x * logits).sum() / batch
        kl = 0.5 * (mu.square() + logvar.exp() - logvar - 1).sum() / batch
        loss = recon + kl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return step


def measure(make, device, batch, warmup, windows, window_steps, cap_s):
    """benchmark.ts's protocol: warm-up, then windows that each end with a loss read-back."""
    step = make(device, batch)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    t_start = time.perf_counter()
    for _ in range(warmup):
        loss = step()
    float(loss.item())
    sync()
    per_step = []
    for _ in range(windows):
        t0 = time.perf_counter()
        for _ in range(window_steps):
            loss = step()
        float(loss.item())
        sync()
        per_step.append((time.perf_counter() - t0) / window_steps)
        if time.perf_counter() - t_start > cap_s:
            break
    median = statistics.median(per_step)
    return {
        "batchSize": batch,
        "windows": len(per_step),
        "windowSteps": window_steps,
        "msPerStep": {"median": round(median * 1000, 3), "best": round(min(per_step) * 1000, 3)},
        "stepsPerSecond": round(1 / median, 2),
        "imagesPerSecond": round(batch / median),
    }


def figure(name, run):
    entry = {"name": name}
    report["figures"].append(entry)
    if time.perf_counter() - START > DEADLINE_S:
        entry["error"] = "skipped: the run reached its global deadline"
        return
    t0 = time.perf_counter()
    try:
        entry["result"] = run()
    except Exception as e:  # one failed figure must not lose the others
        entry["error"] = f"{type(e).__name__}: {e}"
    entry["seconds"] = round(time.perf_counter() - t0, 1)
    print(f"[torch] {name}: {entry.get('error', 'ok')} ({entry['seconds']} s)", file=sys.stderr, flush=True)


def main():
    report["torch"] = torch.__version__
    report["cpu"] = cpu_model()
    report["figures"] = []
    cuda = torch.cuda.is_available()
    report["cuda"] = {
        "available": cuda,
        "version": torch.version.cuda,
        "device": torch.cuda.get_device_name(0) if cuda else None,
        "cudnn": torch.backends.cudnn.version() if cuda else None,
    }
    torch.manual_seed(1)
    if cuda:
        dev = torch.device("cuda")
        torch.backends.cudnn.benchmark = True
        # Fast steps: longer windows than the app's 4 so that each window is well above timer noise.
        w = dict(warmup=2, windows=1, window_steps=2, cap_s=20) if QUICK else dict(warmup=20, windows=7, window_steps=25, cap_s=20)
        tf32 = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
        report["cuda"]["defaultTf32"] = {"matmul": tf32[0], "cudnn": tf32[1]}
        figure("cuda dcgan batch 64 (defaults)", lambda: measure(gan_step_fn, dev, 64, **w))
        figure("cuda vae batch 64 (defaults)", lambda: measure(vae_step_fn, dev, 64, **w))
        figure("cuda dcgan batch 256 (defaults)", lambda: measure(gan_step_fn, dev, 256, **w))
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        figure("cuda dcgan batch 64 (strict fp32)", lambda: measure(gan_step_fn, dev, 64, **w))
        figure("cuda vae batch 64 (strict fp32)", lambda: measure(vae_step_fn, dev, 64, **w))
        figure("cuda dcgan batch 256 (strict fp32)", lambda: measure(gan_step_fn, dev, 256, **w))
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = tf32
    else:
        report["cuda"]["error"] = "torch.cuda.is_available() is False"
    # The app's own settings (3 warm-up steps, 5 windows of 4), on 2 threads like the dev machine.
    torch.set_num_threads(2)
    report["cpuThreads"] = torch.get_num_threads()
    cpu = torch.device("cpu")
    w = dict(warmup=1, windows=1, window_steps=1, cap_s=20) if QUICK else dict(warmup=3, windows=5, window_steps=4, cap_s=25)
    figure("cpu 2 threads dcgan batch 64", lambda: measure(gan_step_fn, cpu, 64, **w))
    figure("cpu 2 threads dcgan-shared batch 64", lambda: measure(lambda d, b: gan_step_fn(d, b, shared=True), cpu, 64, **w))
    figure("cpu 2 threads vae batch 64", lambda: measure(vae_step_fn, cpu, 64, **w))
    failed = [f["name"] for f in report["figures"] if "error" in f]
    finish(1 if failed or not cuda else 0)


try:
    main()
except SystemExit:
    raise
except BaseException as e:  # report whatever broke, with the figures measured so far
    report["error"] = f"{type(e).__name__}: {e}"
    finish(2)

"""A grading kernel: ipykernel started behind limits.

``python -m labkit.grading.sandbox_kernel --plan PLAN.json -f CONNECTION [ipykernel args]``

1. with ``isolate`` (root + unshare; the kernel manager starts it under
   ``unshare --mount [--net]``), brings the loopback up and masks the hidden
   folders with empty tmpfs mounts (the kept folders are bind-mounted back);
2. sets resource limits (address space, file size, no core dumps);
3. enters the submission's work folder;
4. starts ipykernel with a per-cell output cap on stdout and stderr and,
   without a network namespace, a Python-level guard refusing non-loopback
   connections.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from labkit.grading.limits import KernelPlan, Limits

# An empty folder, only mounted on inside the namespace.
STAGE = os.path.join(tempfile.gettempdir(), "labkit-stage")
TRUNCATED = "\n[sortie tronquée par le correcteur : plus de {n} caractères]\n"
LOOPBACK = ("127.", "::1", "localhost")


def _split_args(argv: list[str]) -> tuple[Path, list[str]]:
    index = argv.index("--plan")
    return Path(argv[index + 1]), argv[:index] + argv[index + 2 :]


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def _outermost(paths: list[Path]) -> list[Path]:
    ordered = sorted(set(paths), key=lambda p: len(p.parts))
    return [p for i, p in enumerate(ordered) if not any(p.is_relative_to(q) for q in ordered[:i])]


def mask_folders(hide: list[str], keep: list[str]) -> None:
    """Hide folders behind empty tmpfs mounts, keeping some of their sub-folders visible."""
    hidden = _outermost([Path(h) for h in hide if Path(h).is_dir()])
    kept = [
        Path(k) for k in keep if Path(k).is_dir() and any(Path(k).is_relative_to(h) for h in hidden)
    ]
    os.makedirs(STAGE, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", "size=1m,mode=700", "labkit-stage", STAGE)
    for i, path in enumerate(kept):
        os.mkdir(f"{STAGE}/{i}")
        _run("mount", "--rbind", str(path), f"{STAGE}/{i}")
    for path in hidden:
        _run("mount", "-t", "tmpfs", "-o", "size=1m,mode=755", "labkit-hidden", str(path))
    for i, path in enumerate(kept):
        path.mkdir(parents=True, exist_ok=True)
        _run("mount", "--move", f"{STAGE}/{i}", str(path))


def set_limits(limits: Limits) -> None:
    """Address space, file size and core dumps; inherited by every child process."""
    if limits.memory_mb:
        cap = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    two_gb = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_FSIZE, (two_gb, two_gb))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith(LOOPBACK) or "/" in host)


def guard_sockets() -> None:
    """Refuse non-loopback connections at the Python level (weak: see grading_safety.md)."""
    original = {name: getattr(socket.socket, name) for name in ("connect", "connect_ex", "sendto")}

    def guarded(name: str):
        def method(self: socket.socket, *args: object):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(args[-1]):
                raise PermissionError(
                    "Réseau interdit pendant la correction (seul 127.0.0.1 est permis)."
                )
            return original[name](self, *args)

        return method

    for name in original:
        setattr(socket.socket, name, guarded(name))


class OutputCap:
    """Counts what a cell writes to one stream; drops the excess in the kernel itself."""

    def __init__(self, stream: object, budget: int) -> None:
        self.stream, self.budget, self.used = stream, budget, 0
        self.write = stream.write
        stream.write = self.capped  # type: ignore[attr-defined]

    def reset(self, *_: object) -> None:
        self.used = 0

    def capped(self, text: str) -> int:
        room = self.budget - self.used
        self.used += len(text)
        if room > 0:
            self.write(text[:room])
            if len(text) > room:
                self.write(TRUNCATED.format(n=self.budget))
        return len(text)


def start_kernel(argv: list[str], limits: Limits, guard: bool) -> None:
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(argv)
    caps = [OutputCap(stream, limits.output_bytes) for stream in (sys.stdout, sys.stderr)]
    for cap in caps:
        app.shell.events.register("pre_run_cell", cap.reset)
    if guard:
        guard_sockets()
    app.start()


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    plan_file, kernel_args = _split_args(argv)
    plan = KernelPlan.read(plan_file)
    inside = plan.isolate  # started under unshare by SandboxKernelManager
    if inside:
        if plan.limits.network == "loopback":
            _run("ip", "link", "set", "lo", "up")
        mask_folders(plan.hide, plan.keep)
    set_limits(plan.limits)
    os.chdir(plan.workdir)
    start_kernel(kernel_args, plan.limits, guard=plan.limits.network == "loopback" and not inside)


if __name__ == "__main__":
    main()

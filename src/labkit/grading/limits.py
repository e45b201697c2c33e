"""What a grading kernel may use: stdlib only, so the sandbox kernel starts fast."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

SQL_CELL_TIMEOUT = 120
SPARK_CELL_TIMEOUT = 300
SQL_MEMORY_MB = 4096
SPARK_MEMORY_MB = 16384  # the JVM reserves much address space; RLIMIT_AS is coarse for it
OUTPUT_BYTES = 1_000_000  # per cell, per stream
NETWORKS = ("loopback", "host")


@dataclass(frozen=True)
class Limits:
    """What one grading kernel may use."""

    cell_timeout: int = SQL_CELL_TIMEOUT  # seconds per cell, then interrupt
    notebook_timeout: int = 900  # seconds of wall time for the whole notebook
    memory_mb: int = SQL_MEMORY_MB  # address space of the kernel (0: no cap)
    output_bytes: int = OUTPUT_BYTES  # per cell and stream, the rest is dropped in the kernel
    network: str = "loopback"  # "loopback": no network but 127.0.0.1; "host": unrestricted
    interrupt_grace: int = 10  # seconds for an interrupted cell to stop before the kernel is killed

    def with_overrides(self, **values: Any) -> Limits:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


@dataclass(frozen=True)
class KernelPlan:
    """Everything the sandbox kernel needs, written as JSON next to the run."""

    limits: Limits
    workdir: str  # the kernel's cwd: the submission's lab files, nothing else
    hide: list[str] = field(default_factory=list)  # folders masked by an empty tmpfs
    keep: list[str] = field(default_factory=list)  # folders inside hidden ones kept visible
    isolate: bool = False  # use unshare (mount + network namespaces)

    def write(self, path: Path) -> Path:
        data = asdict(self)
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: Path) -> KernelPlan:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**{**data, "limits": Limits(**data["limits"])})

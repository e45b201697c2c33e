"""nbgrader's executor, with kernels that never collide on a port."""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import Execute

from labkit.kernels import IPCKernelManager


class IPCExecute(Execute):
    """``Execute`` whose kernels talk over unique Unix sockets (see labkit.kernels)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", IPCKernelManager)
        super().__init__(*args, **kwargs)

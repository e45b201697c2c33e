"""Kernel managers for headless execution.

Parallel kernel starts over TCP sometimes collide on a port
(``ZMQError: Address already in use``): ports are chosen, written to the
connection file, and only bound later by the kernel, so two processes can
pick the same one. Unix-domain sockets under a path unique to each kernel
cannot collide, so headless runs use them where the platform has them.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Unicode

IPC_AVAILABLE = os.name == "posix"


def _unique_socket_prefix() -> str:
    # Unix socket paths are limited to ~107 bytes: keep this short.
    folder = Path(tempfile.gettempdir()) / "labkit-ipc"
    folder.mkdir(mode=0o700, exist_ok=True)
    return str(folder / uuid.uuid4().hex[:12])


class IPCKernelManager(AsyncKernelManager):
    """An async kernel manager talking to its kernel over unique Unix sockets."""

    transport = Unicode("ipc" if IPC_AVAILABLE else "tcp", config=True)

    def _ip_default(self) -> str:
        return _unique_socket_prefix() if self.transport == "ipc" else super()._ip_default()

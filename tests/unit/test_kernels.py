"""Headless kernels use unique Unix sockets, so parallel starts cannot collide."""

from __future__ import annotations

import asyncio

from labkit.kernels import IPCKernelManager


async def start_and_ask(n: int) -> tuple[str, str]:
    km = IPCKernelManager(kernel_name="python3")
    await km.start_kernel()
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive(f"{n} * 2", timeout=60, store_history=False)
        assert reply["content"]["status"] == "ok"
        return km.transport, km.ip
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)


def test_parallel_kernels_get_distinct_ipc_endpoints() -> None:
    async def main() -> list[tuple[str, str]]:
        return await asyncio.gather(*(start_and_ask(n) for n in range(6)))

    endpoints = asyncio.run(main())
    assert {transport for transport, _ in endpoints} == {"ipc"}
    assert len({ip for _, ip in endpoints}) == 6

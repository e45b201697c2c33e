"""What a dbt command did: node statuses from ``run_results.json`` and a French summary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ERROR_LINES = 25
MESSAGE_LINES = 8  # lines of a failed node's message shown in a summary
MESSAGE_CHARS = 1200

STATUS_FR = {
    "success": "OK",
    "pass": "réussi",
    "fail": "en échec",
    "error": "en erreur",
    "warn": "avertissement",
    "skipped": "ignoré",
    "no-op": "sans effet",
}
TYPE_FR = {
    "model": "modèle",
    "test": "test",
    "snapshot": "snapshot",
    "seed": "seed",
    "source": "source",
    "unit_test": "test unitaire",
}


@dataclass(frozen=True)
class NodeStatus:
    """The outcome of one dbt node (model, test, snapshot...) in ``run_results.json``."""

    unique_id: str
    status: str
    message: str | None = None
    failures: int | None = None
    seconds: float = 0.0
    compiled_code: str | None = None
    relation_name: str | None = None

    @property
    def resource_type(self) -> str:
        return self.unique_id.split(".", 1)[0]

    @property
    def name(self) -> str:
        """The node's name (for a test, dbt's generated name, e.g. ``unique_dim_x_id``)."""
        parts = self.unique_id.split(".")
        if self.resource_type == "test" and len(parts) == 4:
            return parts[2]  # generic tests end with a hash: test.<project>.<name>.<hash>
        return parts[-1]

    @property
    def ok(self) -> bool:
        return self.status in ("success", "pass", "no-op")

    def describe(self) -> str:
        kind = TYPE_FR.get(self.resource_type, self.resource_type)
        text = f"{kind} {self.name} : {STATUS_FR.get(self.status, self.status)}"
        if self.resource_type == "test" and self.failures:
            text += f" ({self.failures} ligne{'s' if self.failures > 1 else ''} en échec)"
        elif not self.ok and self.message:
            lines = [line.strip() for line in self.message.strip().splitlines() if line.strip()]
            text += " — " + "\n      ".join(lines[:MESSAGE_LINES])[:MESSAGE_CHARS]
        return text


@dataclass(repr=False)
class DbtResult:
    """What a dbt command did: return code, captured log, node statuses, duration."""

    args: list[str]
    returncode: int
    output: str
    nodes: list[NodeStatus] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def success(self) -> bool:
        """dbt's own verdict: every selected node passed (exit code 0)."""
        return self.returncode == 0

    @property
    def command(self) -> str:
        return " ".join(["dbt", *self.args])

    def node(self, name: str) -> NodeStatus | None:
        """The node called ``name`` (or whose unique id is ``name``), if it ran."""
        for node in self.nodes:
            if name in (node.name, node.unique_id):
                return node
        return None

    def status(self, name: str) -> str | None:
        node = self.node(name)
        return node.status if node else None

    @property
    def failed(self) -> list[NodeStatus]:
        return [n for n in self.nodes if not n.ok and n.status != "skipped"]

    def error_lines(self) -> list[str]:
        """The lines of dbt's log that explain an error (from the first ``Error`` line)."""
        lines = self.output.splitlines()
        start = next(
            (i for i, line in enumerate(lines) if "Error" in line or "error" in line.split()),
            None,
        )
        if start is None:
            return lines[-ERROR_LINES:]
        return lines[start : start + ERROR_LINES]

    def summary(self) -> str:
        """A short French account of the run, with the dbt error when there is one."""
        verdict = "succès" if self.success else "ÉCHEC"
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        lines = [f"{self.command} : {verdict} en {seconds} s"]
        if self.nodes:
            counts: dict[str, int] = {}
            for node in self.nodes:
                counts[node.status] = counts.get(node.status, 0) + 1
            detail = ", ".join(f"{n} {STATUS_FR.get(s, s)}" for s, n in sorted(counts.items()))
            lines.append(f"{len(self.nodes)} nœud(s) exécuté(s) : {detail}.")
            lines += [f"  - {node.describe()}" for node in self.failed]
        elif self.success:
            lines.append("Aucun nœud exécuté (vérifiez votre --select).")
        if not self.success and not self.failed:
            lines.append("Message de dbt :")
            lines += [f"  {line}" for line in self.error_lines()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def __str__(self) -> str:
        return self.summary()


def read_nodes(path: Path) -> list[NodeStatus]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    nodes = []
    for item in data.get("results", []):
        nodes.append(
            NodeStatus(
                unique_id=item.get("unique_id", "?"),
                status=str(item.get("status", "?")),
                message=item.get("message"),
                failures=item.get("failures"),
                seconds=float(item.get("execution_time") or 0.0),
                compiled_code=item.get("compiled_code"),
                relation_name=item.get("relation_name"),
            )
        )
    return nodes

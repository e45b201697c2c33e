"""RecordingSession: what a learner's code sent and received, against a real local server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from labkit.checks import RecordingSession


class EchoHandler(BaseHTTPRequestHandler):
    """Answers 200, or the status in the path (/status/503), echoing two headers."""

    def do_GET(self) -> None:
        status = int(self.path.rsplit("/", 1)[-1]) if self.path.startswith("/status/") else 200
        self.send_response(status)
        self.send_header("X-Seen-Agent", self.headers.get("User-Agent", ""))
        self.send_header("X-Seen-Fault", self.headers.get("X-Labkit-Fault", ""))
        self.end_headers()

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_records_requests_responses_and_paths(base_url: str) -> None:
    session = RecordingSession(user_agent="PanierVertBot/1.0")
    session.get(f"{base_url}/a?page=1")
    session.get(f"{base_url}/status/503")
    assert session.paths() == ["/a", "/status/503"]
    assert [r.status_code for r in session.log] == [200, 503]
    assert session.log[0].headers["X-Seen-Agent"] == "PanierVertBot/1.0"
    assert session.sent[0].url.endswith("/a?page=1")


def test_forced_faults_go_one_per_request_in_order(base_url: str) -> None:
    session = RecordingSession(forced=["429", "5xx"])
    seen = [session.get(f"{base_url}/x").headers["X-Seen-Fault"] for _ in range(3)]
    assert seen == ["429", "5xx", ""]


def test_without_user_agent_the_requests_default_is_kept(base_url: str) -> None:
    session = RecordingSession()
    assert session.get(base_url + "/").headers["X-Seen-Agent"].startswith("python-requests/")

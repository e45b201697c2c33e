"""Both apps under real uvicorn on 127.0.0.1, and a scrapy spider crawling the site."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import requests
import services_sample
from apps_helpers import API_KEY, serve
from site_parsing import parse_price

from labkit.services.website import ground_truth

pytestmark = pytest.mark.slow

SPIDER = """
import scrapy


class CompetitorSpider(scrapy.Spider):
    name = "competitor"
    custom_settings = {
        "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 8,
        "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "INFO",
    }

    def __init__(self, base, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [base + "/"]

    def parse(self, response):
        product = response.css("article.product-detail")
        if product:
            yield {
                "url": response.url,
                "sku": product.attrib.get("data-sku"),
                "price": product.css(".price::text").get(),
            }
        for href in response.css("a::attr(href)").getall():  # including the forbidden ones
            yield response.follow(href, self.parse)
"""


def test_api_over_real_http(tmp_path: Path) -> None:
    with serve("api_app", tmp_path, LABKIT_API_RATE="50/s", LABKIT_FAULTS="") as server:
        print(f"partner API ready in {server.started_in:.2f} s")
        assert requests.get(f"{server.base}/health", timeout=5).json()["status"] == "ok"
        assert requests.get(f"{server.base}/v1/products", timeout=5).status_code == 401
        page = requests.get(f"{server.base}/v1/products?size=3", headers=API_KEY, timeout=5)
        assert page.status_code == 200 and page.json()["total"] == services_sample.N_PRODUCTS
        assert page.json()["links"]["next"].startswith(server.base)
        forced = requests.get(
            f"{server.base}/v1/stock", headers={**API_KEY, "X-Labkit-Fault": "502"}, timeout=5
        )
        assert forced.status_code == 502
    assert server.proc.poll() is not None


def test_scrapy_spider_collects_the_site(tmp_path: Path) -> None:
    spider, out = tmp_path / "spider.py", tmp_path / "out.json"
    spider.write_text(textwrap.dedent(SPIDER))
    truth = ground_truth(services_sample.tables(), seed=42)
    with serve("website_app", tmp_path, LABKIT_CRAWL_DELAY="0") as server:
        print(f"website ready in {server.started_in:.2f} s")
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                str(spider),
                "-o",
                str(out),
                "-a",
                f"base={server.base}",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr[-3000:]
    scraped = {row["sku"]: row for row in json.loads(out.read_text())}
    for item in truth["items"]:
        assert parse_price(scraped[item["sku"]]["price"]) == item["price_eur"], item["sku"]
    assert len(scraped) == len(truth["items"]) + len(truth["malformed"])
    requested = server.log.read_text()
    assert "GET /robots.txt" in requested and "robotstxt/forbidden" in run.stderr
    for path in ("/panier", "/compte", "/admin"):
        assert f"GET {path}" not in requested, path

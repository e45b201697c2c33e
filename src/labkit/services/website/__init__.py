"""Website of a fictional competitor, to scrape: ``uvicorn --factory ...website:create_app``."""

from labkit.services.website.app import create_app
from labkit.services.website.truth import ground_truth

__all__ = ["create_app", "ground_truth"]

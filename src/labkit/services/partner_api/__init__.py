"""Partner web API of the case study (FastAPI): ``uvicorn --factory ...partner_api:create_app``."""

from labkit.services.partner_api.app import create_app
from labkit.services.partner_api.settings import Settings

__all__ = ["Settings", "create_app"]

"""The API's routers: OAuth2 token endpoint and the /v1 partner resources."""

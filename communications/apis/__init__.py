"""The REST API of communications, one module per concern (iwg/api_urls.py routes to them)."""

"""The HTML pages of communications, one module per concern (urls.py routes to them)."""

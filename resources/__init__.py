"""Data, not code: code lists, the message catalogue, the national format, translations, icons.

Everything here is read through :func:`app.resources_access.resource_text` (``importlib.resources``),
so it is found the same way from a source checkout, an installed package and a frozen bundle.
"""

"""The use cases the GUI and the CLI share.

A service takes a ``Session`` from its caller and does not commit on its own; it returns plain
objects (dataclasses), never ORM rows. Errors are the typed errors of :mod:`app.errors`.
"""

"""The ``samen`` command: a thin layer over the libraries, testable in-process via :func:`main`."""

"""IVDD Home PT: the server behind the owner's app and the clinic dashboard."""

__version__ = "0.1.0"

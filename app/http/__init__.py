"""Request plumbing, the same for the API, the app's files and the dashboard: body limits,
compression, fast JSON bodies, security headers, precomputed answers, error answers, log
redaction and field paths. Nothing here knows about dogs or clinics."""


def is_dashboard(path: str) -> bool:
    """The clinic's pages: errors answered as pages, never stored, query strings kept out of the log."""
    return path == "/clinic" or path.startswith("/clinic/")

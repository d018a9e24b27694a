"""Request plumbing, the same for the API, the app's files and the dashboard: body limits,
compression, fast JSON bodies, security headers, precomputed answers, error answers, log
redaction and field paths. Nothing here knows about dogs or clinics."""

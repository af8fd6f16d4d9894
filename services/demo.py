"""Demo data for this app (called by `manage.py load_demo`, idempotent)."""


def load(stdout):
    pass

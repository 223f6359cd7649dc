"""`make bench`: what the client costs next to hand-written code, and how fast the tools run."""


class BenchError(Exception):
    """A benchmark that could not measure: its paths disagree, or a run failed or erred."""

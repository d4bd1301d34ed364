"""Career Workshop Kit: career-workshop notebooks with widgets, served by Voila."""

__version__ = "0.1.0"

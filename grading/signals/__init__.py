"""The signals, one module per family; importing this package registers them all."""

from grading.signals import behaviour, content, domain, ping  # noqa: F401  (registration)

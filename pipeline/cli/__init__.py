"""The ``qalam`` command line."""

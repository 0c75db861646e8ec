"""coach: a command-line coach and casebook for customer-service teams."""

__version__ = "0.1.0"

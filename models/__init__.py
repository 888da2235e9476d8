"""Detainer Desk's core: data, rules and documents, with no Qt anywhere below this package."""

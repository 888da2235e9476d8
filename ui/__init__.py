"""Detainer Desk's Qt user interface. No SQL here: every query is a call into ``models``."""

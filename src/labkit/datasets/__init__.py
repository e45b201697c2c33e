"""Data the labs work on: real public data and the case-study generator."""

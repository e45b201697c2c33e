"""Trainer workflow on top of nbgrader: course tree, student copies, autograding."""

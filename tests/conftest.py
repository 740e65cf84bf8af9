"""Shared pytest setup: pytester for testing the scenario plugin."""

pytest_plugins = ["pytester"]

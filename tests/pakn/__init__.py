"""Tests of the PAKN feature."""

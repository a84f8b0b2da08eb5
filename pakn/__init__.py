"""Citizen feedback (phản ánh, kiến nghị — PAKN): storage, staff workflow, reports."""

"""Plumbing shared by every package: settings, database, migrations, PII masking, Vietnam time."""

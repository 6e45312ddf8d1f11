"""Viện trợ PCP: aid programmes and projects not ODA, their disbursements, rule R13."""

"""hatrack.sts"""

"""hatrack.cli"""

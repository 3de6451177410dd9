"""hatrack.api"""

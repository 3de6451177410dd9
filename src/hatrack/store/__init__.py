"""hatrack.store"""

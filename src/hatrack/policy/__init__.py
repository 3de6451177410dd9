"""hatrack.policy"""

"""hatrack.evaluation"""

"""hatrack.audit"""

"""hatrack.sigv4"""

"""hatrack.credentials"""

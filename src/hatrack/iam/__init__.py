"""hatrack.iam"""

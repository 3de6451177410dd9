"""Test support: throwaway PostgreSQL, real server processes."""

"""Plain loop versions of the engine's operations. Nothing here imports ``engine``."""

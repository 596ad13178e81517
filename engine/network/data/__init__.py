"""Data sets for training the presets, all NumPy: handwritten digits and generated shapes."""

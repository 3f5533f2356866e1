"""Routine files: the model, the loader and its errors, the exercise library."""

"""Analyses: one module per insight, each SQL run through the engine seam."""

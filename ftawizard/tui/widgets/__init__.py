"""Reusable widgets. They collect input and post messages; they never decide eligibility."""

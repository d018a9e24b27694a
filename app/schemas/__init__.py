"""Shapes exchanged with the phone, published as JSON Schema."""

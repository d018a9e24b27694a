"""Business logic as keyword-only functions. No HTTP here: routes translate, services decide."""

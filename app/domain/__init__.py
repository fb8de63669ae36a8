"""Plain typed objects and pure functions: every rule of national-format.md §4–§5, once."""

"""The national file (national-format.md): its description, the writer and the receiver's validator."""

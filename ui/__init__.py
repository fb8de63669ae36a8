"""Qt widgets, models and dialogs. Shows and asks; calls app/ services; holds no rules and no SQL."""

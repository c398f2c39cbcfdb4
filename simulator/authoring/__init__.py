"""Case and blueprint files: loading with line-numbered problems, writing, JSON Schema."""

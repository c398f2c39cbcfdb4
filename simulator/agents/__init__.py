"""Reference policies that drive the engine as a student would: expert, routines, random."""

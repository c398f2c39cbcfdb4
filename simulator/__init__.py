"""massage-sim: a clinical-reasoning simulator for sports massage and sciatica."""

__version__ = "0.1.0"

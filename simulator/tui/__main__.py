"""`python -m simulator.tui`: the app's home screen."""

import sys

from simulator.tui.launch import run_app

sys.exit(run_app())

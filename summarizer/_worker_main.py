"""Entry point of the worker process (`python -m summarizer._worker_main`); see summarizer.worker."""

import os
import sys

from .worker import serve

frames_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
sys.stdout = sys.stderr  # nothing printed by accident may corrupt the frames
serve(sys.stdin.buffer, frames_out)

"""Batch API backfills: the pipeline's requests as OpenAI Batch jobs, their answers into the cache."""

from .files import MAX_BYTES, MAX_REQUESTS, input_line, parse_output, split_lines
from .jobs import Collected, Job, Submitted, asubmit, batch_client, collect, status

__all__ = ["MAX_BYTES", "MAX_REQUESTS", "Collected", "Job", "Submitted", "asubmit", "batch_client", "collect",
           "input_line", "parse_output", "split_lines", "status"]

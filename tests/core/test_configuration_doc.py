"""docs/configuration.md lists every setting as the code has it."""

from conftest import ROOT

from summarizer.core.settings import configuration_markdown


def test_the_configuration_page_is_current() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert page == configuration_markdown(), "run: python -m summarizer.core.settings > docs/configuration.md"

"""The README keeps up with the code: every command and every setting is documented."""

from __future__ import annotations

import dataclasses
import re

from extratex_kg.cli import main
from extratex_kg.config import Settings

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    for name in main.commands:
        assert f"`extratex-kg {name}" in README, f"README does not document `extratex-kg {name}`"


def test_every_setting_is_documented() -> None:
    for field in dataclasses.fields(Settings):
        assert f"`{field.name}`" in README, f"README does not document the setting {field.name}"


def test_every_environment_variable_is_documented() -> None:
    source = (ROOT / "src" / "extratex_kg" / "config.py").read_text(encoding="utf-8")
    for name in re.findall(r'ENV_PREFIX \+ "(\w+)"', source):
        assert f"EXTRATEX_KG_{name}" in README, f"README does not document EXTRATEX_KG_{name}"


def test_the_ci_runs_the_readme_test_command() -> None:
    assert "./dev test" in README
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("exec ./dev test")

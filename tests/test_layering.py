"""Library first, web last: no module outside web/ and cli.py imports Flask, even indirectly."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_library_modules_do_not_import_flask() -> None:
    package = ROOT / "src" / "extratex_kg"
    modules = sorted(
        f"extratex_kg.{path.stem}" for path in package.glob("*.py") if path.stem not in ("__init__", "cli")
    )
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('flask' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False", f"a library module pulls in Flask: {modules}"
    assert len(modules) > 20

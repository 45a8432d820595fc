"""Every `whylens` command pays the start-up of the command line: the statistics and learning
libraries, which only some analyses use, are imported where they are used, not at start-up."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("scipy", "sklearn")


def test_the_command_line_starts_without_scipy_or_sklearn():
    code = (
        "import json, sys; import whylens.cli.main; "
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert "whylens" in loaded
    assert not loaded & set(HEAVY), f"imported at start-up: {sorted(loaded & set(HEAVY))}"

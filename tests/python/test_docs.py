# SPDX-License-Identifier: Apache-2.0
# docs/python.md runs as written: its ```python blocks, in order, in one namespace, from a scratch
# directory that has the repository's scenarios/ (so the figure it saves lands there).
import os
import re
import time

from conftest import SOURCE


def test_python_md_runs_as_written(tmp_path, monkeypatch, capsys):
    text = (SOURCE / "docs" / "python.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)
    assert len(blocks) >= 4
    (tmp_path / "scenarios").symlink_to(SOURCE / "scenarios")
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__docs__"}
    start = time.monotonic()
    for i, code in enumerate(blocks):
        exec(compile(code, f"docs/python.md block {i + 1}", "exec"), namespace)
    out = capsys.readouterr().out
    assert time.monotonic() - start < 120 * int(os.environ.get("GEOSIM_TEST_TIME_SCALE", "1"))
    # What the text says it shows: a sweep over the design, a box denser than the whole, a figure.
    assert len(namespace["points"]) == 24
    box, target = namespace["box"], namespace["target"]
    assert 0.05 < box.mean() <= 0.10 and target[box].mean() > target.mean() + 0.05
    assert "in the box" in out
    assert (tmp_path / "forest.png").stat().st_size > 10_000
    assert (tmp_path / "forest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

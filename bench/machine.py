"""What the figures were measured on: the machine and the versions of everything involved."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> float | None:
    """1-minute load average: other work on the machine slows the figures down."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def memory_bytes() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def versions() -> dict[str, str]:
    found = {"Python": platform.python_version()}
    for package in ("whylens", "duckdb", "pyarrow", "pandas", "numpy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = _module_version(package)
    return found


def whylens_source(root: Path) -> str:
    """The commit measured, and whether src/ had uncommitted changes (others edit it too)."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"git {commit}" + (" with uncommitted changes in src/" if dirty else "")


def _module_version(package: str) -> str:
    """For a package on the path but not installed (running from a checkout)."""
    try:
        return str(__import__(package).__version__)
    except (ImportError, AttributeError):
        return "not installed"


def describe() -> dict[str, str]:
    memory = memory_bytes()
    return {
        "CPU": cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": f"{memory / 2**30:.1f} GiB" if memory else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
    }

"""What processes a run or a server left behind: read from /proc, as `ps` would."""
from __future__ import annotations

import time
from pathlib import Path


def descendants(pid: int) -> set[int]:
    """Every process below `pid`: children, their children, and so on."""
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, set()).add(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def still_alive(pids: set[int], wait: float = 120) -> set[int]:
    """The pids still running (zombies do not count) after waiting up to `wait` seconds for them to end."""
    deadline = time.monotonic() + wait
    while True:
        alive = {pid for pid in pids if _running(pid)}
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.5)


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

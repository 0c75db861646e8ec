"""Run a command and report its own peak memory: `python peak_rss.py OUT -- CMD ARGS...`.

A child's maximum resident set size, as the kernel counts it, includes the pages of the
process it was forked from (up to its `exec`): a benchmark or a test suite that holds
hundreds of MB would show its own size as the child's. This launcher is a small, freshly
exec'd process; it forks the command from itself and writes the command's peak RSS in KB
(from `os.wait4`) to OUT. It exits with the command's exit code.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    out, separator, *command = sys.argv[1:]
    if separator != "--" or not command:
        sys.exit(__doc__)
    pid = os.fork()
    if pid == 0:  # the child: replace it with the command at once
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    # ru_maxrss is in KB on Linux and in bytes on macOS.
    peak_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    with open(out, "w") as handle:
        handle.write(f"{peak_kb}\n")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())

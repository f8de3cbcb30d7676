"""Run a command and write its peak RSS (KiB) to a file, for the corpus's memory bounds.

A process forked from the test process counts that process's resident memory as its own
until it execs (and ``ru_maxrss`` keeps the high-water mark), so a case started straight from
a large pytest process would be charged for pytest. Started from this small process instead,
the command's peak is its own.

    python launch.py PEAK_FILE COMMAND [ARG...]
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys


def main() -> int:
    """Run the command, record its peak RSS, and exit as it did."""
    peak_file, *argv = sys.argv[1:]
    child = subprocess.Popen(argv)
    # Ctrl-C reaches the whole process group: it is the command's to handle, not ours.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    code = child.wait()
    with open(peak_file, "w", encoding="ascii") as handle:
        handle.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    if code < 0:  # killed by a signal: die of the same one
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Adds the flow-meter peer of bench/capture to the bench-only environment (bench/.venv, gitignored):
# cicflowmeter 0.2.0 from PyPI, the Python port of CICFlowMeter.
#
# 0.2.0 is the newest release that installs on Python 3.11 (0.3.0 and later require 3.12). Its
# metadata asks for numpy < 2, but bench/.venv pins numpy 2.4.6 for scikit-learn: it is installed with
# --no-deps, its dependencies pinned in requirements-capture.txt, and numpy and scipy are the ones
# setup.sh put there (it calls only numpy.mean, var, sqrt and median; the flows it writes are the same
# under numpy 1.26, checked on the shared captures). scapy stays at 2.5.0: 0.2.0 hooks into scapy's
# session API, which 2.6 changed. It filters offline captures through tcpdump (`ip and (tcp or udp)`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/../.venv"
bash "$here/setup.sh"
"$venv/bin/pip" install -q -r "$here/requirements-capture.txt"
"$venv/bin/pip" install -q --no-deps cicflowmeter==0.2.0
command -v tcpdump >/dev/null || echo "tcpdump not found: cicflowmeter needs it to read capture files (apt-get install tcpdump)" >&2
"$venv/bin/python" -c 'import importlib.metadata as m; print("cicflowmeter", m.version("cicflowmeter"), "scapy", m.version("scapy"), "ready in", __import__("sys").prefix)'

#!/usr/bin/env bash
# Creates the bench-only Python environment for the scikit-learn peer (bench/.venv, gitignored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/../.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q -r "$here/requirements.txt"
"$venv/bin/python" -c 'import sklearn; print("scikit-learn", sklearn.__version__, "ready in", __import__("sys").prefix)'

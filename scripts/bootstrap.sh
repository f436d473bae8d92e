#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the locked dependency set, only when needed.
# Used by `make run` and `make test`; safe to run again (it does nothing when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."

want="$(cat .python-version)"
find_python() {
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}/versions/$want/bin/python" \
                   "$(command -v "python${want%.*}" 2>/dev/null || true)" \
                   "$(command -v python3 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && \
       "$candidate" -c "import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)" 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Python 3.10 not found (wanted $want; install it with pyenv: pyenv install $want)" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python="$(find_python)"
  echo "creating .venv with $python"
  "$python" -m venv .venv
fi

stamp=.venv/.opvanglijn-installed
digest="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  echo "installing dependencies (log: var/install.log) ..."
  mkdir -p var
  {
    .venv/bin/python -m pip install --upgrade "pip<25" wheel
    .venv/bin/python -m pip install -r requirements.lock
    .venv/bin/python -m pip install --no-deps -e .
  } > var/install.log 2>&1 || { tail -n 30 var/install.log; echo "install failed; full log: var/install.log" >&2; exit 1; }
  echo "$digest" > "$stamp"
fi

#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle of Sổ Đối ngoại.
#
#   installer/build.sh [--console]
#
# Output: installer/dist/doingoai/ (run installer/dist/doingoai/doingoai[.exe]).
# Works on Linux and in Git Bash on Windows; PyInstaller does not cross-compile, so the
# Windows bundle (and then the NSIS installer, installer/doingoai.nsi) is built on Windows.
# --console (or DOINGOAI_CONSOLE=1) keeps a console window in the Windows build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[installer] %s\n' "$*"; }
die() { printf '[installer] ERROR: %s\n' "$*" >&2; exit 1; }

PYINSTALLER_SPEC="pyinstaller>=6.10,<7"

for arg in "$@"; do
    case "$arg" in
        --console) export DOINGOAI_CONSOLE=1 ;;
        -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown option: $arg" ;;
    esac
done

# The venv's interpreter: bin/ on Linux and macOS, Scripts/ on Windows.
if [[ -x .venv/bin/python ]]; then
    PY=.venv/bin/python
elif [[ -x .venv/Scripts/python.exe ]]; then
    PY=.venv/Scripts/python.exe
else
    die ".venv is missing: run 'make setup' (Linux) or see installer/README.md (Windows)."
fi

if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
    say "Installing PyInstaller into .venv..."
    "$PY" -m pip install --quiet --disable-pip-version-check "$PYINSTALLER_SPEC"
fi

# Ship compiled catalogs: a frozen app may sit in a folder it cannot write to.
shopt -s nullglob
catalogs=(resources/locale/*/LC_MESSAGES/doingoai.po)
shopt -u nullglob
if ((${#catalogs[@]} > 0)); then
    say "Compiling ${#catalogs[@]} translation catalog(s)..."
    "$PY" -c 'import sys; from babel.messages.frontend import CommandLineInterface as C
sys.exit(C().run(["pybabel", "-q", "compile", "-d", "resources/locale", "-D", "doingoai"]))'
fi

for ts in resources/qt/*.ts; do  # Qt's own dialogs in Vietnamese (desktop/ui/qt_translations.py)
    say "Compiling $ts..."
    "$(dirname "$PY")/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done

say "PyInstaller $("$PY" -m PyInstaller --version) -> installer/dist/doingoai/"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath installer/dist --workpath installer/build \
    installer/doingoai.spec

exe=installer/dist/doingoai/doingoai
[[ -f "$exe" || -f "$exe.exe" ]] || die "PyInstaller finished but $exe is missing."
say "Built $(du -sh installer/dist/doingoai | cut -f1) in installer/dist/doingoai/."

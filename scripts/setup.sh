#!/usr/bin/env bash
# Set up a development machine for Sổ Đối ngoại (doingoai):
#   1. the Debian packages Qt needs (offscreen and a real X11 window), plus Xvfb,
#      ImageMagick, poppler-utils and Liberation 2 fonts, only those missing;
#   2. a virtual environment in .venv with the project installed (editable) and its test extras;
#   3. the compiled translation catalogs (.mo) from resources/locale/*/LC_MESSAGES/doingoai.po,
#      and Qt's own dialogs in Vietnamese (.qm) from resources/qt/*.ts.
#
# Idempotent: when everything is in place it checks, prints a few lines and exits in a
# fraction of a second. The Python part is keyed on .venv/.setup-stamp, which holds the
# sha256 of pyproject.toml; edit pyproject.toml (or delete the stamp) to reinstall.
#
# Environment:
#   PYTHON=/path/to/python3.x   interpreter for the venv (default: first python3 >= 3.11 found)
#   SKIP_APT=1                  do not look at Debian packages at all
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
STAMP="$VENV/.setup-stamp"
MIN_MAJOR=3
MIN_MINOR=11

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# --------------------------------------------------------------------------- Python
# Chosen first: a Debian system python3 needs python3-venv from apt as well.
python_ok() {
    # True when "$1" runs and is at least MIN_MAJOR.MIN_MINOR.
    "$1" -c "import sys; sys.exit(0 if sys.version_info >= ($MIN_MAJOR, $MIN_MINOR) else 1)" \
        >/dev/null 2>&1
}

find_python() {
    local cand
    if [[ -n "${PYTHON:-}" ]]; then
        python_ok "$PYTHON" || die "PYTHON=$PYTHON is not Python >= $MIN_MAJOR.$MIN_MINOR."
        printf '%s\n' "$PYTHON"
        return
    fi
    for cand in python3 python3.13 python3.12 python3.11 \
                "${HOME:-/root}/.pyenv/shims/python3" /usr/local/bin/python3 /usr/bin/python3; do
        if command -v "$cand" >/dev/null 2>&1 && python_ok "$(command -v "$cand")"; then
            command -v "$cand"
            return
        fi
    done
    local found="none"
    if command -v python3 >/dev/null 2>&1; then
        found="$(python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || echo '?')"
    fi
    die "Python >= $MIN_MAJOR.$MIN_MINOR is required (python3 on PATH: $found). Install it, or set PYTHON=/path/to/python3.11."
}

venv_ok() {
    [[ -x "$VENV/bin/python" ]] && python_ok "$VENV/bin/python" \
        && [[ -x "$VENV/bin/pip" ]]
}

PY=""
if ! venv_ok; then
    PY="$(find_python)"
fi

# --------------------------------------------------------------------------- Debian packages
APT_PACKAGES=(
    # Qt offscreen platform
    libegl1 libgl1 libglx0 libglvnd0 libxkbcommon0 libfontconfig1 libfreetype6
    libglib2.0-0 libx11-6 libxcb1 libdbus-1-3
    # Qt xcb platform (a real X11 window, e.g. under Xvfb)
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1
    libxkbcommon-x11-0 libx11-xcb1 libxcb-util1
    # tools: virtual display, screenshots, PDF to PNG, fonts with every Vietnamese letter
    xvfb xauth imagemagick poppler-utils fonts-liberation2
)

# Debian's own python3 has no ensurepip until python3-venv is installed.
if [[ -n "$PY" ]] && [[ "$(readlink -f "$PY")" == /usr/bin/* ]] \
        && ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    APT_PACKAGES+=(python3-venv)
fi

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

if [[ "${SKIP_APT:-0}" == "1" ]]; then
    say "SKIP_APT=1: not checking Debian packages."
elif ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    say "Not a Debian/apt system: skipping system packages."
    say "Note: Qt needs OpenGL/EGL, xkbcommon, fontconfig, freetype, glib, dbus and the xcb libraries;"
    say "      screenshots need Xvfb and ImageMagick. Install them with your package manager."
else
    # One dpkg-query for the whole list (a package dpkg never heard of prints nothing).
    installed=" $(dpkg-query -W -f='${Package}:${Status}\n' "${APT_PACKAGES[@]}" 2>/dev/null \
        | sed -n 's/:install ok installed$//p' | tr '\n' ' ' || true) "
    missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        [[ "$installed" == *" $pkg "* ]] || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        say "System packages: all ${#APT_PACKAGES[@]} present."
    else
        say "Installing ${#missing[@]} missing system package(s): ${missing[*]}"
        SUDO=()
        if [[ "$(id -u)" != "0" ]]; then
            command -v sudo >/dev/null 2>&1 \
                || die "Not root and no sudo: install these packages by hand: ${missing[*]}"
            SUDO=(sudo)
        fi
        export DEBIAN_FRONTEND=noninteractive
        # Another apt-get (or the system's automatic updates) may hold the package lock: wait for it,
        # a bounded time, instead of failing at once.
        wait="${APT_LOCK_WAIT:-300}"
        apt_get() {
            # DPkg::Lock::Timeout makes `install` wait for the dpkg lock; `update` takes the lists
            # lock, which apt does not wait for: retry it while the lock is held, up to the same time.
            local started=$SECONDS err
            err="$(mktemp)"
            until "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout="$wait" -o Acquire::Retries=2 "$@" 2>"$err"; do
                if grep -q "Could not get lock" "$err" && ((SECONDS - started < wait)); then
                    say "Another program holds the package lock ($(grep -o 'held by process [0-9]* ([^)]*)' "$err" \
                        | head -1)); waiting…"
                    sleep 5
                    continue
                fi
                cat "$err" >&2
                rm -f "$err"
                die "apt-get $1 failed. If another apt-get or the automatic updates were running, they held \
the package lock for more than ${wait}s: let them finish and run this again (APT_LOCK_WAIT=SECONDS waits longer)."
            done
            rm -f "$err"
        }
        say "(waiting up to ${wait}s if another apt-get holds the package lock)"
        apt_get update -qq
        apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        still=()
        for pkg in "${missing[@]}"; do
            is_installed "$pkg" || still+=("$pkg")
        done
        ((${#still[@]} == 0)) || die "apt-get did not install: ${still[*]}"
        say "System packages installed."
    fi
fi

# --------------------------------------------------------------------------- venv + project
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"

if ! venv_ok; then
    if [[ -e "$VENV" ]]; then
        say "Existing .venv is broken or older than Python $MIN_MAJOR.$MIN_MINOR: recreating it."
        rm -rf "$VENV"
    fi
    say "Creating .venv with $PY ($("$PY" -c 'import sys; print(sys.version.split()[0])'))."
    "$PY" -m venv "$VENV"
fi

have="$(cat "$STAMP" 2>/dev/null || true)"
if [[ "$have" == "$want" ]]; then
    say "Python packages: up to date (.venv/.setup-stamp matches pyproject.toml)."
else
    say "Installing the project and its test tools into .venv (pip install -e \".[test]\")..."
    export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
    "$VENV/bin/python" -m pip install --quiet --progress-bar off -e ".[test]"
    printf '%s\n' "$want" >"$STAMP"
    say "Python packages installed."
fi

# --------------------------------------------------------------------------- translations
shopt -s nullglob
catalogs=(resources/locale/*/LC_MESSAGES/doingoai.po)
shopt -u nullglob
if ((${#catalogs[@]} == 0)); then
    say "Translations: no doingoai.po catalogs yet, nothing to compile."
else
    stale=0
    for po in "${catalogs[@]}"; do
        mo="${po%.po}.mo"
        if [[ ! -f "$mo" || "$po" -nt "$mo" ]]; then
            stale=1
        fi
    done
    if ((stale)); then
        say "Compiling ${#catalogs[@]} translation catalog(s)..."
        [[ -x "$VENV/bin/pybabel" ]] || die "pybabel missing from .venv (Babel is a dependency in pyproject.toml)."
        "$VENV/bin/pybabel" -q compile -d resources/locale -D doingoai
    else
        say "Translations: compiled catalogs are up to date."
    fi
fi

# Qt's own dialogs and buttons in Vietnamese: resources/qt/*.ts compiled with the lrelease PySide6 ships
for ts in resources/qt/*.ts; do
    qm="${ts%.ts}.qm"
    if [[ ! -f "$qm" || "$ts" -nt "$qm" ]]; then
        say "Compiling $ts for Qt's dialogs..."
        "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm" || die "pyside6-lrelease could not compile $ts."
    fi
done

say "Done."

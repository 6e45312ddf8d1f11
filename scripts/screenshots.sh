#!/usr/bin/env bash
# Screenshots of real application windows (xcb platform, not offscreen).
#
#   scripts/screenshots.sh [OUTPUT_DIR]      (default: docs/screenshots)
#
# With no DISPLAY set, starts `Xvfb :99 -screen 0 1366x768x24` for the run and stops it
# afterwards; with DISPLAY set, uses that display. The pictures are made by
# `python -m desktop.ui.screenshots OUTPUT_DIR`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OUT="${1:-docs/screenshots}"
PY="$ROOT/.venv/bin/python"
XVFB_DISPLAY=":99"

say() { printf '[screenshots] %s\n' "$*"; }
die() { printf '[screenshots] ERROR: %s\n' "$*" >&2; exit 1; }

[[ -x "$PY" ]] || die ".venv is missing: run 'make setup' (or scripts/setup.sh) first."
mkdir -p "$OUT"

XVFB_PID=""
cleanup() {
    if [[ -n "$XVFB_PID" ]]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z "${DISPLAY:-}" ]]; then
    command -v Xvfb >/dev/null 2>&1 || die "Xvfb not found: run scripts/setup.sh (Debian package xvfb)."
    n="${XVFB_DISPLAY#:}"
    if [[ -e "/tmp/.X${n}-lock" ]]; then
        lock_pid="$(tr -dc '0-9' <"/tmp/.X${n}-lock" || true)"
        if [[ -n "$lock_pid" ]] && kill -0 "$lock_pid" 2>/dev/null; then
            die "display $XVFB_DISPLAY is in use (X server pid $lock_pid): stop it, or run with DISPLAY=$XVFB_DISPLAY to use it."
        fi
        say "Removing the stale lock of a dead X server on $XVFB_DISPLAY."
        rm -f "/tmp/.X${n}-lock" "/tmp/.X11-unix/X${n}"
    fi
    say "Starting Xvfb $XVFB_DISPLAY (1366x768x24)."
    Xvfb "$XVFB_DISPLAY" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 1 50); do
        [[ -S "/tmp/.X11-unix/X${n}" ]] && break
        kill -0 "$XVFB_PID" 2>/dev/null || die "Xvfb exited at start."
        sleep 0.1
    done
    [[ -S "/tmp/.X11-unix/X${n}" ]] || die "Xvfb did not come up on $XVFB_DISPLAY."
    export DISPLAY="$XVFB_DISPLAY"
else
    say "Using DISPLAY=$DISPLAY."
fi

# A real window: make sure an inherited QT_QPA_PLATFORM=offscreen does not win.
export QT_QPA_PLATFORM=xcb
say "Writing screenshots to $OUT/."
"$PY" -m desktop.ui.screenshots "$OUT"
say "Done."

#!/usr/bin/env bash
# Refresh the translation catalogs of Sổ Đối ngoại (doingoai) from the source code:
#   1. pybabel extract: every string in _(), N_(), ngettext() (desktop/**) and tr(), trn()
#      (desktop/domain) -> resources/locale/doingoai.pot, sorted by file, unwrapped;
#   2. pybabel update (init the first time) of each language in LANGUAGES below;
#   3. a report of the entries still untranslated or fuzzy, which the app shows in Vietnamese.
#
# Then translate the empty msgstr "" entries (and check the "#, fuzzy" ones, then remove
# that flag) in resources/locale/<lang>/LC_MESSAGES/doingoai.po; tests/test_i18n.py fails
# while any is left. The app compiles .po to .mo by itself; `make setup` does it too.
#
# Usage: scripts/update_catalog.sh [--check]      --check: exit 1 when anything is untranslated
#        scripts/update_catalog.sh --pot-only FILE  only extract, into FILE (tests/test_i18n.py)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DOMAIN=doingoai
LOCALE_DIR=resources/locale
POT="$LOCALE_DIR/$DOMAIN.pot"
LANGUAGES=(en)
PYBABEL="${PYBABEL:-$ROOT/.venv/bin/pybabel}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
CHECK=0
case "${1:-}" in
    --check) CHECK=1 ;;
    --pot-only) POT="${2:?--pot-only needs a file name}"; LANGUAGES=() ;;
    "") ;;
    *) printf 'usage: %s [--check | --pot-only FILE]\n' "$0" >&2; exit 2 ;;
esac

say() { printf '[po] %s\n' "$*"; }
[[ -x "$PYBABEL" ]] || { say "ERROR: $PYBABEL missing: run 'make setup' first." >&2; exit 2; }

VERSION="$("$PYTHON" -c 'import desktop; print(desktop.__version__)')"

# The keywords the code uses; the defaults are off so nothing else is picked up by accident.
"$PYBABEL" -q extract -F babel.cfg --no-default-keywords \
    -k _ -k N_ -k tr -k trn:1,2 -k ngettext:1,2 \
    --add-comments=TRANSLATORS: --no-wrap --sort-by-file \
    --project="Sổ Đối ngoại" --version="$VERSION" --copyright-holder="Sổ Đối ngoại" \
    -o "$POT" .

# `_(ENUM_LABELS["status"][v])` makes Babel pick up the dictionary key "status" as if it were
# a message: drop such code keys (lower-case ASCII identifiers), which are never shown.
"$PYTHON" - "$POT" <<'PY'
import re
import sys

from babel.messages.pofile import read_po, write_po

pot = sys.argv[1]
with open(pot, "rb") as fh:
    catalog = read_po(fh)
keys = [m.id for m in catalog if isinstance(m.id, str) and re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", m.id)]
for key in keys:
    del catalog[key]
with open(pot, "wb") as fh:
    write_po(fh, catalog, width=None)
print(f"[po] Extracted {len(catalog)} message(s) into {pot}" + (f" (ignored code keys: {', '.join(keys)})" if keys else "") + ".")
PY

((${#LANGUAGES[@]})) || exit 0

for lang in "${LANGUAGES[@]}"; do
    po="$LOCALE_DIR/$lang/LC_MESSAGES/$DOMAIN.po"
    if [[ -f "$po" ]]; then
        "$PYBABEL" -q update -i "$POT" -d "$LOCALE_DIR" -D "$DOMAIN" -l "$lang" \
            --no-wrap --ignore-obsolete --previous --ignore-pot-creation-date
    else
        "$PYBABEL" -q init -i "$POT" -d "$LOCALE_DIR" -D "$DOMAIN" -l "$lang" --no-wrap
    fi
done

# Report: how many entries each catalog still lacks, and the first of them.
"$PYTHON" - "$CHECK" "$LOCALE_DIR" "$DOMAIN" "${LANGUAGES[@]}" <<'PY'
import sys
from pathlib import Path

from babel.messages.pofile import read_po

check, locale_dir, domain, *languages = sys.argv[1:]
missing_any = False
for lang in languages:
    po = Path(locale_dir) / lang / "LC_MESSAGES" / f"{domain}.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    entries = [m for m in catalog if m.id]
    todo = [m for m in entries if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,))]
    missing_any = missing_any or bool(todo)
    print(f"[po] {lang}: {len(entries)} message(s), {len(todo)} untranslated or fuzzy ({po})")
    for m in todo[:20]:
        msgid = m.id[0] if isinstance(m.id, tuple) else m.id
        print(f"[po]   {'fuzzy' if m.fuzzy else 'empty'}: {msgid}")
    if len(todo) > 20:
        print(f"[po]   ... and {len(todo) - 20} more")
sys.exit(1 if check == "1" and missing_any else 0)
PY

#!/usr/bin/env bash
# Idempotent set-up, run by both README commands (npm run briefing, npm test):
#  1. Debian libraries that node-canvas builds against (a dev dependency here, for the tests
#     of the optional PNG charts), plus poppler-utils, qpdf, LibreOffice Impress (the test
#     that opens slides.pptx converts it to PDF), zsh (completion test), redis-server (the
#     service's job tests) and chromium (the studio page test), installed only when missing;
#  2. npm packages, installed only when package-lock.json changed since the last install;
#  3. TypeScript compiled to dist/, and the CLI bundled into dist/bundle/ (scripts/bundle.mjs),
#     only when a source is newer than the last compile.
# When everything is in place it does three cheap checks and exits.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev pkg-config poppler-utils qpdf libreoffice-impress zsh redis-server chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  # One installer at a time on this machine (several checkouts may set up at once).
  (
    command -v flock >/dev/null && flock -w 1800 9
    $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -o DPkg::Lock::Timeout=900 -y -qq --no-install-recommends "${missing[@]}" >&2
  ) 9>"${TMPDIR:-/tmp}/briefing-setup-apt.lock"
fi

stamp=node_modules/.briefing-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm packages (node-canvas builds from source; this takes a minute)" >&2
  npm ci --no-audit --no-fund >&2
  echo "$want" > "$stamp"
fi

if [ ! -f dist/.compiled ] || [ -n "$(find src templates tsconfig.json package.json scripts/bundle.mjs scripts/country-bounds.mjs scripts/precompile-templates.mjs -newer dist/.compiled -print -quit)" ]; then
  node_modules/.bin/tsc -p tsconfig.json
  node scripts/bundle.mjs
  touch dist/.compiled
fi

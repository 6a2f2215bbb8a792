#!/usr/bin/env bash
# Runs a command inside a D-Bus session with an unlocked gnome-keyring, so keytar talks to a real
# Secret Service. If a session bus already exists (a desktop login), the command runs as is.
set -euo pipefail
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || ! command -v dbus-run-session >/dev/null; then
  exec "$@"
fi
exec dbus-run-session -- bash -c '
  echo -n "tidewatch-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
  exec "$@"' bash "$@"

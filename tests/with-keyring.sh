#!/usr/bin/env bash
# Runs a command inside a D-Bus session with an unlocked gnome-keyring, so keytar talks to a real
# Secret Service. If a session bus already exists (a desktop login), the command runs as is.
set -euo pipefail
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || ! command -v dbus-run-session >/dev/null; then
  exec "$@"
fi
# The keyring lives in a fresh folder each run: a login keyring left by an earlier session with another
# password would stay locked and every keychain write would fail.
keyring_home=$(mktemp -d /tmp/tidewatch-keyring.XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
dbus-run-session -- bash -c '
  echo -n "tidewatch-test" | XDG_DATA_HOME="$0" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
  exec "$@"' "$keyring_home" "$@"

#!/usr/bin/env bash
# Run before `npm test` and `npm start` (npm's pretest/prestart): the local stack and the tests need Java 17
# (DynamoDB Local), Chromium (browser tests) and the AWS CLI v2 (tested against the local endpoints). Installs what is
# missing where it may (root with apt-get: a fresh Debian machine or CI); otherwise names the one command to run.
# REDRESS_SKIP_PREREQUISITES=1 skips the check (e.g. a machine that provides them at other paths via $CHROMIUM, $AWS_CLI).
set -euo pipefail
[ "${REDRESS_SKIP_PREREQUISITES:-}" = "1" ] && exit 0
mode="${1:-test}"

has_aws_v2() {
  if [ -n "${AWS_CLI:-}" ]; then return 0; fi
  local IFS=:
  for dir in $PATH; do
    [ -x "$dir/aws" ] && "$dir/aws" --version 2>/dev/null | grep -q '^aws-cli/2\.' && return 0
  done
  return 1
}
has_chromium() {
  [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1
}

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
if [ "$mode" = "test" ]; then
  has_chromium || need+=(chromium)
  has_aws_v2 || need+=(awscli)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "prerequisites: installing ${need[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "prerequisites: missing ${need[*]}. Install them once with:" >&2
echo "  sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
exit 1

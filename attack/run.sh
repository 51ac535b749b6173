#!/usr/bin/env bash
# The attack test in its long form: each flood for a minute, implementation6
# and fuzz_ip6 to their end. Root; installs Debian's thc-ipv6 and ipv6toolkit
# when missing. The table of results goes to stdout and to
# ${V6CT_ATTACK_REPORT:-attack-report.md}.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v atk6-flood_router26 >/dev/null || ! command -v frag6 >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq thc-ipv6 ipv6toolkit >/dev/null
fi
export V6CT_ATTACK=1 V6CT_ATTACK_REPORT="${V6CT_ATTACK_REPORT:-$PWD/attack-report.md}"
go test -count=1 -v -timeout 60m ./attack/ "$@"

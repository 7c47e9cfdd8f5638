#!/usr/bin/env bash
# The images' HEALTHCHECK: exit 0 when GET http://127.0.0.1:${CEREON_HEALTH_PORT:-8080}<path> answers 200.
#
#   cereon-healthcheck [path]    path defaults to /health/ready
#
# The ASP.NET Core runtime image has neither curl nor wget, and adding either for one probe would grow the image and
# its attack surface; bash's /dev/tcp speaks the one HTTP/1.1 request needed.
set -euo pipefail
path="${1:-/health/ready}"
port="${CEREON_HEALTH_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3
[[ $status == "HTTP/1.1 200 "* ]]

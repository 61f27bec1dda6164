/** An ES module given as source text, as a `data:` URL a worker can load: no file on disk, from sources or build/ alike. */
export function moduleUrl(source: string): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

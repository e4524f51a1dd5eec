/**
 * "Chrome 126 on Linux" from a User-Agent header, for the audit log's client column (the full
 * string stays available on hover). Order matters: Edge and Opera also say "Chrome", Chrome also
 * says "Safari". Command-line clients (curl, wscat, scripts) show their own product token.
 */
const browsers: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)(?:\.\d+)*.*Safari\//, 'Safari'],
];

const systems: [RegExp, string][] = [
  [/Windows NT/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Linux|X11/, 'Linux'],
];

export function describeUserAgent(userAgent: string | null | undefined): string | null {
  const ua = userAgent?.trim();
  if (!ua) return null;
  const browser = browsers.find(([pattern]) => pattern.test(ua));
  const system = systems.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser) {
    const version = browser[0].exec(ua)?.[1];
    const name = version ? `${browser[1]} ${version}` : browser[1];
    return system ? `${name} on ${system}` : name;
  }
  // Not a browser: the first product token, e.g. "curl/8.5.0" → "curl 8.5.0".
  const product = /^([\w.-]+)(?:\/([\w.-]+))?/.exec(ua);
  if (!product?.[1]) return ua.slice(0, 40);
  return product[2] ? `${product[1]} ${product[2]}` : product[1];
}

/**
 * Kong 3.x route paths: a leading `~` marks a regex, which Kong anchors at
 * the start of the path; anything else is a prefix.
 */
export function routePathMatcher(path: string): RegExp {
  if (path.startsWith("~")) return new RegExp(`^${path.slice(1)}`);
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped}`);
}

/** True when a route path matches one request path only (an anchored regex). */
export function isExactRoutePath(path: string): boolean {
  return path.startsWith("~") && path.endsWith("$") && !path.endsWith("\\$");
}

/**
 * ClearML's `*.get_all` calls match `name` as a regular expression (Python's `re`). This escapes a literal
 * name for such a pattern, so that `sales.v2` matches only itself and `a+b` is not read as a pattern.
 */
export function escapeNamePattern(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The `name` filter that matches exactly this name (callers still compare the answers exactly). */
export function exactNamePattern(name: string): string {
  return `^${escapeNamePattern(name)}$`;
}

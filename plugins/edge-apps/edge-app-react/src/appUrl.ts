/** What the page can do with the app's configured address. */
export type AppUrlCheck =
  | { kind: 'not-configured' }
  | { kind: 'frame'; url: string }
  | { kind: 'refused'; problem: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks the address an app is framed from (`configKey`, e.g. `clearml.webAppUrl`) against the portal's
 * own origin. An app must be on a host name of its own: on the portal's origin, or on a name under the
 * portal's (where the portal's cookies are sent too), any script it serves could call the portal's
 * `/api/auth/.../refresh` with the viewer's cookies and take their portal token.
 */
export function checkAppUrl(
  value: string | undefined,
  configKey: string,
  portalOrigin: string,
): AppUrlCheck {
  if (!value) {
    return { kind: 'not-configured' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      kind: 'refused',
      problem: `${configKey} must be an absolute address such as https://app.example.org/, not "${value}".`,
    };
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))
  ) {
    return {
      kind: 'refused',
      problem: `${configKey} must be an https:// address (plain http only on this machine), not "${value}".`,
    };
  }
  const portal = new URL(portalOrigin);
  if (
    url.origin === portal.origin ||
    url.hostname === portal.hostname ||
    url.hostname.endsWith(`.${portal.hostname}`)
  ) {
    return {
      kind: 'refused',
      problem: `${configKey} (${value}) is on the portal's own host name ${portal.hostname}: the app must have a host name of its own, outside the portal's, or any script it serves could take your portal session. It is not shown here.`,
    };
  }
  return { kind: 'frame', url: url.toString() };
}

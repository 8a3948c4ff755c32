import { checkAppUrl } from './appUrl';

const portal = 'https://portal.example.org';

describe('checkAppUrl', () => {
  it('frames an app on a host name of its own', () => {
    expect(
      checkAppUrl('https://clearml.example.org/', 'clearml.webAppUrl', portal),
    ).toEqual({ kind: 'frame', url: 'https://clearml.example.org/' });
    expect(
      checkAppUrl('https://rath.example.org/rath/', 'rath.webAppUrl', portal),
    ).toEqual({ kind: 'frame', url: 'https://rath.example.org/rath/' });
  });

  it('has nothing to frame without the key (the embedded defaults)', () => {
    expect(checkAppUrl(undefined, 'clearml.webAppUrl', portal)).toEqual({
      kind: 'not-configured',
    });
    expect(checkAppUrl('', 'clearml.webAppUrl', portal)).toEqual({
      kind: 'not-configured',
    });
  });

  it.each([
    ['the portal’s own origin', 'https://portal.example.org/clearml/'],
    ['the portal’s host on another port', 'https://portal.example.org:8443/'],
    ['a name under the portal’s', 'https://clearml.portal.example.org/'],
  ])('refuses %s, naming the key and why', (_, value) => {
    const check = checkAppUrl(value, 'clearml.webAppUrl', portal);
    expect(check.kind).toBe('refused');
    expect(check).toMatchObject({
      problem: expect.stringMatching(
        /^clearml\.webAppUrl .* is on the portal's own host name portal\.example\.org: the app must have a host name of its own/,
      ),
    });
  });

  it.each([
    ['a relative path', '/clearml/', /must be an absolute address/],
    ['plain http to another machine', 'http://clearml.example.org/', /https/],
    // eslint-disable-next-line no-script-url
    ['a javascript: address', 'javascript:alert(1)', /https/],
  ])('refuses %s', (_, value, problem) => {
    const check = checkAppUrl(value, 'rath.webAppUrl', portal);
    expect(check).toMatchObject({
      kind: 'refused',
      problem: expect.stringMatching(problem),
    });
  });

  it('allows plain http on this machine (a local edge)', () => {
    expect(
      checkAppUrl(
        'http://127.0.0.1:8080/',
        'rath.webAppUrl',
        'http://localhost:7007',
      ),
    ).toEqual({ kind: 'frame', url: 'http://127.0.0.1:8080/' });
  });
});

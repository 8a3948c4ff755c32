import { ConfigReader } from '@backstage/config';
import { postLogoutRedirectUri } from './authenticator';

const portal = 'https://portal.example.org';

describe('where Keycloak sends the browser after sign-out', () => {
  it('is the portal itself unless configured', () => {
    expect(postLogoutRedirectUri(new ConfigReader({}), portal)).toBe(portal);
  });

  it('is the edge sign-out when configured, which also ends the ClearML and Rath login', () => {
    const edge = `${portal}/oauth2/sign_out?rd=%2F`;
    expect(
      postLogoutRedirectUri(
        new ConfigReader({ postLogoutRedirectUri: edge }),
        portal,
      ),
    ).toBe(edge);
  });

  it('refuses an address off the portal’s origin or not a URL, naming the setting', () => {
    expect(() =>
      postLogoutRedirectUri(
        new ConfigReader({ postLogoutRedirectUri: 'https://evil.example' }),
        portal,
      ),
    ).toThrow(/postLogoutRedirectUri .* must be on the portal's own origin/);
    expect(() =>
      postLogoutRedirectUri(
        new ConfigReader({ postLogoutRedirectUri: '/oauth2/sign_out' }),
        portal,
      ),
    ).toThrow(/postLogoutRedirectUri .* is not an absolute URL/);
  });
});

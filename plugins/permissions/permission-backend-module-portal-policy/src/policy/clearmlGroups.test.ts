import { mockServices } from '@backstage/backend-test-utils';
import { readClearmlGroups } from './clearmlGroups';

const read = (value?: string) =>
  readClearmlGroups(
    mockServices.rootConfig({
      data:
        value === undefined
          ? {}
          : { permission: { portalPolicy: { clearmlGroups: value } } },
    }),
  );

describe('permission.portalPolicy.clearmlGroups', () => {
  it('defaults to the edge’s default groups for ClearML', () => {
    expect(read()).toEqual([
      'group:default/researchers',
      'group:default/administrators',
    ]);
  });

  it('reads the comma-separated list OAUTH2_PROXY_ALLOWED_GROUPS uses', () => {
    expect(read(' ml-users , Administrators')).toEqual([
      'group:default/ml-users',
      'group:default/administrators',
    ]);
  });

  it('refuses an empty value, naming the key (Backstage’s own check)', () => {
    expect(() => read('')).toThrow(/permission\.portalPolicy\.clearmlGroups/);
  });

  it.each([
    [' , ', /not an empty list/],
    ['researchers,group:default/x', /not a group name: "group:default\/x"/],
    ['team a', /not a group name: "team a"/],
  ])('refuses %p with a sentence naming the key', (value, why) => {
    expect(() => read(value)).toThrow(
      /^permission\.portalPolicy\.clearmlGroups must be Keycloak group names separated by commas/,
    );
    expect(() => read(value)).toThrow(why);
  });
});

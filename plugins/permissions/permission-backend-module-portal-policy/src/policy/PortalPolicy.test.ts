import { mockCredentials } from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCreatePermission,
  taskReadPermission,
  templateManagementPermission,
  templateParameterReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { PortalPolicy } from './PortalPolicy';

const groups: Record<string, string[]> = {
  'user:default/ada': ['user:default/ada', 'group:default/researchers'],
  'user:default/alan': [
    'user:default/alan',
    'group:default/researchers',
    'group:default/administrators',
  ],
};

const policy = new PortalPolicy({
  async getUserInfo(credentials: BackstageCredentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: groups[ref] ?? [ref] };
  },
});

async function decide(permission: Permission, userEntityRef?: string) {
  const user = userEntityRef
    ? {
        credentials: mockCredentials.user(userEntityRef),
        info: {
          userEntityRef,
          ownershipEntityRefs: groups[userEntityRef] ?? [],
        },
      }
    : undefined;
  const decision = await policy.handle({ permission }, user);
  return decision.result;
}

describe('PortalPolicy', () => {
  it.each([
    ['reads the catalog', catalogEntityReadPermission],
    ['reads locations', catalogLocationReadPermission],
    ['runs a template', taskCreatePermission],
    ['reads template parameters', templateParameterReadPermission],
    ['executes template actions', actionExecutePermission],
    ['reads tasks', taskReadPermission],
  ])('lets a researcher do what researchers do: %s', async (_, permission) => {
    expect(await decide(permission, 'user:default/ada')).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it.each([
    ['register a location', catalogLocationCreatePermission],
    ['unregister a location', catalogLocationDeletePermission],
    ['delete an entity', catalogEntityDeletePermission],
    ['manage templates', templateManagementPermission],
  ])('refuses a researcher who tries to %s', async (_, permission) => {
    expect(await decide(permission, 'user:default/ada')).toBe(
      AuthorizeResult.DENY,
    );
  });

  it.each([
    catalogLocationCreatePermission,
    catalogLocationDeletePermission,
    catalogEntityDeletePermission,
    templateManagementPermission,
  ])('lets a member of administrators do $name', async permission => {
    expect(await decide(permission, 'user:default/alan')).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('refuses a user whose groups are unknown the administrators’ actions', async () => {
    expect(
      await decide(catalogLocationCreatePermission, 'user:default/nobody'),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await decide(catalogEntityReadPermission, 'user:default/nobody'),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('refuses everything when there is no user', async () => {
    expect(await decide(catalogEntityReadPermission)).toBe(
      AuthorizeResult.DENY,
    );
  });
});

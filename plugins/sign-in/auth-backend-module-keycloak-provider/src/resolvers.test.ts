import { NotFoundError } from '@backstage/errors';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { Entity } from '@backstage/catalog-model';
import { signInByPreferredUsername, userEntityName } from './resolvers';

/** A catalog with the given users, and the sign-ins the resolver asked for. */
function catalogWith(users: Entity[]) {
  const signedIn: string[] = [];
  const byName = (name: string) => {
    const entity = users.find(u => u.metadata.name === name);
    if (!entity) throw new NotFoundError(`user ${name} not found`);
    return entity;
  };
  const ctx = {
    async findCatalogUser(query: { entityRef: { name: string } }) {
      return { entity: byName(query.entityRef.name) };
    },
    async signInWithCatalogUser(query: { entityRef: { name: string } }) {
      const entity = byName(query.entityRef.name);
      signedIn.push(entity.metadata.name);
      return { token: `token-for-${entity.metadata.name}` };
    },
  } as unknown as AuthResolverContext;
  return { ctx, signedIn };
}

function user(name: string, email: string, keycloakId?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      annotations: keycloakId ? { 'keycloak.org/id': keycloakId } : {},
    },
    spec: { profile: { email } },
  };
}

function signIn(userinfo: Record<string, unknown>, ctx: AuthResolverContext) {
  return signInByPreferredUsername(
    {
      profile: { email: userinfo.email as string },
      result: {
        fullProfile: { userinfo, tokenset: {} },
        session: { accessToken: 'a', tokenType: 'bearer', scope: 'openid' },
      },
    } as any,
    ctx,
  );
}

const ada = user('ada', 'ada@mlops.example', 'id-ada');
const mallory = user('mallory', 'mallory@mlops.example', 'id-mallory');

describe('signInByPreferredUsername', () => {
  it('signs in the catalog user named by the Keycloak username', async () => {
    const { ctx, signedIn } = catalogWith([ada, mallory]);
    await signIn(
      { sub: 'id-ada', preferred_username: 'ada', email: 'ada@mlops.example' },
      ctx,
    );
    expect(signedIn).toEqual(['ada']);
  });

  it('refuses a Keycloak user who is not in the catalog', async () => {
    const { ctx, signedIn } = catalogWith([ada]);
    await expect(
      signIn({ sub: 'id-eve', preferred_username: 'eve' }, ctx),
    ).rejects.toThrow(/eve not found/);
    expect(signedIn).toEqual([]);
  });

  it('never follows the e-mail address: Mallory with Ada’s address stays Mallory', async () => {
    const { ctx, signedIn } = catalogWith([ada, mallory]);
    await signIn(
      {
        sub: 'id-mallory',
        preferred_username: 'mallory',
        email: 'ada@mlops.example',
        email_verified: false,
      },
      ctx,
    );
    expect(signedIn).toEqual(['mallory']);
  });

  it('refuses a username that names another Keycloak account’s catalog user', async () => {
    // e.g. Keycloak user "ada@x" sanitizes to "ada-x", the name of a different imported user.
    const { ctx, signedIn } = catalogWith([user('ada-x', 'a@x', 'id-ada-x')]);
    await expect(
      signIn({ sub: 'id-other', preferred_username: 'ada@x' }, ctx),
    ).rejects.toThrow(/belongs to another Keycloak account/);
    expect(signedIn).toEqual([]);
  });

  it('refuses a token without preferred_username', async () => {
    const { ctx } = catalogWith([ada]);
    await expect(
      signIn({ sub: 'id-ada', email: 'ada@mlops.example' }, ctx),
    ).rejects.toThrow(/preferred_username/);
  });

  it('names users as the Keycloak org module does', () => {
    expect(userEntityName('ada')).toBe('ada');
    expect(userEntityName('j.doe@lab.org')).toBe('j.doe-lab.org');
  });
});

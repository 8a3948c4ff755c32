import { mockCredentials } from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  Permission,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
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
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PortalPolicy } from './PortalPolicy';

const groups: Record<string, string[]> = {
  'user:default/ada': ['user:default/ada', 'group:default/researchers'],
  'user:default/grace': ['user:default/grace', 'group:default/researchers'],
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

async function decision(
  permission: Permission,
  userEntityRef?: string,
): Promise<PolicyDecision> {
  const user = userEntityRef
    ? {
        credentials: mockCredentials.user(userEntityRef),
        info: {
          userEntityRef,
          ownershipEntityRefs: groups[userEntityRef] ?? [],
        },
      }
    : undefined;
  return policy.handle({ permission }, user);
}

async function decide(permission: Permission, userEntityRef?: string) {
  return (await decision(permission, userEntityRef)).result;
}

type Resource = Record<string, unknown>;

/**
 * Applies a conditional decision to a resource with the semantics of the scaffolder's rules
 * (IS_TASK_OWNER: createdBy is listed; HAS_ACTION_ID: the action's id; HAS_STRING_PROPERTY: the input's
 * value at the key equals the given string).
 */
function allows(decided: PolicyDecision, resource: Resource): boolean {
  if (decided.result !== AuthorizeResult.CONDITIONAL) {
    return decided.result === AuthorizeResult.ALLOW;
  }
  const apply = (
    criteria: PermissionCriteria<PermissionCondition<string>>,
  ): boolean => {
    if ('allOf' in criteria) return criteria.allOf.every(apply);
    if ('anyOf' in criteria) return criteria.anyOf.some(apply);
    if ('not' in criteria) return !apply(criteria.not);
    const params = criteria.params as Record<string, any>;
    switch (criteria.rule) {
      case 'IS_TASK_OWNER':
        return params.createdBy.includes(resource.createdBy);
      case 'HAS_ACTION_ID':
        return resource.action === params.actionId;
      case 'HAS_STRING_PROPERTY':
        return (resource.input as Resource)?.[params.key] === params.value;
      default:
        throw new Error(`unexpected rule ${criteria.rule}`);
    }
  };
  return apply((decided as ConditionalPolicyDecision).conditions);
}

describe('PortalPolicy', () => {
  it.each([
    ['reads the catalog', catalogEntityReadPermission],
    ['reads locations', catalogLocationReadPermission],
    ['runs a template', taskCreatePermission],
    ['reads template parameters', templateParameterReadPermission],
    ['reads template steps', templateStepReadPermission],
  ])('lets a researcher do what researchers do: %s', async (_, permission) => {
    expect(await decide(permission, 'user:default/ada')).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it.each([
    ['register a location', catalogLocationCreatePermission],
    ['unregister a location', catalogLocationDeletePermission],
    ['delete an entity', catalogEntityDeletePermission],
    ['manage templates (the template editor)', templateManagementPermission],
    ['dry-run an inline template', templateDryRunPermission],
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
    templateDryRunPermission,
    taskReadPermission,
    taskCancelPermission,
    actionExecutePermission,
  ])('lets a member of administrators do $name', async permission => {
    expect(await decide(permission, 'user:default/alan')).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it.each([taskReadPermission, taskCancelPermission])(
    '$name: a researcher’s own task only',
    async permission => {
      const ada = await decision(permission, 'user:default/ada');
      expect(ada.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(allows(ada, { createdBy: 'user:default/ada' })).toBe(true);
      expect(allows(ada, { createdBy: 'user:default/grace' })).toBe(false);
      expect(allows(ada, {})).toBe(false);
      const grace = await decision(permission, 'user:default/grace');
      expect(allows(grace, { createdBy: 'user:default/ada' })).toBe(false);
    },
  );

  describe('template actions a researcher’s task may run', () => {
    const templatesDir = path.resolve(__dirname, '../../../../../templates');
    const steps = fs
      .readdirSync(templatesDir)
      .filter(f => f.endsWith('.yaml') && f !== 'tasks.yaml')
      .flatMap(file => {
        const doc = parse(
          fs.readFileSync(path.join(templatesDir, file), 'utf8'),
        );
        return doc.kind === 'Template'
          ? (doc.spec.steps as { action: string; input?: Resource }[]).map(
              s => [file, s.action, s.input ?? {}] as const,
            )
          : [];
      });

    it('finds the portal’s templates', () => {
      expect(new Set(steps.map(([file]) => file)).size).toBeGreaterThanOrEqual(
        3,
      );
    });

    it.each(steps)('%s: %s is allowed', async (_, action, input) => {
      const decided = await decision(
        actionExecutePermission,
        'user:default/ada',
      );
      expect(decided.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(allows(decided, { action, input })).toBe(true);
    });

    it.each([
      [
        'fetch:plain from another repository',
        'fetch:plain',
        { url: 'https://gitlab.example.org/finance/payroll' },
      ],
      [
        'fetch:template from another folder',
        'fetch:template',
        { url: '../../other-team/template' },
      ],
      ['fetch:plain:file', 'fetch:plain:file', { url: './skeleton/README.md' }],
      ['debug:log', 'debug:log', { message: 'hi' }],
      ['fs:delete', 'fs:delete', { files: ['../../etc/passwd'] }],
      ['catalog:register', 'catalog:register', { catalogInfoUrl: 'x' }],
      [
        'gitlab:projectAccessToken:create',
        'gitlab:projectAccessToken:create',
        {},
      ],
    ])('refuses %s', async (_, action, input) => {
      const decided = await decision(
        actionExecutePermission,
        'user:default/ada',
      );
      expect(allows(decided, { action, input })).toBe(false);
    });
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
    expect(await decide(taskReadPermission)).toBe(AuthorizeResult.DENY);
  });
});

describe('PortalPolicy and ClearML’s data', () => {
  // The permissions of @mlops-portal/plugin-clearml-common, by name.
  const clearmlPermissions = [
    createPermission({
      name: 'clearml.experiments.read',
      attributes: { action: 'read' },
    }),
    createPermission({
      name: 'clearml.dataset.preview.read',
      attributes: { action: 'read' },
    }),
  ];
  const withGroups = (
    refs: Record<string, string[]>,
    clearmlGroups?: string[],
  ) =>
    new PortalPolicy(
      {
        async getUserInfo(credentials: BackstageCredentials) {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: refs[ref] ?? [ref],
          };
        },
      },
      clearmlGroups,
    );
  const as = (p: PortalPolicy, permission: Permission, ref: string) =>
    p
      .handle(
        { permission },
        {
          credentials: mockCredentials.user(ref),
          info: { userEntityRef: ref, ownershipEntityRefs: [] },
        },
      )
      .then(d => d.result);

  it('lets researchers read the cross-project leaderboard, whose routes check clearml.experiments.read', async () => {
    // @mlops-portal/plugin-leaderboard-backend answers 403 unless this permission is allowed
    const refs = {
      'user:default/ada': ['user:default/ada', 'group:default/researchers'],
      'user:default/eve': ['user:default/eve', 'group:default/marketing'],
    };
    const p = withGroups(refs);
    expect(await as(p, clearmlPermissions[0], 'user:default/ada')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await as(p, clearmlPermissions[0], 'user:default/eve')).toBe(
      AuthorizeResult.DENY,
    );
  });

  it.each(clearmlPermissions)(
    '$name: members of the edge’s ClearML groups only (default researchers, administrators)',
    async permission => {
      const refs = {
        'user:default/ada': ['user:default/ada', 'group:default/researchers'],
        'user:default/eve': ['user:default/eve', 'group:default/marketing'],
        'user:default/alan': [
          'user:default/alan',
          'group:default/administrators',
        ],
      };
      const p = withGroups(refs);
      expect(await as(p, permission, 'user:default/ada')).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(await as(p, permission, 'user:default/alan')).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(await as(p, permission, 'user:default/eve')).toBe(
        AuthorizeResult.DENY,
      );
      // Outside ClearML's groups, the rest of the portal still works.
      expect(await as(p, catalogEntityReadPermission, 'user:default/eve')).toBe(
        AuthorizeResult.ALLOW,
      );
    },
  );

  it('follows the configured groups', async () => {
    const refs = {
      'user:default/ada': ['user:default/ada', 'group:default/researchers'],
      'user:default/mia': ['user:default/mia', 'group:default/ml-users'],
    };
    const p = withGroups(refs, ['group:default/ml-users']);
    expect(await as(p, clearmlPermissions[0], 'user:default/mia')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await as(p, clearmlPermissions[0], 'user:default/ada')).toBe(
      AuthorizeResult.DENY,
    );
  });
});

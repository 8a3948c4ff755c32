import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { templateManagementPermission } from '@backstage/plugin-scaffolder-common/alpha';

/** The Keycloak group (imported into the catalog) whose members may administer the portal. */
export const ADMINISTRATORS_GROUP = 'group:default/administrators';

/**
 * What only administrators may do: register or unregister catalog locations (which is also how
 * templates are added and changed), create or delete entities, and manage templates.
 */
export const ADMIN_ONLY_PERMISSIONS: readonly Permission[] = [
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  templateManagementPermission,
];

const adminOnly = new Set(ADMIN_ONLY_PERMISSIONS.map(p => p.name));

/**
 * The portal's permission policy. Every signed-in user may read the catalog, the docs and the
 * experiments and run templates; the administrators' actions above need membership of
 * `group:default/administrators` (from the user's ownership claims, i.e. their catalog groups).
 * Requests without a user are refused.
 */
export class PortalPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    if (!adminOnly.has(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return ownershipEntityRefs.includes(ADMINISTRATORS_GROUP)
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY };
  }
}

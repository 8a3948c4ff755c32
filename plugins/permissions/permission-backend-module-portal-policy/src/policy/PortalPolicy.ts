import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PermissionCondition,
  PermissionCriteria,
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
import {
  actionExecutePermission,
  RESOURCE_TYPE_SCAFFOLDER_ACTION,
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  templateDryRunPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { TEMPLATE_ACTIONS, TemplateAction } from './templateActions';
import { DEFAULT_CLEARML_GROUPS } from './clearmlGroups';

/** The Keycloak group (imported into the catalog) whose members may administer the portal. */
export const ADMINISTRATORS_GROUP = 'group:default/administrators';

/**
 * What only administrators may do: register or unregister catalog locations (which is also how
 * templates are added and changed), create or delete entities, manage ingestion, and edit or dry-run
 * templates. A dry-run takes an inline template from the request: with it anybody could point a
 * `fetch:*` step at any repository the portal's GitLab token can read.
 */
export const ADMIN_ONLY_PERMISSIONS: readonly Permission[] = [
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  templateManagementPermission,
  templateDryRunPermission,
];

const adminOnly = new Set(ADMIN_ONLY_PERMISSIONS.map(p => p.name));

type ActionCriteria = PermissionCriteria<
  PermissionCondition<typeof RESOURCE_TYPE_SCAFFOLDER_ACTION>
>;

/** One condition per allowed action: its id, and every pinned input equal to its value. */
function actionCondition({ actionId, pinned }: TemplateAction): ActionCriteria {
  const byId = scaffolderActionConditions.hasActionId({ actionId });
  const inputs = Object.entries(pinned ?? {}).map(([key, value]) =>
    scaffolderActionConditions.hasStringProperty({ key, value }),
  );
  return inputs.length ? { allOf: [byId, ...inputs] } : byId;
}

const [firstAction, ...otherActions] = TEMPLATE_ACTIONS.map(actionCondition);
const TEMPLATE_ACTION_CONDITIONS: [ActionCriteria, ...ActionCriteria[]] = [
  firstAction,
  ...otherActions,
];

/**
 * The portal's permission policy.
 *
 * - Requests without a user are refused.
 * - Members of `group:default/administrators` (from the user's ownership claims, i.e. their catalog
 *   groups) may do everything.
 * - Everybody else may read the catalog and the docs and run the registered templates, but: the
 *   administrators' permissions above are refused; ClearML's data (`clearml.*` permissions, from
 *   `@mlops-portal/plugin-clearml-common`, which the leaderboard's routes check too) only members of
 *   the groups the edge lets into ClearML may read; a Scaffolder task may be read and cancelled only by the user who created it; a template step
 *   may run only an action, with the inputs that pin it, that the portal's own templates use
 *   ({@link TEMPLATE_ACTIONS}).
 */
export class PortalPolicy implements PermissionPolicy {
  /**
   * @param clearmlGroups - the catalog refs of the groups whose members may read ClearML data
   *   through the portal (`permission.portalPolicy.clearmlGroups`, the edge's groups for ClearML)
   */
  constructor(
    private readonly userInfo: UserInfoService,
    private readonly clearmlGroups: readonly string[] = DEFAULT_CLEARML_GROUPS.map(
      name => `group:default/${name}`,
    ),
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs, userEntityRef } =
      await this.userInfo.getUserInfo(user.credentials);
    if (ownershipEntityRefs.includes(ADMINISTRATORS_GROUP)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    if (adminOnly.has(permission.name)) {
      return { result: AuthorizeResult.DENY };
    }
    if (permission.name.startsWith('clearml.')) {
      // ClearML's data, to the people the edge lets into ClearML only.
      return ownershipEntityRefs.some(ref => this.clearmlGroups.includes(ref))
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    if (isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
      // taskReadPermission and taskCancelPermission: one's own tasks only (the task list is filtered
      // the same way, in the database query).
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }
    if (
      isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_ACTION) &&
      isPermission(permission, actionExecutePermission)
    ) {
      return createScaffolderActionConditionalDecision(permission, {
        anyOf: TEMPLATE_ACTION_CONDITIONS,
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

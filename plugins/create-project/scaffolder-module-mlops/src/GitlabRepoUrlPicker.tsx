import {
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { WarningPanel } from '@backstage/core-components';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { GitlabGroupOption } from '@mlops-portal/plugin-project-status-common';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import NativeSelect from '@material-ui/core/NativeSelect';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useId, useState } from 'react';

/**
 * The GitLab hosts configured for the portal (`integrations.gitlab[].host`): the only hosts
 * `publish:gitlab` and `mlops:gitlabRepo:check` accept.
 */
export function useConfiguredGitlabHosts(): string[] {
  const config = useApi(configApiRef);
  return (config.getOptionalConfigArray('integrations.gitlab') ?? []).map(c =>
    c.getString('host'),
  );
}

/**
 * The groups of a host that the portal may create projects in, from the portal's backend (GitLab's
 * `GET /groups?min_access_level=30` with the integration's token); `error` when they cannot be listed.
 */
function useGitlabGroups(host: string) {
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const [state, setState] = useState<{
    host?: string;
    groups?: GitlabGroupOption[];
    error?: Error;
  }>({});
  useEffect(() => {
    if (!host) return undefined;
    let cancelled = false;
    (async () => {
      const base = await discovery.getBaseUrl('project-status');
      const res = await fetch(
        `${base}/gitlab-groups?host=${encodeURIComponent(host)}`,
      );
      if (!res.ok) {
        const body = await res.json().catch(() => undefined);
        throw new Error(
          body?.error?.message ?? `${res.status} ${res.statusText}`,
        );
      }
      return ((await res.json()) as { groups: GitlabGroupOption[] }).groups;
    })().then(
      groups => !cancelled && setState({ host, groups }),
      error => !cancelled && setState({ host, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [discovery, fetch, host]);
  return state.host === host ? state : {};
}

const REPO_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Refuses a missing or malformed part on the wizard's page, in words. */
export function gitlabRepoUrlValidation(
  value: string,
  validation: { addError(message: string): void },
) {
  const { host, owner, repo } = parse(value);
  if (!host) validation.addError('Choose the GitLab host.');
  if (!owner)
    validation.addError('Choose the GitLab group the repository goes in.');
  if (!repo) {
    validation.addError('Type the name of the new repository.');
  } else if (
    !REPO_NAME.test(repo) ||
    repo.includes('..') ||
    repo.endsWith('.git')
  ) {
    validation.addError(
      `"${repo}" cannot be a repository name: use letters, digits, "_", "-" and ".", starting with a letter or digit.`,
    );
  }
}

/** `host?owner=group&repo=name`, the value RepoUrlPicker writes and publish:gitlab reads. */
function parse(value: string | undefined) {
  const [host = '', query = ''] = (value ?? '').split('?');
  const params = new URLSearchParams(query);
  return {
    host,
    owner: params.get('owner') ?? '',
    repo: params.get('repo') ?? '',
  };
}

function format(parts: { host: string; owner: string; repo: string }) {
  const params = new URLSearchParams();
  if (parts.owner) params.set('owner', parts.owner);
  if (parts.repo) params.set('repo', parts.repo);
  return `${parts.host}?${params.toString()}`;
}

/**
 * The GitLab repository of a new project: the host (one of the portal's GitLab integrations), the
 * group and the repository name. Backstage's RepoUrlPicker offers only the hosts a template lists in
 * `allowedHosts`, which a template cannot know for every deployment; this field reads them from the
 * portal's configuration instead.
 */
export function GitlabRepoUrlPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const { formData, onChange, rawErrors, schema, required } = props;
  const hosts = useConfiguredGitlabHosts();
  const value = parse(formData);
  const id = useId();

  // one host: choose it, as there is nothing else to pick
  useEffect(() => {
    if (!value.host && hosts.length > 0)
      onChange(format({ ...value, host: hosts[0] }));
  }, [hosts, value, onChange]);

  if (hosts.length === 0) {
    return (
      <WarningPanel
        severity="error"
        title="No GitLab host is configured for the portal"
        message="An administrator sets integrations.gitlab (host, apiBaseUrl and token) in the portal's configuration; until then projects cannot be created."
      />
    );
  }
  const update = (patch: Partial<typeof value>) =>
    onChange(format({ ...value, ...patch }));
  const hasErrors = (rawErrors?.length ?? 0) > 0;
  return (
    <>
      {schema.title && <Typography variant="h6">{schema.title}</Typography>}
      <FormControl margin="normal" required={required} fullWidth>
        <InputLabel htmlFor={`${id}-host`}>GitLab host</InputLabel>
        <NativeSelect
          id={`${id}-host`}
          value={value.host}
          disabled={hosts.length === 1}
          onChange={e => update({ host: e.target.value })}
        >
          {hosts.map(h => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </NativeSelect>
        <FormHelperText>The GitLab the portal is configured for</FormHelperText>
      </FormControl>
      <GroupField
        id={`${id}-owner`}
        host={value.host}
        value={value.owner}
        required={required}
        error={hasErrors && !value.owner}
        onChange={owner => update({ owner })}
      />
      <TextField
        id={`${id}-repo`}
        label="Repository"
        margin="normal"
        fullWidth
        required={required}
        error={hasErrors && !value.repo}
        value={value.repo}
        onChange={e => update({ repo: e.target.value.trim() })}
        helperText="The name of the new repository; it must not exist yet"
      />
    </>
  );
}

/**
 * The group: chosen from the groups the portal may create projects in; typed when GitLab cannot list
 * them (the sentence says why).
 */
function GroupField(props: {
  id: string;
  host: string;
  value: string;
  required?: boolean;
  error: boolean;
  onChange: (owner: string) => void;
}) {
  const { id, host, value, required, error, onChange } = props;
  const { groups, error: listError } = useGitlabGroups(host);
  if (groups && groups.length > 0) {
    return (
      <FormControl margin="normal" required={required} fullWidth error={error}>
        <InputLabel htmlFor={id}>Group</InputLabel>
        <NativeSelect
          id={id}
          value={value}
          onChange={e => onChange(e.target.value)}
        >
          <option value="">Choose a group</option>
          {groups.map(g => (
            <option key={g.fullPath} value={g.fullPath}>
              {g.fullPath}
            </option>
          ))}
        </NativeSelect>
        <FormHelperText>
          The groups on {host} the portal may create projects in
        </FormHelperText>
      </FormControl>
    );
  }
  let help = 'Listing the groups the portal may create projects in…';
  if (groups) {
    help = `The portal may not create projects in any group on ${host}: ask a GitLab administrator to give the portal's user the Developer role in your group, or type the group path.`;
  } else if (listError) {
    help = `The groups could not be listed (${listError.message}); type the group path, for example research/forecasting.`;
  }
  return (
    <TextField
      id={id}
      label="Group"
      margin="normal"
      fullWidth
      required={required}
      error={error}
      value={value}
      onChange={e => onChange(e.target.value.trim())}
      helperText={help}
    />
  );
}

export const gitlabRepoUrlPickerField = createFormField({
  name: 'GitlabRepoUrlPicker',
  component: GitlabRepoUrlPicker,
  validation: gitlabRepoUrlValidation,
});

import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { WarningPanel } from '@backstage/core-components';
import { repoPickerValidation } from '@backstage/plugin-scaffolder';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import NativeSelect from '@material-ui/core/NativeSelect';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useId } from 'react';

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
      <TextField
        id={`${id}-owner`}
        label="Group"
        margin="normal"
        fullWidth
        required={required}
        error={hasErrors && !value.owner}
        value={value.owner}
        onChange={e => update({ owner: e.target.value.trim() })}
        helperText="The GitLab group (or group/subgroup) the repository goes in"
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

export const gitlabRepoUrlPickerField = createFormField({
  name: 'GitlabRepoUrlPicker',
  component: GitlabRepoUrlPicker,
  validation: repoPickerValidation,
});

import Typography from '@material-ui/core/Typography';
import { ResponseError } from '@backstage/errors';

function explain(error: Error): { title: string; detail: string } {
  if (error instanceof ResponseError) {
    const status = error.response.status;
    const detail = error.body?.error?.message ?? error.message;
    if (status === 503) return { title: 'ClearML is unavailable', detail };
    if (status === 403) return { title: 'No access to ClearML data', detail };
    if (status === 404)
      return { title: 'Nothing to show from ClearML', detail };
    return { title: 'Could not load ClearML data', detail };
  }
  return { title: 'Could not load ClearML data', detail: error.message };
}

/** The sentence the portal's backend gave, under a title a researcher understands. */
export function ClearmlErrorMessage(props: { error: Error }) {
  const { title, detail } = explain(props.error);
  return (
    <div role="alert">
      <Typography variant="subtitle1">{title}</Typography>
      <Typography variant="body2" color="textSecondary">
        {detail}
      </Typography>
    </div>
  );
}

import { ReactNode } from 'react';
import { Content, Header, Link, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { checkAppUrl } from './appUrl';

/** What a page that frames a web app served by the edge says and shows. */
export interface EdgeAppPageProps {
  title: string;
  subtitle: string;
  /**
   * The config key with the app's address (e.g. `clearml.webAppUrl`): a host name of its own behind the
   * edge (see deploy/nginx). Unset on the embedded defaults, where no edge serves the app; named when it
   * is missing or refused.
   */
  configKey: string;
  /**
   * The iframe's sandbox: the fewest permissions the app works with. Never `allow-top-navigation`
   * (the app may not navigate the portal away).
   */
  sandbox: string;
  /** The app's name in sentences ("ClearML"), and the iframe's accessible title. */
  appName: string;
  frameTitle: string;
  /** Why nothing serves the app here and where to look instead. */
  notServedText: ReactNode;
  /** Said above the frame, before the "open in a new tab" hint. */
  frameNote?: ReactNode;
  /** Shown above the app (or above the sentence that nothing serves it), whether or not the edge serves it. */
  children?: ReactNode;
}

/**
 * A web app framed from its own host name, sandboxed. Where no address is configured (the embedded
 * defaults) it says that the app is not served here; an address on the portal's own host name is
 * refused, with the reason.
 */
export function EdgeAppPage(props: EdgeAppPageProps) {
  const { title, subtitle, appName, frameTitle } = props;
  const config = useApi(configApiRef);
  const check = checkAppUrl(
    config.getOptionalString(props.configKey),
    props.configKey,
    window.location.origin,
  );
  return (
    <Page themeId="tool">
      <Header title={title} subtitle={subtitle} />
      <Content noPadding>
        {props.children}
        {check.kind === 'not-configured' && (
          <Box px={3} py={2} role="status">
            <Typography variant="h6">{appName} is not served here</Typography>
            <Typography variant="body2">{props.notServedText}</Typography>
          </Box>
        )}
        {check.kind === 'refused' && (
          <Box px={3} py={2} role="alert">
            <Typography variant="h6">{appName} cannot be shown here</Typography>
            <Typography variant="body2">{check.problem}</Typography>
          </Box>
        )}
        {check.kind === 'frame' && (
          <Box display="flex" flexDirection="column" height="100%">
            <Box px={3} py={1}>
              <Typography variant="body2" color="textSecondary">
                {props.frameNote}
                {props.frameNote && ' '}
                If the frame stays empty, {appName} is not reachable from here:{' '}
                <Link to={check.url} target="_blank" rel="noopener noreferrer">
                  open {appName} in a new tab
                </Link>{' '}
                to see why (you may have to sign in there first).
              </Typography>
            </Box>
            <iframe
              title={frameTitle}
              src={check.url}
              sandbox={props.sandbox}
              referrerPolicy="no-referrer"
              style={{ border: 0, flex: 1, minHeight: 'calc(100vh - 200px)' }}
            />
          </Box>
        )}
      </Content>
    </Page>
  );
}

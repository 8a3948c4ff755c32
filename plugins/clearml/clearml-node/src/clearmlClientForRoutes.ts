import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { ClearmlClient, DefaultClearmlClient } from './ClearmlClient';
import { CLEARML_NOT_CONFIGURED } from './config';

/**
 * The ClearML client of a backend plugin whose routes read ClearML: `deps.client` when given (a test's),
 * else the one of the `clearml` config. Answers a function that gives the client; where ClearML is not
 * configured, that function throws the 503 naming the keys to set, and this is logged once, here.
 */
export function clearmlClientForRoutes(
  config: Config,
  deps: { logger: LoggerService; client?: ClearmlClient },
): () => ClearmlClient {
  const client = deps.client ?? DefaultClearmlClient.fromConfig(config);
  if (client) {
    return () => client;
  }
  deps.logger.info(
    'ClearML is not configured; the routes that read it answer 503',
  );
  return () => {
    throw new ServiceUnavailableError(CLEARML_NOT_CONFIGURED);
  };
}

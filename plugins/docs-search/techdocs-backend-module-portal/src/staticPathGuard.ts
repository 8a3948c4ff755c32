import { NotFoundError } from '@backstage/errors';
import { Handler } from 'express';

const STATIC = '/static/docs/';

/**
 * Refuses a docs file address with a part that, once decoded, climbs out of its site: `..` or `.`, or a
 * part that hides a `/` or `\` behind percent-encoding (`..%2f..%2fcomponent%2fother%2findex.html`, also
 * encoded twice). TechDocs checks that the reader may see the entity named in the address, then serves
 * the rest of the address from the publisher; with the local publisher an encoded `../` there reached
 * another site's files, past that check. A real page address never needs any of these.
 */
export function staticDocsPathGuard(): Handler {
  return (req, _res, next) => {
    if (!req.path.startsWith(STATIC)) {
      next();
      return;
    }
    for (const part of req.path.slice(STATIC.length).split('/')) {
      let decoded = part;
      for (let round = 0; round < 3 && decoded.includes('%'); round++) {
        try {
          decoded = decodeURIComponent(decoded);
        } catch {
          break;
        }
      }
      if (decoded === '..' || decoded === '.' || /[\\/]/.test(decoded)) {
        next(
          new NotFoundError(
            'There is no such docs page: the address leaves its docs site',
          ),
        );
        return;
      }
    }
    next();
  };
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { EntityFilterQuery } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * Every entity matching `filter` that the requesting user may see, with only `fields`, read page by
 * page (`pageSize` entities a request) so that no single answer grows with the catalog.
 */
export async function queryAllEntitiesAsUser(
  catalog: typeof catalogServiceRef.T,
  request: {
    filter: EntityFilterQuery;
    fields: string[];
    pageSize: number;
  },
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const { filter, fields, pageSize } = request;
  const items: Entity[] = [];
  let response = await catalog.queryEntities(
    { filter, fields, limit: pageSize },
    { credentials },
  );
  items.push(...response.items);
  while (response.pageInfo.nextCursor) {
    response = await catalog.queryEntities(
      { cursor: response.pageInfo.nextCursor, fields, limit: pageSize },
      { credentials },
    );
    items.push(...response.items);
  }
  return items;
}

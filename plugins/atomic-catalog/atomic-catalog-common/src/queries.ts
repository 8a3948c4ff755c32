/**
 * The fields a component card on the Components page needs: the page never loads whole entities
 * (`fields=` of the catalog's entity queries). The page and its benchmark (`bench/atomic-catalog.js`)
 * both ask for these.
 */
export const CARD_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.labels',
  'metadata.annotations',
  'spec.owner',
];

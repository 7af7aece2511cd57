/**
 * Frontegg's page wrapper (`FronteggPaginationWrapper`): one page of items, the totals, and links to
 * the same query at the next, previous, first and last pages. `_offset` is a page index.
 */
export function toPage<Item>(
  items: Item[],
  position: { total: number; page: number; limit: number },
  route: string,
  query: Record<string, unknown>,
) {
  const totalPages = Math.ceil(position.total / position.limit);
  const link = (page: number, exists: boolean): string => {
    if (!exists) return '';
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...query, _offset: page })) {
      if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
    return `${route}?${params.toString()}`;
  };
  return {
    items,
    _metadata: { totalItems: position.total, totalPages },
    _links: {
      next: link(position.page + 1, position.page + 1 < totalPages),
      prev: link(position.page - 1, position.page > 0 && totalPages > 0),
      first: link(0, totalPages > 0),
      last: link(totalPages - 1, totalPages > 0),
    },
  };
}

import type { Schema } from './schema';

/** Where a page sits in its list: the page answered (counted from 0), the page size, and the total. */
export interface PagePosition {
  page: number;
  limit: number;
  total: number;
}

/**
 * Frontegg's page of a list (`FronteggPaginationWrapper`): the items, how many there are in all, and
 * links to the same query at the first, last, next and previous pages. `_offset` is a page index.
 * `next` and `prev` are empty where there is no such page; `first` and `last` are always set.
 */
export function toPage<Item>(
  items: Item[],
  position: PagePosition,
  route: string,
  query: Record<string, unknown>,
): { items: Item[]; _metadata: Schema<'PaginationMetadata'>; _links: Schema<'PaginationLinks'> } {
  const totalPages = Math.ceil(position.total / position.limit);
  const lastPage = Math.max(totalPages - 1, 0);
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
    params.set('_limit', String(position.limit));
    params.set('_offset', String(page));
    return `${route}?${params.toString()}`;
  };
  return {
    items,
    _metadata: { totalItems: position.total, totalPages },
    _links: {
      first: link(0),
      last: link(lastPage),
      next: position.page < lastPage ? link(position.page + 1) : '',
      prev: position.page > 0 ? link(Math.min(position.page - 1, lastPage)) : '',
    },
  };
}

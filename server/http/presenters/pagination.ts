import type { Schema } from './schema';

export interface PageRequest {
  /** The route's path, without query. */
  route: string;
  limit: number;
  /** The page answered, counted from 0. */
  page: number;
  /** The request's other query parameters, kept in every link. */
  query: Record<string, string | number | undefined>;
}

/**
 * Frontegg's page of a list: the items, how many there are in all, and links to the first, last,
 * next and previous pages (`_offset` is a page index). `next` and `prev` are empty where there is none.
 */
export function toPage<Item>(
  items: Item[],
  totalItems: number,
  request: PageRequest,
): { items: Item[]; _metadata: Schema<'PaginationMetadata'>; _links: Schema<'PaginationLinks'> } {
  const totalPages = Math.ceil(totalItems / request.limit);
  const lastPage = Math.max(totalPages - 1, 0);
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query)) if (value !== undefined) params.set(name, String(value));
    params.set('_limit', String(request.limit));
    params.set('_offset', String(page));
    return `${request.route}?${params.toString()}`;
  };
  return {
    items,
    _metadata: { totalItems, totalPages },
    _links: {
      first: link(0),
      last: link(lastPage),
      next: request.page < lastPage ? link(request.page + 1) : '',
      prev: request.page > 0 ? link(Math.min(request.page - 1, lastPage)) : '',
    },
  };
}

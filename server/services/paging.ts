/** The page asked for: its index (counted from 0, Frontegg's `_offset`) and its size. */
export interface PageWindow {
  page: number;
  limit: number;
}

/**
 * Reads one page of a list: the total, then the rows of the page. A page past the end is empty
 * without a second query (and without an offset too large for PostgreSQL).
 */
export async function readPage<Row>(
  window: PageWindow,
  count: () => Promise<number>,
  rows: (slice: { limit: number; offset: number }) => Promise<Row[]>,
): Promise<{ rows: Row[]; total: number }> {
  const total = await count();
  const offset = window.page * window.limit;
  return { rows: offset < total ? await rows({ limit: window.limit, offset }) : [], total };
}

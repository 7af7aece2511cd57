const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID: ids that reach a uuid column must be, or PostgreSQL rejects the query. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

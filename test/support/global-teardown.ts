import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const dump = process.env.NESTEGG_TEST_PGLITE_DUMP;
  if (dump) fs.rmSync(dump, { force: true });
}

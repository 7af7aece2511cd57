import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR, createMigrationSource, migrationSource } from '../../server/db/migration-source';
import { makeTempDir } from '../support/temp';

/**
 * The names knex_migrations recorded while the migrations were listed by hand. Databases made then
 * must find every one of them, unchanged and in this order, ahead of any migration added since.
 */
const RECORDED_BEFORE_THE_FOLDER_WAS_READ = [
  '20261125000000_foundation',
  '20261126000000_authorization',
  '20261126000400_group_members',
  '20261126000500_applications',
  '20261126000600_hierarchy',
  '20261126000700_accounts',
  '20261126000800_jobs',
  '20261127000100_email',
  '20261127000200_user_fields',
  '20261127000300_user_lists',
  '20261127000400_user_search',
  '20261127000500_user_emails_usernames',
  '20261127000600_sub_account_access',
  '20261127000700_invitations',
  '20261127000800_rate_limits',
  '20261127000900_password_recovery',
  '20261127001100_tenant_invites',
  '20261127001200_lockout',
  '20261127001300_password_policy',
  '20261127001400_sessions_policy',
  '20261127001500_domain_restrictions',
  '20261127001600_ip_restrictions',
  '20261127001700_captcha_policy',
  '20261128000100_api_tokens',
  '20261128000200_signing_keys_rotation',
  '20261128000300_impersonation',
  '20261128000400_access_tokens',
  '20261128000500_jwt_templates',
  '20261128000600_application_secrets',
  '20261129000100_api_token_refresh_cap',
  '20261130000100_allowed_origins',
  '20261207000100_profile_images',
  '20261207000200_users_without_email',
];

const extension = path.extname(__filename);

describe('migrations, read from their folder', () => {
  it('keeps the names databases already recorded, in order, and adds new ones after them', async () => {
    const names = await migrationSource.getMigrations([]);
    expect(names.slice(0, RECORDED_BEFORE_THE_FOLDER_WAS_READ.length)).toEqual(RECORDED_BEFORE_THE_FOLDER_WAS_READ);
    expect(names).toEqual([...names].sort());
    expect(names.every((name) => migrationSource.getMigrationName(name) === name)).toBe(true);
  });

  it('is every file of the folder, each with up() and down()', async () => {
    const names = await migrationSource.getMigrations([]);
    expect(names.map((name) => `${name}${extension}`)).toEqual(fs.readdirSync(MIGRATIONS_DIR).sort());
    for (const name of names) {
      const migration = await migrationSource.getMigration(name);
      expect([typeof migration.up, typeof migration.down]).toEqual(['function', 'function']);
    }
  });

  describe('in a folder of its own', () => {
    let dir: string;
    beforeEach(() => {
      dir = makeTempDir('migrations-');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (file: string, text = 'export async function up() {}\nexport async function down() {}\n') => fs.writeFileSync(path.join(dir, file), text);

    it('orders by name whatever order the files were made in, and skips other kinds of file', async () => {
      write(`20270102000000_second${extension}`);
      write(`20270101000000_first${extension}`);
      write('20270103000000_notes.md', '# not a migration');
      write('20270104000000_types.d.ts', 'export {};');
      expect(await createMigrationSource(dir).getMigrations([])).toEqual(['20270101000000_first', '20270102000000_second']);
    });

    it('refuses a file that is not named like a migration, rather than running it out of order', async () => {
      write(`20270101000000_first${extension}`);
      write(`helpers${extension}`);
      await expect(createMigrationSource(dir).getMigrations([])).rejects.toThrow(/helpers/);
    });

    it('refuses a migration without down()', async () => {
      write(`20270101000000_one_way${extension}`, 'export async function up() {}\n');
      await expect(createMigrationSource(dir).getMigration('20270101000000_one_way')).rejects.toThrow(/up\(\) and down\(\)/);
    });
  });
});

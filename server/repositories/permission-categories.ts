import type { Knex } from 'knex';

export interface PermissionCategoryRow {
  id: string;
  name: string;
  description: string | null;
  fe_category: boolean;
  created_at: Date;
  updated_at: Date;
  /** The ids of the permissions listed under the category, in a fixed order. */
  permission_ids: string[];
}

export type NewPermissionCategory = Pick<PermissionCategoryRow, 'id' | 'name' | 'description'>;
export type PermissionCategoryChanges = Partial<Pick<PermissionCategoryRow, 'name' | 'description'>>;

function selectCategories(db: Knex) {
  return db('permission_categories as c').select(
    'c.id',
    'c.name',
    'c.description',
    'c.fe_category',
    'c.created_at',
    'c.updated_at',
    db.raw(`coalesce((select json_agg(p.id order by p.id) from permissions p where p.category_id = c.id), '[]'::json) as permission_ids`),
  );
}

/** Every category, oldest first. */
export async function listCategories(db: Knex): Promise<PermissionCategoryRow[]> {
  return selectCategories(db).orderBy([{ column: 'c.created_at' }, { column: 'c.id' }]);
}

/** The category with this id (a UUID). */
export async function findCategory(db: Knex, id: string): Promise<PermissionCategoryRow | undefined> {
  return selectCategories(db).where('c.id', id).first();
}

/** False when the id is taken. */
export async function insertCategory(db: Knex, row: NewPermissionCategory): Promise<boolean> {
  const inserted = await db('permission_categories').insert(row).onConflict('id').ignore().returning('id');
  return inserted.length === 1;
}

export async function updateCategory(db: Knex, id: string, changes: PermissionCategoryChanges): Promise<void> {
  await db('permission_categories')
    .where({ id })
    .update({ ...changes, updated_at: db.fn.now() });
}

export async function deleteCategory(db: Knex, id: string): Promise<void> {
  await db('permission_categories').where({ id }).delete();
}

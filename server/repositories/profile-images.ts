import type { Knex } from 'knex';

export interface ProfileImageRow {
  id: string;
  user_id: string;
  content_type: string;
  data: Buffer;
}

/** Makes this the user's one picture (an earlier one is deleted) and their `profile_picture_url`, in one transaction. */
export async function replaceProfileImage(db: Knex, image: ProfileImageRow, url: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('profile_images').where({ user_id: image.user_id }).delete();
    await trx('profile_images').insert(image);
    await trx('users').where({ id: image.user_id }).update({ profile_picture_url: url, updated_at: trx.fn.now() });
  });
}

export async function findProfileImage(db: Knex, id: string): Promise<ProfileImageRow | undefined> {
  return db('profile_images').where({ id }).first('id', 'user_id', 'content_type', 'data');
}

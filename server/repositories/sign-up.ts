import type { Knex } from 'knex';

/** Whose an email address is (primary or not), with the owner's name: for the email that tells them of a sign-up attempt. */
export interface AddressOwner {
  user_id: string;
  email: string;
  name: string;
}

/** The owner of an address, in one statement (a sign-up reads it whether or not the address is in use). */
export async function findAddressOwner(db: Knex, emailNormalized: string): Promise<AddressOwner | undefined> {
  return db('user_emails as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where('e.email_normalized', emailNormalized)
    .first('e.user_id', 'e.email', 'u.name');
}

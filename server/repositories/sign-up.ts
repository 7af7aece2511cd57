import type { Knex } from 'knex';

/** Whose an email address is (primary or not), with what the email to the owner about a sign-up attempt needs. */
export interface AddressOwner {
  user_id: string;
  /** The address as stored. */
  email: string;
  name: string;
  /** Whether the owner has activated their account. */
  verified: boolean;
  /** The owner's primary email, where activation emails go. */
  primary_email: string;
}

/** The owner of an address, in one statement (a sign-up reads it whether or not the address is in use). */
export async function findAddressOwner(db: Knex, emailNormalized: string): Promise<AddressOwner | undefined> {
  return db('user_emails as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where('e.email_normalized', emailNormalized)
    .first('e.user_id', 'e.email', 'u.name', 'u.verified', { primary_email: 'u.email' });
}

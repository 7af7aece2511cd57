import { DomainError, defineErrors } from '../domain-error';

/** A user's emails and username. */
export default defineErrors('ER-028xx', {
  emailInUse: (email: string) => new DomainError('conflict', 'ER-02801', `The email ${email} already belongs to a user`),
  userEmailNotFound: (id: string) => new DomainError('not_found', 'ER-02802', `Email not found: ${id}`),
  primaryEmailNotDeletable: () => new DomainError('invalid', 'ER-02803', 'The primary email cannot be deleted: make another email primary first'),
  emailNotVerified: (email: string) => new DomainError('invalid', 'ER-02804', `The email ${email} is not verified: only a verified email can become primary`),
  emailNotOfUser: (email: string) => new DomainError('not_found', 'ER-02805', `The user has no email ${email}`),
  usernameTaken: (username: string) => new DomainError('conflict', 'ER-02806', `The username ${username} belongs to another user`),
  usernameNotFound: (username: string) => new DomainError('not_found', 'ER-02807', `Username not found: ${username}`),
  noUsername: () => new DomainError('not_found', 'ER-02808', 'The user has no username'),
  onlyIdentifier: () =>
    new DomainError('invalid', 'ER-02809', 'The user has no email: the username is how they log in and cannot be deleted; give them an email first'),
});

import { DomainError, defineErrors } from '../domain-error';

/** Invitations of users into an account, one by one or in bulk. */
export default defineErrors('ER-026xx', {
  noOpenInvitation: (email: string) => new DomainError('not_found', 'ER-02601', `No invitation waits for ${email} in this account`),
  bulkInviteNotFound: (id: string) => new DomainError('not_found', 'ER-02602', `Bulk invite not found: ${id}`),
  duplicateInvitees: (emails: string[]) => new DomainError('invalid', 'ER-02603', `These emails appear more than once: ${emails.join(', ')}`),
  inviteeEmailRequired: (positions: number[]) =>
    new DomainError('invalid', 'ER-02604', `users[${positions.join('], users[')}]: email is required (users without an email cannot be invited)`),
});

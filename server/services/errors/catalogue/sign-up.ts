import { DomainError, defineErrors } from '../domain-error';

/** Sign-up. */
export default defineErrors(
  'ER-051xx',
  {
    signUpDisabled: () => new DomainError('forbidden', 'ER-05101', 'Sign-up is not open in this environment'),
    signUpPasswordRequired: () => new DomainError('invalid', 'ER-05102', 'password is required'),
    companyNameRequired: () => new DomainError('invalid', 'ER-05104', 'companyName is required and must not be blank'),
    signUpProviderUnsupported: (provider: string) => new DomainError('invalid', 'ER-05105', `Sign-up with a password takes provider local, not ${provider}`),
    signUpByPhoneNotConfigured: () =>
      new DomainError('invalid', 'ER-05107', 'Sign-up by phone number is not configured: this server has no SMS provider; sign up with an email'),
    signUpRateLimited: () => new DomainError('too_many_requests', 'ER-05108', 'Too many sign-ups from this address; try again later'),
  },
  {
    'ER-05103': 'sign-up password shorter than the minimum (now ER-05001, as for every password)',
    'ER-05106': 'joining an account with invitationToken at sign-up not available yet',
  },
);

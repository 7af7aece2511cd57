import { DomainError, defineErrors } from '../domain-error';

/** The captcha policy and reCAPTCHA checks. */
export default defineErrors('ER-065xx', {
  captchaPolicyExists: () => new DomainError('conflict', 'ER-06501', 'A captcha policy exists already: change it with PUT'),
  captchaPolicyNotFound: () => new DomainError('not_found', 'ER-06502', 'No captcha policy is set'),
  recaptchaTokenMissing: () => new DomainError('invalid', 'ER-06503', 'recaptchaToken is required: the captcha policy is on'),
  recaptchaTokenInvalid: () => new DomainError('invalid', 'ER-06504', 'The reCAPTCHA token is invalid or expired'),
  recaptchaScoreTooLow: () => new DomainError('invalid', 'ER-06505', 'The reCAPTCHA check failed: the score is too low'),
  captchaProviderUnavailable: () =>
    new DomainError('unavailable', 'ER-06506', 'The reCAPTCHA token could not be checked: the captcha provider is unavailable; try again later'),
});

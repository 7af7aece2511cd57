import { DomainError, defineErrors } from '../domain-error';

/** The legacy team service (profile pictures). */
export default defineErrors('ER-075xx', {
  profileImageMissing: () => new DomainError('invalid', 'ER-07501', 'Send the picture as the multipart file "image", or as profileImage (a base64 data URL)'),
  profileImageNotImage: () => new DomainError('invalid', 'ER-07502', 'The profile picture must be a PNG, JPEG, GIF or WebP image'),
  profileImageTooLarge: (maxBytes: number) => new DomainError('too_large', 'ER-07503', `The profile picture is larger than ${maxBytes} bytes`),
  profileImageNotFound: () => new DomainError('not_found', 'ER-07504', 'Profile picture not found'),
});

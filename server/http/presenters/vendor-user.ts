import type { VendorUser } from '../../services/vendor-users';
import type { Schema } from './schema';
import { toUser } from './user';

/** The user as the environment sees them: `UserDto` with the invisible and super-user modes. */
export function toVendorUser({ profile, modes }: VendorUser): Schema<'User'> {
  return { ...toUser(profile), invisible: modes.invisible, superUser: modes.super_user };
}

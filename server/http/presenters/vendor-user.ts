import type { PhoneNumber, VendorUser } from '../../services/vendor-users';
import type { Schema } from './schema';
import { toUser } from './user';

/** The user as the environment sees them: `UserDto` with the invisible and super-user modes. */
export function toVendorUser({ profile, modes }: VendorUser): Schema<'User'> {
  return { ...toUser(profile), invisible: modes.invisible, superUser: modes.super_user };
}

export function toPhoneNumber(phone: PhoneNumber): Schema<'UserPhoneNumber'> {
  return { id: phone.id, phoneNumber: phone.phone_number, createdAt: phone.created_at.toISOString() };
}

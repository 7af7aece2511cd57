import type { Handler } from '../operations';

/** GET /identity/resources/sso/v1 */
export const getSocialLoginProviders: Handler<'getSocialLoginProviders'> = async ({ services }) => {
  return { status: 200, body: services.pageLoad.socialLoginProviders() };
};

/** GET /identity/resources/sso/v2 */
export const getSocialLoginProvidersV2: Handler<'getSocialLoginProvidersV2'> = async ({ services }) => {
  return { status: 200, body: services.pageLoad.socialLoginProviders() };
};

/** GET /identity/resources/sso/v2/authenticated */
export const getSocialLoginProvidersV2ForAuthenticatedUser: Handler<'getSocialLoginProvidersV2ForAuthenticatedUser'> = async ({ services }) => {
  return { status: 200, body: services.pageLoad.socialLoginProviders() };
};

/** GET /identity/resources/sso/custom/v1 */
export const getCustomSocialLoginProviders: Handler<'getCustomSocialLoginProviders'> = async ({ services }) => {
  return { status: 200, body: { providers: services.pageLoad.socialLoginProviders() } };
};

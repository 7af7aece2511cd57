import type { Handler } from '../operations';
import { toCaptchaPolicy, toPublicCaptchaPolicy } from '../presenters/captcha';

/** POST /identity/resources/configurations/v1/captcha-policy */
export const createCaptchaPolicy: Handler<'createCaptchaPolicy'> = async ({ body, services }) => {
  return { status: 201, body: toCaptchaPolicy(await services.captcha.create(body)) };
};

/** PUT /identity/resources/configurations/v1/captcha-policy */
export const updateCaptchaPolicy: Handler<'updateCaptchaPolicy'> = async ({ body, services }) => {
  return { status: 200, body: toCaptchaPolicy(await services.captcha.update(body)) };
};

/** GET /identity/resources/configurations/v1/captcha-policy */
export const getCaptchaPolicy: Handler<'getCaptchaPolicy'> = async ({ services }) => {
  return { status: 200, body: toCaptchaPolicy(await services.captcha.get()) };
};

/** GET /identity/resources/configurations/v1/captcha-policy/public */
export const getPublicCaptchaPolicy: Handler<'getPublicCaptchaPolicy'> = async ({ services }) => {
  return { status: 200, body: toPublicCaptchaPolicy(await services.captcha.getPublic()) };
};

import pino, { type Logger } from 'pino';

/** Structured logs. Credentials are redacted wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-access-token"]',
        'req.headers["x-api-key"]',
        'password',
        'secret',
        'refreshToken',
        'accessToken',
        'apiKey',
      ],
      censor: '[redacted]',
    },
  });
}

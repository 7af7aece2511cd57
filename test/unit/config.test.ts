import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

describe('loadConfig', () => {
  it('has defaults for an empty environment: port 3000, PGlite in ./.nestegg-data, OWASP argon2id', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: path.resolve('.nestegg-data'),
      baseUrl: 'http://localhost:3000',
      argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
      signUpRateLimit: { max: 20, windowSeconds: 3600 },
      validateResponses: true,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/nestegg',
      NESTEGG_DATA_DIR: '/var/lib/nestegg',
      NESTEGG_BASE_URL: 'https://auth.example.com/',
      NESTEGG_CLIENT_ID: '2b6c8d4e-1f3a-4b5c-9d7e-0a1b2c3d4e5f',
      NESTEGG_API_KEY: 'a-long-enough-api-key',
      NESTEGG_ARGON2_MEMORY_KIB: '65536',
      NESTEGG_SIGNUP_RATE_LIMIT: '5',
      NESTEGG_SIGNUP_RATE_WINDOW_SECONDS: '600',
      NESTEGG_TRUST_PROXY: '2',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/nestegg',
      dataDir: '/var/lib/nestegg',
      baseUrl: 'https://auth.example.com',
      bootstrapClientId: '2b6c8d4e-1f3a-4b5c-9d7e-0a1b2c3d4e5f',
      bootstrapApiKey: 'a-long-enough-api-key',
      argon2: { memoryCost: 65536, timeCost: 2, parallelism: 1 },
      signUpRateLimit: { max: 5, windowSeconds: 600 },
      trustProxy: 2,
      validateResponses: false,
    });
  });

  it.each([
    [{ PORT: '-1' }, /PORT/],
    [{ PORT: '1.5' }, /PORT/],
    [{ DATABASE_URL: 'nope' }, /DATABASE_URL is not a valid URL/],
    [{ NESTEGG_BASE_URL: 'ftp://x' }, /NESTEGG_BASE_URL must use http: or https:/],
    [{ NESTEGG_ARGON2_MEMORY_KIB: '1024' }, /NESTEGG_ARGON2_MEMORY_KIB must be a whole number from 8192/],
    [{ NESTEGG_PASSWORD_RESET_EMAIL_LIMIT: 'many' }, /NESTEGG_PASSWORD_RESET_EMAIL_LIMIT must be a whole number/],
    [{ NESTEGG_PASSWORD_RESET_IP_WINDOW_SECONDS: '0' }, /NESTEGG_PASSWORD_RESET_IP_WINDOW_SECONDS must be a whole number from 1/],
    [{ NESTEGG_SIGNUP_RATE_LIMIT: '0' }, /NESTEGG_SIGNUP_RATE_LIMIT must be a whole number from 1/],
    [{ NESTEGG_BREACHED_PASSWORDS_URL: 'api.pwnedpasswords.com' }, /NESTEGG_BREACHED_PASSWORDS_URL is not a valid URL/],
    [{ NESTEGG_BREACHED_PASSWORDS_URL: 'ftp://mirror.example' }, /NESTEGG_BREACHED_PASSWORDS_URL must use http: or https:/],
    [{ NESTEGG_BREACHED_PASSWORDS_TIMEOUT_MS: '0' }, /NESTEGG_BREACHED_PASSWORDS_TIMEOUT_MS must be a whole number from 50/],
  ])('refuses %j with a ConfigError that names the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each(['DATABASE_URL', 'NESTEGG_SMTP_URL'])('never echoes a malformed %s: it may hold a password', (name) => {
    const secret = 'hunter2-very-secret';
    expect(() => loadConfig({ [name]: `postgres//admin:${secret}@db:5432/x` })).toThrow(new RegExp(`${name} is not a valid URL`));
    try {
      loadConfig({ [name]: `postgres//admin:${secret}@db:5432/x` });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });

  it('limits password-reset emails to 5 per address and 30 per client address in 10 minutes, unless told otherwise', () => {
    expect(loadConfig({}).passwordResetLimits).toEqual({ perEmail: { max: 5, windowSeconds: 600 }, perIp: { max: 30, windowSeconds: 600 } });
    const config = loadConfig({
      NESTEGG_PASSWORD_RESET_EMAIL_LIMIT: '3',
      NESTEGG_PASSWORD_RESET_EMAIL_WINDOW_SECONDS: '3600',
      NESTEGG_PASSWORD_RESET_IP_LIMIT: '100',
      NESTEGG_PASSWORD_RESET_IP_WINDOW_SECONDS: '60',
    });
    expect(config.passwordResetLimits).toEqual({ perEmail: { max: 3, windowSeconds: 3600 }, perIp: { max: 100, windowSeconds: 60 } });
  });

  it("asks Have I Been Pwned's range API with a 2 s timeout by default; a mirror, or `off`, when told", () => {
    expect(loadConfig({}).breachedPasswords).toEqual({ url: 'https://api.pwnedpasswords.com', timeoutMs: 2000 });
    expect(
      loadConfig({ NESTEGG_BREACHED_PASSWORDS_URL: 'https://pwned.internal.example/', NESTEGG_BREACHED_PASSWORDS_TIMEOUT_MS: '500' }).breachedPasswords,
    ).toEqual({
      url: 'https://pwned.internal.example',
      timeoutMs: 500,
    });
    expect(loadConfig({ NESTEGG_BREACHED_PASSWORDS_URL: 'off' }).breachedPasswords.url).toBeUndefined();
    expect(loadConfig({ NESTEGG_BREACHED_PASSWORDS_URL: 'OFF' }).breachedPasswords.url).toBeUndefined();
  });

  it('rotates signing keys on a schedule only when NESTEGG_KEY_ROTATION_DAYS is set above 0', () => {
    expect(loadConfig({}).keyRotationDays).toBeUndefined();
    expect(loadConfig({ NESTEGG_KEY_ROTATION_DAYS: '0' }).keyRotationDays).toBeUndefined();
    expect(loadConfig({ NESTEGG_KEY_ROTATION_DAYS: '90' }).keyRotationDays).toBe(90);
    expect(() => loadConfig({ NESTEGG_KEY_ROTATION_DAYS: 'monthly' })).toThrow(ConfigError);
  });

  it('reads NESTEGG_ALLOWED_ORIGINS as comma-separated origins, normalized, and refuses anything else', () => {
    expect(loadConfig({}).allowedOrigins).toBeUndefined();
    expect(loadConfig({ NESTEGG_ALLOWED_ORIGINS: '' }).allowedOrigins).toEqual([]);
    expect(loadConfig({ NESTEGG_ALLOWED_ORIGINS: ' https://App.example.com/ , http://localhost:3000,https://app.example.com:443' }).allowedOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:3000',
    ]);
    expect(() => loadConfig({ NESTEGG_ALLOWED_ORIGINS: 'https://app.example.com,*' })).toThrow(/"\*" is not an origin/);
    expect(() => loadConfig({ NESTEGG_ALLOWED_ORIGINS: 'https://app.example.com/login' })).toThrow(ConfigError);
  });
});

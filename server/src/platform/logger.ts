import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'homeclub' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', '*.accessToken', '*.refreshToken', '*.secret', '*.session_key'],
      censor: '[redacted]',
    },
  });
}

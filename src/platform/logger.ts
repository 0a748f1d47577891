import { type Logger, pino } from 'pino';

export type { Logger };

/** JSON logs to stdout. Secrets that may pass through request logs are redacted by path. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password'],
      censor: '[redacted]',
    },
  });
}

import type { Writable } from 'node:stream';
import { type DestinationStream, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

/** Pretty lines for a person at a terminal; JSON for everything else (files, pipes, log shippers). */
export function defaultLogFormat(stream: { isTTY?: boolean } = process.stdout): LogFormat {
  return stream.isTTY ? 'pretty' : 'json';
}

/**
 * Logs to stdout (or `destination`), as JSON or as one coloured line per event. Secrets that may pass
 * through request logs are redacted by path. The pretty stream runs in-process (no worker thread), so
 * nothing is lost when the process exits.
 */
export function createLogger(
  level: string,
  opts: { format?: LogFormat; destination?: Writable } = {},
): Logger {
  const options = {
    level,
    redact: {
      // Identity data (实名认证) must never reach a log, even inside an error's details.
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.realName',
        '*.idNumber',
        '*.phone',
        'req.body',
      ],
      censor: '[redacted]',
    },
  };
  if ((opts.format ?? 'json') === 'json')
    return pino(options, (opts.destination ?? process.stdout) as DestinationStream);
  const stream = pretty({
    destination: opts.destination ?? 1,
    colorize: opts.destination === undefined && Boolean(process.stdout.isTTY),
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // A request line says it all in its message ("GET /api/orders 200 12 ms"); its fields are for JSON.
    ignore: 'pid,hostname,req,res,responseTime',
    sync: true,
  });
  return pino(options, stream);
}

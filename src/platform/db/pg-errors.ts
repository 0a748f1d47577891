/** PostgreSQL error codes, as drizzle wraps them (the driver's error is the `cause`). */
const codeOf = (err: unknown) =>
  (err as { cause?: { code?: string } })?.cause?.code ?? (err as { code?: string })?.code;

/** A unique index refused the row (23505). */
export const isUniqueViolation = (err: unknown) => codeOf(err) === '23505';

/** A CHECK constraint refused the row (23514). */
export const isCheckViolation = (err: unknown) => codeOf(err) === '23514';

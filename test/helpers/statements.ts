import pg from 'pg';

/** The statements every pg client in this process sends while `fn` runs, in order. */
export async function statements(fn: () => Promise<unknown>): Promise<string[]> {
  type Query = (this: object, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const seen: string[] = [];
  proto.query = function (this: object, ...args: unknown[]) {
    const q = args[0] as string | { text: string };
    seen.push(typeof q === 'string' ? q : q.text);
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return seen;
}

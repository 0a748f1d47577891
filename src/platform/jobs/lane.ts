/**
 * A lane: at most `width` of the functions given to it run at once in this process; the others wait
 * their turn in arrival order. For throughput, never for correctness — work that must not overlap is
 * kept apart by the database (row locks, unique constraints), across every process.
 */
export type Lane = <T>(fn: (turn: { waited: boolean }) => Promise<T>) => Promise<T>;

export function lane(width: number): Lane {
  if (!Number.isInteger(width) || width < 1)
    throw new Error(`lane width must be a positive integer: ${width}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    // A finishing run hands its place straight to the next in line, so `running` only counts places.
    const waited = running >= width;
    if (waited) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await fn({ waited });
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * The default branch of an exhaustive `switch` over a union. Adding a member to the union makes every
 * switch that forgot it fail to compile; if a value slips past the types at run time (bad data cast
 * to the union), failing loudly is right, because it is a bug and not an expected outcome.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

import { customType } from 'drizzle-orm/pg-core';

/** Binary columns (sealed secrets: card keys, identity data). */
export const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

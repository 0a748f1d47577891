/** The pure domain core: no I/O, no clock, no randomness. Time and data come in as parameters. */
export { assertNever } from './assert-never.ts';
export * from './calendar/index.ts';
export { type IssueForMessage, messageZh } from './issue-messages.ts';
export * from './money/index.ts';
export * from './policy/index.ts';
export { formatIssuePath, type Validated, type ValidationIssue, validateWith } from './validation.ts';

import type { Messages } from './zh-CN.ts';

type WordingMessages = Pick<Messages, 'keyImport' | 'decision' | 'rejectBox' | 'layout' | 'staleCase'>;

export const wordingEn: WordingMessages = {
  keyImport: {
    format: 'Key format',
    formatHint:
      'A is a letter, 9 a digit, X either; - _ . : # / match themselves; e.g. XXXX-XXXX-XXXX. Leave empty for any format.',
    formatNone: 'Not set',
    formatSave: 'Save format',
    formatSaved: 'Key format saved',
    refusedTitle: '{{count}} lines not imported:',
    refusedLine: 'Line {{line}}: {{reason}}',
    refusedMore: '{{count}} more lines not imported, for reasons like those above.',
  },
  decision: {
    claimFirst: 'Claim this case first: decisions open once you hold it.',
  },
  rejectBox: {
    note: "The reviewer's explanation: {{note}}",
  },
  layout: {
    menu: 'Main menu',
    openMenu: 'Open the menu',
  },
  staleCase: {
    reloaded: 'The case changed after you opened it. It has been reloaded: check it before you decide.',
    state: 'The state went from "{{from}}" to "{{to}}"',
    assignee: '{{name}} has claimed the case',
    released: "The earlier agent's claim has lapsed",
  },
};

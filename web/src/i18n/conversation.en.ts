import type { Messages } from './zh-CN.ts';

type ConversationMessages = Pick<Messages, 'conversation' | 'escalation' | 'buyerContact'>;

export const conversationEn: ConversationMessages = {
  conversation: {
    title: 'Messages',
    titleStaff: 'Messages (buyer / shop)',
    hintBuyer: 'Talk with platform support about this refund. The shop does not see your messages or files.',
    hintMerchant:
      'Talk with platform support about this refund. The buyer does not see your shop’s messages.',
    threadBuyer: 'With the buyer',
    threadMerchant: 'With the shop',
    empty: 'No messages yet',
    placeholder: 'Write a message, up to 2,000 characters',
    send: 'Send',
    sent: 'Message sent',
    unread: '{{count}} new',
    newMark: 'New',
    you: 'You',
    staff: 'Support',
    buyer: 'Buyer',
    merchant: 'Shop',
    closed: 'This case ended more than 7 days ago; messages are closed.',
    attach: 'Attach files',
    unreadBadge: '{{count}} new messages',
  },
  escalation: {
    button: 'Ask for a supervisor',
    title: 'Ask for escalation',
    hint: 'Say why a supervisor should follow up; they handle escalations first. Once per case.',
    placeholder: 'e.g. I urged and nobody has handled it yet',
    done: 'Escalation requested; a supervisor will follow up',
    requested: 'Escalation requested at {{time}}',
    needsUrge: 'Urge the case first; if it is still not handled you can ask for escalation',
    notNow: 'No escalation now: the platform is waiting for you, or has decided',
    alreadyRequested: 'You have already asked for escalation',
  },
  buyerContact: {
    label: 'Buyer contact',
    name: 'Name',
    phone: 'Phone',
    reveal: 'Show',
    revealHint: 'Showing the full contact is recorded in the audit log',
    unverified: 'The buyer has no verified identity, so no phone number',
  },
};

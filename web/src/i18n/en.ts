import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  app: {
    name: 'Kameng Refund Centre',
    title: 'Kameng · Refund Centre',
    loading: 'Loading…',
    loadFailed: 'Cannot reach the server',
    retry: 'Retry',
    notFound: 'Page not found',
    backHome: 'Back to home',
  },
  lang: {
    label: 'Language',
  },
  roles: {
    buyer: 'Buyer',
    merchant: 'Merchant',
    agent: 'Support agent',
    supervisor: 'Supervisor',
    admin: 'Administrator',
  },
  login: {
    title: 'Sign in to Kameng',
    subtitle: 'Refund and after-sales centre',
    username: 'Username',
    password: 'Password',
    usernameRequired: 'Please enter your username',
    passwordRequired: 'Please enter your password',
    submit: 'Sign in',
    demoTitle: 'Demo accounts',
    demoHint: 'All demo accounts use the password {{password}}. Click one to fill the form:',
    helpLink: 'Read the refund policy',
  },
  header: {
    logout: 'Sign out',
  },
  menu: {
    home: 'Home',
    buyerOrders: 'My orders',
    buyerRefunds: 'My refunds',
    buyerMessages: 'Messages',
    merchantOrders: 'Orders',
    merchantRefunds: 'After-sales',
    merchantFunds: 'Funds',
    agentQueue: 'Review queue',
    agentMine: 'My cases',
    agentEscalations: 'Escalations & appeals',
    adminPolicy: 'Refund policy',
    adminLedger: 'Ledger',
    adminReconciliation: 'Reconciliation',
    adminAudit: 'Audit log',
  },
  home: {
    welcome: 'Welcome, {{name}}',
    buyer:
      'View the card-key orders you bought, request refunds for problem orders, follow their progress and talk to merchants and support through messages.',
    merchant:
      'View your shop orders, handle after-sales and refund requests from buyers, upload evidence and check held and settled funds.',
    agent:
      'Pick refund cases from the review queue, check the evidence from both sides, decide, and follow up on the cases you own.',
    supervisor:
      'Pick and assign review cases, handle cases escalated by agents and appeals from buyers and merchants, and keep decisions consistent.',
    admin:
      'Configure the refund policy, inspect the ledger and reconciliation results, and trace every key action in the audit log.',
  },
  comingSoon: {
    title: 'Coming soon',
    description: '"{{page}}" is under construction.',
  },
  help: {
    policyTitle: 'Refund policy · Help centre',
    policyText:
      'This page will be generated from the current configuration of the refund rules engine, explaining refund conditions, time limits and the process for each kind of product.',
  },
  errors: {
    network: 'Network error, please check your connection and try again',
    unexpected: 'Unexpected response from the server (HTTP {{status}})',
  },
};

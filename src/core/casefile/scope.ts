/**
 * What a case file (案件档案) holds depends on who exports it. The buyer gets the case as it concerns
 * them — their own personal data and evidence, the decisions and payouts, their complaints — without the
 * merchant's internals (its evidence, the ledger's view of its money, risk scores, staff identities).
 * Supervisors and admins get the full file a regulator may ask for.
 */
export const CASE_FILE_SCOPES = ['buyer', 'full'] as const;
export type CaseFileScope = (typeof CASE_FILE_SCOPES)[number];

export type CaseFileSections = {
  /** Evidence uploaded by anyone (true) or only by the buyer (false). */
  allEvidence: boolean;
  /** Ledger transactions of the case's money (escrow, merchant balance, guarantee fund, fee income). */
  ledger: boolean;
  /** The risk assessment (score, rules fired). */
  risk: boolean;
  /** Staff and merchant user ids on the timeline (roles are always shown). */
  actorIds: boolean;
  /** The `data` of timeline events (internal details such as payout numbers, risk signals). */
  eventData: boolean;
  /** Extraction records' IP address and user agent (personal data of the buyer's device). */
  deviceDetails: boolean;
};

export function caseFileSections(scope: CaseFileScope): CaseFileSections {
  switch (scope) {
    case 'buyer':
      return {
        allEvidence: false,
        ledger: false,
        risk: false,
        actorIds: false,
        eventData: false,
        deviceDetails: true,
      };
    case 'full':
      return {
        allEvidence: true,
        ledger: true,
        risk: true,
        actorIds: true,
        eventData: true,
        deviceDetails: true,
      };
  }
}

/** Which file a role may export: buyers their own case's buyer file; supervisors and admins the full one. */
export function scopeForRole(
  role: 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'admin',
): CaseFileScope | null {
  switch (role) {
    case 'buyer':
      return 'buyer';
    case 'supervisor':
    case 'admin':
      return 'full';
    case 'merchant':
    case 'agent':
      return null;
  }
}

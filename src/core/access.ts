/**
 * Who may see a record. The default is ownership: a buyer sees only what they bought, a merchant
 * only what was sold on its shop; staff (agent, supervisor, admin) see everything. Callers turn
 * `false` into 404, never 403, so nobody learns that another person's order number exists.
 */
export type Viewer = {
  userId: number;
  role: 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'admin';
  merchantId: number | null;
};
export type Owned = { buyerId?: number | null; merchantId?: number | null; userId?: number | null };

export function canSee(viewer: Viewer, record: Owned): boolean {
  switch (viewer.role) {
    case 'buyer':
      return (
        record.buyerId === viewer.userId || (record.buyerId === undefined && record.userId === viewer.userId)
      );
    case 'merchant':
      return (
        (viewer.merchantId !== null && record.merchantId === viewer.merchantId) ||
        (record.merchantId === undefined && record.userId === viewer.userId)
      );
    case 'agent':
    case 'supervisor':
    case 'admin':
      return true;
  }
}

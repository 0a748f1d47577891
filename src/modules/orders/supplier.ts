import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { supplierScenario } from '../catalog/schema.ts';

export type TopupOutcome = {
  status: 'succeeded' | 'partial' | 'failed';
  arrivedUnits: number;
  detail: string | null;
};

/** The top-up supplier port (直充 上游). */
export interface TopupSupplier {
  recharge(input: {
    account: string;
    units: number;
    quantity: number;
    attemptNo: number;
  }): Promise<TopupOutcome>;
}

/**
 * The demo supplier: recharges in full unless `supplier_scenario` scripts the account — `partial`
 * (only `arrived_units` per item arrive, e.g. 30 of 50) or `fail` (every attempt fails). Tests and the
 * demo seed script accounts; a real supplier adapter replaces this behind the same port.
 */
export function simulatedSupplier(db: Db): TopupSupplier {
  return {
    async recharge({ account, units, quantity }) {
      const [s] = await db.select().from(supplierScenario).where(eq(supplierScenario.account, account));
      if (!s || s.outcome === 'full') return { status: 'succeeded', arrivedUnits: units, detail: null };
      if (s.outcome === 'fail')
        return { status: 'failed', arrivedUnits: 0, detail: s.note ?? 'supplier_rejected' };
      const arrived = Math.min(units, Math.max(0, (s.arrivedUnits ?? 0) * quantity));
      return {
        status: arrived === units ? 'succeeded' : 'partial',
        arrivedUnits: arrived,
        detail: s.note ?? 'partial_arrival',
      };
    },
  };
}

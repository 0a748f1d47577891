import { randomUUID } from 'node:crypto';
import type { IdentityVerifier } from './ports.ts';

/** Real names the simulator treats as not matching their ID number (documented for the demo). */
export const SIMULATED_MISMATCH_MARK = '不符';
/** A real name that makes the simulated provider fail as if it were down. */
export const SIMULATED_OUTAGE_NAME = '测试故障';

/**
 * The local stand-in for a real-person verification provider: every well-formed pair matches, except
 * a real name containing 「不符」 (王不符, 李不符…), which comes back as a name/ID mismatch, and the name
 * 测试故障, which throws like an unreachable provider. The ID number has passed the GB 11643 check
 * before it gets here; nothing is looked up anywhere.
 */
export function simulatedIdentityVerifier(): IdentityVerifier {
  return {
    name: 'simulator',
    async verify({ realName }) {
      if (realName === SIMULATED_OUTAGE_NAME) throw new Error('simulated provider outage');
      const providerRef = `SIM-${randomUUID()}`;
      if (realName.includes(SIMULATED_MISMATCH_MARK))
        return { ok: false, providerRef, reason: 'name_id_mismatch' };
      return { ok: true, providerRef };
    },
  };
}

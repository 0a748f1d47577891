import { normaliseMobile, normaliseRealName } from './person.ts';
import { parseResidentId, type ResidentIdProblem } from './resident-id.ts';

export type IdentityProblem = ResidentIdProblem | 'name_invalid' | 'phone_invalid';

export type IdentityInput = { realName: string; idNumber: string; phone: string };

/**
 * What a buyer typed for 实名认证, checked and normalised before anything is stored or a provider is
 * asked: name first, then the ID number, then the phone (the order a form shows them in), so the first
 * problem named is the first field to fix.
 */
export function checkIdentityInput(
  input: IdentityInput,
  now: Date,
): { ok: true; value: IdentityInput & { birthDate: string } } | { ok: false; problem: IdentityProblem } {
  const realName = normaliseRealName(input.realName);
  if (!realName) return { ok: false, problem: 'name_invalid' };
  const id = parseResidentId(input.idNumber, now);
  if (!id.ok) return id;
  const phone = normaliseMobile(input.phone);
  if (!phone) return { ok: false, problem: 'phone_invalid' };
  return { ok: true, value: { realName, idNumber: id.id.number, phone, birthDate: id.id.birthDate } };
}

export { canonicalJson } from './canonical-json.ts';
export { checkIdentityInput, type IdentityInput, type IdentityProblem } from './identity-input.ts';
export { maskIdNumber, maskName, maskPhone, maskTradeNo } from './mask.ts';
export {
  type Challenge,
  type ConfirmRefusal,
  confirmRefusal,
  OTP_RULES,
  type SendRefusal,
  sendRefusal,
} from './otp-rules.ts';
export { normaliseMobile, normaliseRealName } from './person.ts';
export {
  chinaDate,
  isCalendarDate,
  parseResidentId,
  type ResidentId,
  type ResidentIdProblem,
  residentIdCheckChar,
} from './resident-id.ts';

export {
  applyRateBp,
  assertFen,
  BP_PER_WHOLE,
  clamp,
  type Fen,
  formatRateBp,
  formatYuan,
  isFen,
  prorate,
} from './fen.ts';
export { divRound, mulDivRound, ROUNDING_MODES, type Rounding } from './rounding.ts';

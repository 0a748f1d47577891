/**
 * Free text (a reason, a note) that a message goes on after: without its own final stop, so that
 * "原因：资料不全。" + "。请在…" never reads "。。".
 */
export function clause(text: string): string {
  return text.trim().replace(/[。．.！!；;，,\s]+$/u, '');
}

/** Text joined into one message: any doubled full stop a join made is collapsed. */
export function tidyStops(text: string): string {
  return text.replace(/。(\s*。)+/gu, '。').replace(/([！？])。/gu, '$1');
}

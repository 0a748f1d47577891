import { useEffect } from 'react';

/**
 * Unsaved edits (a policy draft not yet saved, a risk-rules draft not yet published): while a page has
 * some, closing or reloading the tab asks first (the browser's own prompt) and so does leaving by the
 * menu (`hasUnsavedChanges`, asked by the layout) — they were lost without a word.
 */
let pending = 0;

export function useUnsavedChanges(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    pending++;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', ask);
    return () => {
      pending--;
      window.removeEventListener('beforeunload', ask);
    };
  }, [dirty]);
}

export const hasUnsavedChanges = (): boolean => pending > 0;

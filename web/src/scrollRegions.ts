/** The containers Ant Design tables scroll in when they are wider than the page. */
const SCROLLERS = '.ant-table-content, .ant-table-body';

/**
 * A table that scrolls sideways must be scrollable by keyboard too (WCAG 2.1.1; axe's
 * scrollable-region-focusable): its scrolling container takes focus, so the arrow keys move it. Ant
 * Design gives no prop for that container, so new ones are marked as they appear.
 */
export function makeScrollRegionsFocusable(root: HTMLElement): () => void {
  const mark = () => {
    for (const el of root.querySelectorAll<HTMLElement>(SCROLLERS))
      if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
  };
  const observer = new MutationObserver(mark);
  observer.observe(root, { childList: true, subtree: true });
  mark();
  return () => observer.disconnect();
}

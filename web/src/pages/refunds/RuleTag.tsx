import { Tag } from 'antd';

/** A policy rule's id (V-7D, V-UNUSED…), as quotes and cases cite it. */
export function RuleTag({ id }: { id: string }) {
  return (
    <Tag color="blue" style={{ fontFamily: 'monospace' }}>
      {id}
    </Tag>
  );
}

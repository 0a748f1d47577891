import { Card, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { KeyboardEvent, ReactNode } from 'react';

export interface ListCardRow {
  key: string;
  /** The thing bought: the card's title. */
  title: ReactNode;
  /** The number (order or refund no.), small. */
  number: ReactNode;
  amount: ReactNode;
  status: ReactNode;
  /** Lines under the number (time, type …). */
  extra?: ReactNode;
}

/**
 * A list on a phone: one card per row with what matters first — what, how much, where it stands —
 * instead of a table that scrolls sideways at 390 px. Each card opens its row, by touch or keyboard.
 */
export function ListCards({
  rows,
  testId,
  onOpen,
  empty,
}: {
  rows: ListCardRow[];
  testId: string;
  onOpen?: (key: string) => void;
  empty: ReactNode;
}) {
  if (rows.length === 0) return <>{empty}</>;
  const keyOpen = (key: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen?.(key);
    }
  };
  return (
    <Flex vertical gap={8} data-testid={testId} role="list">
      {rows.map((row) => (
        <Card
          key={row.key}
          size="small"
          role="listitem"
          data-testid={`${testId}-item`}
          data-row-key={row.key}
          hoverable={onOpen !== undefined}
          onClick={onOpen ? () => onOpen(row.key) : undefined}
          styles={{ body: { padding: 12 } }}
        >
          {onOpen ? (
            // biome-ignore lint/a11y/useSemanticElements: the whole card opens its row through the caller's opener (no href to give an <a>); Enter and Space open it like a click
            <div role="link" tabIndex={0} onKeyDown={keyOpen(row.key)} style={{ cursor: 'pointer' }}>
              <CardBody row={row} testId={testId} />
            </div>
          ) : (
            <CardBody row={row} testId={testId} />
          )}
        </Card>
      ))}
    </Flex>
  );
}

function CardBody({ row, testId }: { row: ListCardRow; testId: string }) {
  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text strong style={{ minWidth: 0, wordBreak: 'break-word' }}>
          {row.title}
        </Typography.Text>
        <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid={`${testId}-amount`}>
          {row.amount}
        </Typography.Text>
      </Flex>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.number}
        </Typography.Text>
        <Flex gap={4} wrap data-testid={`${testId}-status`}>
          {row.status}
        </Flex>
      </Flex>
      {row.extra && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
          {row.extra}
        </Typography.Text>
      )}
    </>
  );
}

/**
 * One list, two layouts: cards on a phone (ListCards), a table elsewhere; the same rows, the same empty
 * state, the same opener (a click on a card or a table row).
 */
export function CardsOrTable<T extends object>({
  phone,
  rows,
  rowKey,
  toCard,
  columns,
  testId,
  cardsTestId,
  loading,
  empty,
  onOpen,
}: {
  phone: boolean;
  rows: T[];
  rowKey: keyof T & string;
  toCard: (row: T) => Omit<ListCardRow, 'key'>;
  columns: ColumnsType<T>;
  /** The table's test id; the cards' is `cardsTestId`. */
  testId: string;
  cardsTestId: string;
  loading: boolean;
  empty: ReactNode;
  onOpen?: (row: T) => void;
}) {
  if (phone) {
    const byKey = new Map(rows.map((row) => [String(row[rowKey]), row]));
    return (
      <ListCards
        testId={cardsTestId}
        rows={rows.map((row) => ({ key: String(row[rowKey]), ...toCard(row) }))}
        onOpen={onOpen ? (key) => onOpen(byKey.get(key)!) : undefined}
        empty={loading ? null : empty}
      />
    );
  }
  return (
    <Table<T>
      data-testid={testId}
      rowKey={rowKey}
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: empty }}
      onRow={(row) => (onOpen ? { onClick: () => onOpen(row), style: { cursor: 'pointer' } } : {})}
    />
  );
}

import { Alert, Flex, Tag, Typography, theme } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type DiffRow, diffLines, withContext } from './diff.ts';

const mono = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
  lineHeight: '20px',
};

function Row({ row }: { row: DiffRow }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (row.kind === 'skip') {
    return (
      <div
        style={{ padding: '2px 12px', color: token.colorTextTertiary, background: token.colorFillQuaternary }}
      >
        {t('adminPolicy.diffSkipped', { count: row.count })}
      </div>
    );
  }
  const colors = {
    same: { background: undefined, color: undefined, sign: ' ' },
    add: { background: token.colorSuccessBg, color: token.colorSuccessText, sign: '+' },
    del: { background: token.colorErrorBg, color: token.colorErrorText, sign: '-' },
  }[row.kind];
  const number = (n: number | null) => (
    <span style={{ width: 48, flex: 'none', textAlign: 'right', color: token.colorTextTertiary }}>
      {n ?? ''}
    </span>
  );
  return (
    <div
      data-testid="diff-line"
      data-kind={row.kind}
      style={{
        display: 'flex',
        gap: 8,
        background: colors.background,
        color: colors.color,
        paddingInline: 4,
      }}
    >
      {number(row.oldNo)}
      {number(row.newNo)}
      <span style={{ width: 12, flex: 'none' }}>{colors.sign}</span>
      <span style={{ whiteSpace: 'pre' }}>{row.text}</span>
    </div>
  );
}

interface Props {
  /** The current version's document, pretty-printed. */
  current: string;
  draft: string;
  version: number;
  dirty: boolean;
}

/** 与当前版本对比: a line diff of the current version and the draft in the editor. */
export function DiffView({ current, draft, version, dirty }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const lines = useMemo(() => diffLines(current.split('\n'), draft.split('\n')), [current, draft]);
  const added = lines.filter((line) => line.kind === 'add').length;
  const removed = lines.filter((line) => line.kind === 'del').length;

  if (added + removed === 0) {
    return (
      <Alert type="info" showIcon data-testid="diff-same" title={t('adminPolicy.diffSame', { version })} />
    );
  }
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text data-testid="diff-summary">
          {t('adminPolicy.diffSummary', { version, added, removed })}
        </Typography.Text>
        {dirty && <Tag color="orange">{t('adminPolicy.diffUnsaved')}</Tag>}
      </Flex>
      <div
        data-testid="policy-diff"
        style={{
          ...mono,
          overflow: 'auto',
          maxHeight: 640,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadius,
        }}
      >
        {withContext(lines).map((row, index) => (
          // Rows have no identity of their own; the list is rebuilt whole on every change.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Row key={index} row={row} />
        ))}
      </div>
    </Flex>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type CheckedEvidence,
  type CheckStatus,
  type EvidenceCheck,
  getCaseEvidence,
} from '../api/evidence.ts';
import { inLanguage } from '../i18n/index.ts';

const MARK: Record<CheckStatus, { sign: string; color: string }> = {
  ok: { sign: '✓', color: 'success' },
  warn: { sign: '⚠', color: 'warning' },
  fail: { sign: '✗', color: 'error' },
  error: { sign: '!', color: 'default' },
  pending: { sign: '…', color: 'processing' },
};

const digits = (s: string) => s.replace(/\D/g, '');

/** The OCR boxes worth showing: the ones holding (part of) the order number read, else none. */
function highlighted(checks: EvidenceCheck[]) {
  const ocr = checks.find((c) => c.kind === 'ocr');
  const found = ocr?.data.orderNo?.found;
  if (!ocr || !found) return [];
  return (ocr.data.regions ?? []).filter((r) => {
    const d = digits(r.text);
    return d.length >= 4 && (found.includes(d) || d.includes(found));
  });
}

function CheckLine({ check }: { check: EvidenceCheck }) {
  const { t } = useTranslation();
  const mark = MARK[check.status];
  return (
    <Flex
      gap={6}
      align="baseline"
      data-testid="evidence-check"
      data-kind={check.kind}
      data-status={check.status}
    >
      <Tag color={mark.color} style={{ marginInlineEnd: 0 }}>
        {mark.sign} {t(`evidence.checks.kind.${check.kind}`)}
      </Tag>
      <Typography.Text style={{ fontSize: 13 }}>
        {check.status === 'pending'
          ? t('evidence.checks.pending')
          : inLanguage({ zh: check.reasonZh, en: check.reasonEn })}
      </Typography.Text>
    </Flex>
  );
}

const FRAME = { width: 160, display: 'block', borderRadius: 6, border: '1px solid #eee' } as const;

/** One image (or video): its thumbnail with the OCR'd order number boxed, and its checks. */
function CheckedImage({ evidence }: { evidence: CheckedEvidence }) {
  const checks = evidence.checkResults ?? [];
  const boxes = highlighted(checks);
  return (
    <Flex gap={12} align="start" data-testid="evidence-checked" data-evidence-id={evidence.evidenceId}>
      <a
        href={evidence.url}
        target="_blank"
        rel="noopener"
        style={{ position: 'relative', flex: '0 0 160px' }}
      >
        {evidence.kind === 'video' ? (
          // Checked by its first frame, which is what the video shows before it plays.
          <video src={evidence.url} preload="metadata" muted style={FRAME} aria-label={evidence.fileName} />
        ) : (
          <img src={evidence.thumbUrl ?? evidence.url} alt={evidence.fileName} style={FRAME} />
        )}
        {boxes.map((b) => (
          <span
            key={`${b.x}:${b.y}`}
            data-testid="ocr-region"
            style={{
              position: 'absolute',
              left: `${b.x * 100}%`,
              top: `${b.y * 100}%`,
              width: `${b.w * 100}%`,
              height: `${b.h * 100}%`,
              outline: '2px solid #fa8c16',
              background: 'rgba(250, 140, 22, 0.18)',
              borderRadius: 2,
            }}
          />
        ))}
      </a>
      <Flex vertical gap={4}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {evidence.fileName}
        </Typography.Text>
        {checks.map((c) => (
          <CheckLine key={c.kind} check={c} />
        ))}
      </Flex>
    </Flex>
  );
}

/** Files with checks of their own: images, and videos by their first frame. */
const checkedKinds = (e: CheckedEvidence) => e.kind === 'image' || e.kind === 'video';

/** The worst status of each checked file, counted: the case summary's line. */
export function rollUp(items: CheckedEvidence[]) {
  const images = items.filter(checkedKinds);
  const worst = images.map((e) => {
    const s = (e.checkResults ?? []).map((c) => c.status);
    return s.includes('fail')
      ? 'fail'
      : s.includes('warn')
        ? 'warn'
        : s.includes('pending')
          ? 'pending'
          : 'ok';
  });
  const n = (x: string) => worst.filter((w) => w === x).length;
  return { images: images.length, ok: n('ok'), warn: n('warn'), fail: n('fail'), pending: n('pending') };
}

export function useCaseEvidenceChecks(refundNo: string) {
  return useQuery({
    queryKey: ['caseEvidenceChecks', refundNo],
    queryFn: () => getCaseEvidence(refundNo),
    // Checks run in the background after an upload: look again while any is pending.
    refetchInterval: (query) =>
      query.state.data?.some((e) => e.checkResults?.some((c) => c.status === 'pending')) ? 3000 : false,
  });
}

/** The case summary's roll-up of the evidence checks (hints, never a verdict). */
export function EvidenceCheckSummary({ refundNo }: { refundNo: string }) {
  const { t } = useTranslation();
  const { data } = useCaseEvidenceChecks(refundNo);
  if (!data) return null;
  const r = rollUp(data);
  if (r.images === 0) return null;
  return (
    <Typography.Text data-testid="evidence-check-summary" data-fail={r.fail} data-warn={r.warn}>
      {t('evidence.checks.title')}：{t('evidence.checks.summary', r)}
    </Typography.Text>
  );
}

/** 凭证核验 on the workbench: each image with its checks and the order number boxed on it. */
export function EvidenceChecks({ refundNo }: { refundNo: string }) {
  const { t } = useTranslation();
  const { data } = useCaseEvidenceChecks(refundNo);
  const images = (data ?? []).filter(checkedKinds);
  return (
    <Card title={t('evidence.checks.title')} size="small" data-testid="evidence-checks">
      <Flex vertical gap={16}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('evidence.checks.hint')}
        </Typography.Text>
        {images.length === 0 ? (
          <Typography.Text type="secondary">{t('evidence.checks.none')}</Typography.Text>
        ) : (
          images.map((e) => <CheckedImage key={e.evidenceId} evidence={e} />)
        )}
      </Flex>
    </Card>
  );
}

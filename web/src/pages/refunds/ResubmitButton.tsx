import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UploadFile } from 'antd';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Evidence } from '../../api/evidence.ts';
import type { RefundType } from '../../api/policy.ts';
import { type CaseDetail, resubmitRefund } from '../../api/refunds.ts';
import { EvidenceUpload, useEvidenceFiles } from '../../components/EvidenceUpload.tsx';
import { hundredthsText } from '../../format.ts';
import { LiveQuote } from './LiveQuote.tsx';
import { TypeChoice } from './TypeChoice.tsx';
import { usePartialAmount, useRefundQuote } from './useRefundQuote.ts';

/** The buyer's own files on the rejected case (not the merchant's, not an archive's images), as uploaded. */
function earlierFiles(refund: CaseDetail): UploadFile<Evidence>[] {
  return refund.evidence
    .filter((file) => file.uploadedByRole === 'buyer' && !file.parentId)
    .map((file) => ({
      uid: file.evidenceId,
      name: file.fileName,
      status: 'done',
      url: file.url,
      thumbUrl: file.thumbUrl ?? undefined,
      response: file,
    }));
}

/**
 * 修改后重新提交: a rejected case continues as a new one. The form starts from what the rejected case
 * said, with its files, so the buyer changes only what the rejection was about; the live quote shows
 * what the changed request would get; the new case lists the changes.
 */
export function ResubmitButton({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" data-testid="case-resubmit" onClick={() => setOpen(true)}>
        {t('caseAction.resubmit')}
      </Button>
      {open && <ResubmitDialog refund={refund} onClose={() => setOpen(false)} />}
    </>
  );
}

function ResubmitDialog({ refund, onClose }: { refund: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [type, setType] = useState<RefundType>(refund.type);
  const [description, setDescription] = useState(refund.description);
  const partial = usePartialAmount({
    enabled: refund.requestedFen !== null,
    text: refund.requestedFen === null ? '' : hundredthsText(refund.requestedFen),
  });
  const live = useRefundQuote({ orderNo: refund.orderNo, type, requestedFen: partial.requestedFen });
  const files = useEvidenceFiles(earlierFiles(refund));
  const amountMissing = partial.enabled && partial.requestedFen === undefined;
  const resubmit = useMutation({
    mutationFn: () =>
      resubmitRefund(refund.refundNo, {
        type,
        description: description.trim(),
        requestedFen: live.requestedFen,
        evidenceIds: files.ids.length > 0 ? files.ids : undefined,
      }),
    onSuccess: (created) => {
      onClose();
      queryClient.setQueryData(['refund', created.refundNo], created);
      void queryClient.invalidateQueries({ queryKey: ['refund', refund.refundNo] });
      void queryClient.invalidateQueries({ queryKey: ['refunds'] });
      message.success(t('refundSubmit.submitted', { refundNo: created.refundNo }));
      navigate(`/buyer/refunds/${encodeURIComponent(created.refundNo)}`);
    },
  });
  const ineligible = live.settled && !live.eligible;
  const blocked = !description.trim() || amountMissing || files.uploading || !live.eligible;

  return (
    <Modal
      open
      title={t('caseAction.resubmitTitle', { refundNo: refund.refundNo })}
      width={720}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('refundCase.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          data-testid="resubmit-confirm"
          disabled={blocked}
          loading={resubmit.isPending}
          onClick={() => resubmit.mutate()}
        >
          {t('caseAction.resubmitConfirm')}
        </Button>,
      ]}
    >
      <Flex vertical gap={16} data-testid="resubmit-modal">
        <Typography.Text type="secondary">{t('caseAction.resubmitHint')}</Typography.Text>
        <TypeChoice value={type} onChange={setType} />
        <Flex vertical gap={8}>
          <Checkbox checked={partial.enabled} onChange={(event) => partial.setEnabled(event.target.checked)}>
            {t('refundNew.partial')}
          </Checkbox>
          {partial.enabled && (
            <Form.Item
              validateStatus={partial.invalid ? 'error' : undefined}
              help={partial.invalid ? t('refundNew.partialInvalid') : undefined}
              style={{ marginBottom: 0 }}
            >
              <InputNumber<string>
                data-testid="resubmit-amount"
                aria-label={t('refundNew.partialAmount')}
                stringMode
                min="0"
                prefix="¥"
                value={partial.text}
                onChange={(value) => partial.setText(value ?? '')}
                style={{ width: 200 }}
              />
            </Form.Item>
          )}
        </Flex>
        <Card
          size="small"
          title={t('caseAction.resubmitQuote')}
          data-testid="resubmit-quote"
          data-state={live.settled ? 'ready' : 'loading'}
        >
          <LiveQuote live={live} chosen />
        </Card>
        {ineligible && (
          <Alert
            type="warning"
            showIcon
            data-testid="resubmit-ineligible"
            title={t('caseAction.resubmitIneligible')}
          />
        )}
        <Input.TextArea
          data-testid="resubmit-description"
          aria-label={t('refundCase.description')}
          rows={4}
          maxLength={2000}
          showCount
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
        <EvidenceUpload files={files} testId="resubmit-evidence" maxCount={Math.max(9, files.files.length)} />
        {resubmit.isError && (
          <Alert type="error" showIcon data-testid="resubmit-error" title={resubmit.error.message} />
        )}
      </Flex>
    </Modal>
  );
}

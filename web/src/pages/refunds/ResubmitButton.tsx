import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RefundType } from '../../api/policy.ts';
import { type CaseDetail, resubmitRefund } from '../../api/refunds.ts';
import { EvidenceUpload, useEvidenceFiles } from '../../components/EvidenceUpload.tsx';
import { hundredthsText, parseHundredths } from '../../format.ts';
import { TypeChoice } from './TypeChoice.tsx';

/**
 * 修改后重新提交: a rejected case continues as a new one. The form starts from what the rejected case
 * said, so the buyer changes only what the rejection was about; the new case lists those changes.
 */
export function ResubmitButton({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<RefundType>(refund.type);
  const [description, setDescription] = useState(refund.description);
  const [partial, setPartial] = useState(refund.requestedFen !== null);
  const [amount, setAmount] = useState(
    refund.requestedFen === null ? '' : hundredthsText(refund.requestedFen),
  );
  const files = useEvidenceFiles();
  const fen = parseHundredths(amount);
  const amountInvalid = partial && (fen === null || fen === 0);
  const resubmit = useMutation({
    mutationFn: () =>
      resubmitRefund(refund.refundNo, {
        type,
        description: description.trim(),
        requestedFen: partial && fen ? fen : undefined,
        evidenceIds: files.ids.length > 0 ? files.ids : undefined,
      }),
    onSuccess: (created) => {
      setOpen(false);
      queryClient.setQueryData(['refund', created.refundNo], created);
      void queryClient.invalidateQueries({ queryKey: ['refund', refund.refundNo] });
      void queryClient.invalidateQueries({ queryKey: ['refunds'] });
      message.success(t('refundSubmit.submitted', { refundNo: created.refundNo }));
      navigate(`/buyer/refunds/${encodeURIComponent(created.refundNo)}`);
    },
  });
  const blocked = !description.trim() || amountInvalid || files.uploading;

  return (
    <>
      <Button type="primary" data-testid="case-resubmit" onClick={() => setOpen(true)}>
        {t('caseAction.resubmit')}
      </Button>
      <Modal
        open={open}
        title={t('caseAction.resubmitTitle', { refundNo: refund.refundNo })}
        width={640}
        destroyOnHidden
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="cancel" onClick={() => setOpen(false)}>
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
            <Checkbox checked={partial} onChange={(event) => setPartial(event.target.checked)}>
              {t('refundNew.partial')}
            </Checkbox>
            {partial && (
              <Form.Item
                validateStatus={amountInvalid && amount !== '' ? 'error' : undefined}
                help={amountInvalid && amount !== '' ? t('refundNew.partialInvalid') : undefined}
                style={{ marginBottom: 0 }}
              >
                <InputNumber<string>
                  data-testid="resubmit-amount"
                  stringMode
                  min="0"
                  prefix="¥"
                  value={amount}
                  onChange={(value) => setAmount(value ?? '')}
                  style={{ width: 200 }}
                />
              </Form.Item>
            )}
          </Flex>
          <Input.TextArea
            data-testid="resubmit-description"
            rows={4}
            maxLength={2000}
            showCount
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
          <EvidenceUpload files={files} testId="resubmit-evidence" />
          {resubmit.isError && (
            <Alert type="error" showIcon data-testid="resubmit-error" title={resubmit.error.message} />
          )}
        </Flex>
      </Modal>
    </>
  );
}

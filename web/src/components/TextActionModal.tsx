import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, Flex, Input, Modal, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { EvidenceUpload, useEvidenceFiles } from './EvidenceUpload.tsx';

export interface TextActionProps<T> {
  /** Names the test ids: `case-<id>` (button), `<id>-modal`, `<id>-text`, `<id>-confirm`, `<id>-error`. */
  id: string;
  label: string;
  title: string;
  hint?: ReactNode;
  placeholder: string;
  /** Text the modal opens with (a template the person edits), instead of an empty text area. */
  initialText?: string;
  /** The text is optional (e.g. a note); otherwise at least `minLength` characters. */
  optional?: boolean;
  minLength?: number;
  maxLength?: number;
  withEvidence?: boolean;
  /** Extra fields above the text (amount, reason code…); the action decides whether it can be sent. */
  extra?: ReactNode;
  blocked?: string;
  button?: ButtonProps;
  confirmLabel?: string;
  send: (text: string, evidenceIds: string[]) => Promise<T>;
  onDone: (result: T) => void;
  /** What to say about a failure (defaults to the server's message); may also react to it. */
  onError?: (error: Error) => string | undefined;
  success: string;
  onClose?: () => void;
}

/**
 * A case action that takes words and maybe files: a button that opens a modal with a text area, the
 * evidence upload, the server's refusal if any, and a confirm button.
 */
export function TextActionModal<T>(props: TextActionProps<T>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(props.initialText ?? '');
  const [errorText, setErrorText] = useState<string | null>(null);
  const files = useEvidenceFiles();
  const action = useMutation({
    mutationFn: () => props.send(text.trim(), files.ids),
    onSuccess: (result) => {
      setOpen(false);
      setText(props.initialText ?? '');
      files.reset();
      message.success(props.success);
      props.onDone(result);
    },
    onError: (error) => setErrorText(props.onError?.(error) ?? error.message),
  });
  const close = () => {
    setOpen(false);
    setErrorText(null);
    action.reset();
    props.onClose?.();
  };
  const min = props.minLength ?? 2;
  const tooShort = !props.optional && text.trim().length < min;
  const blocker = props.blocked ?? (tooShort ? t('caseAction.textTooShort', { count: min }) : undefined);
  // An empty text needs no telling; a half-typed one or a bad amount does.
  const shownBlocker = props.blocked ?? (text.trim() !== '' ? blocker : undefined);

  return (
    <>
      <Button data-testid={`case-${props.id}`} onClick={() => setOpen(true)} {...props.button}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.title}
        destroyOnHidden
        onCancel={close}
        width={560}
        footer={[
          <Button key="cancel" data-testid={`${props.id}-cancel`} onClick={close}>
            {t('refundCase.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            danger={props.button?.danger}
            data-testid={`${props.id}-confirm`}
            disabled={blocker !== undefined || files.uploading}
            loading={action.isPending}
            onClick={() => {
              setErrorText(null);
              action.mutate();
            }}
          >
            {props.confirmLabel ?? t('caseAction.confirm')}
          </Button>,
        ]}
      >
        <Flex vertical gap={12} data-testid={`${props.id}-modal`}>
          {props.hint && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {props.hint}
            </Typography.Paragraph>
          )}
          {props.extra}
          <Input.TextArea
            data-testid={`${props.id}-text`}
            rows={4}
            maxLength={props.maxLength ?? 1000}
            showCount
            placeholder={props.placeholder}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          {props.withEvidence && <EvidenceUpload files={files} testId={`${props.id}-evidence`} />}
          {shownBlocker && (
            <Typography.Text type="secondary" data-testid={`${props.id}-blocker`}>
              {shownBlocker}
            </Typography.Text>
          )}
          {errorText && (
            <Alert
              type="error"
              showIcon
              data-testid={`${props.id}-error`}
              data-code={action.error instanceof ApiError ? action.error.code : undefined}
              title={errorText}
            />
          )}
        </Flex>
      </Modal>
    </>
  );
}

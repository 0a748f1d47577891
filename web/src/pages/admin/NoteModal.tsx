import { Button, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  hint: string;
  okText: string;
  loading: boolean;
  placeholder?: string;
  onSubmit: (note: string) => void;
  onCancel: () => void;
}

/** Asks for the required note that a publish or rollback records in the version history and audit log. */
export function NoteModal({ open, title, hint, okText, loading, placeholder, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Modal
      open={open}
      title={title}
      destroyOnHidden
      onCancel={onCancel}
      footer={[
        <Button key="cancel" data-testid="note-cancel" onClick={onCancel}>
          {t('adminPolicy.cancel')}
        </Button>,
        <Button key="ok" type="primary" data-testid="note-ok" loading={loading} onClick={() => form.submit()}>
          {okText}
        </Button>,
      ]}
    >
      <div data-testid="note-modal">
        <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false} onFinish={({ note }) => onSubmit(note.trim())}>
          <Form.Item
            name="note"
            label={t('adminPolicy.note')}
            rules={[{ required: true, whitespace: true, message: t('adminPolicy.noteRequired') }]}
          >
            <Input.TextArea
              data-testid="note-input"
              rows={3}
              maxLength={500}
              showCount
              placeholder={placeholder ?? t('adminPolicy.notePlaceholder')}
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

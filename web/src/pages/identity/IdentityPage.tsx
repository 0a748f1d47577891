import { CheckCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Result, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import {
  confirmIdentity,
  getIdentity,
  type Identity,
  type IdentityInput,
  startIdentity,
} from '../../api/identity.ts';
import { formatTime } from '../../format.ts';

/** Which form field an IDENTITY.* error belongs to, so it is shown under that field. */
function fieldOf(code: string): keyof IdentityInput | null {
  if (code === 'IDENTITY.NAME_INVALID' || code === 'IDENTITY.MISMATCH') return 'realName';
  if (code.startsWith('IDENTITY.ID_')) return 'idNumber';
  if (code === 'IDENTITY.PHONE_INVALID') return 'phone';
  return null;
}

const statusColor = { none: 'default', pending: 'processing', verified: 'success' } as const;

function DetailsForm({ onSent }: { onSent: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<IdentityInput>();
  const [error, setError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: startIdentity,
    onSuccess: () => {
      setError(null);
      onSent();
    },
    onError: (e) => {
      const field = e instanceof ApiError ? fieldOf(e.code) : null;
      if (field) form.setFields([{ name: field, errors: [e.message] }]);
      else setError(e.message);
    },
  });
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('identity.required', { field }) },
  ];
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="identity-form"
      style={{ maxWidth: 480 }}
      onFinish={(values) => start.mutate(values)}
    >
      <Form.Item name="realName" label={t('identity.realName')} rules={required(t('identity.realName'))}>
        <Input
          data-testid="identity-real-name"
          maxLength={30}
          placeholder={t('identity.realNamePlaceholder')}
        />
      </Form.Item>
      <Form.Item name="idNumber" label={t('identity.idNumber')} rules={required(t('identity.idNumber'))}>
        <Input
          data-testid="identity-id-number"
          maxLength={18}
          autoComplete="off"
          placeholder={t('identity.idNumberPlaceholder')}
        />
      </Form.Item>
      <Form.Item name="phone" label={t('identity.phone')} rules={required(t('identity.phone'))}>
        <Input
          data-testid="identity-phone"
          maxLength={20}
          inputMode="tel"
          placeholder={t('identity.phonePlaceholder')}
        />
      </Form.Item>
      {error && (
        <Alert
          type="error"
          showIcon
          data-testid="identity-error"
          title={error}
          style={{ marginBottom: 16 }}
        />
      )}
      <Button type="primary" htmlType="submit" data-testid="identity-submit" loading={start.isPending}>
        {t('identity.submit')}
      </Button>
    </Form>
  );
}

function CodeStep({ identity, onRestart }: { identity: Identity; onRestart: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () => confirmIdentity(code),
    onSuccess: (updated) => queryClient.setQueryData(['identity'], updated),
  });
  const valid = /^\d{6}$/.test(code);
  return (
    <Flex vertical gap={16} style={{ maxWidth: 480 }} data-testid="identity-code-step">
      {identity.codeExpiresAt && (
        <Alert
          type="info"
          showIcon
          data-testid="identity-code-sent"
          title={t('identity.codeSent', {
            phone: identity.phoneMask,
            time: formatTime(identity.codeExpiresAt),
          })}
          description={
            <>
              {t('identity.codeSentDemo')} <Link to="/buyer/messages">{t('identity.openInbox')}</Link>
            </>
          }
        />
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('identity.realName')}>{identity.realNameMask}</Descriptions.Item>
        <Descriptions.Item label={t('identity.idNumber')}>{identity.idNumberMask}</Descriptions.Item>
        <Descriptions.Item label={t('identity.phone')}>{identity.phoneMask}</Descriptions.Item>
      </Descriptions>
      <Form layout="vertical" onFinish={() => valid && confirm.mutate()}>
        <Form.Item
          label={t('identity.code')}
          validateStatus={code && !valid ? 'error' : undefined}
          help={code && !valid ? t('identity.codeInvalid') : undefined}
        >
          <Input
            data-testid="identity-code"
            value={code}
            maxLength={6}
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder={t('identity.codePlaceholder')}
            onChange={(e) => setCode(e.target.value.trim())}
          />
        </Form.Item>
        {confirm.isError && (
          <Alert
            type="error"
            showIcon
            data-testid="identity-code-error"
            title={confirm.error.message}
            style={{ marginBottom: 16 }}
          />
        )}
        <Flex gap={8} wrap>
          <Button
            type="primary"
            htmlType="submit"
            data-testid="identity-confirm"
            disabled={!valid}
            loading={confirm.isPending}
          >
            {t('identity.confirm')}
          </Button>
          <Button data-testid="identity-restart" onClick={onRestart}>
            {t('identity.resend')}
          </Button>
        </Flex>
      </Form>
    </Flex>
  );
}

function Verified({ identity }: { identity: Identity }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const back = params.get('back');
  return (
    <Result
      status="success"
      icon={<CheckCircleFilled />}
      data-testid="identity-verified"
      title={t('identity.verified')}
      subTitle={
        <Descriptions column={1} size="small" style={{ maxWidth: 360, margin: '0 auto' }}>
          <Descriptions.Item label={t('identity.realName')}>
            <span data-testid="identity-name-mask">{identity.realNameMask}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('identity.idNumber')}>
            <span data-testid="identity-id-mask">{identity.idNumberMask}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('identity.phone')}>{identity.phoneMask}</Descriptions.Item>
          <Descriptions.Item label={t('identity.verifiedAt')}>
            {formatTime(identity.verifiedAt)}
          </Descriptions.Item>
        </Descriptions>
      }
      extra={
        back?.startsWith('/buyer/') ? (
          <Link to={back} data-testid="identity-back">
            <Button type="primary">{t('identity.back', { refundNo: back.split('/').at(-1) })}</Button>
          </Link>
        ) : undefined
      }
    />
  );
}

/** 实名认证: name, resident ID and phone, then the one-time code; afterwards only the masked result. */
export function IdentityPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const identity = useQuery({ queryKey: ['identity'], queryFn: getIdentity });
  // After "edit details" the form shows even though a code is pending.
  const [editing, setEditing] = useState(false);

  let body: React.ReactNode;
  if (identity.isPending) body = <Spin />;
  else if (identity.isError)
    body = <Alert type="error" showIcon data-testid="identity-load-error" title={identity.error.message} />;
  else if (identity.data.status === 'verified') body = <Verified identity={identity.data} />;
  else if (identity.data.status === 'pending' && !editing)
    body = <CodeStep identity={identity.data} onRestart={() => setEditing(true)} />;
  else
    body = (
      <DetailsForm
        onSent={() => {
          setEditing(false);
          void queryClient.invalidateQueries({ queryKey: ['identity'] });
        }}
      />
    );

  return (
    <Card
      data-testid="identity-page"
      data-status={identity.data?.status}
      title={
        <Flex gap={8} align="center">
          <SafetyCertificateOutlined />
          {t('identity.title')}
          {identity.data && (
            <Tag color={statusColor[identity.data.status]} data-testid="identity-status">
              {t(`identity.status.${identity.data.status}`)}
            </Tag>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        {identity.data?.status !== 'verified' && (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('identity.intro')}
          </Typography.Paragraph>
        )}
        {body}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('identity.privacy')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

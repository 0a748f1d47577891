import { Alert, Button, Card, Flex, Form, Input, Space, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { SessionGate } from '../auth/SessionGate.tsx';
import { useLogin } from '../auth/session.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { homePath } from '../roles.ts';

interface Credentials {
  username: string;
  password: string;
}

const demoUsers = ['buyer', 'buyer2', 'merchant', 'agent', 'supervisor', 'admin'];
const demoPassword = 'kameng-demo';

function LoginForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const login = useLogin();

  return (
    <Card style={{ width: 400, maxWidth: '100%' }}>
      <Typography.Title level={3} data-testid="login-title" style={{ marginTop: 0 }}>
        {t('login.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
      <Form<Credentials>
        form={form}
        layout="vertical"
        data-testid="login-form"
        requiredMark={false}
        onFinish={(values) => login.mutate(values)}
      >
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, message: t('login.usernameRequired') }]}
        >
          <Input data-testid="login-username" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password data-testid="login-password" autoComplete="current-password" />
        </Form.Item>
        {login.error && <Alert data-testid="login-error" type="error" showIcon title={login.error.message} />}
        <Button
          data-testid="login-submit"
          type="primary"
          htmlType="submit"
          block
          loading={login.isPending}
          style={{ marginTop: 16 }}
        >
          {t('login.submit')}
        </Button>
      </Form>
      <div data-testid="demo-hint" style={{ marginTop: 24 }}>
        <Typography.Text strong>{t('login.demoTitle')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
          {t('login.demoHint', { password: demoPassword })}
        </Typography.Paragraph>
        <Space size={[4, 8]} wrap>
          {demoUsers.map((username) => (
            <Tag.CheckableTag
              key={username}
              checked={false}
              data-testid={`demo-user-${username}`}
              onChange={() => form.setFieldsValue({ username, password: demoPassword })}
            >
              {username}
            </Tag.CheckableTag>
          ))}
        </Space>
      </div>
    </Card>
  );
}

export function LoginPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <SessionGate>
      {(user) =>
        user ? (
          <Navigate to={homePath(user.role)} replace />
        ) : (
          <Flex
            vertical
            align="center"
            gap={16}
            style={{ minHeight: '100vh', padding: 24, background: token.colorBgLayout }}
          >
            <Flex justify="flex-end" style={{ width: '100%' }}>
              <LanguageSwitch />
            </Flex>
            <LoginForm />
            <Link to="/help/policy" data-testid="help-link">
              {t('login.helpLink')}
            </Link>
          </Flex>
        )
      }
    </SessionGate>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { type Role, request } from '../api/client.ts';
import { SessionGate } from '../auth/SessionGate.tsx';
import { useLogin } from '../auth/session.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { homePath } from '../roles.ts';

interface Credentials {
  username: string;
  password: string;
}

interface DemoUsers {
  demo: boolean;
  password: string | null;
  users: { username: string; displayName: string; role: Role }[];
}

/** Demo mode only: the server lists its demo users; a production install lists nobody. */
function DemoUsersHint({ onPick }: { onPick: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const demo = useQuery({
    queryKey: ['demoUsers'],
    queryFn: () => request<DemoUsers>('GET', '/api/auth/demo-users'),
    staleTime: Infinity,
  });
  const data = demo.data;
  if (!data?.demo || !data.password) return null;
  const password = data.password;
  return (
    <section data-testid="demo-hint" aria-labelledby="demo-title" style={{ marginTop: 24 }}>
      <Typography.Title level={2} id="demo-title" style={{ fontSize: 14, margin: 0 }}>
        {t('login.demoTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
        {t('login.demoHint', { password })}
      </Typography.Paragraph>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 4 }}>
        {data.users.map((u) => (
          <li key={u.username}>
            <Button
              type="text"
              size="small"
              block
              data-testid={`demo-user-${u.username}`}
              onClick={() => onPick(u.username, password)}
              style={{ display: 'flex', justifyContent: 'space-between', height: 'auto' }}
            >
              <Typography.Text code>{u.username}</Typography.Text>
              <span>
                {u.displayName} · <Tag style={{ marginInlineEnd: 0 }}>{t(`roles.${u.role}`)}</Tag>
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function LoginForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const login = useLogin();

  return (
    <Card style={{ width: 400, maxWidth: '100%' }}>
      <Typography.Title level={1} data-testid="login-title" style={{ marginTop: 0, fontSize: 24 }}>
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
      <DemoUsersHint onPick={(username, password) => form.setFieldsValue({ username, password })} />
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

import { Alert, Button, Card, Flex, Skeleton, Tag, Typography, theme } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { PolicyItem, PolicyText } from '../api/policy.ts';
import { useMe } from '../auth/session.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { ruleAnchor, usePublicPolicy } from '../components/usePublicPolicy.ts';
import { formatTime } from '../format.ts';
import { homePath } from '../roles.ts';

/** One rule; `idWidth` (in characters) lines up the texts of a section after ids of different length. */
function RuleItem({ item, idWidth }: { item: PolicyItem; idWidth: number }) {
  return (
    <Flex gap={8} align="baseline" id={ruleAnchor(item.id)} data-testid={`policy-rule-${item.id}`}>
      <span style={{ flex: 'none', width: `calc(${idWidth}ch + 18px)`, fontFamily: 'monospace' }}>
        <Tag color="blue" data-testid="policy-rule-id" style={{ fontFamily: 'monospace' }}>
          {item.id}
        </Tag>
      </span>
      <Flex vertical gap={2}>
        <Typography.Text>{item.text}</Typography.Text>
        {item.details.map((detail) => (
          <Typography.Text key={detail} type="secondary" style={{ fontSize: 13 }}>
            {detail}
          </Typography.Text>
        ))}
      </Flex>
    </Flex>
  );
}

function PolicyBody({ text, publishedAt }: { text: PolicyText; publishedAt: string }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="help-policy">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('help.policyTitle')}
      </Typography.Title>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('help.documentTitle', { title: text.title })}
        </Typography.Text>
        <Tag color="green" data-testid="help-policy-version">
          {t('help.version', { version: text.version })}
        </Tag>
        <Typography.Text type="secondary" data-testid="help-policy-published">
          {t('help.publishedAt', { time: formatTime(publishedAt) })}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph type="secondary">{t('help.intro')}</Typography.Paragraph>
      {text.sections.map((section) => (
        <section key={section.id} data-testid={`policy-section-${section.id}`}>
          <Typography.Title level={4}>{section.title}</Typography.Title>
          <Flex vertical gap={12} style={{ marginBottom: 16 }}>
            {section.items.map((item) => (
              <RuleItem
                key={item.id}
                item={item}
                idWidth={Math.max(...section.items.map((other) => other.id.length))}
              />
            ))}
          </Flex>
        </section>
      ))}
    </Card>
  );
}

export function HelpPolicyPage() {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const { hash } = useLocation();
  const { data: user } = useMe();
  const policy = usePublicPolicy();
  const text = policy.data?.text[i18n.language === 'en' ? 'en' : 'zh'];

  // A link like /help/policy#rule-V-7D lands on that rule once the policy has loaded.
  useEffect(() => {
    if (text && hash) document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  }, [text, hash]);

  return (
    <div style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex vertical gap={16} style={{ maxWidth: 880, margin: '0 auto', padding: 24 }}>
        <Flex justify="space-between" align="center" gap={16}>
          <Link to="/" style={{ fontWeight: 600, fontSize: 16 }}>
            {t('app.name')}
          </Link>
          <Flex gap={16} align="center">
            {user ? (
              <Link to={homePath(user.role)} data-testid="help-back">
                {t('help.backHome')}
              </Link>
            ) : (
              <Link to="/login" data-testid="help-login">
                {t('help.login')}
              </Link>
            )}
            <LanguageSwitch />
          </Flex>
        </Flex>
        {policy.isPending && (
          <Card>
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )}
        {policy.isError && (
          <Alert
            type="error"
            showIcon
            data-testid="help-policy-error"
            title={t('help.loadFailed')}
            description={policy.error.message}
            action={<Button onClick={() => policy.refetch()}>{t('app.retry')}</Button>}
          />
        )}
        {text && policy.data && <PolicyBody text={text} publishedAt={policy.data.publishedAt} />}
      </Flex>
    </div>
  );
}

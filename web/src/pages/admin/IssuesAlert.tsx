import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PolicyIssue } from '../../api/policy.ts';
import type { JsonSyntaxError } from './jsonLines.ts';
import { lineOfPath } from './jsonLines.ts';

/** A JSON syntax error found before any request was made. */
export function SyntaxErrorAlert({ error }: { error: JsonSyntaxError }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="draft-syntax-error"
      data-line={error.line}
      title={t('adminPolicy.syntaxError', {
        line: error.line,
        column: error.column,
        message: t(`jsonError.${error.code}`, { char: error.char }),
      })}
    />
  );
}

interface Props {
  issues: PolicyIssue[];
  /** Paths → lines of the text the issues are about; each issue names its line when found. */
  lines: Map<string, number> | null;
  onJump?: (line: number) => void;
}

/** The server's `POLICY.INVALID` issues, each as `path: message` with its line in the editor. */
export function IssuesAlert({ issues, lines, onJump }: Props) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="draft-issues"
      title={t('adminPolicy.issuesTitle', { count: issues.length })}
      description={
        <Flex vertical gap={4}>
          {issues.map((issue) => {
            const line = lines ? lineOfPath(lines, issue.path) : null;
            return (
              <span key={`${issue.path}:${issue.message}`} data-testid="draft-issue" data-path={issue.path}>
                {line !== null && onJump ? (
                  <Typography.Link onClick={() => onJump(line)} data-testid="draft-issue-line">
                    {t('adminPolicy.issueLine', { line })}
                  </Typography.Link>
                ) : (
                  <Typography.Text type="secondary">
                    {line !== null ? t('adminPolicy.issueLine', { line }) : t('adminPolicy.issueNoLine')}
                  </Typography.Text>
                )}{' '}
                <Typography.Text code>{issue.path}</Typography.Text>: {issue.message}
              </span>
            );
          })}
        </Flex>
      }
    />
  );
}

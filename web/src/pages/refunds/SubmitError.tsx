import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { missingElements, openCaseNo } from '../../api/refunds.ts';
import { currentLanguage } from '../../i18n/index.ts';

interface NotEligibleDetails {
  hint?: { zh: string; en: string } | null;
}

/** Details under the server's message: what to add, the policy's hint or the case already open. */
function ErrorDetails({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  if (error.code === 'REFUND.DESCRIPTION_VAGUE') {
    const missing = missingElements(error.details);
    if (missing.length === 0) return null;
    return (
      <span data-testid="refund-submit-missing">
        {t('refundSubmit.missingNow', {
          items: missing
            .map((element) => t(`refundSubmit.element.${element}`))
            .join(t('refundSubmit.listSeparator')),
        })}
      </span>
    );
  }
  if (error.code === 'REFUND.NOT_ELIGIBLE') {
    const hint = (error.details as NotEligibleDetails | undefined)?.hint;
    if (!hint) return null;
    return <span>{currentLanguage() === 'en' ? hint.en : hint.zh}</span>;
  }
  if (error.code === 'REFUND.CASE_OPEN') {
    const refundNo = openCaseNo(error.details);
    if (!refundNo) return null;
    return (
      <Link to={`/buyer/refunds/${encodeURIComponent(refundNo)}`} data-testid="refund-open-case-link">
        {t('refundSubmit.viewOpenCase', { refundNo })}
      </Link>
    );
  }
  return null;
}

/** Why the server refused the request, shown under the submit button. */
export function SubmitError({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.code : 'UNKNOWN';
  return (
    <Alert
      type="error"
      showIcon
      data-testid="refund-submit-error"
      data-code={code}
      title={<span data-testid="refund-submit-message">{error.message}</span>}
      description={error instanceof ApiError ? <ErrorDetails error={error} /> : undefined}
    />
  );
}
